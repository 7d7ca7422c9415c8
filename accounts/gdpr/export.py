"""The data download: everything the platform stores about one person, as JSON-ready data."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_comments.models import Comment
from django_comments_xtd.models import XtdComment

from ideas.models import Follow, Post, Support
from moderation.models import Decision, Redaction, Report
from notifications.models import Notification

EXPORT_FORMAT = "simplify-together-export/1"


def export_sections():
    """The export's top-level keys and what they hold (also shown on the "Your data" page)."""
    return {
        "account": _("Your account: names, e-mail addresses, language, roles, employer, dates."),
        "posts": _(
            "Every post you wrote, including hidden, internal and unapproved ones, with its "
            "status history and the official answers it received."
        ),
        "comments": _("Every comment you wrote, with the name, e-mail and IP address stored."),
        "supports": _("The posts you support."),
        "follows": _("The posts you follow."),
        "reports": _("The reports (flags) you made on posts and comments."),
        "notifications": _("The notifications you received."),
        "notification_settings": _("Which notification e-mails you chose to receive."),
        "moderation_decisions": _(
            "Moderation decisions about you or your contributions, with the reasons you were given."
        ),
        "redactions": _(
            "The original text of your posts and comments before personal data was removed."
        ),
        "prioritisation_ballots": _("How you distributed your points in prioritisation rounds."),
        "workshop_registrations": _("Your workshop sign-ups, waiting list places, cancellations."),
        "survey_answers": _("Your answers to surveys."),
        "satisfaction_answers": _("How easy you found procedures, and what was hardest."),
        "sign_in_identities": _(
            "The eID or government accounts linked to yours: what their provider told us "
            "(identifier, name, e-mail) and the roles their claims gave you."
        ),
    }


def _target(content_type_id, object_id):
    model = ContentType.objects.get_for_id(content_type_id).model if content_type_id else None
    return {"type": model, "id": object_id}


def _post_ref(post):
    return {"id": post.pk, "title": post.title, "url": post.get_absolute_url()}


def _account(user):
    from allauth.account.models import EmailAddress

    return {
        "id": user.pk,
        "username": user.username,
        "public_name": user.public_name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "preferred_language": user.preferred_language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "employer": user.employer.name if user.employer_id else None,
        "administrations": sorted(user.administrations.values_list("name", flat=True)),
        "banned_at": user.banned_at,
    }


def _posts(user):
    posts = Post.objects.filter(author=user).select_related(
        "procedure", "administration", "campaign", "challenge"
    )
    return [
        {
            "id": post.pk,
            "url": post.get_absolute_url(),
            "kind": post.kind,
            "title": post.title,
            "body": post.body,
            "suggestion": post.suggestion,
            "language": post.language,
            "status": post.status,
            "procedure": post.procedure.title if post.procedure_id else None,
            "administration": post.administration.name if post.administration_id else None,
            "campaign": post.campaign.title if post.campaign_id else None,
            "challenge": post.challenge.title if post.challenge_id else None,
            "duplicate_of": post.duplicate_of_id,
            "is_internal": post.is_internal,
            "is_hidden": post.is_hidden,
            "hidden_reason": post.hidden_reason,
            "awaiting_moderation": post.awaiting_moderation,
            "support_count": post.support_count,
            "created_at": post.created_at,
            "updated_at": post.updated_at,
            "answered_at": post.answered_at,
            # Who changed a status or wrote an answer is staff data, not the author's.
            "status_history": [
                {
                    "old_status": change.old_status,
                    "new_status": change.new_status,
                    "administration": change.administration.name
                    if change.administration_id
                    else None,
                    "message": change.message,
                    "created_at": change.created_at,
                }
                for change in post.status_changes.select_related("administration")
            ],
            "official_answers": [
                {
                    "administration": a.administration.name,
                    "body": a.body,
                    "created_at": a.created_at,
                }
                for a in post.answers.select_related("administration")
            ],
        }
        for post in posts
    ]


def _comments(user):
    return [
        {
            "id": c.pk,
            "on": _target(c.content_type_id, c.object_pk),
            "parent_id": c.parent_id if c.parent_id != c.pk else None,
            "comment": c.comment,
            "user_name": c.user_name,
            "user_email": c.user_email,
            "ip_address": c.ip_address,
            "submit_date": c.submit_date,
            "is_public": c.is_public,
            "is_removed": c.is_removed,
        }
        for c in XtdComment.objects.filter(user=user).order_by("submit_date", "pk")
    ]


def _posts_marked(model, user):
    # Titles only of posts the person may still see (a post may have turned internal since).
    visible = set(Post.objects.visible_to(user).values_list("pk", flat=True))
    return [
        {
            "post": _post_ref(row.post) if row.post_id in visible else {"id": row.post_id},
            "created_at": row.created_at,
        }
        for row in model.objects.filter(user=user).select_related("post").order_by("created_at")
    ]


def _comment_content_types():
    return [ContentType.objects.get_for_model(m) for m in (XtdComment, Comment)]


def redactions_of(user):
    """The Redaction rows of the person's own posts and comments."""
    post_ids = [str(pk) for pk in Post.objects.filter(author=user).values_list("pk", flat=True)]
    comment_ids = [str(pk) for pk in Comment.objects.filter(user=user).values_list("pk", flat=True)]
    return Redaction.objects.filter(
        Q(content_type=ContentType.objects.get_for_model(Post), object_id__in=post_ids)
        | Q(content_type__in=_comment_content_types(), object_id__in=comment_ids)
    )


def _notification_settings(user):
    """The person's e-mail choices as stored (None: never changed, the defaults apply)."""
    from notifications.models import NotificationSettings

    row = NotificationSettings.objects.filter(user=user).first()
    if row is None:
        return None
    fields = ["no_emails", *NotificationSettings.EMAIL_FIELDS, "updated_at"]
    return {name: getattr(row, name) for name in fields}


def _workshop_registrations(user):
    from workshops.services import export_registrations  # lazy: workshops imports accounts

    return export_registrations(user)


def export_user_data(user):
    """Everything the platform stores about `user`, as a JSON-serialisable dict
    (datetimes are left to DjangoJSONEncoder)."""
    from prioritisation.gdpr import export_ballots
    from surveys.gdpr import export_survey_data

    from ..oidc.gdpr import export_identities

    return {
        "prioritisation_ballots": export_ballots(user),
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now(),
        "sections": export_sections(),
        "account": _account(user),
        "posts": _posts(user),
        "comments": _comments(user),
        "supports": _posts_marked(Support, user),
        "follows": _posts_marked(Follow, user),
        "reports": [
            {
                "target": _target(r.content_type_id, r.object_id),
                "reason": r.reason,
                "explanation": r.explanation,
                "created_at": r.created_at,
                "resolved_at": r.resolved_at,
            }
            for r in Report.objects.filter(reporter=user).order_by("created_at")
        ],
        "notifications": [
            {
                "kind": n.kind,
                "post_id": n.post_id,
                "message": n.message,
                "url": n.url,
                "created_at": n.created_at,
                "emailed_at": n.emailed_at,
                "read_at": n.read_at,
            }
            for n in Notification.objects.filter(user=user).order_by("created_at")
        ],
        "notification_settings": _notification_settings(user),
        "sign_in_identities": export_identities(user),
        # Not the moderator's identity: only what was decided and what the person was told.
        "moderation_decisions": [
            {
                "action": d.action,
                "target": _target(d.content_type_id, d.object_id),
                "public_reason": d.public_reason,
                "message_to_author": d.message_to_author,
                "created_at": d.created_at,
            }
            for d in Decision.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "redactions": [
            {
                "target": _target(r.content_type_id, r.object_id),
                "field": r.field,
                "original": r.original,
                "created_at": r.created_at,
            }
            for r in redactions_of(user).order_by("created_at", "pk")
        ],
        "workshop_registrations": _workshop_registrations(user),
        **export_survey_data(user),
    }
