"""Comments on posts: thin wrappers around django-comments-xtd's views, and editing.

The wrappers (mounted before comments-xtd's own URLs, same paths) add what comments-xtd does not
know about: post visibility, sign-in with a redirect back, the public name, and a 429 when a
user comments too fast. The receiver in ideas.comments re-checks everything for other paths.
"""

from datetime import timedelta
from functools import wraps

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import re_path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_comments.views.comments import comment_done
from django_comments.views.comments import post_comment as xtd_post_comment
from django_comments.views.moderation import approve_done, delete_done, flag_done
from django_comments_xtd import get_form as get_comment_form
from django_comments_xtd import views as xtd_views
from django_comments_xtd.api import views as xtd_api
from django_comments_xtd.conf import settings as xtd_settings
from django_comments_xtd.models import XtdComment
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.urlpatterns import format_suffix_patterns

from core.antispam import check_bot_signals
from core.conf import app_settings
from core.ratelimit import is_limited, ratelimit
from ideas import comments as comment_rules
from ideas.models import Post
from moderation import views as moderation_views
from moderation.models import Report
from moderation.services import reports


def _target_of(data):
    """The object a comment form posts to, or None if the form names nothing that exists."""
    try:
        model = apps.get_model(*data.get("content_type", "").split(".", 1))
        return model._default_manager.get(pk=data.get("object_pk"))
    except (LookupError, TypeError, ValueError, ObjectDoesNotExist):
        return None


def _ensure_visible(user, target):
    if isinstance(target, Post) and not Post.objects.visible_to(user).filter(pk=target.pk).exists():
        raise Http404(_("This post does not exist or is not public."))


@require_POST
def post_comment(request, format=None):  # format: the URL suffix, unused
    target = _target_of(request.POST)
    if not request.user.is_authenticated:
        back = target.get_absolute_url() if isinstance(target, Post) else "/"
        return redirect_to_login(back)
    _ensure_visible(request.user, target)
    if is_limited(request, "comment"):
        message = _("You are commenting too fast. Please wait a few minutes and try again.")
        return render(request, "429.html", {"message": message}, status=429)
    setattr(request, comment_rules.RATE_CHECKED_ATTR, True)
    refusal = check_bot_signals(request, request.POST)
    if refusal and isinstance(target, Post):
        # Shown again with the text kept, nothing saved.
        form = get_comment_form()(target, data=request.POST)
        form.is_valid()
        form.add_error(None, refusal)
        return render(request, "comments/preview.html", {"form": form, "next": ""})
    # django_comments would fill the name with the username; give it the public name instead.
    data = request.POST.copy()
    data["name"] = str(request.user.display_name)[: comment_rules.USER_NAME_LENGTH]
    data["email"] = request.user.email or f"user{request.user.pk}@invalid.invalid"
    data["url"] = ""
    request.POST = data
    return xtd_post_comment(request)


def reply(request, cid, format=None):
    comment = get_object_or_404(XtdComment, pk=cid)
    _ensure_visible(request.user, comment.content_object)
    return xtd_views.reply(request, cid)


def flag(request, comment_id, format=None):
    """comments-xtd's "flag" link: the moderation report form for this comment, which asks for
    a reason and records a Report (and comments-xtd's own flag). It checks sign-in and that the
    comment's post is visible (404 otherwise)."""
    return moderation_views.report(request, "comment", comment_id)


def api_for_visible_post(api_view):
    """comments-xtd's read API lists any object's comments; keep those of unseen posts private."""

    def wrapped(request, content_type, object_pk, **suffix):
        if content_type.lower() == "ideas-post":
            post = Post.objects.filter(pk=object_pk).first() if object_pk.isdigit() else None
            if post is None:
                raise Http404
            _ensure_visible(request.user, post)
        kwargs = {"content_type": content_type, "object_pk": object_pk, **suffix}
        return api_view(request, override_drf_defaults=True, **kwargs)

    return wrapped


def for_visible_comment(view):
    """Wrap a comments-xtd view taking a comment id (like, dislike): 404 unless its post is seen."""

    @wraps(view)
    def wrapped(request, comment_id, **suffix):
        comment = get_object_or_404(XtdComment, pk=comment_id)
        _ensure_visible(request.user, comment.content_object)
        return view(request, comment_id)

    return wrapped


def confirmation_of_visible_comment(view):
    """Wrap a "done" page (posted, flagged, liked...): it shows the comment named by `?c=`."""

    @wraps(view)
    def wrapped(request, **suffix):
        value = request.GET.get("c", "")
        comment = XtdComment.objects.filter(pk=value).first() if value.isdigit() else None
        if comment is not None:
            _ensure_visible(request.user, comment.content_object)
        return view(request)

    return wrapped


def object_redirect(request, content_type_id, object_id, **suffix):
    """django_comments' "cr/" redirect to a commented object, for posts the user may see only."""
    if content_type_id == str(ContentType.objects.get_for_model(Post).pk):
        post = Post.objects.visible_to(request.user).filter(pk=_number(object_id)).first()
        if post is None:
            raise Http404
    return shortcut(request, content_type_id, object_id)


def _number(value):
    return int(value) if value.isdigit() and len(value) <= 12 else 0


class VisibleCommentMixin:
    """comments-xtd's web API acting on one comment (feedback, report flag) or creating one:
    refuse with 404 when the comment's post, or the post commented on, is not visible."""

    def post(self, request, *args, **kwargs):
        if "comment" in request.data:
            value = str(request.data.get("comment", ""))
            comment = XtdComment.objects.filter(pk=_number(value)).first()
            if comment is not None:
                _ensure_visible(request.user, comment.content_object)
        if "object_pk" in request.data:
            _ensure_visible(request.user, _target_of(request.data))
        return super().post(request, *args, **kwargs)


class ToggleFeedbackFlag(VisibleCommentMixin, xtd_api.ToggleFeedbackFlag):
    pass


class CreateReportFlag(VisibleCommentMixin, xtd_api.CreateReportFlag):
    """comments-xtd's web API flag: a moderation Report too (reason "other": the API has none),
    so API flags count towards the threshold that hides a comment."""

    def perform_create(self, serializer):
        # The serializer gives django_comments' base Comment; reports are about XtdComments.
        comment = get_object_or_404(XtdComment, pk=serializer.validated_data["comment"].pk)
        try:
            reports.report(comment, by=self.request.user, reason=Report.Reason.OTHER)
        except ValidationError as error:
            raise DRFValidationError(error.messages) from None


class CommentCreate(VisibleCommentMixin, xtd_api.CommentCreate):
    pass


API_DEFAULTS = {"override_drf_defaults": True}  # what django_comments_xtd.urls passes its API
API_OBJECT = r"^api/(?P<content_type>\w+-\w+)/(?P<object_pk>[-\w]+)/"
# Mounted in config/urls.py before django_comments_xtd.urls: same paths, so these answer first.
# comments-xtd also serves every path with a format suffix (".json"), so these must as well.
# Every route of comments-xtd and django_comments that shows or acts on a comment is here;
# the rest (sent with a signed key, confirm, mute, delete and approve for moderators) do not
# reveal comments of posts the requester may not see.
comment_urlpatterns = format_suffix_patterns(
    [
        re_path(r"^post/$", post_comment),
        re_path(r"^reply/(?P<cid>\d+)/$", reply),
        re_path(r"^flag/(?P<comment_id>\d+)/$", flag),
        re_path(r"^like/(?P<comment_id>\d+)/$", for_visible_comment(xtd_views.like)),
        re_path(r"^dislike/(?P<comment_id>\d+)/$", for_visible_comment(xtd_views.dislike)),
        re_path(r"^sent/$", confirmation_of_visible_comment(xtd_views.sent)),
        re_path(r"^liked/$", confirmation_of_visible_comment(xtd_views.like_done)),
        re_path(r"^disliked/$", confirmation_of_visible_comment(xtd_views.dislike_done)),
        re_path(r"^posted/$", confirmation_of_visible_comment(comment_done)),
        re_path(r"^flagged/$", confirmation_of_visible_comment(flag_done)),
        re_path(r"^deleted/$", confirmation_of_visible_comment(delete_done)),
        re_path(r"^approved/$", confirmation_of_visible_comment(approve_done)),
        re_path(r"^cr/(?P<content_type_id>\d+)/(?P<object_id>.+)/$", object_redirect),
        re_path(API_OBJECT + r"$", api_for_visible_post(xtd_api.CommentList.as_view())),
        re_path(API_OBJECT + r"count/$", api_for_visible_post(xtd_api.CommentCount.as_view())),
        re_path(r"^api/comment/$", CommentCreate.as_view(), API_DEFAULTS),
        re_path(r"^api/feedback/$", ToggleFeedbackFlag.as_view(), API_DEFAULTS),
        re_path(r"^api/flag/$", CreateReportFlag.as_view(), API_DEFAULTS),
    ]
)


class CommentEditForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Your comment"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=xtd_settings.COMMENT_MAX_LENGTH,
    )


def edit_window():
    return timedelta(minutes=app_settings.COMMENT_EDIT_WINDOW_MINUTES)


def can_still_edit(comment, user):
    return (
        user.is_authenticated
        and comment.user_id == user.pk
        and timezone.now() - comment.submit_date <= edit_window()
    )


@login_required
@ratelimit("comment")
def edit_comment(request, comment_id):
    comment = get_object_or_404(XtdComment, pk=comment_id, is_removed=False)
    _ensure_visible(request.user, comment.content_object)
    if comment.user_id != request.user.pk:
        raise PermissionDenied(_("Only the author of a comment can edit it."))
    if not can_still_edit(comment, request.user):
        raise PermissionDenied(
            _("Comments can only be edited during %(minutes)s minutes after posting.")
            % {"minutes": app_settings.COMMENT_EDIT_WINDOW_MINUTES}
        )
    form = CommentEditForm(
        request.POST or None, initial={"comment": comment.comment}, label_suffix=""
    )
    if request.method == "POST" and form.is_valid():
        # update() rather than save(): comments-xtd's pre_save hook would republish replies.
        text = comment_rules.redact_edited_comment(request, comment, form.cleaned_data["comment"])
        XtdComment.objects.filter(pk=comment.pk).update(comment=text)
        messages.success(request, _("Your comment was updated."))
        return redirect(f"{comment.content_object.get_absolute_url()}#c{comment.pk}")
    return render(
        request,
        "comments/edit.html",
        {"form": form, "comment": comment, "post": comment.content_object},
        status=400 if form.errors else 200,
    )
