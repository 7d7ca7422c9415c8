"""Giving posts a procedure and a responsible administration.

One code path for the procedure decision: the "Procedure suggestions" admin view (through
clustering.services.decide_procedure) and the triage board both call assign_procedure, which
writes the ProcedureDecision and the audit entries next to the pipeline's top suggestion.

Routing writes Post.administration here rather than through ideas.services.route_to_administration:
that service asks for "ideas.change_status_object", which a dispatcher lacks on an unrouted
post, while triage asks for the post to be in the actor's queue (triage.rules).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clustering.models import ProcedureDecision, ProcedureSuggestion
from clustering.services.procedures import can_decide
from ideas.models import Post

from ..models import AuditEntry
from ..queries import queue_for
from . import audit

Action = AuditEntry.Action


def top_suggestion(post):
    """The pipeline's first-ranked procedure for the post, as stored in the audit log."""
    first = ProcedureSuggestion.objects.filter(post=post).order_by("rank").first()
    if first is None:
        return {}
    return {"procedure": first.procedure_id, "confidence": round(first.confidence, 4)}


def implied_administration(procedure):
    return procedure.responsible_administration if procedure is not None else None


def _pk(instance):
    return instance.pk if instance is not None else None


@transaction.atomic
def assign_procedure(post, *, by, procedure):
    """Set the post's procedure (None: none applies) and route it to the procedure's lead
    administration; audited with the pipeline's top suggestion. Returns the ProcedureDecision."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if not can_decide(by, post):
        raise PermissionDenied(_("You cannot decide the procedure of this post."))
    return _apply_procedure(post, by=by, procedure=procedure)


def _apply_procedure(post, *, by, procedure, cluster=None, route=True):
    confirmed = (
        procedure is not None and post.procedure_suggestions.filter(procedure=procedure).exists()
    )
    Decision = ProcedureDecision.Decision
    decision = ProcedureDecision.objects.create(
        post=post,
        procedure=procedure,
        previous_procedure_id=post.procedure_id,
        decided_by=by,
        decision=Decision.CONFIRMED if confirmed else Decision.OVERRIDDEN,
    )
    post.procedure = procedure
    post.save(update_fields=["procedure", "updated_at"])
    audit.record(
        Action.ASSIGN_PROCEDURE,
        actor=by,
        post=post,
        cluster=cluster,
        administration=post.administration,
        suggestion=top_suggestion(post),
        decision={"procedure": _pk(procedure)},
    )
    administration = implied_administration(procedure)
    if route and administration is not None and administration.pk != post.administration_id:
        _route(post, by=by, administration=administration, cluster=cluster)
    return decision


def _route(post, *, by, administration, cluster=None):
    """Write the new administration and audit it against the one the procedure implies."""
    implied = implied_administration(post.procedure)
    previous = post.administration_id
    post.administration = administration
    post.save(update_fields=["administration", "updated_at"])
    audit.record(
        Action.ROUTE,
        actor=by,
        post=post,
        cluster=cluster,
        administration=administration,
        suggestion={"administration": implied.pk} if implied is not None else {},
        decision={"administration": _pk(administration), "previous_administration": previous},
    )
    return post


@transaction.atomic
def route_post(post, *, by, administration):
    """Route the post to another administration (None: back to the dispatchers); audited.
    The post must be in `by`'s queue; afterwards it may well leave it."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if not by.has_perm("triage.act_on_post", post):
        raise PermissionDenied(_("This post is not in your queue."))
    if _pk(administration) == post.administration_id:
        raise ValidationError(_("The post is already routed to this administration."))
    return _route(post, by=by, administration=administration)


@transaction.atomic
def assign_cluster(cluster, *, by, procedure=None, administration=None):
    """Apply a procedure and/or an administration to every post of the cluster in `by`'s
    queue (given both, the administration wins over the procedure's). Returns the number of
    posts it applied to; posts outside the queue are left alone."""
    if not by.has_perm("triage.use_board"):
        raise PermissionDenied(_("You cannot use the triage board."))
    if procedure is None and administration is None:
        raise ValidationError(_("Choose a procedure or an administration."))
    posts = list(
        queue_for(by).filter(cluster_membership__cluster=cluster).select_for_update().order_by("pk")
    )
    changed = 0
    for post in posts:
        if procedure is not None:
            _apply_procedure(
                post, by=by, procedure=procedure, cluster=cluster, route=administration is None
            )
        elif post.administration_id == administration.pk:
            continue  # already there: nothing to change, nothing to audit
        if administration is not None and post.administration_id != administration.pk:
            _route(post, by=by, administration=administration, cluster=cluster)
        changed += 1
    return changed
