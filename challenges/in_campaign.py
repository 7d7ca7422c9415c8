"""What the pages placed inside a campaign share (challenges, surveys, prioritisation rounds,
workshops): the campaign decides who sees them, and most take part only in an opening window."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import cached_property


class InCampaign:
    @cached_property
    def campaign(self):
        from .models import CampaignPage  # defined next to the challenge page that uses this

        return CampaignPage.objects.ancestor_of(self).first()

    def is_visible_to(self, user):
        """Whoever may see the campaign; nobody when the page is not inside one."""
        return self.campaign is not None and self.campaign.is_visible_to(user)


class OpeningWindow:
    """Open from `opens_at` (included) to `closes_at` (excluded). `window_error`: the form error
    shown on `closes_at` when it does not come after `opens_at`."""

    window_error = None

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": self.window_error})

    def has_started(self, now=None):
        return self.opens_at <= (now or timezone.now())

    def is_closed(self, now=None):
        return self.closes_at <= (now or timezone.now())

    def is_open(self, now=None):
        return self.has_started(now) and not self.is_closed(now)
