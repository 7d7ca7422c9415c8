"""Translated Wagtail pages, served at their original URL in the visitor's language.

Editors translate a page with wagtail.contrib.simple_translation ("Translate"): the copy lives in
another locale, below the home page's translation that Wagtail places beside the home page. URLs
carry no language (no i18n_patterns), so every page is routed in the tree of the originals (the
default locale, settings.LANGUAGE_CODE) and shows the text of its live translation in the active
language when there is one, else its own.

Only text comes from a translation (`translated_fields`). Everything that decides behaviour (the
audience of a campaign, dates, who may post, the id that posts point to, the URL) stays the
original's, so a translator cannot open an internal campaign by editing its copy. Lists show each
page once: the originals, in the visitor's language (`in_visitor_language`).
"""

import copy

from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page
from wagtail.query import PageQuerySet


def default_language():
    """The language of the original pages (Wagtail's default locale)."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def active_language():
    try:
        return get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return default_language()


class TranslatedPageQuerySet(PageQuerySet):
    def originals(self):
        """Each page once: the default-locale original, never its translated copies."""
        return self.filter(locale__language_code=default_language())

    def original_of(self, pk):
        """The original of page `pk`, whether `pk` is that original or one of its translations
        (restrict to originals first: `.originals().original_of(pk)`)."""
        return self.filter(translation_key__in=Page.objects.filter(pk=pk).values("translation_key"))


def live_translations(pages, language):
    """{translation_key: page} of the live translations of `pages` written in `language`.
    Aliases are left out: an alias is a synchronised copy of the original, not a translation."""
    return {
        page.translation_key: page
        for page in Page.objects.live()
        .filter(
            translation_key__in=[page.translation_key for page in pages],
            locale__language_code=language,
            alias_of__isnull=True,
        )
        .specific()
    }


def _shown(page, text_source, language):
    shown = copy.copy(page)  # Django copies the instance's state: caches are not shared
    if text_source is not page:
        for name in page.translated_fields:
            setattr(shown, name, getattr(text_source, name))
    shown.text_source = text_source
    shown.content_language = language
    return shown


def in_visitor_language(pages):
    """`pages` (originals) as the visitor reads them: copies carrying the text of each page's
    live translation in the active language when there is one. Ids, URLs and rules stay the
    original's. One query for the whole list."""
    pages = list(pages)
    original_language, language = default_language(), active_language()
    translations = {}
    if pages and language != original_language:
        translations = live_translations(pages, language)
    shown = []
    for page in pages:
        translated = translations.get(page.translation_key)
        if isinstance(translated, type(page)):
            shown.append(_shown(page, translated, language))
        else:
            shown.append(_shown(page, page, original_language))
    return shown


class TranslatedContentMixin:
    """For page models: serve the text of the visitor's translation at the original's URL."""

    #: The fields a translation may change; the rest always comes from the original.
    translated_fields = ("title", "seo_title", "search_description")

    @property
    def lang_attribute(self):
        """` lang="xx"` for an element holding this page's text when it is not in the language
        of the interface around it (templates: `<h1{{ page.lang_attribute }}>`)."""
        language = getattr(self, "content_language", None) or self.locale.language_code
        return "" if language == active_language() else format_html(' lang="{}"', language)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):
            # An editor previews this very revision (maybe a translation's draft): show it as is.
            shown = _shown(self, self, self.locale.language_code)
        else:
            [shown] = in_visitor_language([self])
        context["page"] = context["self"] = shown
        return context
