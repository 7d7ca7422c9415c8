"""The Wagtail admin form of challenge pages."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class ChallengePageForm(WagtailAdminPageForm):
    """Retained ideas must be ideas posted into this very challenge.

    Checked here and not in RetainedIdea.clean: while the form validates, the inline rows do not
    know their page yet (modelcluster sets it on save)."""

    def clean(self):
        cleaned_data = super().clean()
        challenge_id = self.instance.pk  # None while the page is being created: nothing fits yet
        for form in self.formsets["retained_ideas"].forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            post = form.cleaned_data.get("post")
            if post is None:
                continue
            if challenge_id is None or post.challenge_id != challenge_id:
                form.add_error("post", _("This post was not posted into this challenge."))
                self.add_error(None, _("A retained idea was not posted into this challenge."))
        return cleaned_data
