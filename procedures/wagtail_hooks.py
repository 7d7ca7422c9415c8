"""The procedure catalogue and the administrations in the Wagtail admin ("Catalogue" menu).

Triagers may look (view permissions); only platform admins hold add/change/delete, so only they
edit procedures and decide who belongs to an administration's triage team.
"""

import re

import django_filters
from django import forms
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from accounts import roles
from accounts.models import User

from .models import Administration, Procedure


def theme_choices():
    themes = Procedure.objects.exclude(theme="").values_list("theme", flat=True).distinct()
    return [(theme, Procedure.THEME_LABELS.get(theme, theme)) for theme in sorted(themes)]


class ProcedureFilterSet(WagtailFilterSet):
    theme = django_filters.ChoiceFilter(
        label=_("Theme"), choices=theme_choices, widget=forms.RadioSelect, empty_label=_("All")
    )

    class Meta:
        model = Procedure
        fields = ["theme", "administrations"]


class ProcedureViewSet(ModelViewSet):
    model = Procedure
    icon = "doc-full"
    menu_label = _("Procedures")
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = ProcedureFilterSet
    search_fields = ["title", "external_id"]
    search_backend_name = None
    ordering = "title"
    list_display = ["title", Column("theme_label", label=_("Theme")), "language", "audience"]
    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("external_id"),
        FieldPanel("url"),
        FieldPanel("theme"),
        FieldPanel("language"),
        FieldPanel("audience"),
        FieldPanel("administrations", widget=forms.CheckboxSelectMultiple),
    ]


# At least two labels ("etat.lu"), letters, digits and hyphens: a whole domain, never a pattern.
DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


class TriageMemberField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        # Staff need to recognise colleagues: show the account, not only the public pseudonym.
        return f"{obj.get_full_name() or obj.username} <{obj.email}>"


class AdministrationForm(forms.ModelForm):
    members = TriageMemberField(
        label=_("Members (triage team)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only accounts with the “Administration members” role are listed; "
            "give the role in Settings → Users first."
        ),
    )

    class Meta:
        model = Administration
        fields = ["name", "slug", "email_domains", "members"]

    def clean_email_domains(self):
        """Normalised "a.lu, b.lu"; each entry must be a domain name (it grants a role)."""
        domains = Administration(email_domains=self.cleaned_data["email_domains"]).domain_list
        invalid = [d for d in domains if not DOMAIN.fullmatch(d)]
        if invalid:
            raise forms.ValidationError(
                _("Not a domain name: %(domains)s. Write e.g. “acd.etat.lu”."),
                params={"domains": ", ".join(invalid)},
            )
        return ", ".join(dict.fromkeys(domains))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Current members stay listed even if their role was removed, so they can be taken off.
        current = self.instance.members.all() if self.instance.pk else User.objects.none()
        self.fields["members"].queryset = (
            (User.objects.filter(groups__name=roles.TRIAGER) | current)
            .distinct()
            .order_by("username")
        )


class AdministrationViewSet(ModelViewSet):
    model = Administration
    icon = "group"
    menu_label = _("Administrations")
    inspect_view_enabled = True
    copy_view_enabled = False
    search_fields = ["name"]
    search_backend_name = None
    ordering = "name"
    list_display = [
        "name",
        Column("member_count", label=_("Members"), sort_key="member_count"),
        Column("procedure_count", label=_("Procedures"), sort_key="procedure_count"),
    ]
    inspect_view_fields = ["name", "slug", "email_domains", "members"]

    def get_index_view_kwargs(self, **kwargs):
        counted = Administration.objects.annotate(
            member_count=Count("members", distinct=True),
            procedure_count=Count("procedures", distinct=True),
        )
        return super().get_index_view_kwargs(queryset=counted, **kwargs)

    def get_form_class(self, for_update=False):
        return AdministrationForm


class CatalogueGroup(ModelViewSetGroup):
    menu_label = _("Catalogue")
    menu_icon = "folder-open-inverse"
    menu_order = 120
    items = (
        ProcedureViewSet("staff_procedures", url_prefix="procedures"),
        AdministrationViewSet("staff_administrations", url_prefix="administrations"),
    )


@hooks.register("register_admin_viewset")
def register_catalogue_viewsets():
    return CatalogueGroup()
