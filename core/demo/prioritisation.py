"""The demo prioritisation round: in the public campaign, closed two days ago, with five
initiatives (two of them ideas retained from the campaign's challenges, when there are), demo
citizens' ballots cast through the service while it was open, and its results published.

Idempotent: nothing happens when the round's slug already exists under the campaign.
"""

import random
from datetime import timedelta

from django.utils import timezone

from challenges.models import RetainedIdea
from prioritisation.models import Initiative, PrioritisationPage
from prioritisation.services import cast_ballot

SLUG = "which-projects-first"
INITIATIVES = [
    (
        "One digital file per family",
        "Parents give their documents once, every administration "
        "that needs them reads them from there.",
    ),
    (
        "Tax return pre-filled for everyone",
        "Salaries, pensions and allowances already known are filled in; you check and sign.",
    ),
    ("Plain-language letters", "Every standard letter rewritten and tested with citizens."),
    ("Electronic signature on every form", "No more printing, signing and scanning."),
    ("One contact point per life event", "Birth, moving, retirement: one place to ask."),
]


def ensure_prioritisation(campaigns, accounts, now=None):
    """Returns the round, created when missing (None when it already existed)."""
    now = now or timezone.now()
    campaign = campaigns["public"]
    if PrioritisationPage.objects.child_of(campaign).filter(slug=SLUG).exists():
        return None
    retained = list(RetainedIdea.objects.filter(post__campaign=campaign).select_related("post")[:2])
    initiatives = [
        Initiative(title=title, description=description, sort_order=order)
        for order, (title, description) in enumerate(INITIATIVES)
    ]
    for initiative, idea in zip(initiatives, retained, strict=False):
        initiative.post = idea.post
    page = PrioritisationPage(
        title="Which simplification projects first?",
        slug=SLUG,
        intro="<p>The government can start five simplification projects this year. You have "
        "10 points: give them to the projects that matter most to you.</p>",
        points_per_participant=10,
        max_points_per_initiative=6,
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=2),
        initiatives=initiatives,
    )
    campaign.add_child(instance=page)
    page.save_revision().publish()
    page = PrioritisationPage.objects.get(pk=page.pk)
    _cast_demo_ballots(page, [user for user, _languages in accounts["citizens"]])
    page.results_published = True
    page.save_revision().publish()
    return page


def _cast_demo_ballots(page, citizens):
    rng = random.Random(42)  # noqa: S311 - demo data, not security
    pks = list(page.initiatives.order_by("sort_order").values_list("pk", flat=True))
    weights = [5, 4, 3, 2, 1]
    while_open = page.opens_at + timedelta(days=3)
    for user in citizens[:24]:
        points, left = {}, 10
        while left:
            pk = rng.choices(pks, weights=weights)[0]
            if points.get(pk, 0) < 6:
                points[pk] = points.get(pk, 0) + 1
                left -= 1
        cast_ballot(user, page, points, now=while_open)
