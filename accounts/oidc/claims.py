"""Claims -> roles: a staff directory's claims put a person in role groups (the civil-servant
group) and in their administration, and take them out again when the claim disappears."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q

from .. import roles
from ..models import ProviderGrant
from ..services import assign_role
from .providers import configured_providers, get_provider_config

# Never granted by a claim: a misconfigured or compromised provider must not mint admins.
NEVER_FROM_CLAIMS = {roles.ADMIN}


def claims_of(sociallogin_or_account):
    account = getattr(sociallogin_or_account, "account", sociallogin_or_account)
    data = account.extra_data or {}
    return {**data.get("id_token", {}), **data.get("userinfo", {})}


def claim_matches(value, accepted):
    values = value if isinstance(value, list | tuple) else [value]
    values = [str(v) for v in values if v not in (None, "", False)]
    if not accepted:
        return bool(values)
    return any(v in accepted for v in values)


def wanted_groups(config, claims):
    names = {
        rule["group"]
        for rule in config.group_claims
        if claim_matches(claims.get(rule["claim"]), rule.get("values"))
    }
    return names - NEVER_FROM_CLAIMS


def administration_named(value):
    """The administration a claim value names: its slug, its name or one of its e-mail domains."""
    from procedures.models import Administration

    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    value = str(value or "").strip()
    if not value:
        return None
    match = Administration.objects.filter(Q(slug__iexact=value) | Q(name__iexact=value)).first()
    if match:
        return match
    domain = value.lower().lstrip("@")
    for administration in Administration.objects.exclude(email_domains=""):
        if domain in administration.domain_list:
            return administration
    return None


def roles_come_from_a_provider(user):
    """Is `user` linked to a provider whose claims map roles or the administration? Then that
    provider decides them: the e-mail domain rule (services.verify_civil_servant) stays out, or a
    role it gave would outlive the claim it should follow."""
    from allauth.socialaccount.models import SocialAccount

    providers = [p.id for p in configured_providers() if p.group_claims or p.administration_claim]
    return (
        bool(providers) and SocialAccount.objects.filter(user=user, provider__in=providers).exists()
    )


@transaction.atomic
def apply_provider_claims(user, provider_id, claims):
    """Bring the person's claim-given roles and administration in line with `claims` from
    `provider_id`. Idempotent: a second call with the same claims changes nothing."""
    config = get_provider_config(provider_id)
    if config is None:
        return None
    grant, _ = ProviderGrant.objects.select_for_update().get_or_create(
        user=user, provider=provider_id
    )
    wanted = {Group.objects.get_or_create(name=name)[0] for name in wanted_groups(config, claims)}
    granted = set(grant.groups.all())
    current = set(user.groups.all())
    for group in granted - wanted:
        user.groups.remove(group)
        grant.groups.remove(group)
    for group in wanted - current:
        assign_role(user, group.name)
        grant.groups.add(group)
    # A group the person already had (from an admin or an e-mail domain) is not ours to remove.

    previous_id = grant.administration_id
    administration = (
        administration_named(claims.get(config.administration_claim))
        if config.administration_claim
        else None
    )
    if administration is not None and user.employer_id in (None, previous_id):
        user.employer = administration
        grant.administration = administration
    elif previous_id is not None and user.employer_id == previous_id and administration is None:
        user.employer = None
        grant.administration = None
    elif administration is None:
        grant.administration = None
    user.save(update_fields=["employer"])
    grant.save()
    user.__dict__.pop("_group_names", None)
    return grant


@transaction.atomic
def revoke_provider_claims(user, provider_id):
    """The provider was unlinked: take back what its claims gave."""
    for grant in ProviderGrant.objects.select_for_update().filter(user=user, provider=provider_id):
        for group in grant.groups.all():
            user.groups.remove(group)
        if grant.administration_id and user.employer_id == grant.administration_id:
            user.employer = None
            user.save(update_fields=["employer"])
        grant.delete()
    user.__dict__.pop("_group_names", None)
