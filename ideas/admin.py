"""Django admin (platform admins only). Posts are read-only here except their wording: statuses,
answers and visibility change through ideas.services (Wagtail admin) so the timeline stays true."""

from django.contrib import admin

from .models import OfficialAnswer, Post, StatusChange


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = ("created_at", "old_status", "new_status", "changed_by", "administration", "message")
    readonly_fields = fields


class OfficialAnswerInline(ReadOnlyInline):
    model = OfficialAnswer
    fields = ("created_at", "administration", "author", "body")
    readonly_fields = fields


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "administration", "support_count", "is_hidden", "created_at")
    list_filter = ("status", "kind", "language", "is_hidden", "awaiting_moderation", "campaign")
    search_fields = ("title", "body")
    fields = (
        "title",
        "body",
        "suggestion",
        "kind",
        "language",
        "author",
        "procedure",
        "administration",
        "campaign",
        "challenge",
        "status",
        "duplicate_of",
        "is_hidden",
        "awaiting_moderation",
        "support_count",
        "answered_at",
    )
    readonly_fields = fields[3:]
    inlines = (StatusChangeInline, OfficialAnswerInline)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
