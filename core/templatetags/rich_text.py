"""`{{ page.body|sanitised_richtext }}`: Wagtail's `richtext` filter, then an nh3 allowlist.

Rich text is written by editors in the Wagtail admin, not by the public; sanitising it anyway
means a compromised or careless editor account cannot put scripts, styles, iframes or forms on
public pages (the Content-Security-Policy is the second line of defence).
"""

import nh3
from django import template
from django.utils.safestring import mark_safe
from wagtail.templatetags.wagtailcore_tags import richtext

register = template.Library()

ALLOWED_TAGS = {
    "p",
    "a",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "h2",
    "h3",
    "h4",
    "br",
    "blockquote",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitise_html(html):
    """Only the allowed tags and link targets survive; everything else is stripped, and text
    content of removed elements such as <script> and <style> is dropped."""
    return nh3.clean(
        str(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


@register.filter
def sanitised_richtext(value):
    if value is None:
        return ""
    return mark_safe(sanitise_html(richtext(value)))  # noqa: S308 - nh3 output is safe
