"""“My notifications”: what happened to the posts a person wrote, supports or follows."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

PER_PAGE = 20


@login_required
def notification_list(request):
    notifications = request.user.notifications.select_related("post")
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page_obj": page, "unread_count": notifications.unread().count()},
    )


@login_required
@require_POST
def mark_all_read(request):
    request.user.notifications.mark_read()
    return redirect("notifications:list")
