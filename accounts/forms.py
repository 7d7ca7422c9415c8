from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.antispam import AntiSpamFormMixin

from . import roles


class SignupForm(AntiSpamFormMixin, forms.Form):
    """Extra fields on allauth's sign-up form: the pseudonym shown publicly, and the anti-spam
    honeypot and timestamp (core.antispam; rendered by templates/allauth/elements/fields.html)."""

    # allauth's sign-up form inherits from this class and honours field_order.
    field_order = ["email", "public_name", "password1", "password2"]

    public_name = forms.CharField(
        label=_("Public name (pseudonym)"),
        max_length=50,
        min_length=3,
        help_text=_("Others see this name, never your e-mail address."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def clean_public_name(self):
        name = self.cleaned_data["public_name"].strip()
        if "@" in name:
            # Protects people who type their e-mail address here: it would become public.
            raise forms.ValidationError(_("Please choose a name, not an e-mail address."))
        if get_user_model().objects.filter(public_name__iexact=name).exists():
            raise forms.ValidationError(_("This public name is already taken."))
        return name

    def signup(self, request, user):
        from django.contrib.auth.models import Group

        user.public_name = self.cleaned_data["public_name"]
        user.save(update_fields=["public_name"])
        group, _created = Group.objects.get_or_create(name=roles.CITIZEN)
        user.groups.add(group)
