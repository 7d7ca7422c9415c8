"""Find procedures by the words of their title, ignoring case and accents.

Used by the search-as-you-type endpoint, the catalogue page and the no-JS fallback of the post
form, so that all three agree on what "matches" means.
"""

import unicodedata

from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Length

from .models import Procedure

MAX_WORDS = 8


def fold(text):
    """Lower-case `text`, strip accents, straighten apostrophes: "L’École" -> "l'ecole"."""
    decomposed = unicodedata.normalize("NFKD", (text or "").replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def search_procedures(query, queryset=None):
    """Procedures whose title contains every word of `query`.

    Procedure.objects.search does the matching in the database, but SQLite compares non-ASCII
    letters case-sensitively and never ignores accents, so "numero" would miss "numéro". The
    catalogue holds under a thousand titles, so they are also compared accent-free in Python.
    """
    queryset = Procedure.objects.all() if queryset is None else queryset
    words = fold(query).split()[:MAX_WORDS]
    if not words:
        return queryset.none()
    folded_ids = [
        pk
        for pk, title in queryset.values_list("pk", "title")
        if all(word in fold(title) for word in words)
    ]
    direct = queryset.search(query).values("pk")
    return queryset.filter(Q(pk__in=direct) | Q(pk__in=folded_ids))


def ranked(queryset, query):
    """Titles starting with the query first, then shorter (more general) titles first."""
    query = (query or "").strip()
    starts = Case(
        When(title__istartswith=query, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return queryset.order_by(starts, Length("title"), "title")


def exact_title_matches(query):
    """Procedures whose whole title equals `query`, ignoring case, accents and extra spaces."""
    wanted = " ".join(fold(query).split())
    if not wanted:
        return []
    return [p for p in search_procedures(query) if " ".join(fold(p.title).split()) == wanted]


def parent_procedures(procedure):
    """The catalogue pages above `procedure`, outermost first (those present in the database).

    A catalogue id is the page's path ("citoyens/famille/naissance/declaration"), so the parents
    are its prefixes; the first two parts (audience and theme) are not pages of their own.
    """
    parts = procedure.external_id.split("/")
    prefixes = ["/".join(parts[:end]) for end in range(2, len(parts))]
    by_id = {p.external_id: p for p in Procedure.objects.filter(external_id__in=prefixes)}
    return [by_id[prefix] for prefix in prefixes if prefix in by_id]
