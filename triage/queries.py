"""Reads of the triage workspace. Every triage view starts from `queue_for(user)`."""

from django.db.models import Q

from accounts import roles
from ideas.models import Post


def sees_everything(user):
    return user.is_authenticated and user.is_platform_admin


def is_dispatcher(user):
    return user.is_authenticated and user.has_role(roles.DISPATCHER)


def may_triage(user):
    """Platform admins, and members of at least one administration (triage team)."""
    if not user.is_authenticated:
        return False
    return sees_everything(user) or user.administrations.exists()


def queue_for(user):
    """The posts a triager works on: those routed to their administrations, plus unrouted posts
    for dispatchers. Platform admins see all posts. Hidden posts stay in the queue (they may
    still need an answer); nobody else's posts ever appear."""
    posts = Post.objects.all()
    if sees_everything(user):
        return posts
    if not user.is_authenticated:
        return posts.none()
    mine = Q(administration__in=user.administrations.values("pk"))
    if is_dispatcher(user):
        mine |= Q(administration__isnull=True)
    return posts.filter(mine)


def in_queue(user, post):
    return queue_for(user).filter(pk=post.pk).exists()
