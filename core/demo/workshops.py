"""The demo workshops in the public campaign: "Gov-Jam" in two weeks, full with a waiting list,
and a past workshop with its summary and the ideas it produced.

Idempotent: a workshop is created only when its slug is missing under the campaign; sign-ups
are made (through workshops.services) only on a workshop without any; ideas are linked only
once.
"""

from datetime import timedelta

from django.utils import timezone

from ideas.models import Post
from workshops import services
from workshops.models import LinkedIdea, WorkshopPage

GOV_JAM = {
    "slug": "gov-jam",
    "title": "Gov-Jam: redesign a procedure in one afternoon",
    "description": (
        "<p>Citizens, entrepreneurs and civil servants redesign one procedure together, from "
        "the first form to the final decision, with the administration in charge.</p>"
    ),
    "place": "Maison du Savoir, Esch-Belval, room 3.100",
    "capacity": 4,
    "accessibility": (
        "Step-free access from the car park and the train station, lift to all floors, "
        "accessible toilets. A sign language interpreter can be booked one week ahead."
    ),
    "language": "fr",
}
PAST = {
    "slug": "forms-marathon",
    "title": "Forms marathon: one morning, ten forms",
    "description": "<p>We went through the ten most downloaded forms, field by field.</p>",
    "place": "Centre culturel de rencontre Abbaye de Neumünster, Luxembourg",
    "capacity": 12,
    "accessibility": "Step-free access, hearing loop in the main hall.",
    "language": "en",
    "summary": (
        "<p>Twelve participants went through ten forms. Three fields were asked on every "
        "form although the administration already knows them; two forms could be merged. "
        "The ideas below came out of the morning and are followed up publicly.</p>"
    ),
}


def ensure_workshops(campaign, citizens, now=None):
    """`citizens`: users signed up to Gov-Jam (more than its seats). Returns the two pages."""
    now = now or timezone.now()
    start = now.replace(hour=14, minute=0, second=0, microsecond=0) + timedelta(days=14)
    gov_jam = _ensure(campaign, GOV_JAM, start)
    past = _ensure(campaign, PAST, now.replace(hour=9, minute=0) - timedelta(days=30))
    if not gov_jam.registrations.exists():
        for user in citizens[: gov_jam.capacity + 2]:
            services.register(user, gov_jam, now=now)
    if not past.linked_ideas.exists():
        posts = Post.objects.filter(campaign=campaign, is_hidden=False, awaiting_moderation=False)
        for order, post in enumerate(posts.order_by("-support_count", "pk")[:3]):
            LinkedIdea.objects.create(page=past, post=post, sort_order=order)
    return gov_jam, past


def _ensure(campaign, data, starts_at):
    existing = WorkshopPage.objects.child_of(campaign).filter(slug=data["slug"]).first()
    if existing:
        return existing
    page = WorkshopPage(
        **data,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
    )
    campaign.add_child(instance=page)
    page.save_revision().publish()
    return WorkshopPage.objects.get(pk=page.pk)
