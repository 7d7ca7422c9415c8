from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy

from clustering.models import Cluster

from ..queries import queue_for


def check_board_access(user):
    """Wagtail turns PermissionDenied into its "no permission" answer (redirect + message)."""
    if not user.has_perm("triage.use_board"):
        raise PermissionDenied


def cluster_and_posts(user, pk):
    """The cluster and its posts in the user's queue; 404 when the user has none of them, so a
    cluster of another team is not even known to exist."""
    cluster = get_object_or_404(Cluster, pk=pk)
    posts = queue_for(user).filter(cluster_membership__cluster=cluster)
    if not posts.exists():
        raise Http404
    return cluster, posts


class TriageViewMixin:
    """For WagtailAdminTemplateMixin views: access check and breadcrumbs under the board."""

    header_icon = "group"
    on_board = True  # breadcrumbs: board > this page

    def dispatch(self, request, *args, **kwargs):
        check_board_access(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        if self.on_board:
            items.append({"url": reverse("triage_admin:board"), "label": BOARD_TITLE})
        return items + [{"url": "", "label": self.get_page_title()}]


BOARD_TITLE = gettext_lazy("Triage board")
