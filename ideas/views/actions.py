"""POST-only actions on one post: support, follow, publish the official answer.

Views stay thin: they find the post the user may see, call ideas.services, and answer with a
redirect (normal form posts) or JSON (scripts that accept JSON only).
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.ratelimit import ratelimit
from ideas import services
from ideas.forms_answer import AnswerForm
from ideas.models import Follow, Post, Support

from .browse import detail_context, visible_post


def wants_json(request):
    return request.accepts("application/json") and not request.accepts("text/html")


def login_for_post(view):
    """Send anonymous users to sign in, then back to the post page (not to this POST URL)."""

    @wraps(view)
    def wrapped(request, pk, *args, **kwargs):
        if not request.user.is_authenticated:
            if wants_json(request):
                return JsonResponse({"error": _("Please sign in first.")}, status=401)
            return redirect_to_login(reverse("ideas:detail", kwargs={"pk": pk}))
        return view(request, pk, *args, **kwargs)

    return wrapped


def forbidden(request, error):
    if wants_json(request):
        return JsonResponse({"error": str(error)}, status=403)
    raise error


def toggle(request, post, change, message, state):
    """Shared tail of support/follow: apply `change`, then answer as JSON or redirect.

    `change()` returns whether anything changed; `state()` the JSON body after the change.
    """
    try:
        changed = change()
    except PermissionDenied as error:
        return forbidden(request, error)
    if wants_json(request):
        return JsonResponse(state())
    if changed:
        messages.success(request, message)
    return redirect(post)


@require_POST
@login_for_post
@ratelimit("support")
def support(request, pk):
    post, user = visible_post(request, pk), request.user
    if request.POST.get("action", "add") == "withdraw":
        change, message = services.withdraw_support, _("Your support was withdrawn.")
    else:
        change, message = services.add_support, _("Thank you, your support is counted.")

    def state():
        return {
            "supported": Support.objects.filter(post=post, user=user).exists(),
            "count": Post.objects.values_list("support_count", flat=True).get(pk=post.pk),
        }

    return toggle(request, post, lambda: change(post, user), message, state)


@require_POST
@login_for_post
@ratelimit("support")
def follow(request, pk):
    post, user = visible_post(request, pk), request.user
    if request.POST.get("action", "follow") == "unfollow":
        change, message = services.unfollow, _("You no longer follow this post.")
    else:
        change, message = services.follow, _("You will be notified when this post changes.")

    def state():
        return {"following": Follow.objects.filter(post=post, user=user).exists()}

    return toggle(request, post, lambda: change(post, user), message, state)


@require_POST
@login_for_post
@ratelimit("answer")
def answer(request, pk):
    post = visible_post(request, pk)
    if not request.user.has_perm("ideas.answer_post_object", post):
        raise PermissionDenied(_("Only the administration in charge can answer this post."))
    form = AnswerForm(post, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.publish_answer(
                post,
                by=request.user,
                body=data["body"],
                new_status=data["new_status"] or None,
                duplicate_of=data.get("duplicate_post"),
                notify=True,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The official answer is published."))
            return redirect(post)
    post = visible_post(request, pk)
    context = detail_context(request, post, answer_form=form)
    return render(request, "ideas/post_detail.html", context, status=400)
