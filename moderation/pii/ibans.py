"""IBANs (ISO 13616): country code, two check digits, the national account number; written
compact or in groups of four. Validated with the mod-97 check, so "LU12 3456" shapes in
reference numbers do not count, unless the word IBAN stands right before (a mistyped IBAN is
still someone's account)."""

import re

from .checksums import iban_is_valid
from .context import preceded_by, words_pattern
from .finding import Finding

# Lengths of the IBANs of the countries people here bank in (SEPA); others: 15..34.
LENGTHS = {
    "AT": 20, "BE": 16, "CH": 21, "DE": 22, "DK": 18, "ES": 24, "FI": 18, "FR": 27, "GB": 22,
    "GR": 27, "IE": 22, "IT": 27, "LI": 21, "LU": 20, "MC": 27, "NL": 18, "NO": 15, "PL": 28,
    "PT": 25, "SE": 24,
}  # fmt: skip
CANDIDATE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]){10,30}")
IBAN_WORD = words_pattern([r"iban", r"kont", r"compte", r"account"])


def _alnum_positions(text, start, end):
    return [i for i in range(start, end) if text[i].isalnum()]


def find(text):
    findings = []
    for match in CANDIDATE.finditer(text):
        positions = _alnum_positions(text, match.start(), match.end())
        compact = "".join(text[i] for i in positions)
        country = compact[:2]
        lengths = [LENGTHS[country]] if country in LENGTHS else range(len(compact), 14, -1)
        for length in lengths:
            if length > len(compact):
                continue
            value = compact[:length]
            if iban_is_valid(value) or (
                country in LENGTHS and preceded_by(IBAN_WORD, text, match.start(), 25)
            ):
                findings.append(Finding("iban", match.start(), positions[length - 1] + 1))
                break
    return findings
