"""The triage board in the Wagtail admin: its URLs and its item in the "Pain points" submenu
(declared by clustering/wagtail_hooks.py), shown to users with "triage.use_board"."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views.actions import ClusterActionView
from .admin_views.board import BoardView
from .admin_views.cluster import ClusterView
from .admin_views.exports import CsvExportView, XlsxExportView

urlpatterns = [
    path("", BoardView.as_view(), name="board"),
    path("clusters/<int:pk>/", ClusterView.as_view(), name="cluster"),
    path("clusters/<int:pk>/<slug:action>/", ClusterActionView.as_view(), name="act"),
    path("export/queue.csv", CsvExportView.as_view(), name="export_csv"),
    path("export/queue.xlsx", XlsxExportView.as_view(), name="export_xlsx"),
]


@hooks.register("register_admin_urls")
def register_urls():
    return [path("triage/", include((urlpatterns, "triage_admin")))]


class BoardMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("triage.use_board")


@hooks.register("register_pain_points_menu_item")
def register_board_menu_item():
    return BoardMenuItem(
        _("Triage board"), reverse("triage_admin:board"), icon_name="group", order=1
    )
