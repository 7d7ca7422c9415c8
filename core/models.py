"""Editorial pages that content editors manage in Wagtail. App data (posts, procedures) are
Django views; these pages frame them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, Site

from .page_translations import TranslatedContentMixin, in_visitor_language


def participation_context(user):
    """The campaigns and open challenges the visitor may see, for the home page, in their
    language."""
    from challenges.models import CampaignPage, ChallengePage

    challenges = ChallengePage.objects.live().visible_to(user).open()
    campaigns = CampaignPage.objects.live().visible_to(user).order_by("path")
    return {
        "campaigns": in_visitor_language(campaigns),
        "open_challenges": in_visitor_language(
            challenges.select_related("administration").order_by("closes_at")[:6]
        ),
    }


class HomePage(TranslatedContentMixin, Page):
    intro = models.CharField(_("intro"), max_length=300, blank=True)
    body = RichTextField(_("body"), blank=True)
    call_to_action = models.CharField(_("call to action"), max_length=100, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("call_to_action"),
    ]
    max_count = 1
    subpage_types = ["core.StandardPage", "challenges.CampaignPage"]
    translated_fields = TranslatedContentMixin.translated_fields + (
        "intro",
        "body",
        "call_to_action",
    )

    def route(self, request, path_components):
        # Wagtail starts from the home page's translation in the active language; we route in the
        # originals' tree (from the site's own root page), which has the same URLs in every
        # language and also the pages nobody translated. The original then shows the translation.
        site = Site.find_for_request(request)
        if site is not None and site.root_page_id != self.pk:
            return site.root_page.specific.route(request, path_components)
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from ideas.models import Post

        context = super().get_context(request, *args, **kwargs)
        visible = Post.objects.visible_to(request.user)
        # Everything a post card shows, in one query per list.
        cards = visible.select_related("procedure", "administration", "author")
        context["latest_posts"] = cards[:6]
        context["most_supported"] = cards.sorted_by("supported")[:6]
        answered = cards.filter(answered_at__isnull=False)
        context["recently_answered"] = answered.sorted_by("answered")[:6]
        context["post_total"] = visible.count()
        context["answered_total"] = visible.filter(answered_at__isnull=False).count()
        context.update(participation_context(request.user))
        return context


class StandardPage(TranslatedContentMixin, Page):
    """About, how it works, privacy, accessibility statement..."""

    intro = models.CharField(_("intro"), max_length=300, blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["core.HomePage", "core.StandardPage"]
    subpage_types = ["core.StandardPage"]
    translated_fields = TranslatedContentMixin.translated_fields + ("intro", "body")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        children = self.get_children().live().public().specific()
        context["children"] = in_visitor_language(children)
        return context
