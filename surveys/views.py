"""Survey pages (served by SurveyPage.serve), their results, and the procedure satisfaction form.

Thin: permissions here, rules in SurveyPage and surveys/services.py."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from core.antispam import check_bot_signals
from core.ratelimit import is_limited, too_many_requests
from procedures.models import Procedure

from .models import SurveyPage
from .results import chart_data, survey_results
from .services import SurveyRefused, record_satisfaction, submit_survey
from .text_groups import group_texts

COOKIE_SALT = "surveys.answered"
COOKIE_MAX_AGE = 365 * 24 * 3600


def _cookie_name(page):
    return f"survey_{page.pk}"


def answered_in_browser(request, page):
    value = request.get_signed_cookie(_cookie_name(page), default=None, salt=COOKIE_SALT)
    return value == str(page.pk)


def _already_answered(request, page):
    if page.is_anonymous:
        return answered_in_browser(request, page)
    user = request.user
    return user.is_authenticated and page.get_submissions().filter(user=user).exists()


def serve_survey(page, request):
    user = request.user
    refusal = page.answering_refusal(user)
    answered = _already_answered(request, page)
    form = None
    if request.method == "POST":
        if is_limited(request, "survey"):
            return too_many_requests(request)
        if refusal or answered:
            messages.error(request, refusal or _("You have already answered this survey."))
            return redirect(page.url)
        bot = check_bot_signals(request, request.POST)
        form = page.get_form(request.POST, page=page, user=user)
        if bot:
            form.add_error(None, bot)
        elif form.is_valid():
            try:
                submission = submit_survey(page, user, form.cleaned_data)
            except SurveyRefused as refused:
                messages.error(request, str(refused))
                return redirect(page.url)
            response = TemplateResponse(
                request,
                page.landing_page_template,
                {"page": page, "self": page, "form_submission": submission},
            )
            if page.is_anonymous:
                response.set_signed_cookie(
                    _cookie_name(page),
                    str(page.pk),
                    salt=COOKIE_SALT,
                    max_age=COOKIE_MAX_AGE,
                    httponly=True,
                    samesite="Lax",
                    secure=request.is_secure(),
                )
            return response
    elif not refusal and not answered:
        form = page.get_form(page=page, user=user)
    context = {
        "page": page,
        "self": page,
        "campaign": page.campaign,
        "form": form,
        "refusal": refusal,
        "answered": answered,
        "results_visible": page.results_visible_to(user),
    }
    return TemplateResponse(request, page.template, context)


@require_GET
def survey_results_view(request, page_id):
    page = get_object_or_404(SurveyPage.objects.live().specific(), pk=page_id)
    if not page.is_visible_to(request.user):
        raise Http404
    if not page.results_visible_to(request.user):
        raise Http404
    is_owner = page.is_owned_by(request.user)
    results = survey_results(page, with_texts=is_owner)
    grouped = is_owner and request.GET.get("group") == "1"
    if grouped:
        for question in results["questions"]:
            if question["kind"] == "text":
                question["groups"] = group_texts(question["texts"])
    context = {
        "page": page,
        "results": results,
        "chart": chart_data(results),
        "is_owner": is_owner,
        "grouped": grouped,
    }
    return TemplateResponse(request, "surveys/survey_results.html", context)


class SatisfactionForm(forms.Form):
    ease = forms.TypedChoiceField(
        label=gettext_lazy("How easy was it? (1 = very hard, 5 = very easy)"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    hardest = forms.CharField(
        label=gettext_lazy("What was hardest?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@login_required
@require_POST
def satisfaction_view(request, slug):
    procedure = get_object_or_404(Procedure, slug=slug)
    if is_limited(request, "survey"):
        return too_many_requests(request)
    form = SatisfactionForm(request.POST)
    if form.is_valid():
        record_satisfaction(
            procedure, request.user, form.cleaned_data["ease"], form.cleaned_data["hardest"]
        )
        messages.success(request, _("Thank you: your answer was saved."))
    else:
        messages.error(request, _("Please choose how easy it was, from 1 to 5."))
    return redirect(procedure.get_absolute_url())
