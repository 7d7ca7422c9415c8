"""Posting a pain point or idea: one form in three numbered steps, a preview, then submission.

Every step is a POST of the same fields with a different `action` (preview, edit, submit); the
preview carries the values in hidden fields, so going back and forth never loses anything.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from accounts.identity import identity_refusal
from core.ratelimit import ratelimit
from moderation.pii import detect
from moderation.pii.notice import kinds_of, labels, redaction_notice, removed_kinds
from procedures.models import Procedure

from .. import services
from ..forms import PostForm, campaign_for, challenge_for
from ..models import Post

FORM_TEMPLATE = "ideas/post_form.html"
PREVIEW_TEMPLATE = "ideas/post_preview.html"
# A second identical submission within this time is a double click, not a new post.
DOUBLE_SUBMIT_WINDOW = timedelta(minutes=5)


class PostCreateView(LoginRequiredMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("ideas.add_post"):
            raise PermissionDenied(_("You cannot post here."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        initial, target_error = {}, None
        procedure = _procedure_from(request.GET.get("procedure"))
        if procedure is not None:
            initial.update(procedure=procedure.pk, procedure_query=procedure.title)
        # ?challenge=<page id> or ?campaign=<page id>: where the post goes (challenge first).
        for name, find in (("challenge", challenge_for), ("campaign", campaign_for)):
            value = request.GET.get(name, "").strip()
            if not value:
                continue
            try:
                initial[name] = find(_page_id(value), request.user).pk
            except ValidationError as error:
                target_error = error.messages[0]
            break
        form = PostForm(initial=initial, user=request.user)
        return self.render_form(request, form, target_error=target_error)

    def post(self, request):
        action = request.POST.get("action", "preview")
        form = PostForm(request.POST, user=request.user)
        if action == "submit":
            return self.submit(request, form)
        if not form.is_valid():
            return self.render_form(request, form)
        if action == "edit":
            # Back from the preview: show the carried (cleaned) values for editing.
            return self.render_form(
                request, PostForm(initial=form.carried_values(), user=request.user)
            )
        post = form.unsaved_post()
        # Warn before publishing, so the author can take personal data out themselves.
        found = detect("\n".join([post.title, post.body, post.suggestion or ""]))
        return render(
            request,
            PREVIEW_TEMPLATE,
            {
                "post": post,
                "carried": form.carried_values(),
                "language_detected": form.language_detected,
                "personal_data_kinds": labels(kinds_of(found)),
            },
        )

    @method_decorator(ratelimit("post"))
    def submit(self, request, form):
        if not form.is_valid():
            return self.render_form(request, form)
        data = form.cleaned_data
        existing = Post.objects.filter(
            author=request.user,
            title=data["title"],
            body=data["body"],
            created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
        ).first()
        if existing is not None:
            messages.info(request, _("This post was already submitted."))
            return redirect(existing)
        try:
            post = services.create_post(
                author=request.user,
                title=data["title"],
                body=data["body"],
                kind=data["kind"],
                suggestion=data["suggestion"],
                language=data["language"],
                procedure=data["procedure"],
                challenge=data["challenge"],
                campaign=data["campaign"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.render_form(request, form)
        if post.awaiting_moderation:
            message = _(
                "Thank you! Your post will be published after a moderator has checked it. "
                "You follow it and will hear about its progress."
            )
        else:
            message = _(
                "Thank you! Your post is published. You follow it and will hear about its progress."
            )
        messages.success(request, message)
        if post.redacted_fields:
            # Why the public text differs from what the author typed, and what kinds were cut.
            messages.warning(request, redaction_notice(removed_kinds(post)))
        return redirect(post)

    def render_form(self, request, form, **extra):
        challenge, campaign = _target_of(form, request.user)
        context = {
            "form": form,
            "challenge": challenge,
            "campaign": campaign,
            "identity_needed": identity_refusal(request.user, "post"),
            **extra,
        }
        return render(request, FORM_TEMPLATE, context)


def _target_of(form, user):
    """(challenge, campaign) the form posts to, both checked for `user`; an invalid target is
    dropped (its error is shown), so the form never silently carries it along."""
    if form.is_bound:
        data = getattr(form, "cleaned_data", {})
        challenge = data.get("challenge")
        return challenge, challenge.campaign if challenge else data.get("campaign")
    try:
        if form.initial.get("challenge"):
            challenge = challenge_for(form.initial["challenge"], user)
            return challenge, challenge.campaign
        if form.initial.get("campaign"):
            return None, campaign_for(form.initial["campaign"], user)
    except ValidationError:
        pass
    return None, None


def _page_id(value):
    """A page id from the query string; anything else names no page (0 matches none)."""
    return int(value) if value.isdigit() and len(value) <= 12 else 0


def _procedure_from(value):
    """The procedure named by `?procedure=<id>`, or None for anything else."""
    if not (value or "").isdigit():
        return None
    return Procedure.objects.filter(pk=int(value)).first()
