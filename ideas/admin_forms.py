"""Forms of the staff workspace in the Wagtail admin: they validate; ideas.services decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from procedures.models import Administration

from .models import Post
from .status import Status, allowed_targets


class PostDecisionForm(forms.Form):
    """Answer a post, move it to a new public status and/or route it to another administration.

    The status choices are only the transitions allowed from the post's current status, so an
    invalid transition is a form error before the service is even asked.
    """

    answer = forms.CharField(
        label=_("Official answer"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Published on the post in the name of the responsible administration."),
    )
    new_status = forms.ChoiceField(label=_("New status"), required=False)
    duplicate_of = forms.IntegerField(
        label=_("Duplicate of (post number)"),
        required=False,
        min_value=1,
        help_text=_("Required when the new status is “Duplicate”."),
    )
    message = forms.CharField(
        label=_("Public message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown on the post's public timeline with the status change. "
            "Required when the post is declined."
        ),
    )
    administration = forms.ModelChoiceField(
        label=_("Route to administration"),
        queryset=Administration.objects.all(),
        required=False,
        empty_label=_("(keep the current administration)"),
        help_text=_("Send the post to the administration that is responsible for it."),
    )

    def __init__(self, *args, post, can_answer, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post
        current = Status(post.status)
        targets = allowed_targets(current)
        # Keep the Status declaration order so the list reads like the post's life cycle.
        self.fields["new_status"].choices = [
            ("", _("(keep “%(status)s”)") % {"status": current.label})
        ] + [(status.value, status.label) for status in Status if status in targets]
        self.fields["administration"].initial = post.administration_id
        if not can_answer:
            # Moderators may change statuses and route posts, but only the administration answers.
            del self.fields["answer"]

    def clean_duplicate_of(self):
        number = self.cleaned_data.get("duplicate_of")
        if number is None:
            return None
        original = Post.objects.filter(pk=number).first()
        if original is None:
            raise forms.ValidationError(_("There is no post with this number."))
        if original.pk == self.post.pk:
            raise forms.ValidationError(_("A post cannot duplicate itself."))
        return original

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("new_status")
        if status == Status.DUPLICATE and not cleaned.get("duplicate_of"):
            if "duplicate_of" not in self.errors:
                self.add_error("duplicate_of", _("Give the number of the original post."))
        elif cleaned.get("duplicate_of") and status != Status.DUPLICATE:
            self.add_error(
                "duplicate_of", _("Only give an original post when marking a duplicate.")
            )
        if status == Status.DECLINED and not cleaned.get("message", "").strip():
            self.add_error("message", _("Explain publicly why the post is declined."))
        if not self.errors and not self.has_action():
            raise forms.ValidationError(
                _("Nothing to do: write an answer, choose a new status or another administration.")
            )
        return cleaned

    @property
    def reroute_to(self):
        """The administration chosen for the post, or None when it stays where it is."""
        administration = self.cleaned_data.get("administration")
        if administration is None or administration.pk == self.post.administration_id:
            return None
        return administration

    def has_action(self):
        return bool(
            self.cleaned_data.get("answer", "").strip()
            or self.cleaned_data.get("new_status")
            or self.reroute_to
        )
