"""“My notifications”: what happened to the posts a person wrote, supports or follows; which
of them are e-mailed; and the unsubscribe link of the e-mails."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import preferences
from .forms import NotificationSettingsForm
from .models import NotificationSettings

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


@login_required
def notification_settings(request):
    # Not `request.POST or None`: unticking every box posts no field, and must save.
    data = request.POST if request.method == "POST" else None
    form = NotificationSettingsForm(
        data, instance=NotificationSettings.of(request.user), label_suffix=""
    )
    if request.method == "POST" and form.is_valid():
        preferences.save_settings(request.user, **form.cleaned_data)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


@csrf_exempt  # RFC 8058: mail programs POST here without a form; the signed token is the proof
@never_cache
def unsubscribe(request, token):
    """GET asks (mail scanners follow links: nothing changes); POST stops the e-mails."""
    try:
        user, kind = preferences.read_unsubscribe_token(token)
    except preferences.BadUnsubscribeToken:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    context = {"what": preferences.kind_label(kind), "everything": kind == preferences.ALL}
    if request.method == "POST":
        preferences.unsubscribe(user, kind)
        return render(request, "notifications/unsubscribed.html", context)
    return render(request, "notifications/unsubscribe.html", context)
