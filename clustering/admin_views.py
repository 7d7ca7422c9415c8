"""Staff views of the pipeline in the Wagtail admin: the procedure suggestions of a post with
confirm / override (recorded as ProcedureDecision). Clusters are shown on the triage board
(triage.admin_views); the old cluster URLs redirect there.

Who sees what follows ideas.admin_views.staff_visible_posts; deciding needs can_decide (triagers for
posts of their administrations, moderators and platform admins for all).
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, RedirectView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.ratelimit import ratelimit
from ideas.admin_views import staff_visible_posts
from procedures.models import Procedure

from . import services
from .models import ProcedureDecision, ProcedureSuggestion

PER_PAGE = 50


def may_view(user):
    """Staff who may look at posts in the admin may look at clusters and suggestions."""
    return user.is_authenticated and (user.is_superuser or user.has_perm("ideas.view_post"))


class StaffOnlyMixin(WagtailAdminTemplateMixin):
    header_icon = "group"
    parent = None  # (url name, label) of the list this page belongs to

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        if self.parent:
            items.append({"url": reverse(self.parent[0]), "label": self.parent[1]})
        return items + [{"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not may_view(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def paginate(self, queryset):
        return Paginator(queryset, PER_PAGE).get_page(self.request.GET.get("p"))


class ClusterIndexView(RedirectView):
    """Clusters live on the triage board now (triage.admin_views); old links land there."""

    def get_redirect_url(self, *args, **kwargs):
        return reverse("triage_admin:board")


class ClusterDetailView(RedirectView):
    def get_redirect_url(self, *args, **kwargs):
        return reverse("triage_admin:cluster", args=[kwargs["pk"]])


class SuggestionIndexView(StaffOnlyMixin, TemplateView):
    """Posts with procedure suggestions; undecided ones first, like a simple triage queue."""

    template_name = "clustering/admin/suggestion_index.html"
    page_title = gettext_lazy("Procedure suggestions")

    def get_context_data(self, **kwargs):
        user = self.request.user
        mine = self.request.GET.get("scope", "mine" if user.administrations.exists() else "all")
        state = self.request.GET.get("state", "open")
        posts = staff_visible_posts(user).filter(
            Exists(ProcedureSuggestion.objects.filter(post=OuterRef("pk")))
        )
        if mine == "mine":
            posts = posts.filter(administration__members=user)
        decided = Exists(ProcedureDecision.objects.filter(post=OuterRef("pk")))
        if state == "open":
            posts = posts.exclude(decided)
        elif state == "decided":
            posts = posts.filter(decided)
        posts = posts.select_related("procedure", "administration").prefetch_related(
            Prefetch(
                "procedure_suggestions",
                queryset=ProcedureSuggestion.objects.select_related("procedure").order_by("rank"),
            )
        )
        return super().get_context_data(
            page=self.paginate(posts.order_by("-created_at", "-pk")),
            scope=mine,
            state=state,
            **kwargs,
        )


class ProcedureField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} – {obj.external_id}"  # titles repeat across catalogue sections


class ProcedureDecisionForm(forms.Form):
    NONE, OTHER = "none", "other"
    choice = forms.ChoiceField(label=gettext_lazy("Procedure"), widget=forms.RadioSelect)
    other = ProcedureField(
        label=gettext_lazy("Another procedure"),
        queryset=Procedure.objects.order_by("title"),
        required=False,
        help_text=gettext_lazy("Only used with “Another procedure”."),
    )

    def __init__(self, *args, suggestions, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestions = {str(s.procedure_id): s.procedure for s in suggestions}
        self.fields["choice"].choices = [
            (
                str(s.procedure_id),
                _("%(title)s – %(id)s (confidence %(confidence)d%%)")
                % {
                    "title": s.procedure.title,
                    "id": s.procedure.external_id,
                    "confidence": round(100 * s.confidence),
                },
            )
            for s in suggestions
        ] + [
            (self.OTHER, _("Another procedure (choose below)")),
            (self.NONE, _("None of these procedures")),
        ]

    def clean(self):
        data = super().clean()
        choice = data.get("choice")
        if choice == self.OTHER and not data.get("other"):
            raise ValidationError(_("Choose the other procedure."))
        if choice == self.OTHER:
            data["procedure"] = data["other"]
        elif choice == self.NONE:
            data["procedure"] = None
        elif choice:
            data["procedure"] = self.suggestions[choice]
        return data


@method_decorator(ratelimit("answer"), name="post")
class PostProcedureView(StaffOnlyMixin, FormView):
    """One post's procedure suggestions, the decisions taken so far, and the decision form."""

    template_name = "clustering/admin/post_procedure.html"
    form_class = ProcedureDecisionForm
    page_title = gettext_lazy("Procedure of a post")
    parent = ("clustering_admin:suggestions", gettext_lazy("Procedure suggestions"))

    def dispatch(self, request, *args, **kwargs):
        if not may_view(request.user):
            raise PermissionDenied
        queryset = staff_visible_posts(request.user).select_related("procedure", "administration")
        self.post_object = get_object_or_404(queryset, pk=kwargs["pk"])
        self.can_decide = services.can_decide(request.user, self.post_object)
        if request.method == "POST" and not self.can_decide:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def suggestions(self):
        return list(
            self.post_object.procedure_suggestions.select_related(
                "procedure__lead_administration"
            ).order_by("rank")
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "suggestions": self.suggestions()}

    def get_page_subtitle(self):
        return self.post_object.title

    def get_context_data(self, **kwargs):
        post = self.post_object
        return super().get_context_data(
            post=post,
            suggestions=self.suggestions(),
            decisions=post.procedure_decisions.select_related(
                "procedure", "previous_procedure", "decided_by"
            ),
            can_decide=self.can_decide,
            **kwargs,
        )

    def form_valid(self, form):
        procedure = form.cleaned_data["procedure"]
        services.decide_procedure(self.post_object, procedure, by=self.request.user)
        if procedure is None:
            messages.success(self.request, _("Recorded: none of the procedures fits."))
        else:
            messages.success(
                self.request,
                _("“%(post)s” is now about “%(procedure)s”.")
                % {"post": self.post_object, "procedure": procedure},
            )
        return redirect(reverse("clustering_admin:post_procedure", args=[self.post_object.pk]))
