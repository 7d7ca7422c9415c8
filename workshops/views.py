"""Sign up, cancel, and the organiser's participant list. Thin: services.py decides."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.ratelimit import ratelimit

from . import services
from .models import Registration, WorkshopPage


def _workshop(request, pk):
    page = WorkshopPage.objects.live().originals().filter(pk=pk).first()
    if page is None or not page.is_visible_to(request.user):
        raise Http404
    return page


@require_POST
@login_required
@ratelimit("workshop")
def register(request, pk):
    page = _workshop(request, pk)
    try:
        registration = services.register(request.user, page)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(request, _("You have a seat at this workshop."))
        else:
            messages.info(
                request,
                _("The workshop is full: you are number %(position)s on the waiting list.")
                % {"position": registration.waiting_position()},
            )
    return redirect(page.url)


@require_POST
@login_required
@ratelimit("workshop")
def cancel(request, pk):
    page = _workshop(request, pk)
    if services.cancel(request.user, page):
        messages.success(request, _("Your registration is cancelled."))
    return redirect(page.url)


@login_required
def export(request, pk):
    """CSV of the participants, for people who may edit the page in Wagtail."""
    page = _workshop(request, pk)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="workshop-{page.pk}-participants.csv"'
    writer = csv.writer(response)
    writer.writerow([_("Public name"), _("E-mail"), _("Status"), _("Registered at")])
    registrations = Registration.objects.active().filter(page=page).select_related("user")
    for row in registrations.order_by("status", "created_at", "pk"):
        writer.writerow(
            [
                _safe(row.user.display_name),
                row.user.email,
                row.get_status_display(),
                row.created_at.isoformat(),
            ]
        )
    return response


def _safe(value):
    """No spreadsheet formulas from user-chosen names (CSV injection)."""
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
