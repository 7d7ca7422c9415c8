"""Campaigns and challenges in the Wagtail admin.

They are pages, edited in the page tree with Wagtail's own workflow; the "Participation" menu
only adds flat listings of them. A chooser replaces the <select> of every post when an editor
retains an idea, and pages that still hold posts cannot be deleted (Post FKs are PROTECT).
"""

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.chooser import (
    ChooseResultsView,
    ChooseView,
    ChosenMultipleView,
    ChosenView,
)
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import Page

from ideas.models import Post

from .models import CampaignPage, ChallengePage


class CampaignPageListingViewSet(PageListingViewSet):
    model = CampaignPage
    icon = "site"
    menu_label = _("Campaigns")
    columns = PageListingViewSet.columns + [
        Column("audience", label=_("Audience"), accessor="get_audience_display"),
    ]


class ChallengePageListingViewSet(PageListingViewSet):
    model = ChallengePage
    icon = "crosshairs"
    menu_label = _("Challenges")
    columns = PageListingViewSet.columns + [
        DateColumn("opens_at", label=_("Opens at"), sort_key="opens_at"),
        DateColumn("closes_at", label=_("Deadline"), sort_key="closes_at"),
    ]


class ParticipationGroup(ViewSetGroup):
    menu_label = _("Participation")
    menu_icon = "tasks"
    menu_order = 130
    items = (
        CampaignPageListingViewSet("staff_campaign_pages", url_prefix="campaign-pages"),
        ChallengePageListingViewSet("staff_challenge_pages", url_prefix="challenge-pages"),
    )


class PostTitleSearchForm(BaseFilterForm):
    # Posts are not in Wagtail's search index: a plain title filter is enough to pick one.
    q = forms.CharField(
        label=_("Search term"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Search by title")}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            objects = objects.filter(title__icontains=query)
            self.is_searching = True
            self.search_query = query
        return objects


class PostChooseMixin:
    filter_form_class = PostTitleSearchForm
    ordering = ["-created_at"]

    def get_object_list(self):
        # Staff pick among the posts they may see: a triager does not learn hidden titles here.
        return Post.objects.visible_to(self.request.user)


class PostChooseView(PostChooseMixin, ChooseView):
    pass


class PostChooseResultsView(PostChooseMixin, ChooseResultsView):
    pass


class PostChosenView(ChosenView):
    def get_object(self, pk):
        return Post.objects.visible_to(self.request.user).get(pk=pk)


class PostChosenMultipleView(ChosenMultipleView):
    def get_objects(self, pks):
        return Post.objects.visible_to(self.request.user).filter(pk__in=pks)


class PostChooserViewSet(ChooserViewSet):
    """Used by every Wagtail admin form field pointing at a post (RetainedIdea.post)."""

    model = Post
    icon = "doc-full"
    choose_one_text = _("Choose a post")
    choose_another_text = _("Choose another post")
    per_page = 20
    choose_view_class = PostChooseView
    choose_results_view_class = PostChooseResultsView
    chosen_view_class = PostChosenView
    chosen_multiple_view_class = PostChosenMultipleView


@hooks.register("register_admin_viewset")
def register_participation_viewsets():
    return ParticipationGroup()


@hooks.register("register_admin_viewset")
def register_post_chooser():
    return PostChooserViewSet("post_chooser", url_prefix="post-chooser")


def post_count_under(page):
    """Posts filed in this page or any page below it."""
    pages = Page.objects.descendant_of(page, inclusive=True).values("pk")
    return Post.objects.filter(Q(campaign__in=pages) | Q(challenge__in=pages)).count()


def refuse_deletion(request, page, count):
    messages.error(
        request,
        ngettext(
            "“%(title)s” cannot be deleted: %(count)d post was filed in it. Unpublish it instead.",
            "“%(title)s” cannot be deleted: %(count)d posts were filed in it. "
            "Unpublish it instead.",
            count,
        )
        % {"title": page.get_admin_display_title(), "count": count},
    )


@hooks.register("before_delete_page")
def protect_pages_with_posts(request, page):
    count = post_count_under(page)
    if count:
        refuse_deletion(request, page, count)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_bulk_action")
def protect_pages_with_posts_in_bulk(request, action_type, objects, action_class_instance):
    if action_type != "delete" or not objects or not isinstance(objects[0], Page):
        return None
    for page in objects:
        count = post_count_under(page)
        if count:
            refuse_deletion(request, page, count)
            return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None
