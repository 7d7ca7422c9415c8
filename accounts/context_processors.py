def sign_in_options(request):
    """Whether the e-mail + password form is offered (EMAIL_LOGIN_ENABLED)."""
    from .conf import app_settings

    return {"email_login_enabled": app_settings.EMAIL_LOGIN_ENABLED}
