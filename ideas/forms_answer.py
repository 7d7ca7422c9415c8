"""The form an administration member uses to publish the official answer on a post."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Post
from .status import Status, allowed_targets


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Official answer"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text=_("Published on the post under your administration's name."),
    )
    new_status = forms.ChoiceField(
        label=_("New status"),
        choices=[("", "")] + Status.choices,
        required=False,
        help_text=_("Leave unchanged to answer without changing the status."),
    )
    duplicate_of = forms.IntegerField(
        label=_("Number of the original post"),
        min_value=1,
        required=False,
        help_text=_("Only when the new status is “Duplicate”."),
    )

    def __init__(self, post, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.post = post
        # Only offer the moves the status table allows; the service re-checks any posted value
        # and explains a refused transition, so validation accepts every known status.
        targets = sorted(allowed_targets(post.status), key=lambda s: list(Status).index(s))
        current = Status(post.status).label
        self.fields["new_status"].widget.choices = [
            ("", _("Keep the current status (%(status)s)") % {"status": current})
        ] + [(s.value, s.label) for s in targets]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_status") == Status.DUPLICATE:
            number = cleaned.get("duplicate_of")
            original = Post.objects.filter(pk=number).first() if number else None
            if original is None:
                self.add_error("duplicate_of", _("Give the number of an existing post."))
            elif original.pk == self.post.pk:
                self.add_error("duplicate_of", _("A post cannot duplicate itself."))
            cleaned["duplicate_post"] = original
        return cleaned
