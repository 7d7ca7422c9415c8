"""Public side of moderation: the report form (posts and comments) and the page a hidden post's
URL shows instead of the post."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.ratelimit import is_limited
from ideas.models import Post

from .forms import ReportForm
from .services import reports


def target_url(target, user):
    post = reports.visible_post_of(target, user)
    if post is None:
        return "/"
    if isinstance(target, Post):
        return post.get_absolute_url()
    return f"{post.get_absolute_url()}#c{target.pk}"


def report(request, kind, pk):
    """GET: the form (reason + explanation); POST: record the report, back to the item."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    target = reports.reportable(kind, pk, request.user)
    if target is None:
        raise Http404(_("This does not exist or is not public."))
    back = target_url(target, request.user)
    context = {"target": target, "kind": reports.kind_of(target), "back": back}
    refusal = reports.refusal(target, request.user)
    if refusal:
        return render(request, "moderation/report_form.html", {**context, "refusal": refusal})
    form = ReportForm(request.POST if request.method == "POST" else None, label_suffix="")
    if request.method == "POST":
        if is_limited(request, "report"):
            message = _("You sent many reports in a short time. Please wait and try again.")
            return render(request, "429.html", {"message": message}, status=429)
        if form.is_valid():
            try:
                reports.report(target, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Thank you: the moderators will review your report."))
                return redirect(back)
    status = 400 if form.errors else 200
    return render(request, "moderation/report_form.html", {**context, "form": form}, status=status)


def hidden_post(request, post):
    """The tombstone of a post hidden by moderation: no user text at all, only the public
    reason (none after a rejection). 410 Gone: the post existed and was removed."""
    return render(request, "moderation/post_hidden.html", {"post": post}, status=410)
