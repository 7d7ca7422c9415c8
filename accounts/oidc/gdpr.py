"""The linked sign-in identities in the data download: what each provider told us (only the
stored claims) and what its claims gave. Erasure deletes the links (accounts/gdpr/erasure.py)."""

from allauth.socialaccount.models import SocialAccount

from ..models import ProviderGrant
from .claims import claims_of
from .providers import get_provider_config


def linked_identities(user):
    """[{provider, name, claims, linked_at, last_login}] for `user`'s own eyes only."""
    rows = []
    for account in SocialAccount.objects.filter(user=user).order_by("pk"):
        config = get_provider_config(account.provider)
        rows.append(
            {
                "provider": account.provider,
                "provider_name": config.name if config else account.provider,
                "verifies_identity": bool(config and config.verifies_identity),
                "claims": claims_of(account),
                "linked_at": account.date_joined,
                "last_login": account.last_login,
            }
        )
    return rows


def export_identities(user):
    grants = {
        grant.provider: grant
        for grant in ProviderGrant.objects.filter(user=user).prefetch_related("groups")
    }
    rows = linked_identities(user)
    for row in rows:
        grant = grants.get(row["provider"])
        row["roles_from_claims"] = sorted(g.name for g in grant.groups.all()) if grant else []
        row["administration_from_claims"] = (
            grant.administration.name if grant and grant.administration_id else None
        )
    return rows
