"""State changes of workshop registrations: sign up, cancel, remind, forget (GDPR).

Capacity is never exceeded: every change locks the workshop's page row first, so concurrent
sign-ups and cancellations of one workshop run one after the other. The unique constraint on
active registrations keeps one per person even if a caller forgets the lock.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from wagtail.models import Page

from notifications.services import absolute, language_of

from .models import Registration, WorkshopPage

logger = logging.getLogger(__name__)

Status = Registration.Status
# Confirmed participants are reminded once, when the workshop starts within this time.
REMINDER_AHEAD = timedelta(hours=24)


def _lock(page):
    Page.objects.select_for_update().filter(pk=page.pk).first()
    return WorkshopPage.objects.get(pk=page.pk)


def register(user, page, now=None):
    """Sign `user` up: confirmed if a seat is free, else on the waiting list. Signing up twice
    returns the existing registration. Raises ValidationError when sign-up is refused."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            page = _lock(page)
            refusal = page.signup_refusal(user, now)
            if refusal:
                raise ValidationError(refusal)
            existing = Registration.objects.active().filter(user=user, page=page).first()
            if existing is not None:
                return existing
            taken = Registration.objects.confirmed().filter(page=page).count()
            status = Status.CONFIRMED if taken < page.capacity else Status.WAITING
            return Registration.objects.create(user=user, page=page, status=status, created_at=now)
    except IntegrityError:
        # Only without the lock (another database session): the other request won.
        return Registration.objects.active().get(user=user, page=page)


def cancel(user, page, now=None):
    """Cancel `user`'s registration; a freed seat goes to the first person waiting, who is told
    by e-mail. Returns False when there was nothing to cancel."""
    now = now or timezone.now()
    with transaction.atomic():
        page = _lock(page)
        registration = Registration.objects.active().filter(user=user, page=page).first()
        if registration is None:
            return False
        freed = registration.status == Status.CONFIRMED
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        if freed and not page.is_past(now):
            _fill_seats(page)
    return True


def _fill_seats(page):
    free = max(page.capacity - Registration.objects.confirmed().filter(page=page).count(), 0)
    for promoted in Registration.objects.waiting().filter(page=page)[:free]:
        promoted.status = Status.CONFIRMED
        promoted.save(update_fields=["status"])
        transaction.on_commit(lambda pk=promoted.pk: _email(pk, "seat"))


def send_reminders(now=None):
    """E-mail every confirmed participant of a workshop starting within REMINDER_AHEAD, once:
    each registration is claimed (reminded_at set) before its e-mail goes out. Returns how many
    e-mails were sent."""
    now = now or timezone.now()
    due = Registration.objects.confirmed().filter(
        reminded_at__isnull=True,
        page__live=True,
        page__starts_at__gt=now,
        page__starts_at__lte=now + REMINDER_AHEAD,
    )
    sent = 0
    for pk in due.order_by("pk").values_list("pk", flat=True):
        claimed = Registration.objects.filter(
            pk=pk, reminded_at__isnull=True, status=Status.CONFIRMED
        ).update(reminded_at=now)
        if not claimed:
            continue  # reminded by another run meanwhile
        result = _email(pk, "reminder")
        if result is False:  # the mail server failed: the next run tries again
            Registration.objects.filter(pk=pk).update(reminded_at=None)
        sent += bool(result)
    return sent


def _email(registration_pk, kind):
    """The e-mail `kind` ("seat" or "reminder") to the person, in their language. True: sent;
    None: nobody to write to; False: the mail server failed."""
    registration = Registration.objects.select_related("user", "page").get(pk=registration_pk)
    user = registration.user
    if not user.email or not user.is_active:
        return None
    page = registration.page
    with translation.override(language_of(user)):
        context = {
            "user": user,
            "page": page,
            "url": absolute(page.url or "/"),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = render_to_string(f"workshops/email/{kind}_subject.txt", context)
        body = render_to_string(f"workshops/email/{kind}_body.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [user.email])
    except OSError:
        logger.exception("Could not e-mail registration %s (%s)", registration_pk, kind)
        return False
    return True


def forget_user(user):
    """GDPR erasure: cancel the person's seats (the waiting list moves up), then delete every
    registration of theirs."""
    for registration in Registration.objects.active().filter(user=user).select_related("page"):
        cancel(user, registration.page)
    Registration.objects.filter(user=user).delete()


def export_registrations(user):
    """The person's registrations for the data download."""
    return [
        {
            "workshop": r.page.title,
            "starts_at": r.page.starts_at,
            "status": r.status,
            "registered_at": r.created_at,
            "cancelled_at": r.cancelled_at,
            "reminded_at": r.reminded_at,
        }
        for r in Registration.objects.filter(user=user).select_related("page")
    ]
