"""Object permissions (django-rules). Views ask `user.has_perm("ideas.<rule>", post)`."""

import rules


@rules.predicate
def is_author(user, post):
    return post is not None and post.author_id == user.pk


@rules.predicate
def is_moderator(user):
    return user.is_authenticated and user.is_moderator


@rules.predicate
def is_platform_admin(user):
    return user.is_authenticated and user.is_platform_admin


@rules.predicate
def is_member_of_responsible_administration(user, post):
    if post is None or post.administration_id is None:
        return False
    return user.administrations.filter(pk=post.administration_id).exists()


@rules.predicate
def can_see(user, post):
    from .models import Post

    return Post.objects.visible_to(user).filter(pk=post.pk).exists()


@rules.predicate
def post_is_open_for_support(user, post):
    return not post.is_hidden and post.status != "duplicate"


@rules.predicate
def has_identity_to_support(user):
    from accounts.identity import identity_refusal

    return identity_refusal(user, "support") is None


rules.add_perm("ideas.view_post_object", can_see)
rules.add_perm("ideas.add_post", rules.is_authenticated)
rules.add_perm(
    "ideas.support_post",
    rules.is_authenticated
    & has_identity_to_support
    & can_see
    & post_is_open_for_support
    & ~is_author,
)
rules.add_perm("ideas.follow_post", rules.is_authenticated & can_see)
rules.add_perm(
    "ideas.answer_post_object", is_member_of_responsible_administration | is_platform_admin
)
rules.add_perm(
    "ideas.change_status_object",
    is_member_of_responsible_administration | is_moderator | is_platform_admin,
)
rules.add_perm("ideas.moderate_post_object", is_moderator)
