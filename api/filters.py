"""Query parameters of the public API. An invalid value is a 400 with a JSON explanation
(django-filter's DRF backend raises a ValidationError) rather than being silently ignored."""

import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from ideas.models import LANGUAGE_CHOICES, Post
from ideas.status import Status
from procedures.models import Procedure

ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
POST_ORDERINGS = [
    ("newest", _("Newest first")),
    ("supported", _("Most supported first")),
    ("answered", _("Most recently answered first")),
]


@extend_schema_field(ID_SCHEMA)
class IdFilter(django_filters.NumberFilter):
    """A positive integer id (not a decimal, as NumberFilter accepts)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=ID_SCHEMA["maximum"], **kwargs)


# Any valid date is accepted; years outside these bounds change no answer (no post is that old
# or that new), and year 1 or 9999 would overflow once the day's start is converted to UTC.
EARLIEST_DAY, LATEST_DAY = datetime.date(1900, 1, 1), datetime.date(9998, 12, 31)


class DayStartFilter(django_filters.Filter):
    """created_at compared with the start of a day (YYYY-MM-DD) in the site's time zone."""

    field_class = forms.DateField

    def filter(self, qs, value):
        if value is None:
            return qs
        day = min(max(value, EARLIEST_DAY), LATEST_DAY)
        start = datetime.datetime.combine(day, datetime.time.min)
        return super().filter(qs, timezone.make_aware(start))


def day_filter(lookup, description):
    # The schema of a filter with an explicit schema carries its description itself.
    schema = {"type": "string", "format": "date", "description": description}
    return extend_schema_field(schema)(
        DayStartFilter(field_name="created_at", lookup_expr=lookup, label=description)
    )


class PostFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices)
    kind = django_filters.ChoiceFilter(choices=Post.Kind.choices)
    language = django_filters.ChoiceFilter(choices=LANGUAGE_CHOICES)
    procedure = IdFilter(field_name="procedure_id")
    administration = IdFilter(field_name="administration_id")
    cluster = IdFilter(field_name="cluster_membership__cluster_id")
    created_after = day_filter("gte", "Created on or after this day (Luxembourg time)")
    created_before = day_filter("lt", "Created before this day (Luxembourg time)")
    q = django_filters.CharFilter(
        method="search", max_length=200, label=_("Words in the title or text")
    )
    ordering = django_filters.ChoiceFilter(
        choices=POST_ORDERINGS,
        method="order",
        label=_("Sort order (default: newest, or best match when searching)"),
    )

    class Meta:
        model = Post
        fields = []

    def search(self, queryset, name, value):
        return queryset.search(value)

    def order(self, queryset, name, value):
        return queryset.sorted_by(value)


class ProcedureFilter(django_filters.FilterSet):
    administration = IdFilter(field_name="administrations__id")
    theme = django_filters.CharFilter(max_length=100, label=_("Theme (e.g. impots-taxes)"))
    q = django_filters.CharFilter(method="search", max_length=200, label=_("Words in the title"))

    class Meta:
        model = Procedure
        fields = []

    def search(self, queryset, name, value):
        return queryset.search(value)
