"""Posts in the Wagtail admin: a listing for staff plus the "Answer / change status" view.

Staff never edit a post's status through a generic form: the status must change through
ideas.services so that the public timeline records it. Platform admins may only fix the wording
of a post (title, body, suggestion) for moderation.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .admin_views import (
    PostApproveView,
    PostDecisionView,
    PostFilterSet,
    PostIndexView,
    PostInspectView,
    PostVisibilityView,
)
from .models import Post

NEVER_FROM_ADMIN = {"add", "delete"}


class PostPermissionPolicy(ModelPermissionPolicy):
    """Posts are created by citizens and never deleted from the admin, whatever the groups say."""

    def user_has_permission(self, user, action):
        return action not in NEVER_FROM_ADMIN and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(set(actions) - NEVER_FROM_ADMIN)


# Must be registered before any view asks for the policy (Wagtail would create a fallback one).
register_permission_policy(Post, PostPermissionPolicy(Post))


class PostViewSet(ModelViewSet):
    model = Post
    icon = "comment"
    menu_label = _("Posts")
    menu_order = 110
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = PostIndexView
    inspect_view_class = PostInspectView
    filterset_class = PostFilterSet
    search_fields = ["title", "body"]
    search_backend_name = None  # plain ORM search: posts are not in Wagtail's search index
    ordering = "-created_at"
    list_display = [
        "title",
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        "administration",
        "procedure",
        Column("support_count", label=_("Supports"), sort_key="support_count"),
        BooleanColumn(
            "awaiting_moderation", label=_("Awaiting moderation"), sort_key="awaiting_moderation"
        ),
        "language",
        DateColumn("created_at", label=_("Created"), sort_key="created_at"),
    ]
    list_export = ["pk", "title", "status", "administration", "procedure", "support_count"]
    inspect_view_fields = [
        "title",
        "kind",
        "status",
        "body",
        "suggestion",
        "language",
        "procedure",
        "administration",
        "campaign",
        "challenge",
        "duplicate_of",
        "is_hidden",
        "hidden_reason",
        "awaiting_moderation",
        "support_count",
        "answered_at",
        "created_at",
    ]
    # Only reachable by users with ideas.change_post (platform admins): wording fixes only.
    form_fields = ["title", "body", "suggestion"]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(decide_url_name=self.get_url_name("decide"), **kwargs)

    def get_urlpatterns(self):
        decide_view = PostDecisionView.as_view(
            index_url_name=self.get_url_name("index"),
            inspect_url_name=self.get_url_name("inspect"),
            visibility_url_name=self.get_url_name("visibility"),
            approve_url_name=self.get_url_name("approve"),
        )
        visibility_view = PostVisibilityView.as_view(decide_url_name=self.get_url_name("decide"))
        approve_view = PostApproveView.as_view(decide_url_name=self.get_url_name("decide"))
        return super().get_urlpatterns() + [
            path("answer/<int:pk>/", decide_view, name="decide"),
            path("visibility/<int:pk>/", visibility_view, name="visibility"),
            path("approve/<int:pk>/", approve_view, name="approve"),
        ]


@hooks.register("register_admin_viewset")
def register_post_viewset():
    return PostViewSet("staff_posts", url_prefix="posts")
