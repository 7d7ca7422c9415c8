"""Luxembourg national identification numbers ("matricule", CNS / social security number):
13 digits YYYYMMDDXXXCC. The official rule (CTIE; OECD TIN sheet for Luxembourg): a birth
date, a 3-digit sequence number, then two check digits computed on the first 11 digits: the
12th with Luhn, the 13th with Verhoeff. A number that fails the check still counts when the
sentence names it ("matricule", "Sozialversicherungsnummer"...), or when it is written in
groups as printed on the social security card ("1961 0423 145 87"): people mistype their own."""

import datetime
import re

from .checksums import luhn_digit, verhoeff_digit
from .context import preceded_by, words_pattern
from .finding import Finding

CANDIDATE = re.compile(
    r"(?<![\d.,/-])(\d{4})[ .]?(\d{2})[ .]?(\d{2})[ .]?(\d{3})[ .]?(\d)[ ]?(\d)(?![\d/]|[.,]\d)"
)
CONTEXT = words_pattern(
    [
        r"matricule",
        r"matrikel",
        r"identifi",  # identification, Identifikationsnummer, identifiant
        r"sozialvers",
        r"\w*versicherung",
        r"assurance",
        r"sécurité sociale",
        r"securite sociale",
        r"social security",
        r"cns",
        r"national",
        r"n[°o]\s?d'identit",
    ]
)


def _is_birth_date(year, month, day):
    try:
        date = datetime.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return 1890 <= date.year and date <= datetime.date.today()


def find(text):
    findings = []
    for match in CANDIDATE.finditer(text):
        year, month, day, sequence, luhn, verhoeff = match.groups()
        if not _is_birth_date(year, month, day):
            continue
        payload = year + month + day + sequence
        checks_pass = luhn == luhn_digit(payload) and verhoeff == verhoeff_digit(payload)
        grouped = " " in match.group()
        if checks_pass or grouped or preceded_by(CONTEXT, text, match.start(), 60):
            findings.append(Finding("national_id", match.start(), match.end()))
    return findings
