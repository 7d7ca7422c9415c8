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


# OpenID Connect: a provider's claims are applied at every sign-in through it and when it is
# linked to an existing account, and taken back when it is unlinked.
def on_allauth_logged_in(sender, request, user, sociallogin=None, **kwargs):
    if sociallogin is not None:
        from .oidc.claims import apply_provider_claims, claims_of

        apply_provider_claims(user, sociallogin.account.provider, claims_of(sociallogin))


def on_social_account_added(sender, request, sociallogin, **kwargs):
    from .oidc.claims import apply_provider_claims, claims_of

    apply_provider_claims(sociallogin.user, sociallogin.account.provider, claims_of(sociallogin))


def on_social_account_removed(sender, request, socialaccount, **kwargs):
    from .oidc.claims import revoke_provider_claims

    revoke_provider_claims(socialaccount.user, socialaccount.provider)
