"""The post submission form: procedure, kind, problem, suggestion, language, optional challenge."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from challenges.models import CampaignPage, ChallengePage
from core.antispam import AntiSpamFormMixin
from core.language import detect_language
from procedures.models import Procedure
from procedures.search import exact_title_matches, fold, ranked, search_procedures

from .models import LANGUAGE_CHOICES, Post

MAX_CANDIDATES = 8


def challenge_for(pk, user):
    """The live challenge `pk` that `user` may post to now, or ValidationError saying why not."""
    return _postable_page(ChallengePage, pk, user, _("This challenge does not exist."))


def campaign_for(pk, user):
    """The live campaign `pk` that `user` may post to, or ValidationError saying why not."""
    return _postable_page(CampaignPage, pk, user, _("This campaign does not exist."))


def _postable_page(page_model, pk, user, missing):
    # Pages the user may not see "do not exist": outsiders must not learn of internal spaces.
    # visible_to() holds originals only: the id of a translated copy finds its original.
    page = page_model.objects.live().visible_to(user).original_of(pk).first()
    if page is None:
        raise ValidationError(missing)
    refusal = page.posting_refusal(user)
    if refusal:
        raise ValidationError(refusal)
    return page


def page_id_field(unknown):
    """A hidden page id; anything that cannot be one is simply a page that does not exist."""
    messages = {"invalid": unknown, "min_value": unknown, "max_value": unknown}
    return forms.IntegerField(
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        error_messages=messages,
        widget=forms.HiddenInput,
    )


class PostForm(AntiSpamFormMixin, forms.Form):
    """Also carries the anti-spam honeypot and timestamp (core.antispam), through the preview."""

    # Step 1: which procedure, and what kind of post.
    procedure_query = forms.CharField(
        label=_("Procedure"),
        required=False,
        max_length=500,
        help_text=_("Type at least two letters of its name, then choose it from the list."),
        widget=forms.TextInput(
            attrs={
                "role": "combobox",
                "aria-autocomplete": "list",
                "aria-expanded": "false",
                "aria-controls": "procedure-listbox",
                "autocomplete": "off",
                "spellcheck": "false",
            }
        ),
    )
    # Filled by the search-as-you-type script; only trusted if it still matches the text above.
    procedure = forms.ModelChoiceField(
        queryset=Procedure.objects.all(), required=False, widget=forms.HiddenInput
    )
    # Radio buttons offered when the typed text matched several procedures (no-JS fallback).
    procedure_choice = forms.ModelChoiceField(
        queryset=Procedure.objects.all(),
        required=False,
        widget=forms.RadioSelect,
        label=_("Matching procedures"),
    )
    procedure_unknown = forms.BooleanField(
        required=False, label=_("I don't know the procedure, or it is not listed")
    )
    kind = forms.ChoiceField(
        label=_("What do you want to share?"),
        choices=Post.Kind.choices,
        initial=Post.Kind.PAIN_POINT,
        widget=forms.RadioSelect,
    )
    # Step 2: the problem.
    title = forms.CharField(
        label=_("Title"),
        min_length=10,
        max_length=200,
        help_text=_("One sentence that sums it up (10 to 200 characters)."),
    )
    body = forms.CharField(
        label=_("What is the problem?"),
        min_length=30,
        max_length=5000,
        help_text=_("What did you try to do, and what made it hard? (30 to 5000 characters)"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    # Step 3: the simplification.
    suggestion = forms.CharField(
        label=_("How could it be simpler?"),
        required=False,
        max_length=5000,
        help_text=_("Your idea for a simpler way (up to 5000 characters)."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    language = forms.ChoiceField(
        label=_("Language of your post"),
        required=False,
        help_text=_("Leave “Detect automatically” and we guess it from your text."),
        choices=[("", _("Detect automatically")), *LANGUAGE_CHOICES],
    )
    # Where the post goes (ids of Wagtail pages); empty: the general public platform.
    challenge = page_id_field(_("This challenge does not exist."))
    campaign = page_id_field(_("This campaign does not exist."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.candidates = []  # procedures offered as radio buttons after an ambiguous text
        self.language_detected = False

    @property
    def text_steps(self):
        """Steps 2 and 3 as (legend, bound fields); the template renders them alike."""
        return [
            (_("Step 2 of 3: Describe the problem"), [self["title"], self["body"]]),
            (_("Step 3 of 3: Suggest a simplification"), [self["suggestion"], self["language"]]),
        ]

    def clean_challenge(self):
        pk = self.cleaned_data.get("challenge")
        return challenge_for(pk, self.user) if pk else None

    def clean_campaign(self):
        pk = self.cleaned_data.get("campaign")
        return campaign_for(pk, self.user) if pk else None

    def clean(self):
        data = super().clean()
        data["procedure"] = self._resolve_procedure(data)
        if data.get("challenge") is not None:
            data["campaign"] = data["challenge"].campaign
        if data["procedure"] is not None:
            data["procedure_query"] = data["procedure"].title
        if not data.get("language") and data.get("title") and data.get("body"):
            text = f"{data['title']} {data['body']} {data.get('suggestion', '')}"
            data["language"] = detect_language(text)
            self.language_detected = True
        return data

    def _resolve_procedure(self, data):
        if data.get("procedure_unknown"):
            return None
        if data.get("procedure_choice"):
            return data["procedure_choice"]
        query = " ".join((data.get("procedure_query") or "").split())
        chosen = data.get("procedure")
        # The hidden id counts only while the text still names it (the user may have retyped).
        if chosen is not None and fold(chosen.title).split() == fold(query).split():
            return chosen
        if not query:
            self.add_error(
                "procedure_query",
                _(
                    "Choose the procedure, or tick “I don't know the procedure, "
                    "or it is not listed”."
                ),
            )
            return None
        exact = exact_title_matches(query)
        if len(exact) == 1:
            return exact[0]
        self.candidates = list(ranked(search_procedures(query), query)[:MAX_CANDIDATES])
        if self.candidates:
            message = _("Several procedures match “%(text)s”. Choose one of them below.")
        else:
            message = _(
                "No procedure matches “%(text)s”. Try other words, or tick “I don't know the "
                "procedure, or it is not listed”."
            )
        self.add_error("procedure_query", ValidationError(message, params={"text": query}))
        return None

    def carried_values(self):
        """The cleaned values as strings, for the preview's hidden fields (nothing gets lost)."""
        data = self.cleaned_data
        return {
            "procedure": data["procedure"].pk if data["procedure"] else "",
            "procedure_query": data.get("procedure_query", ""),
            "procedure_unknown": "on" if data.get("procedure_unknown") else "",
            "kind": data["kind"],
            "title": data["title"],
            "body": data["body"],
            "suggestion": data.get("suggestion", ""),
            "language": data["language"],
            "challenge": data["challenge"].pk if data.get("challenge") else "",
            "campaign": data["campaign"].pk if data.get("campaign") else "",
            **self.bot_check_values(),
        }

    def unsaved_post(self):
        """A Post built from the form, not saved, so the preview renders it like a real one."""
        data = self.cleaned_data
        return Post(
            author=self.user,
            kind=data["kind"],
            title=data["title"],
            body=data["body"],
            suggestion=data.get("suggestion", ""),
            language=data["language"],
            procedure=data["procedure"],
            administration=data["procedure"].responsible_administration
            if data["procedure"]
            else None,
            challenge=data.get("challenge"),
            campaign=data.get("campaign"),
        )
