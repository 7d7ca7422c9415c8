"""Context words: some shapes (a 6-digit number, "AB 123") are personal data only when the
sentence says what they are, e.g. "Tel.", "Kennzeichen", "matricule"."""

import re


def words_pattern(words):
    """A case-insensitive pattern matching any of `words` at a word start."""
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + ")", re.IGNORECASE)


def preceded_by(pattern, text, start, window=40):
    """True if `pattern` occurs in the `window` characters before `start`."""
    return pattern.search(text, max(0, start - window), start) is not None
