"""Template helpers for the post pages and their comments."""

from django import template
from django.utils.http import urlencode

register = template.Library()


@register.filter
def comment_author(comment):
    """The public name of a comment's author; never `comment.name` (username or real name)."""
    if comment.user_id and comment.user:
        return comment.user.display_name
    return comment.user_name


@register.filter
def editable_by(comment, user):
    from ideas.views.comments import can_still_edit

    return can_still_edit(comment, user)


@register.simple_tag
def page_query(filters_query, number):
    """The list's query string with another page number (filters kept)."""
    page = urlencode({"page": number})
    return f"?{filters_query}&{page}" if filters_query else f"?{page}"
