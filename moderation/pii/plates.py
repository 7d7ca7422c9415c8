"""Vehicle licence plates. Conservative: a Luxembourg plate shape "AB 1234" (two capitals and
four digits) counts on its own; the other shapes (Luxembourg "AB 123", "12345", French
"AB-123-CD", German "TR-AB 123", Belgian "1-ABC-234") only right after a word that says it is a
plate ("plaque", "immatriculé", "Kennzeichen", "Nummerplack", "licence plate"...)."""

import re

from .context import words_pattern
from .finding import Finding

END = r"(?![\w/-]|[.,]\d)"
LU_SHAPE = re.compile(rf"(?<![\w-])[A-Z]{{2}} ?\d{{4}}{END}")
# Two-letter words and abbreviations written in capitals before a year or a number.
NOT_PLATE_LETTERS = {
    "AM", "AN", "AT", "AU", "BY", "DE", "DU", "EN", "ET", "EU", "IM", "IN", "IS", "IT", "LA",
    "LE", "NO", "NR", "OF", "ON", "OR", "PM", "SO", "TO", "UE", "UM", "US", "ZU",
}  # fmt: skip
ANY_PLATE = re.compile(
    r"(?<![\w-])(?:"
    r"[A-Z]{2}-\d{3}-[A-Z]{2}"  # France (SIV)
    r"|\d-[A-Z]{3}-\d{3}"  # Belgium
    r"|[A-ZÄÖÜ]{1,3}[- ][A-Z]{1,2} ?\d{1,4}[EH]?"  # Germany
    r"|[A-Z]{1,2} ?\d{3,4}"  # Luxembourg
    r"|(?!(?:19|20)\d\d\b)\d{4,6}"  # Luxembourg, old numeric plates (not a year)
    rf"){END}"
)
PLATE_WORD = words_pattern(
    [
        r"plaques?",
        r"immatricul\w*",
        r"kennze[iy]?chen",
        r"kennzeechen",
        r"nummerplack",
        r"plack",
        r"nummernschild",
        r"autoschild",
        r"(?:licen[cs]e |number |registration )?plates?",
        r"registration number",
    ]
)


def find(text):
    spans = set()
    for match in LU_SHAPE.finditer(text):
        if match.group()[:2] not in NOT_PLATE_LETTERS:
            spans.add(match.span())
    for word in PLATE_WORD.finditer(text):
        # The plate follows its word closely: "immatriculée AB 1234", "Kennzeichen: TR-AB 12".
        plate = ANY_PLATE.search(text, word.end(), word.end() + 25)
        if plate and not text[word.end() : plate.start()].strip(" :«»\"'(").count(" ") > 2:
            spans.add(plate.span())
    return [Finding("licence_plate", start, end) for start, end in sorted(spans)]
