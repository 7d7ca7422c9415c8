from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from . import roles


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form: the pseudonym shown publicly."""

    public_name = forms.CharField(
        label=_("Public name (pseudonym)"),
        max_length=60,
        min_length=3,
        help_text=_("Others see this name, never your e-mail address."),
    )

    def clean_public_name(self):
        name = self.cleaned_data["public_name"].strip()
        if get_user_model().objects.filter(public_name__iexact=name).exists():
            raise forms.ValidationError(_("This public name is already taken."))
        return name

    def signup(self, request, user):
        from django.contrib.auth.models import Group

        user.public_name = self.cleaned_data["public_name"]
        user.save(update_fields=["public_name"])
        group, _created = Group.objects.get_or_create(name=roles.CITIZEN)
        user.groups.add(group)
