"""Account deletion and retention. The User row stays as a tombstone: posts and comments are
public contributions and stay, signed "Former participant" (User.display_name); everything that
identifies or profiles the person is erased or deleted."""

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_comments.models import Comment, CommentFlag

from ideas.models import Follow, Post, Support
from moderation.conf import setting
from moderation.models import Report
from notifications.models import Notification, NotificationSettings

from .. import roles
from ..models import ProviderGrant, User
from .export import redactions_of

# Groups whose members work on the platform: their accounts never expire by retention.
STAFF_ROLES = [roles.TRIAGER, roles.DISPATCHER, roles.MODERATOR, roles.ADMIN]


def _delete_sessions(user):
    """Sign the person out everywhere (database-backed session engines; a cookie-based session
    dies anyway: the account is inactive and its password hash changed)."""
    store_class = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    if not hasattr(store_class, "get_model_class"):
        return
    for session in store_class.get_model_class().objects.filter(expire_date__gt=timezone.now()):
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            store_class(session.session_key).delete()


def _delete_login_records(*identifiers):
    if apps.is_installed("axes"):
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username__in=[i for i in identifiers if i]).delete()


@transaction.atomic
def anonymise_user(user):
    """Erase `user`'s personal data, keep their posts and comments as "Former participant".
    Returns False if the account was already anonymised."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.anonymised_at:
        return False
    old_identifiers = (user.username, user.email)
    # One support per person and post (unique constraint): each supported post loses one.
    Post.objects.filter(supports__user=user).update(
        support_count=Greatest(F("support_count") - 1, 0)
    )
    Support.objects.filter(user=user).delete()
    Follow.objects.filter(user=user).delete()
    Notification.objects.filter(user=user).delete()
    NotificationSettings.objects.filter(user=user).delete()
    Report.objects.filter(reporter=user).delete()
    CommentFlag.objects.filter(user=user).delete()
    # The originals hold the personal data that redaction kept out of the public text.
    redactions_of(user).delete()
    from prioritisation.gdpr import delete_ballots

    delete_ballots(user)
    from workshops.services import forget_user  # lazy: workshops imports accounts

    forget_user(user)  # seats freed go to the waiting list
    from surveys.gdpr import forget_survey_answers

    forget_survey_answers(user)
    with override(settings.LANGUAGE_CODE):
        former = _("Former participant")[:50]
    Comment.objects.filter(user=user).update(
        user_name=former, user_email="", user_url="", ip_address=None
    )
    EmailAddress.objects.filter(user=user).delete()
    if apps.is_installed("allauth.socialaccount"):
        from allauth.socialaccount.models import SocialAccount

        SocialAccount.objects.filter(user=user).delete()  # the eID subject and its claims
    ProviderGrant.objects.filter(user=user).delete()
    if apps.is_installed("wagtail.users"):
        from wagtail.users.models import UserProfile

        UserProfile.objects.filter(user=user).delete()

    user.groups.clear()
    user.user_permissions.clear()
    user.administrations.clear()
    user.username = f"deleted-{user.pk}-{secrets.token_hex(4)}"
    user.email = user.first_name = user.last_name = user.preferred_language = ""
    user.public_name = None
    user.employer = None
    user.ban_reason = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.anonymised_at = timezone.now()
    user.save()
    _delete_sessions(user)
    _delete_login_records(*old_identifiers)
    return True


def inactive_accounts(now=None):
    """Accounts without sign-in (or, never signed in, created) for ACCOUNT_RETENTION_DAYS.
    Staff, superusers and members of staff roles or triage teams never expire."""
    cutoff = (now or timezone.now()) - timedelta(days=setting("ACCOUNT_RETENTION_DAYS"))
    staff_groups = Group.objects.filter(name__in=STAFF_ROLES)
    return (
        User.objects.filter(anonymised_at__isnull=True, is_staff=False, is_superuser=False)
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
        .filter(administrations=None)
        .exclude(groups__in=staff_groups)
    )


def anonymise_inactive(now=None):
    """Anonymise every expired account, one transaction each. Returns how many."""
    return sum(anonymise_user(user) for user in inactive_accounts(now).order_by("pk"))
