"""What the author and the moderators are told about redacted personal data: the kinds removed
(translated) and the original text cut into plain and found segments for <mark>."""

from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from .finding import KINDS

KIND_LABELS = {
    "email": _("e-mail address"),
    "phone": _("phone number"),
    "national_id": _("national identification number"),
    "iban": _("bank account number (IBAN)"),
    "licence_plate": _("licence plate"),
    "address": _("postal address"),
}


def _kind(finding):
    return finding["kind"] if isinstance(finding, dict) else finding.kind


def kinds_of(findings):
    """The distinct kinds in `findings` (Finding objects or their dicts), in KINDS order."""
    present = {_kind(finding) for finding in findings}
    return [kind for kind in KINDS if kind in present]


def labels(kinds):
    return [KIND_LABELS.get(kind, kind) for kind in kinds]


def removed_kinds(instance):
    """Kinds of personal data removed from any field of a saved post or comment."""
    from moderation.models import Redaction

    rows = Redaction.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=str(instance.pk)
    )
    return kinds_of([finding for row in rows for finding in row.findings])


def redaction_notice(kinds):
    """The author's explanation (safe HTML, one inline sentence for a flash message)."""
    return render_to_string("moderation/_redaction_notice.html", {"kinds": labels(kinds)})


def segments(original, findings):
    """`original` as [{"text", "kind", "label"}]: kind/label are None outside findings. Offsets
    that do not fit the text (edited since) are skipped rather than trusted."""
    result, position = [], 0
    for finding in sorted(findings, key=lambda f: f["start"]):
        start, end = finding["start"], finding["end"]
        if not 0 <= position <= start < end <= len(original):
            continue
        if start > position:
            result.append({"text": original[position:start], "kind": None, "label": None})
        kind = finding["kind"]
        result.append({"text": original[start:end], "kind": kind, "label": KIND_LABELS.get(kind)})
        position = end
    if position < len(original):
        result.append({"text": original[position:], "kind": None, "label": None})
    return result
