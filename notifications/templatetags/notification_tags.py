from django import template

register = template.Library()


@register.simple_tag
def unread_notification_count(user):
    """For the navigation: one indexed count per page view of a signed-in person."""
    if not user.is_authenticated:
        return 0
    return user.notifications.unread().count()
