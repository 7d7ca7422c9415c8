"""The "Moderation" menu of the Wagtail admin (moderators and platform admins only)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import admin_views, queue

urlpatterns = [
    path("", admin_views.QueueView.as_view(), name="queue"),
    path("log/", admin_views.DecisionLogView.as_view(), name="log"),
    path("people/<int:pk>/", admin_views.BanView.as_view(), name="ban"),
    path("<str:kind>/<int:pk>/", admin_views.ItemView.as_view(), name="item"),
    path(
        "<str:kind>/<int:pk>/<str:action>/",
        admin_views.ItemActionView.as_view(),
        name="item_action",
    ),
]


@hooks.register("register_admin_urls")
def register_urls():
    return [path("moderation/", include((urlpatterns, "moderation_admin")))]


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_moderate(request.user)


class ModerationMenu(SubmenuMenuItem):
    def is_shown(self, request):
        return admin_views.may_moderate(request.user)


@hooks.register("register_admin_menu_item")
def register_menu():
    queue_url = reverse("moderation_admin:queue")
    items = [
        ModeratorMenuItem(label, f"{queue_url}?tab={tab}", icon_name="warning", order=index)
        for index, (tab, label) in enumerate(queue.TABS.items())
    ]
    items.append(
        ModeratorMenuItem(
            _("Decision log"), reverse("moderation_admin:log"), icon_name="history", order=10
        )
    )
    return ModerationMenu(_("Moderation"), Menu(items=items), icon_name="warning", order=115)
