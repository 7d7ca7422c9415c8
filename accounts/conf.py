"""App settings of accounts with defaults (same pattern as core/conf.py).

Override them in Django settings under the same name.
"""

from django.conf import settings

DEFAULTS = {
    # E-mail domains whose verified addresses make an account a civil servant, on top of the
    # domains of each Administration (which also set the employer), e.g. ["etat.lu"].
    # A subdomain matches too: "etat.lu" covers "acd.etat.lu".
    "CIVIL_SERVANT_EMAIL_DOMAINS": [],
    # Operators can switch e-mail + password sign-in and sign-up off, leaving only the OpenID
    # Connect providers (the Wagtail admin keeps its own sign-in page for platform staff).
    "EMAIL_LOGIN_ENABLED": True,
    # OpenID Connect providers, each a dict (accounts/oidc/environment.py reads them from the
    # environment): id, name, issuer, client_id, client_secret, scopes, verifies_identity,
    # group_claims ([{"claim": "groups", "values": ["civil-servants"], "group": "Civil servants"}],
    # an empty "values" accepting any value), administration_claim.
    "OIDC_PROVIDERS": [],
    # The only claims kept from a provider (on the linked account, shown to its owner alone and
    # erased with the account); the mapped claims of a provider are kept too.
    "OIDC_STORED_CLAIMS": [
        "sub",
        "iss",
        "acr",
        "email",
        "email_verified",
        "name",
        "given_name",
        "family_name",
    ],
    # Require an account linked to a provider with verifies_identity (a national eID) to post or
    # to support posts: one real person, one support.
    "IDENTITY_REQUIRED_TO_POST": False,
    "IDENTITY_REQUIRED_TO_SUPPORT": False,
}


class AppSettings:
    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(name)
        return getattr(settings, name, DEFAULTS[name])


app_settings = AppSettings()
