"""The standard satisfaction survey shown on every procedure page (procedures/views.py)."""

from .models import SatisfactionResponse


def satisfaction_context(procedure, user):
    """The procedure's average ease and number of answers, and the visitor's own answer."""
    from .views import SatisfactionForm

    responses = SatisfactionResponse.objects.filter(procedure=procedure)
    mine = responses.filter(user=user).first() if user.is_authenticated else None
    initial = {"ease": mine.ease, "hardest": mine.hardest} if mine else None
    return {
        "satisfaction": responses.summary(),
        "satisfaction_mine": mine,
        "satisfaction_form": SatisfactionForm(initial=initial, auto_id="satisfaction-%s"),
    }
