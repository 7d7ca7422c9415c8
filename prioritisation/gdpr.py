"""A person's ballots in the data download (accounts/gdpr/export.py) and their deletion with
the account (accounts/gdpr/erasure.py)."""

from .models import Ballot


def export_ballots(user):
    ballots = Ballot.objects.filter(user=user).select_related("page").order_by("created_at", "pk")
    return [
        {
            "round": ballot.page.title,
            "url": ballot.page.url,
            "created_at": ballot.created_at,
            "updated_at": ballot.updated_at,
            "points": [
                {"initiative": line.initiative.title, "points": line.points}
                for line in ballot.lines.select_related("initiative").order_by("initiative__pk")
            ],
        }
        for ballot in ballots
    ]


def delete_ballots(user):
    """A withdrawn ballot: the results no longer count the person's points."""
    return Ballot.objects.filter(user=user).delete()[0]
