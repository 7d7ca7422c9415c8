def site_roles(request):
    """Expose what the navigation needs to know about the current user's roles."""
    user = request.user
    if not user.is_authenticated:
        return {"can_use_admin": False}
    return {"can_use_admin": user.is_superuser or user.has_perm("wagtailadmin.access_admin")}
