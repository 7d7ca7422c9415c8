"""E-mail addresses, also the common spam-proof spellings "name(at)domain.lu" / "name [at] ..."."""

import re

from .finding import Finding

EMAIL = re.compile(
    r"(?<![\w.%+-])"
    r"[\w.%+-]*\w"  # local part (unicode letters: "rené.müller@...")
    r"(?:@|\s?[(\[{]\s?(?:at|ät|arobase)\s?[)\]}]\s?)"
    r"[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,24}"  # domain, ends with a top-level domain
    r"(?![\w-])",
    re.IGNORECASE,
)


def find(text):
    return [Finding("email", match.start(), match.end()) for match in EMAIL.finditer(text)]
