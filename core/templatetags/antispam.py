"""`{% antispam_fields %}`: the honeypot and signed timestamp for forms that are not Django forms
of ours (the comment form); the view then calls core.antispam.check_bot_signals(request, data).
"""

from django import template
from django.template.loader import render_to_string

from ..antispam import FORM_STARTED_FIELD, HONEYPOT_FIELD, form_started_token

register = template.Library()


@register.simple_tag
def antispam_fields(prefix="antispam"):
    """Render both fields; `prefix` keeps element ids unique when a page has several forms."""
    return render_to_string(
        "core/_antispam_fields.html",
        {
            "honeypot_name": HONEYPOT_FIELD,
            "honeypot_id": f"{prefix}-{HONEYPOT_FIELD}",
            "timestamp_name": FORM_STARTED_FIELD,
            "timestamp": form_started_token(),
        },
    )
