from django import forms

from .models import NotificationSettings


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = ["no_emails", *NotificationSettings.EMAIL_FIELDS]

    def email_fields(self):
        """The per-kind checkboxes, shown in their own fieldset."""
        return [self[name] for name in NotificationSettings.EMAIL_FIELDS]
