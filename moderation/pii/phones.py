"""Phone numbers of Luxembourg and of the neighbouring countries people commute from.

Three shapes, from the most to the least certain:
- international: +352 / 00352 (also +33, +49, +32, ...) followed by 5 to 12 digits;
- a Luxembourg mobile (6x1 / 6x8 then 6 digits: "621 123 456", "691 12 34 56"), or a
  national number with a trunk 0 (FR "06 12 34 56 78", BE "0470 12 34 56", DE "0651 1234567");
- any other group of 6 to 11 digits (Luxembourg landlines have 6 to 8: "26 31 45 78",
  "44 55 66") only right after a word that announces a phone number ("Tel.", "Handy", "call").
Amounts, percentages, dates and times are never phone numbers."""

import re

from .context import preceded_by, words_pattern
from .finding import Finding

SEP = r"[ .\-/]?"
COUNTRY_CODES = r"352|33|49|32|31|41|43|39|34|351|44|48|353"
INTERNATIONAL = re.compile(
    rf"(?<![\w+])(?:\+|00)\s?(?:{COUNTRY_CODES})(?:\s?\(0\))?(?:{SEP}\d){{5,12}}(?!\d)"
)
# (?<!\d ): a phone number does not start in the middle of a run of digit groups.
LU_MOBILE = re.compile(rf"(?<![\w.,/-])(?<!\d )6[2-9][18](?:{SEP}\d){{6}}(?![\w/]|[.,]\d)")
TRUNK = re.compile(rf"(?<![\w.,/+-])(?<!\d )0[1-9](?:{SEP}\d){{7,10}}(?![\w/]|[.,]\d)")
LOCAL = re.compile(rf"(?<![\w.,/+-])(?<!\d )\d{{2,4}}(?:{SEP}\d){{2,8}}(?![\w/]|[.,]\d)")
ANNOUNCING = words_pattern(
    [
        r"t[ée]l(?:[ée]phone|efon|\.|:|\b)",
        r"phone",
        r"handy",
        r"gsm",
        r"mobil",
        r"portable",
        r"fax",
        r"call",
        r"appel",
        r"joign",
        r"joindre",
        r"erreich",
        r"erreech",
        r"kritt mech",
        r"ruf",
        r"reach",
        r"contact",
        r"kontakt",
    ]
)
# What follows a number that is something else: money, units, times, years and percentages.
NOT_A_PHONE_AFTER = re.compile(
    r"\s?(?:€|eur|euros?|%|km|m\b|h\b|uhr|auer|heures?|minutes?|min|jahre|ans|years?|habitants|"
    r"einwohner|awunner|residents|:\d)",
    re.IGNORECASE,
)
# "01.02.2023 12:00": a date, then a time. (FR "06.12.34.56.78" has no 4-digit year.)
DATE_LIKE = re.compile(r"\d{1,2}[./-]\d{1,2}[./-](?:19|20)\d\d(?!\d)")


def _digits(value):
    return sum(char.isdigit() for char in value)


def _plausible(text, match):
    value = match.group().strip()
    if NOT_A_PHONE_AFTER.match(text, match.end()) or DATE_LIKE.match(value):
        return False
    return True


def find(text):
    taken = []
    for pattern in (INTERNATIONAL, LU_MOBILE, TRUNK):
        for match in pattern.finditer(text):
            if _plausible(text, match) and not _inside(taken, match):
                taken.append(match.span())
    for match in LOCAL.finditer(text):
        digits = _digits(match.group())
        if (
            6 <= digits <= 11
            and _plausible(text, match)
            and not _inside(taken, match)
            and preceded_by(ANNOUNCING, text, match.start(), 30)
        ):
            taken.append(match.span())
    return [Finding("phone", start, end) for start, end in taken]


def _inside(spans, match):
    return any(start < match.end() and match.start() < end for start, end in spans)
