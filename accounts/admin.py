from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class PlatformUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (
        ("Public", {"fields": ("public_name", "preferred_language")}),
    )
    list_display = ("username", "email", "public_name", "is_staff")
    search_fields = ("username", "email", "public_name")
