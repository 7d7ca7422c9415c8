"""A cluster's page: the team's posts side by side and the forms that act on them."""

from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..cluster_page import post_cards, recent_merges, record_visit
from ..services.answers import answer_templates_for
from .actions import FORMS, build_form
from .base import TriageViewMixin, check_board_access, cluster_and_posts


class ClusterView(TriageViewMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "triage/admin/cluster.html"
    page_title = gettext_lazy("Cluster")

    def dispatch(self, request, *args, **kwargs):
        check_board_access(request.user)
        self.cluster, self.posts = cluster_and_posts(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.cluster)

    def get_page_title(self):
        return str(self.cluster)

    def get(self, request, *args, **kwargs):
        now = timezone.now()
        previous = record_visit(request.user, self.cluster, now)
        return self.render_to_response(self.get_context_data(previous_visit=previous, now=now))

    def post(self, request, *args, **kwargs):
        """The "Use this template" button without JavaScript: the answer form again, its text
        replaced by the chosen template's. Nothing is saved."""
        common = {"cluster": self.cluster, "posts": self.posts, "user": request.user}
        submitted = build_form("answer", **common, data=request.POST)
        submitted.is_valid()  # only to read the template choice, checked against the user's
        template = submitted.cleaned_data.get("template")
        answer_form = build_form("answer", **common)
        answer_form.initial = {name: request.POST.get(name, "") for name in answer_form.fields}
        if template is not None:
            answer_form.initial["body"] = template.body
        return self.render_to_response(self.get_context_data(answer_form=answer_form))

    def get_context_data(self, previous_visit=None, now=None, **kwargs):
        user = self.request.user
        merges = recent_merges(self.posts)
        common = {"cluster": self.cluster, "posts": self.posts, "user": user}
        page_forms = {name: build_form(name, **common, merges=merges) for name in FORMS}
        if "answer_form" in kwargs:
            page_forms["answer"] = kwargs.pop("answer_form")
        templates = answer_templates_for(user).order_by("title")
        return super().get_context_data(
            cluster=self.cluster,
            cards=post_cards(self.posts, previous_visit=previous_visit, now=now),
            previous_visit=previous_visit,
            forms=page_forms,
            merges=merges,
            template_bodies={str(t.pk): t.body for t in templates},
            **kwargs,
        )
