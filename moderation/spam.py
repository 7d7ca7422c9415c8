"""Spam signals in user text: how many links it contains (posts and comments with more than
MODERATION_MAX_LINKS are held for moderation, moderation.screening.too_many_links).

Form-side bot checks (honeypot, minimum time to fill a form) live in core/antispam.py.
"""

import re

# Top-level domains that count in a bare domain ("spam.example.com/offer" without http or www).
# A short list on purpose: it must not turn "modèle 100.1", "z.B.", "formulaire.pdf" or a
# missing space after a full stop into links. Spam mostly uses these; shorteners are included.
BARE_DOMAIN_TLDS = (
    "com net org info biz eu lu fr de be nl ch at uk io co ly gl me tv cc ws pw "
    "ru cn xyz top online site shop store club app dev icu vip live link click tk ml ga cf gq"
).split()

_SCHEME_URL = r"\b(?i:https?|ftp)://[^\s<>\"']+"
_WWW_URL = r"(?<![\w.@/-])(?i:www)\.[^\s<>\"']+"
# Lower-case only: a capital after a full stop ("...fin.De plus") is a typo, not a domain.
_BARE_DOMAIN = (
    r"(?<![\w.@/-])(?:[a-z0-9][a-z0-9-]*\.)+(?:" + "|".join(BARE_DOMAIN_TLDS) + r")"
    r"(?![\w-])(?:/[^\s<>\"']*)?"
)
LINK = re.compile("|".join((_SCHEME_URL, _WWW_URL, _BARE_DOMAIN)))


def find_links(text):
    """The links in `text`, as written (each URL once, even if it also contains a domain)."""
    return LINK.findall(text or "")


def count_links(text):
    return len(find_links(text))
