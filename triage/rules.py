"""Object permissions of the triage workspace (django-rules): acting on a post needs the post
in the actor's queue (triage.queries.queue_for)."""

import rules

from .queries import in_queue, may_triage


@rules.predicate
def can_triage(user):
    return may_triage(user)


@rules.predicate
def post_in_queue(user, post):
    return post is not None and in_queue(user, post)


rules.add_perm("triage.use_board", can_triage)
rules.add_perm("triage.act_on_post", can_triage & post_in_queue)
