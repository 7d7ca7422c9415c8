"""The configured OpenID Connect providers (settings OIDC_PROVIDERS), as allauth SocialApps."""

from dataclasses import dataclass, field

from ..conf import app_settings

DISCOVERY_PATH = "/.well-known/openid-configuration"


@dataclass(frozen=True)
class ProviderConfig:
    id: str
    name: str
    issuer: str
    client_id: str
    client_secret: str = ""
    scopes: tuple = ("openid", "profile", "email")
    verifies_identity: bool = True
    group_claims: tuple = field(default_factory=tuple)
    administration_claim: str = ""
    # Origins of endpoints outside the issuer's origin (CSP form-action: oidc/middleware.py).
    extra_origins: tuple = ()

    @classmethod
    def from_setting(cls, entry):
        return cls(
            id=entry["id"],
            name=entry.get("name") or entry["id"],
            issuer=entry["issuer"].rstrip("/"),
            client_id=entry["client_id"],
            client_secret=entry.get("client_secret", ""),
            scopes=tuple(entry.get("scopes") or cls.scopes),
            verifies_identity=entry.get("verifies_identity", True),
            group_claims=tuple(entry.get("group_claims") or ()),
            administration_claim=entry.get("administration_claim", ""),
            extra_origins=tuple(entry.get("extra_origins") or ()),
        )

    @property
    def mapped_claims(self):
        names = {rule["claim"] for rule in self.group_claims}
        if self.administration_claim:
            names.add(self.administration_claim)
        return names

    def social_app(self):
        """An unsaved allauth SocialApp: allauth builds settings-backed apps the same way."""
        from allauth.socialaccount.models import SocialApp

        return SocialApp(
            provider="openid_connect",
            provider_id=self.id,
            name=self.name,
            client_id=self.client_id,
            secret=self.client_secret,
            settings={
                "server_url": self.issuer + DISCOVERY_PATH,
                "scope": list(self.scopes),
                "oauth_pkce_enabled": True,
                "fetch_userinfo": True,
            },
        )


def configured_providers():
    return [ProviderConfig.from_setting(entry) for entry in app_settings.OIDC_PROVIDERS]


def get_provider_config(provider_id):
    return next((p for p in configured_providers() if p.id == provider_id), None)


def identity_provider_ids():
    """Providers whose link makes an account identity-verified (a national eID)."""
    return [p.id for p in configured_providers() if p.verifies_identity]
