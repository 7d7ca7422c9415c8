"""Forms of the public report flow and of the moderation queue's actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Report


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why do you report it?"), choices=Report.Reason.choices, widget=forms.RadioSelect
    )
    explanation = forms.CharField(
        label=_("Anything the moderators should know? (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        required=False,
    )


class HideForm(forms.Form):
    public_reason = forms.CharField(
        label=_("Public reason"),
        help_text=_("Shown on the post's page instead of the post, e.g. “Insulting language”."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )


class RejectForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the author"),
        help_text=_("Sent by e-mail in the author's language; not shown publicly."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class BanForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the ban"),
        help_text=_("Only moderators see it."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )
    hide_posts = forms.BooleanField(label=_("Also hide all their posts"), required=False)
    public_reason = forms.CharField(
        label=_("Public reason for hiding their posts"),
        help_text=_("Needed only to hide their posts."),
        max_length=1000,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("hide_posts") and not (data.get("public_reason") or "").strip():
            self.add_error("public_reason", _("Give the public reason for hiding their posts."))
        return data
