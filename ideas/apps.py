from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("Pain points and ideas")

    def ready(self):
        # Connects the comment rules (login, visibility, rate limit, public name) to
        # django_comments' comment_will_be_posted, whichever URL the comment arrives by.
        from . import comments  # noqa: F401
