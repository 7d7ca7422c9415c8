from django.contrib.auth.models import Group, Permission

from . import roles


def ensure_role_groups():
    """Create the role groups and give them their permissions. Safe to run repeatedly."""
    for name, perms in roles.GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        if perms == ["*"]:
            group.permissions.set(Permission.objects.all())
            continue
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".", 1)
            wanted.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)


def assign_role(user, group_name):
    user.groups.add(Group.objects.get_or_create(name=group_name)[0])
    if group_name in (roles.TRIAGER, roles.MODERATOR, roles.ADMIN) and not user.is_staff:
        # Staff work happens in the Wagtail admin, which needs is_staff-independent access_admin;
        # is_staff additionally opens Django's admin for platform admins only.
        user.is_staff = group_name == roles.ADMIN
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("_group_names", None)
