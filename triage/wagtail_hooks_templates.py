"""Answer templates in the Wagtail admin ("Answer templates" menu item).

Each triage team sees and edits only the templates of its own administrations; platform admins
see all. Someone else's template answers 404, as if it did not exist. Imported by
TriageConfig.ready(): Wagtail only auto-imports `wagtail_hooks.py` (owned by the board).
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet

from .models import AnswerTemplate
from .services.answers import administrations_for, answer_templates_for


class AnswerTemplateForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # `for_user` is set by Wagtail's create and edit views.
        self.fields["administration"].queryset = administrations_for(self.for_user).order_by("name")


class ScopedObjectMixin:
    """Edit, delete, history and usage views: only the user's own templates exist."""

    def get_object(self, *args, **kwargs):
        template = super().get_object(*args, **kwargs)
        if not answer_templates_for(self.request.user).filter(pk=template.pk).exists():
            raise Http404
        return template


class AnswerTemplateIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(pk__in=answer_templates_for(self.request.user).values("pk"))
        )


class AnswerTemplateEditView(ScopedObjectMixin, generic.EditView):
    pass


class AnswerTemplateDeleteView(ScopedObjectMixin, generic.DeleteView):
    pass


class AnswerTemplateHistoryView(ScopedObjectMixin, HistoryView):
    pass


class AnswerTemplateUsageView(ScopedObjectMixin, UsageView):
    pass


class AnswerTemplateViewSet(ModelViewSet):
    model = AnswerTemplate
    icon = "doc-full"
    menu_label = _("Answer templates")
    menu_order = 125
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = AnswerTemplateIndexView
    edit_view_class = AnswerTemplateEditView
    delete_view_class = AnswerTemplateDeleteView
    history_view_class = AnswerTemplateHistoryView
    usage_view_class = AnswerTemplateUsageView
    search_fields = ["title", "body"]
    search_backend_name = None  # plain ORM search: templates are not in Wagtail's search index
    ordering = ["administration__name", "title"]
    list_display = ["title", "administration", "language"]
    list_filter = ["language", "administration"]
    edit_handler = ObjectList(
        [
            FieldPanel("administration"),
            FieldPanel("title"),
            FieldPanel("language"),
            FieldPanel("body"),
        ],
        base_form_class=AnswerTemplateForm,
    )


answer_template_viewset = AnswerTemplateViewSet("answer_templates", url_prefix="answer-templates")


@hooks.register("register_admin_viewset")
def register_answer_template_viewset():
    return answer_template_viewset
