"""Privacy pages under /account/ (allauth keeps /accounts/)."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/download/", views.export, name="export"),
    path("delete/", views.delete_account, name="delete"),
    path("deleted/", views.deleted, name="deleted"),
]
