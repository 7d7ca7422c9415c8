"""Which notification e-mails a person gets: their settings, and the one-click unsubscribe link
every e-mail carries (signed, so it works without signing in, and only for that person)."""

from django.core import signing
from django.db import transaction
from django.urls import reverse

from .models import Notification, NotificationSettings

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
ALL = "all"  # the token's kind that stops every notification e-mail


class BadUnsubscribeToken(Exception):
    """The link was altered, cut, or never made by us."""


def unsubscribe_token(user, kind=ALL):
    """A token naming `user` and what to stop: a notification kind, or ALL. It never expires:
    people click unsubscribe links in old e-mails."""
    if kind != ALL and kind not in NotificationSettings.FIELD_OF_KIND:
        raise ValueError(f"Unknown notification kind: {kind}")
    return signing.dumps({"user": user.pk, "kind": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_path(user, kind=ALL):
    return reverse("notifications:unsubscribe", args=[unsubscribe_token(user, kind)])


def read_unsubscribe_token(token):
    """(user, kind) of a token we made; BadUnsubscribeToken otherwise (also when the account
    no longer exists)."""
    from django.contrib.auth import get_user_model

    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user_pk, kind = data["user"], data["kind"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise BadUnsubscribeToken from None
    if kind != ALL and kind not in NotificationSettings.FIELD_OF_KIND:
        raise BadUnsubscribeToken
    user = get_user_model().objects.filter(pk=user_pk).first()
    if user is None:
        raise BadUnsubscribeToken
    return user, kind


def kind_label(kind):
    """What an unsubscribe link stops, in words: the setting's label (all e-mails for ALL)."""
    if kind == ALL:
        return NotificationSettings._meta.get_field("no_emails").verbose_name
    field = NotificationSettings.FIELD_OF_KIND[kind]
    return NotificationSettings._meta.get_field(field).verbose_name


@transaction.atomic
def unsubscribe(user, kind=ALL):
    """Stop the e-mails of `kind` (every notification e-mail for ALL), including those made but
    not sent yet. The on-site notifications go on. Returns the settings."""
    current = NotificationSettings.of(user)
    if kind == ALL:
        current.no_emails = True
        kinds = NotificationSettings.FIELD_OF_KIND.keys()
    else:
        field = NotificationSettings.FIELD_OF_KIND[kind]
        setattr(current, field, False)
        kinds = [k for k, name in NotificationSettings.FIELD_OF_KIND.items() if name == field]
    current.save()
    _drop_pending_emails(user, kinds)
    return current


@transaction.atomic
def save_settings(user, **choices):
    """Store the person's choices (fields of NotificationSettings); pending e-mails they no
    longer want are not sent."""
    current = NotificationSettings.of(user)
    for name, value in choices.items():
        if name != "no_emails" and name not in NotificationSettings.EMAIL_FIELDS:
            raise ValueError(f"Unknown notification setting: {name}")
        setattr(current, name, bool(value))
    current.save()
    kinds = NotificationSettings.FIELD_OF_KIND
    _drop_pending_emails(user, [kind for kind in kinds if not current.allows_email(kind)])
    return current


def _drop_pending_emails(user, kinds):
    # "Unsubscribe" means now: an e-mail still waiting (mail server down) is not sent later.
    Notification.objects.email_pending().filter(user=user, kind__in=list(kinds)).update(
        email_subject="", email_body=""
    )
