"""The triage board: the team's clusters with their numbers, filters, charts and export links."""

from django import forms
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ideas.models import LANGUAGE_CHOICES
from procedures.models import Administration

from ..board import DEFAULT_SORT, board_administrations, board_rows, filter_choices, team_queue
from ..stats import chart_data
from .base import BOARD_TITLE, TriageViewMixin

PER_PAGE = 50
SORT_CHOICES = [
    ("deadline", _("Answer deadline, earliest first")),
    ("size", _("Posts, most first")),
    ("supports", _("Supports, most first")),
    ("new", _("New since my last visit, most first")),
    ("oldest", _("Oldest unanswered post, oldest first")),
]


class BoardFilterForm(forms.Form):
    q = forms.CharField(label=_("Label contains"), required=False, max_length=200)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)
    overdue = forms.BooleanField(label=_("Only overdue clusters"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    procedure = forms.TypedChoiceField(
        label=_("Procedure"), required=False, coerce=int, empty_value=None
    )
    administration = forms.ModelChoiceField(
        label=_("Administration"), queryset=Administration.objects.none(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choosable = board_administrations(user)
        if choosable:
            self.fields["administration"].queryset = Administration.objects.filter(
                pk__in=[a.pk for a in choosable]
            )
        else:
            del self.fields["administration"]
        administration = None
        if self.is_bound and "administration" in self.fields:
            # Validate once here to narrow the other choices to the chosen team.
            field = self.fields["administration"]
            try:
                administration = field.clean(self.data.get("administration"))
            except forms.ValidationError:
                administration = None
        languages, procedures = filter_choices(user, administration)
        names = dict(LANGUAGE_CHOICES)
        any_choice = [("", _("Any"))]
        self.fields["language"].choices = any_choice + [(c, names.get(c, c)) for c in languages]
        self.fields["procedure"].choices = any_choice + [(str(pk), t) for pk, t in procedures]

    def filters(self):
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "administration": data.get("administration"),
            "language": data.get("language") or "",
            "procedure": data.get("procedure"),
            "overdue_only": bool(data.get("overdue")),
            "search": data.get("q") or "",
            "sort": data.get("sort") or DEFAULT_SORT,
        }


class BoardView(TriageViewMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "triage/admin/board.html"
    page_title = BOARD_TITLE
    on_board = False

    def get_context_data(self, **kwargs):
        user = self.request.user
        now = timezone.now()
        form = BoardFilterForm(self.request.GET or None, user=user)
        filters = form.filters()
        rows = board_rows(user, now=now, **filters)
        page = Paginator(rows, PER_PAGE).get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        page_prefix = query.urlencode() + "&" if query else ""
        sort_urls = {}
        for key, _label in SORT_CHOICES:
            query["sort"] = key
            sort_urls[key] = "?" + query.urlencode()
        team = filters["administration"]
        export_query = urlencode({"administration": team.pk}) if team else ""
        return super().get_context_data(
            form=form,
            sort_urls=sort_urls,
            page=page,
            sort=filters["sort"],
            query_prefix=page_prefix,
            charts=chart_data(team_queue(user, team), now),
            export_query=export_query,
            now=now,
            **kwargs,
        )
