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
