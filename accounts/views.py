"""The person's own privacy pages: what we store, the data download, deleting the account."""

import json

from django import forms
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.ratelimit import ratelimit
from moderation.conf import setting

from .gdpr import anonymise_user, export_sections, export_user_data
from .oidc.gdpr import linked_identities

# Accounts without a usable password (created by an admin, or social sign-in) confirm with this.
DELETE_WORD = "DELETE"


def translated_delete_word():
    # Translators: the word people type to confirm deleting their account; the sentences
    # "Type DELETE to confirm" etc. must use this same word.
    return str(_("DELETE"))


class AccountDeletionForm(forms.Form):
    """Confirms deletion with the password, or by typing DELETE when there is none."""

    confirmation = forms.CharField(strip=False, max_length=128)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.fields["confirmation"]
        if user.has_usable_password():
            field.label = _("Your password")
            field.widget = forms.PasswordInput(attrs={"autocomplete": "current-password"})
        else:
            field.label = _("Type DELETE to confirm")
            field.widget = forms.TextInput(attrs={"autocomplete": "off"})

    def clean_confirmation(self):
        value = self.cleaned_data["confirmation"]
        if self.user.has_usable_password():
            if not self.user.check_password(value):
                raise forms.ValidationError(_("This is not your password."))
        elif value.strip() not in {DELETE_WORD, translated_delete_word()}:
            raise forms.ValidationError(_("Please type DELETE in capital letters."))
        return value


@login_required
@require_GET
def privacy(request):
    days = setting("ACCOUNT_RETENTION_DAYS")
    context = {
        "sections": export_sections(),
        "identities": linked_identities(request.user),
        "retention_days": days,
        "retention_years": days // 365 if days % 365 == 0 else None,
    }
    return render(request, "account/privacy.html", context)


@never_cache
@login_required
@require_GET
@ratelimit("export", methods=("GET",))
def export(request):
    data = export_user_data(request.user)
    filename = f"my-data-{timezone.localdate():%Y-%m-%d}.json"
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # The file holds personal data: no shared or browser cache may keep it.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit("account_delete")
def delete_account(request):
    form = AccountDeletionForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        anonymise_user(request.user)
        logout(request)
        return redirect("accounts:deleted")
    return render(
        request,
        "account/delete_account.html",
        {"form": form, "needs_password": request.user.has_usable_password()},
    )


@require_GET
def deleted(request):
    return render(request, "account/account_deleted.html")
