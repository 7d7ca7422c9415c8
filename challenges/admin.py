from django.contrib import admin

from .models import Campaign, Challenge


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("title", "audience", "is_active")
    list_filter = ("audience", "is_active")
    prepopulated_fields = {"slug": ("title",)}


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ("title", "campaign", "opens_at", "closes_at")
    list_filter = ("campaign",)
    prepopulated_fields = {"slug": ("title",)}
