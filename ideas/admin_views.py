"""Staff views on posts in the Wagtail admin: listing, inspecting, answering and moderating.

Nothing here writes a post directly: every change goes through ideas.services, which checks the
object permission (ideas/rules.py) and records the public timeline. A PermissionDenied raised here
or in a service becomes Wagtail's "permission denied" response (require_admin_access).
"""

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button, ListingButton

from core.ratelimit import ratelimit

from . import services
from .admin_forms import PostDecisionForm
from .models import Post


def staff_visible_posts(user):
    """Posts a staff member may see in the admin.

    Moderators and platform admins see everything. Triagers see what the public site shows them
    plus every post routed to their administrations (hidden or internal ones included).
    """
    posts = Post.objects.all()
    if user.is_moderator:
        return posts
    return posts.filter(
        Q(pk__in=Post.objects.visible_to(user).values("pk"))
        | Q(administration__in=user.administrations.values("pk"))
    )


def can_decide(user, post):
    # Whoever may answer (responsible administration, platform admins) may also change the
    # status; moderators may change the status without answering.
    return user.has_perm("ideas.change_status_object", post)


class PostFilterSet(WagtailFilterSet):
    MINE, ALL = "mine", "all"
    scope = django_filters.ChoiceFilter(
        label=gettext_lazy("Show"),
        method="filter_scope",
        choices=[
            (MINE, gettext_lazy("Posts routed to my administrations")),
            (ALL, gettext_lazy("All posts I can see")),
        ],
        empty_label=None,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Post
        fields = [
            "status",
            "kind",
            "language",
            "administration",
            "is_hidden",
            "awaiting_moderation",
        ]

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # Triagers start on their own administrations' posts; the choice stays a visible filter.
        user = getattr(request, "user", None)
        mine_first = bool(user and user.is_authenticated and user.administrations.exists())
        default_scope = self.MINE if mine_first else self.ALL
        if data is not None and not data.get("scope"):
            data = data.copy()
            data["scope"] = default_scope
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.filters["scope"].extra["initial"] = default_scope

    def filter_scope(self, queryset, name, value):
        if value == self.MINE:
            return queryset.filter(administration__members=self.request.user)
        return queryset


class PostIndexView(IndexView):
    decide_url_name = None

    def get_base_queryset(self):
        return staff_visible_posts(self.request.user).select_related("administration", "procedure")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if (
            self.decide_url_name
            and instance.awaiting_moderation
            and self.request.user.has_perm("ideas.moderate_post_object", instance)
        ):
            # A link, not a one-click action: the moderator reads the post before approving it.
            url = reverse(self.decide_url_name, args=(instance.pk,)) + "#moderation-heading"
            buttons.insert(
                0,
                ListingButton(
                    _("Approve"),
                    url=url,
                    icon_name="tick",
                    priority=4,
                    attrs={"aria-label": _("Read and approve “%s”") % instance},
                ),
            )
        if self.decide_url_name and can_decide(self.request.user, instance):
            buttons.insert(
                0,
                ListingButton(
                    _("Answer / change status"),
                    url=reverse(self.decide_url_name, args=(instance.pk,)),
                    icon_name="comment",
                    priority=5,
                    attrs={"aria-label": _("Answer or change the status of “%s”") % instance},
                ),
            )
        return buttons


class PostInspectView(InspectView):
    decide_url_name = None

    def get_object(self, queryset=None):
        return get_object_or_404(staff_visible_posts(self.request.user), pk=self.pk)

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if self.decide_url_name and can_decide(self.request.user, self.object):
            url = reverse(self.decide_url_name, args=(self.object.pk,))
            buttons.append(Button(_("Answer / change status"), url=url, icon_name="comment"))
        return buttons


class PostObjectMixin:
    """Loads the post the staff member may see, or 404, before any permission check."""

    def load_post(self, request, pk):
        queryset = staff_visible_posts(request.user).select_related(
            "administration", "procedure", "author", "duplicate_of"
        )
        return get_object_or_404(queryset, pk=pk)


@method_decorator(ratelimit("answer"), name="post")
class PostDecisionView(PostObjectMixin, WagtailAdminTemplateMixin, FormView):
    """Answer a post, change its public status and/or route it, in one transaction."""

    template_name = "ideas/admin/post_decision.html"
    form_class = PostDecisionForm
    header_icon = "comment"
    page_title = gettext_lazy("Answer / change status")
    index_url_name = None
    inspect_url_name = None
    visibility_url_name = None
    approve_url_name = None

    def dispatch(self, request, *args, **kwargs):
        self.object = self.load_post(request, kwargs["pk"])
        self.can_answer = request.user.has_perm("ideas.answer_post_object", self.object)
        if not can_decide(request.user, self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        items = [{"url": reverse(self.index_url_name), "label": _("Posts")}]
        if self.inspect_url_name:
            url = reverse(self.inspect_url_name, args=(self.object.pk,))
            items.append({"url": url, "label": str(self.object)})
        items.append({"url": "", "label": self.get_page_title()})
        return self.breadcrumbs_items + items

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "post": self.object, "can_answer": self.can_answer}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        post = self.object
        context.update(
            post=post,
            status_changes=post.status_changes.select_related("changed_by", "administration"),
            answers=post.answers.select_related("author", "administration"),
            can_answer=self.can_answer,
            can_moderate=self.request.user.has_perm("ideas.moderate_post_object", post),
            visibility_url=reverse(self.visibility_url_name, args=(post.pk,)),
            approve_url=reverse(self.approve_url_name, args=(post.pk,))
            if self.approve_url_name
            else None,
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        user = self.request.user
        answer = data.get("answer", "").strip()
        try:
            # One transaction: if the answer fails, the status change is not kept either.
            with transaction.atomic():
                post = self.object
                # A post nobody is in charge of must be routed before it can be answered;
                # otherwise the answer is given by the current administration, then re-routed.
                route_first = post.administration_id is None
                if form.reroute_to and route_first:
                    post = services.route_to_administration(
                        post, by=user, administration=form.reroute_to
                    )
                if data["new_status"]:
                    post = services.change_status(
                        post,
                        by=user,
                        new_status=data["new_status"],
                        message=data["message"].strip() or answer,
                        duplicate_of=data["duplicate_of"],
                        notify=not answer,  # with an answer: one notification, below
                    )
                if answer:
                    services.publish_answer(post, by=user, body=answer, notify=True)
                if form.reroute_to and not route_first:
                    services.route_to_administration(post, by=user, administration=form.reroute_to)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(self.request, _("“%s” was updated.") % self.object)
        return redirect(self.index_url_name)


class PostVisibilityView(PostObjectMixin, View):
    """Hide a post from the public site with a public reason, or restore it (moderators only;
    POST only). moderation.services.decisions logs it; the full queue is under "Moderation"."""

    http_method_names = ["post"]
    decide_url_name = None

    def post(self, request, pk):
        post = self.load_post(request, pk)
        hidden = request.POST.get("hidden") == "1"
        try:
            # A logged moderation decision; hiding needs the public reason the post page shows.
            services.set_hidden(
                post, by=request.user, hidden=hidden, public_reason=request.POST.get("reason", "")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if hidden:
                messages.success(request, _("“%s” is now hidden from the public.") % post)
            else:
                messages.success(request, _("“%s” is visible again.") % post)
        return redirect(self.decide_url_name, pk=post.pk)


class PostApproveView(PostObjectMixin, View):
    """Publish a post of a pre-moderated campaign (moderators only; POST only)."""

    http_method_names = ["post"]
    decide_url_name = None

    def post(self, request, pk):
        post = self.load_post(request, pk)
        if services.approve_post(post, by=request.user):
            messages.success(request, _("“%s” is approved and published.") % post)
        else:
            messages.warning(request, _("“%s” was already approved.") % post)
        return redirect(self.decide_url_name, pk=post.pk)
