"""The prioritisation page (context and ballot submission, called from the page's serve) and
the staff CSV export of the results."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.ratelimit import is_limited, too_many_requests

from .forms import BallotForm
from .models import Ballot, PrioritisationPage
from .services import cast_ballot

# Spreadsheets run cells starting with these as formulas (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def current_points(page, user):
    if not user.is_authenticated:
        return {}
    ballot = Ballot.objects.filter(page=page, user=user).first()
    if ballot is None:
        return {}
    return dict(ballot.lines.values_list("initiative_id", "points"))


def page_context(page, request, form=None):
    user = request.user
    initiatives = list(page.initiatives.select_related("post").order_by("sort_order", "pk"))
    current = current_points(page, user)
    if form is None:
        form = BallotForm(page=page, initiatives=initiatives, current=current)
    context = {
        "voting_refusal": page.voting_refusal(user),
        "ballot_form": form,
        "current_ballot": [(i, current[i.pk]) for i in initiatives if current.get(i.pk)],
        "points_given": sum(current.values()),
        "campaign": page.campaign,
        "show_results": page.results_visible(),
        "can_export": user.is_authenticated and page.permissions_for_user(user).can_edit(),
    }
    if page.results_visible():
        rows = list(page.results())
        context["results"] = rows
        context["chart_data"] = {
            "labels": [row.title for row in rows],
            "points": [row.total_points for row in rows],
        }
        context["ballot_count"] = page.ballots.count()
    return context


def submit_ballot(request, page):
    """POST on the page: cast or change the ballot, back to the page (errors: the form, 400)."""
    if not request.user.is_authenticated:
        return redirect_to_login(page.url)
    if is_limited(request, "ballot"):
        return too_many_requests(request)
    initiatives = list(page.initiatives.order_by("sort_order", "pk"))
    form = BallotForm(request.POST, page=page, initiatives=initiatives)
    if form.is_valid():
        try:
            ballot = cast_ballot(request.user, page, form.points())
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            if ballot is None:
                messages.success(request, _("Your ballot was withdrawn."))
            else:
                messages.success(
                    request, _("Your ballot was saved. You can change it until the close date.")
                )
            return redirect(page.url)
    context = page.get_context(request)
    context.update(page_context(page, request, form=form))
    return TemplateResponse(request, page.get_template(request), context, status=400)


@require_GET
@login_required
def results_csv(request, page_id):
    page = get_object_or_404(PrioritisationPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="prioritisation-{page.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow([_("initiative"), _("points"), _("supporters")])
    for row in page.results():
        title = f"'{row.title}" if row.title.startswith(FORMULA_STARTS) else row.title
        writer.writerow([title, row.total_points, row.supporters])
    return response
