"""RSS 2.0 and Atom feeds of new official answers, per administration and per procedure.

Only answers on published posts (the visibility rule for anonymous visitors). An item names the
answering administration, never the person who wrote the answer.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, linebreaks
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ideas.models import OfficialAnswer, Post
from procedures.models import Administration, Procedure

from .conf import setting


def absolute(path):
    """Links from the configured site address (as in e-mails and exports), not from the Sites
    framework's domain, which nobody maintains here."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def answers_on_public_posts():
    return (
        OfficialAnswer.objects.filter(post__in=Post.objects.published().values("pk"))
        .select_related("post", "administration")
        .order_by("-created_at", "-pk")
    )


class AnswersFeed(Feed):
    feed_type = Rss201rev2Feed

    url_name = ""  # of this feed, for its self link

    def feed_url(self, obj):
        return absolute(reverse(self.url_name, args=[self.key_of(obj)]))

    def items(self, obj):
        return self.answers(obj)[: setting("OPENDATA_FEED_ITEMS")]

    def item_title(self, item):
        return item.post.title

    def item_description(self, item):
        # Feed readers render the description as HTML: the answer's text is escaped first.
        return linebreaks(escape(item.body))

    def item_link(self, item):
        return absolute(item.post.get_absolute_url())

    def item_guid(self, item):
        return f"{self.item_link(item)}#answer-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.created_at

    def item_author_name(self, item):
        return item.administration.name  # the administration, never the person


class AdministrationAnswersFeed(AnswersFeed):
    url_name = "opendata:administration-answers-rss"

    def key_of(self, obj):
        return obj.pk

    def get_object(self, request, pk):
        return get_object_or_404(Administration, pk=pk)

    def title(self, obj):
        return _("New answers of %(name)s") % {"name": obj.name}

    def description(self, obj):
        return _("Official answers of %(name)s to public posts on Simplify Together.") % {
            "name": obj.name
        }

    def link(self, obj):
        query = urlencode({"administration": obj.slug, "sort": "answered"})
        return absolute(f"{reverse('ideas:list')}?{query}")

    def answers(self, obj):
        return answers_on_public_posts().filter(administration=obj)


class ProcedureAnswersFeed(AnswersFeed):
    url_name = "opendata:procedure-answers-rss"

    def key_of(self, obj):
        return obj.slug

    def get_object(self, request, slug):
        return get_object_or_404(Procedure, slug=slug)

    def title(self, obj):
        return _("New answers about %(title)s") % {"title": obj.title}

    def description(self, obj):
        return _("Official answers to public posts about “%(title)s” on Simplify Together.") % {
            "title": obj.title
        }

    def link(self, obj):
        return absolute(obj.get_absolute_url())

    def answers(self, obj):
        return answers_on_public_posts().filter(post__procedure=obj)


class AdministrationAnswersAtomFeed(AdministrationAnswersFeed):
    feed_type = Atom1Feed
    url_name = "opendata:administration-answers-atom"
    subtitle = AdministrationAnswersFeed.description


class ProcedureAnswersAtomFeed(ProcedureAnswersFeed):
    feed_type = Atom1Feed
    url_name = "opendata:procedure-answers-atom"
    subtitle = ProcedureAnswersFeed.description
