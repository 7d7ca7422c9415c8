"""Personal-data detection and redaction for user text in lb/fr/de/en.

`detect(text)` -> [Finding(kind, start, end)], sorted and non-overlapping; `redact(text)` ->
(redacted text, findings), the findings' offsets are in the original text (kept for moderators
in moderation.models.Redaction). One module per kind of data: emails, ibans, national_ids,
phones, plates, addresses. Figures on the labelled set: `manage.py evaluate_pii`.

Placeholder: every finding becomes "[•••]", whatever its kind and the post's language. A word
such as "[e-mail removed]" would be English in a French, German or Luxembourgish post (the
language is only guessed, and often mixed); the bullets read the same in all four, and the
kinds removed are told to the author (moderation.pii.notice) and shown to moderators.
"""

from . import addresses, emails, ibans, national_ids, phones, plates
from .finding import KINDS, Finding

__all__ = ["KINDS", "PLACEHOLDER", "Finding", "detect", "redact"]

PLACEHOLDER = "[•••]"
DETECTORS = (emails, ibans, national_ids, phones, plates, addresses)


def detect(text):
    """All personal data in `text`. Where findings overlap, the longest wins (then the kind
    that comes first in KINDS): an IBAN's digits are not also a phone number."""
    if not text:
        return []
    candidates = [finding for detector in DETECTORS for finding in detector.find(text)]
    candidates.sort(key=lambda f: (-(f.end - f.start), KINDS.index(f.kind), f.start))
    kept = []
    for candidate in candidates:
        if not any(candidate.overlaps(other) for other in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda f: f.start)


def redact(text):
    """(text with every finding replaced by PLACEHOLDER, findings in the original text)."""
    findings = detect(text)
    parts, position = [], 0
    for finding in findings:
        parts.append(text[position : finding.start])
        parts.append(PLACEHOLDER)
        position = finding.end
    parts.append(text[position:])
    return "".join(parts), findings
