"""What a workshop page shows, per request (called from WorkshopPage.get_context; `serve` has
already refused outsiders)."""

from django.utils import timezone

from challenges.pages import visible_posts
from core.page_translations import in_visitor_language

from .models import Registration


def workshop_context(workshop, request):
    user = request.user
    now = timezone.now()
    registrations = Registration.objects.filter(page=workshop)
    confirmed = registrations.confirmed().count()
    mine = None
    if user.is_authenticated:
        mine = registrations.active().filter(user=user).first()
    campaign = workshop.campaign
    context = {
        "workshop": workshop,
        "campaign": in_visitor_language([campaign])[0] if campaign else None,
        "seats_left": max(workshop.capacity - confirmed, 0),
        "waiting_count": registrations.waiting().count(),
        "registration": mine,
        "waiting_position": mine.waiting_position() if mine else None,
        "signup_refusal": workshop.signup_refusal(user, now),
        "can_cancel": mine is not None and not workshop.is_past(now),
        "show_video_link": bool(mine and mine.status == Registration.Status.CONFIRMED),
        "show_summary": workshop.is_past(now),
        "can_export": user.is_authenticated and workshop.permissions_for_user(user).can_edit(),
    }
    if context["show_summary"]:
        visible = visible_posts(user).values("pk")
        context["linked_ideas"] = (
            workshop.linked_ideas.filter(post__in=visible)
            .select_related("post")
            .order_by("sort_order")
        )
    return context
