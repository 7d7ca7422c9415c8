"""The moderation queue in the Wagtail admin (moderators and platform admins only): tabs of
items awaiting approval, reported or hidden; one item with its reports and the action forms;
the decision log; the ban form. Every change goes through moderation.services.decisions.

A PermissionDenied raised here becomes Wagtail's "permission denied" response."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import queue
from .forms import BanForm, HideForm, RejectForm
from .models import Decision
from .services import decisions

PER_PAGE = 30


def may_moderate(user):
    return user.is_authenticated and user.is_moderator


class ModeratorsOnly(WagtailAdminTemplateMixin):
    header_icon = "warning"
    parent = None  # (url, label) of the page this one belongs to

    def dispatch(self, request, *args, **kwargs):
        if not may_moderate(request.user):
            raise PermissionDenied
        self.load(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load(self, **kwargs):
        """Load the object the page is about (after the permission check), or 404."""

    def get_breadcrumbs_items(self):
        items = [{"url": reverse("moderation_admin:queue"), "label": _("Moderation")}]
        if self.parent:
            items.append({"url": self.parent[0], "label": self.parent[1]})
        return self.breadcrumbs_items + items + [{"url": "", "label": self.get_page_title()}]

    def page(self, items):
        return Paginator(items, PER_PAGE).get_page(self.request.GET.get("p"))


class QueueView(ModeratorsOnly, TemplateView):
    template_name = "moderation/admin/queue.html"
    page_title = gettext_lazy("Moderation")

    def get_context_data(self, **kwargs):
        tab = self.request.GET.get("tab")
        tab = tab if tab in queue.TABS else "awaiting"
        page = self.page(queue.ENTRIES[tab]())
        return super().get_context_data(
            tabs=queue.TABS.items(),
            tab=tab,
            tab_label=queue.TABS[tab],
            page=page,
            items=queue.load(page.object_list),
            **kwargs,
        )


class DecisionLogView(ModeratorsOnly, TemplateView):
    template_name = "moderation/admin/log.html"
    page_title = gettext_lazy("Decision log")

    def get_context_data(self, **kwargs):
        action = self.request.GET.get("action", "")
        moderator = self.request.GET.get("moderator", "")
        log = Decision.objects.select_related("moderator", "user", "content_type")
        if action in Decision.Action.values:
            log = log.filter(action=action)
        else:
            action = ""
        if moderator.isdigit():
            log = log.filter(moderator_id=int(moderator))
        else:
            moderator = ""
        moderator_ids = Decision.objects.exclude(moderator=None).values("moderator")
        moderators = get_user_model().objects.filter(pk__in=moderator_ids).order_by("public_name")
        page = self.page(log)
        kinds = {ct.pk: kind for kind, ct in queue.content_types().items()}
        for decision in page.object_list:
            decision.item_kind = kinds.get(decision.content_type_id)  # None: a ban
        return super().get_context_data(
            page=page,
            actions=Decision.Action.choices,
            action=action,
            moderators=moderators,
            moderator=moderator,
            query=f"action={action}&moderator={moderator}&",
            **kwargs,
        )


class ItemView(ModeratorsOnly, TemplateView):
    """One post or comment: its text (and the original personal data, for moderators), author,
    reports, history, and the action forms."""

    template_name = "moderation/admin/item.html"
    page_title = gettext_lazy("Moderate")

    def load(self, kind, pk):
        self.item = queue.item(kind, pk)
        if self.item is None:
            raise Http404

    def get_page_subtitle(self):
        return self.item.label

    def get_context_data(self, **kwargs):
        target = self.item.target
        post = target if self.item.kind == "post" else target.content_object
        return super().get_context_data(
            item=self.item,
            post=post,
            hide_form=HideForm(label_suffix=""),
            reject_form=RejectForm(label_suffix=""),
            **queue.history(target),
            **kwargs,
        )


ACTIONS = {
    "approve": lambda target, by, data: decisions.approve(target, by=by),
    "hide": lambda target, by, data: decisions.hide(
        target, by=by, public_reason=data.get("public_reason", "")
    ),
    "reject": lambda target, by, data: decisions.reject(
        target, by=by, message=data.get("message", "")
    ),
    "restore": lambda target, by, data: decisions.restore(target, by=by),
    "dismiss": lambda target, by, data: decisions.dismiss_reports(target, by=by),
}
DONE = {
    "approve": gettext_lazy("Approved and published."),
    "hide": gettext_lazy("Hidden; its page shows the public reason."),
    "reject": gettext_lazy("Rejected; the author was told by e-mail."),
    "restore": gettext_lazy("Restored."),
    "dismiss": gettext_lazy("Reports dismissed."),
}


class ItemActionView(View):
    """POST one decision on an item; back to the item with a message (errors included)."""

    http_method_names = ["post"]

    def post(self, request, kind, pk, action):
        if not may_moderate(request.user):
            raise PermissionDenied
        item = queue.item(kind, pk)
        if item is None or action not in ACTIONS:
            raise Http404
        try:
            ACTIONS[action](item.target, request.user, request.POST)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{DONE[action]} ({item.label})")
        back = request.POST.get("next", "")
        # Actions taken from a queue tab return there; only our own admin pages are accepted.
        if back.startswith(reverse("moderation_admin:queue")) and url_has_allowed_host_and_scheme(
            back, allowed_hosts=None
        ):
            return redirect(back)
        return redirect("moderation_admin:item", kind=kind, pk=pk)


class BanView(ModeratorsOnly, TemplateView):
    """A person's moderation record, the ban form, and lifting a ban."""

    template_name = "moderation/admin/ban.html"
    page_title = gettext_lazy("Ban a participant")

    def load(self, pk):
        self.person = get_object_or_404(get_user_model(), pk=pk)

    def get_page_subtitle(self):
        return str(self.person)

    def get_context_data(self, **kwargs):
        person = self.person
        return super().get_context_data(
            person=person,
            form=kwargs.pop("form", None) or BanForm(label_suffix=""),
            post_count=person.posts.count(),
            visible_post_count=person.posts.filter(is_hidden=False).count(),
            history=Decision.objects.filter(user=person).select_related("moderator")[:50],
            **kwargs,
        )

    def post(self, request, pk):
        if request.POST.get("action") == "unban":
            try:
                decisions.unban_user(self.person, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("%s may sign in again.") % self.person)
            return redirect("moderation_admin:ban", pk=pk)
        form = BanForm(request.POST, label_suffix="")
        if form.is_valid():
            try:
                self.ban(form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("moderation_admin:ban", pk=pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    @transaction.atomic
    def ban(self, data):
        decisions.ban_user(self.person, by=self.request.user, reason=data["reason"])
        message = _("%s is banned and can no longer sign in.") % self.person
        if data["hide_posts"]:
            count = decisions.hide_posts_of(
                self.person, by=self.request.user, public_reason=data["public_reason"]
            )
            message += " " + _("Posts hidden: %(count)d.") % {"count": count}
        messages.success(self.request, message)
