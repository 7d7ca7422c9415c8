"""The public transparency page: how administrations answer (GET only, for everyone)."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from ideas.status import Status
from procedures.models import Administration
from triage.deadlines import deadline_days, default_days

from . import stats

TOP = 10


def _percent(figures):
    return {**figures, "answered_percent": round(figures["answered_share"] * 100)}


def _display(figures):
    """The figures of stats.py plus what the templates show: percent, labelled status rows and
    the chart data (labels translated here, in the visitor's language)."""
    rows = [(label, figures["status_counts"].get(value, 0)) for value, label in Status.choices]
    monthly = figures["monthly"]
    return {
        **_percent(figures),
        "status_rows": rows,
        "chart": {
            "status": {
                "labels": [str(label) for label, _n in rows],
                "values": [n for _l, n in rows],
            },
            "monthly": {
                "labels": [row["month"] for row in monthly],
                "received": [row["received"] for row in monthly],
                "answered": [row["answered"] for row in monthly],
            },
        },
    }


@require_GET
def index(request):
    overall = stats.overall_stats()
    administrations = stats.administration_stats()
    context = {
        "figures": _display(overall),
        "administrations": [_percent(row) for row in administrations],
        "unrouted": overall["received"] - sum(row["received"] for row in administrations),
        "default_deadline": default_days(),
        "clusters": stats.top_clusters(TOP),
        "procedures": stats.top_procedures(TOP),
    }
    return render(request, "transparency/index.html", context)


@require_GET
def administration(request, slug):
    administration = get_object_or_404(Administration, slug=slug)
    context = {
        "administration": administration,
        "figures": _display(stats.stats_for(administration)),
        "deadline": deadline_days(administration),
        "default_deadline": default_days(),
        "clusters": stats.top_clusters(TOP, administration=administration),
        "procedures": stats.top_procedures(TOP, administration=administration),
    }
    return render(request, "transparency/administration.html", context)
