"""Civil-servant verification whenever an e-mail address gets verified, and at every sign-in
(an administration's domains may have been added since). Connected in AccountsConfig.ready."""

from .services import verify_civil_servant


def on_email_confirmed(sender, request, email_address, **kwargs):
    verify_civil_servant(email_address.user)


def on_user_logged_in(sender, request, user, **kwargs):
    # Nothing to do for a civil servant whose employer is known: keeps sign-in cheap.
    if user.is_civil_servant and user.employer_id is not None:
        return
    verify_civil_servant(user)
