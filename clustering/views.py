"""GET /posts/similar.json: posts similar to what a person is writing (the duplicate check).

Open to everybody (only posts the requester may see are returned), rate limited like search.
"""

import logging

from django import forms
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from challenges.models import CampaignPage
from core.ratelimit import ratelimit
from ideas.models import Post
from ideas.status import Status

from . import services
from .services.similar import min_chars

logger = logging.getLogger(__name__)


class SimilarQueryForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200, required=False)
    body = forms.CharField(label=gettext_lazy("Description"), max_length=5000, required=False)
    campaign = forms.ModelChoiceField(queryset=CampaignPage.objects.none(), required=False)
    exclude = forms.ModelChoiceField(queryset=Post.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # An internal campaign or post the user may not see is "not a valid choice", exactly like
        # one that does not exist: the answer must not reveal that it exists.
        self.fields["campaign"].queryset = CampaignPage.objects.visible_to(user)
        self.fields["exclude"].queryset = Post.objects.visible_to(user)

    def text(self):
        data = self.cleaned_data
        return "\n".join(part for part in (data["title"], data["body"]) if part.strip())


@require_GET
@ratelimit("search", methods=("GET",))
def similar_json(request):
    form = SimilarQueryForm(request.GET, user=request.user)
    if not form.is_valid():
        errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
        return JsonResponse({"error": _("Invalid query."), "errors": errors}, status=400)
    text = form.text()
    if len(" ".join(text.split())) < min_chars():
        return JsonResponse({"results": []})
    exclude = form.cleaned_data["exclude"]
    try:
        results = services.similar_posts(
            text,
            request.user,
            campaign=form.cleaned_data["campaign"],
            exclude=[exclude.pk] if exclude else None,
        )
    except Exception:
        # The form works without suggestions; the script hides the box on an error.
        logger.exception("similar_posts failed")
        return JsonResponse({"error": _("Similar posts are not available right now.")}, status=503)
    response = JsonResponse({"results": [_result(r, request.user) for r in results]})
    response["Cache-Control"] = "private, no-store"
    return response


def _result(result, user):
    post = result.post
    return {
        "id": post.pk,
        "title": post.title,
        "url": post.get_absolute_url(),
        "score": round(result.score, 4),
        "status": post.status,
        "status_label": str(Status(post.status).label),
        "support_count": post.support_count,
        "language": post.language,
        "likely_duplicate": result.likely_duplicate,
        "can_support": user.is_authenticated and user.has_perm("ideas.support_post", post),
        "support_url": reverse("ideas:support", kwargs={"pk": post.pk}),
    }
