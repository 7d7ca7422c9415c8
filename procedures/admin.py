from django.contrib import admin

from .models import Administration, Procedure


@admin.register(Administration)
class AdministrationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("members",)


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ("title", "theme", "language")
    list_filter = ("theme", "language")
    search_fields = ("title", "external_id")
    filter_horizontal = ("administrations",)
