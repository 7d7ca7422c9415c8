"""State changes of prioritisation rounds: casting (and changing) a ballot."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Ballot, BallotLine, PrioritisationPage


def _validated(page, points_by_initiative):
    """{initiative id: points > 0}, or a ValidationError naming the broken rule."""
    initiative_ids = set(page.initiatives.values_list("pk", flat=True))
    cap = page.max_points_per_initiative
    lines = {}
    for initiative_id, points in points_by_initiative.items():
        try:
            initiative_id, points = int(initiative_id), int(points)
        except (TypeError, ValueError):
            raise ValidationError(_("Points must be whole numbers.")) from None
        if initiative_id not in initiative_ids:
            raise ValidationError(_("This initiative is not part of this round."))
        if points < 0:
            raise ValidationError(_("Points cannot be negative."))
        if cap and points > cap:
            raise ValidationError(
                _("You can give at most %(cap)s points to one initiative.") % {"cap": cap}
            )
        if points:
            lines[initiative_id] = points
    total = sum(lines.values())
    if total > page.points_per_participant:
        raise ValidationError(
            _("You gave %(total)s points but have only %(budget)s.")
            % {"total": total, "budget": page.points_per_participant}
        )
    return lines


@transaction.atomic
def cast_ballot(user, page, points_by_initiative, now=None):
    """Record `user`'s distribution of points on `page`, replacing their previous one.

    The server-side gate: refused (ValidationError, nothing written) outside the open window,
    for people who may not take part, over the budget or the per-initiative cap, or for
    initiatives of another round. One ballot per person: the unique constraint decides, and the
    ballot row is locked while its lines are replaced, so concurrent requests never make two.
    Giving no point at all withdraws the ballot. Returns the ballot, or None when withdrawn.
    """
    page = PrioritisationPage.objects.get(pk=page.pk)
    refusal = page.voting_refusal(user, now)
    if refusal:
        raise ValidationError(refusal)
    lines = _validated(page, points_by_initiative)
    ballot, _created = Ballot.objects.get_or_create(user=user, page=page)
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    ballot.lines.all().delete()
    if not lines:
        ballot.delete()
        return None
    BallotLine.objects.bulk_create(
        BallotLine(ballot=ballot, initiative_id=initiative_id, points=points)
        for initiative_id, points in lines.items()
    )
    ballot.save(update_fields=["updated_at"])
    return ballot
