"""The Wagtail admin form of prioritisation pages and the participants' ballot form."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class PrioritisationPageForm(WagtailAdminPageForm):
    """A related post must belong to the page's campaign.

    Checked here: while the form validates, the inline rows do not know their page yet."""

    def clean(self):
        from challenges.models import CampaignPage

        cleaned_data = super().clean()
        parent = getattr(self, "parent_page", None)
        if parent is None and self.instance.pk:
            parent = self.instance.get_parent()
        # Prioritisation pages live directly under their campaign (parent_page_types).
        campaign = CampaignPage.objects.filter(pk=parent.pk).first() if parent else None
        for form in self.formsets["initiatives"].forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            post = form.cleaned_data.get("post")
            if post is not None and (campaign is None or post.campaign_id != campaign.pk):
                form.add_error("post", _("This post does not belong to this campaign."))
                self.add_error(None, _("An initiative links a post of another campaign."))
        return cleaned_data


class BallotForm(forms.Form):
    """One number per initiative; the service checks the budget (the form only the shapes)."""

    def __init__(self, *args, page, initiatives, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        cap = page.max_points_per_initiative or page.points_per_participant
        for initiative in initiatives:
            self.fields[f"initiative_{initiative.pk}"] = forms.IntegerField(
                label=initiative.title,
                min_value=0,
                max_value=cap,
                required=False,
                initial=current.get(initiative.pk, 0),
            )
        self.initiatives = list(initiatives)

    def points(self):
        return {
            initiative.pk: self.cleaned_data.get(f"initiative_{initiative.pk}") or 0
            for initiative in self.initiatives
        }

    def rows(self):
        return [(i, self[f"initiative_{i.pk}"]) for i in self.initiatives]
