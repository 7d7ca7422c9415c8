"""The Wagtail admin form of workshop pages."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class WorkshopPageForm(WagtailAdminPageForm):
    """Linked ideas must be posts of the workshop's campaign. Checked on the form (like
    challenges/forms.py): while it validates, the inline rows do not know their page yet."""

    def clean(self):
        cleaned_data = super().clean()
        campaign = self._campaign()
        for form in self.formsets["linked_ideas"].forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            post = form.cleaned_data.get("post")
            if post is not None and (campaign is None or post.campaign_id != campaign.pk):
                form.add_error("post", _("Choose a post of this workshop's campaign."))
                self.add_error(None, _("A linked idea is not a post of this campaign."))
        return cleaned_data

    def _campaign(self):
        from challenges.models import CampaignPage

        if self.instance.pk:
            return self.instance.campaign
        parent = getattr(self, "parent_page", None)
        return CampaignPage.objects.filter(pk=parent.pk).first() if parent else None
