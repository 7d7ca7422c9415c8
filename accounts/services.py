from django.contrib.auth.models import Group, Permission

from . import roles


def ensure_role_groups():
    """Create the role groups and give them their permissions. Safe to run repeatedly."""
    for name, perms in roles.GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        if perms == ["*"]:
            group.permissions.set(Permission.objects.all())
            grant_admin_pages_and_collections(group)
            continue
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".", 1)
            wanted.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)


def grant_admin_pages_and_collections(group):
    """Wagtail grants page and media rights per tree node, not through model permissions."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    root_page = Page.get_first_root_node()
    if root_page is not None:
        for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
            perm = Permission.objects.filter(
                codename=codename, content_type__app_label="wagtailcore"
            )
            if perm.exists():
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=perm.first()
                )
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        media_perms = Permission.objects.filter(
            content_type__app_label__in=["wagtailimages", "wagtaildocs"],
            codename__regex=r"^(add|change|choose|delete)_",
        )
        for perm in media_perms:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=perm
            )


def assign_role(user, group_name):
    user.groups.add(Group.objects.get_or_create(name=group_name)[0])
    if group_name in (roles.TRIAGER, roles.MODERATOR, roles.ADMIN) and not user.is_staff:
        # Staff work happens in the Wagtail admin, which needs is_staff-independent access_admin;
        # is_staff additionally opens Django's admin for platform admins only.
        user.is_staff = group_name == roles.ADMIN
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("_group_names", None)


def domain_matches(domain, configured):
    """Is `domain` one of the `configured` domains or a subdomain of one?"""
    domain = domain.lower().rstrip(".")
    return any(domain == d or domain.endswith(f".{d}") for d in configured if d)


def verified_email_domains(user):
    from allauth.account.models import EmailAddress

    addresses = EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    )
    return {address.rsplit("@", 1)[1].lower() for address in addresses if "@" in address}


def verify_civil_servant(user):
    """Make `user` a civil servant if one of their verified e-mail addresses belongs to an
    administration's domains (then it also becomes their employer, unless one is set) or to
    CIVIL_SERVANT_EMAIL_DOMAINS. Never removes anything; safe to call repeatedly. Not for people
    linked to a staff directory that maps roles: its claims decide (accounts/oidc/claims.py).

    Returns the matching administration, True for a match of the setting only, or None.
    """
    from procedures.models import Administration

    from .conf import app_settings
    from .oidc.claims import roles_come_from_a_provider

    if roles_come_from_a_provider(user):
        return None
    domains = verified_email_domains(user)
    if not domains:
        return None
    # The most specific domain wins: "acd.etat.lu" before a catch-all "etat.lu".
    best, best_length = None, -1
    for administration in Administration.objects.exclude(email_domains=""):
        for configured in administration.domain_list:
            if len(configured) > best_length and any(
                domain_matches(domain, [configured]) for domain in domains
            ):
                best, best_length = administration, len(configured)
    configured = [d.strip().lower().lstrip("@") for d in app_settings.CIVIL_SERVANT_EMAIL_DOMAINS]
    if best is None and not any(domain_matches(domain, configured) for domain in domains):
        return None
    if not user.is_civil_servant:
        assign_role(user, roles.CIVIL_SERVANT)
    if best is not None and user.employer_id is None:
        user.employer = best
        user.save(update_fields=["employer"])
    return best or True
