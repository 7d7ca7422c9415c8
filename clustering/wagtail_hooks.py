"""The pipeline's staff pages in the Wagtail admin: the "Pain points" submenu with "Procedure
suggestions". Other apps add items to that submenu with the "register_pain_points_menu_item" hook
(the triage board does); the old cluster URLs redirect to the board."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import admin_views

urlpatterns = [
    path("", admin_views.ClusterIndexView.as_view(), name="clusters"),
    path("<int:pk>/", admin_views.ClusterDetailView.as_view(), name="cluster"),
    path("suggestions/", admin_views.SuggestionIndexView.as_view(), name="suggestions"),
    path(
        "suggestions/<int:pk>/",
        admin_views.PostProcedureView.as_view(),
        name="post_procedure",
    ),
]


@hooks.register("register_admin_urls")
def register_urls():
    return [path("clusters/", include((urlpatterns, "clustering_admin")))]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_view(request.user)


@hooks.register("register_admin_menu_item")
def register_menu():
    menu = Menu(
        register_hook_name="register_pain_points_menu_item",
        items=[
            StaffMenuItem(
                _("Procedure suggestions"),
                reverse("clustering_admin:suggestions"),
                icon_name="tasks",
                order=2,
            ),
        ],
    )
    return SubmenuMenuItem(_("Pain points"), menu, icon_name="group", order=120)
