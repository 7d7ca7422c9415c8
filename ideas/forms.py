"""The post submission form: procedure, kind, problem, suggestion, language, optional challenge."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from challenges.models import Challenge
from core.language import detect_language
from procedures.models import Procedure
from procedures.search import exact_title_matches, fold, ranked, search_procedures

from .models import LANGUAGE_CHOICES, Post

MAX_CANDIDATES = 8


def challenge_for(slug, user):
    """The open challenge `slug` that `user` may post to, or ValidationError saying why not."""
    challenge = Challenge.objects.select_related("campaign").filter(slug=slug).first()
    if challenge is None:
        raise ValidationError(_("This challenge does not exist."))
    if not challenge.is_open():
        raise ValidationError(_("This challenge is closed for new ideas."))
    if challenge.campaign.is_internal and not (user.is_civil_servant or user.is_moderator):
        raise ValidationError(_("This challenge is open to civil servants only."))
    return challenge


class PostForm(forms.Form):
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
    challenge = forms.SlugField(required=False, widget=forms.HiddenInput)

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
        slug = self.cleaned_data.get("challenge")
        return challenge_for(slug, self.user) if slug else None

    def clean(self):
        data = super().clean()
        data["procedure"] = self._resolve_procedure(data)
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
            "challenge": data["challenge"].slug if data.get("challenge") else "",
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
        )
