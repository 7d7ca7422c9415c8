"""Public pages to browse posts: the filtered list, one post, and "my posts"."""

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_comments.models import CommentFlag
from django_comments_xtd import get_form as get_comment_form
from django_comments_xtd.models import XtdComment

from accounts.identity import identity_refusal
from core.conf import app_settings
from core.pagination import CappedPaginator
from core.ratelimit import is_limited
from ideas.forms_answer import AnswerForm
from ideas.models import LANGUAGE_CHOICES, Follow, Post, Support
from ideas.status import Status
from moderation import views as moderation_views
from procedures.models import Administration, Procedure

SORT_CHOICES = [
    ("newest", _("Newest first")),
    ("supported", _("Most supported")),
    ("answered", _("Recently answered")),
]
ANY = [("", _("Any"))]


class PostFilterForm(forms.Form):
    """GET filters of the list. Invalid values are dropped, never an error page."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=ANY + Post.Kind.choices, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ANY + Status.choices, required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    administration = forms.ModelChoiceField(
        label=_("Administration"),
        queryset=Administration.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any"),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=ANY + LANGUAGE_CHOICES, required=False
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        themes = Procedure.objects.exclude(theme="").values_list("theme", flat=True).distinct()
        labels = {code: Procedure.THEME_LABELS.get(code, code) for code in themes}
        self.fields["theme"].choices = ANY + sorted(labels.items(), key=lambda kv: str(kv[1]))

    def valid_values(self):
        """The cleaned value of every field that passed validation (others are ignored)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


def filter_posts(queryset, values):
    queryset = queryset.search(values.get("q", ""))
    if "kind" in values:
        queryset = queryset.filter(kind=values["kind"])
    if "status" in values:
        queryset = queryset.filter(status=values["status"])
    if "theme" in values:
        queryset = queryset.filter(procedure__theme=values["theme"])
    if "administration" in values:
        queryset = queryset.filter(administration=values["administration"])
    if "language" in values:
        queryset = queryset.filter(language=values["language"])
    if values.get("q") and "sort" not in values:
        return queryset  # search's own order: best match first (PostgreSQL full-text rank)
    return queryset.sorted_by(values.get("sort", "newest"))


def card_queryset(queryset):
    # Everything a card shows, in one query (the campaign says whether to show the employer).
    return queryset.select_related("procedure", "administration", "author__employer", "campaign")


class PostListView(TemplateView):
    template_name = "ideas/post_list.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("q") and is_limited(request, "search"):
            message = gettext("Too many searches. Please wait a moment and try again.")
            return render(request, "429.html", {"message": message}, status=429)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        values = PostFilterForm(self.request.GET).valid_values()
        # Shown unbound, with only the accepted values: ignored ones are simply not selected.
        form = PostFilterForm(initial=values)
        posts = card_queryset(filter_posts(Post.objects.visible_to(self.request.user), values))
        paginator = CappedPaginator(
            posts, app_settings.POSTS_PER_PAGE, cap=app_settings.POSTS_COUNT_CAP
        )
        page = paginator.get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            form=form,
            page_obj=page,
            posts=page.object_list,
            result_count=paginator.count,
            result_count_capped=paginator.is_capped,
            filters_query=query.urlencode(),
            **kwargs,
        )


def comment_tree(request, post):
    """Public comments of `post` as comments-xtd's nested dicts (flags prefetched, no N+1)."""
    comments = (
        XtdComment.objects.filter(
            content_type=ContentType.objects.get_for_model(Post),
            object_pk=str(post.pk),
            is_public=True,
            is_removed=False,
        )
        .select_related("user", "content_type")
        .prefetch_related(Prefetch("flags", queryset=CommentFlag.objects.select_related("user")))
    )
    return XtdComment.tree_from_queryset(comments, with_flagging=True, user=request.user)


def detail_context(request, post, answer_form=None):
    """Context of the detail page; also used to re-render it with answer-form errors."""
    user = request.user
    signed_in = user.is_authenticated
    # Object rules touch user.administrations, which anonymous users do not have.
    can_answer = signed_in and user.has_perm("ideas.answer_post_object", post)
    if can_answer and answer_form is None:
        answer_form = AnswerForm(post)
    tree = comment_tree(request, post)
    return {
        "post": post,
        "answer": post.latest_answer,
        "timeline": post.status_changes.select_related("administration"),
        "is_hidden": post.is_hidden,
        "awaiting_moderation": post.awaiting_moderation,
        "is_internal": bool(post.campaign_id and post.campaign.is_internal),
        **duplicate_context(user, post),
        "supported": signed_in and Support.objects.filter(post=post, user=user).exists(),
        "can_support": signed_in and user.has_perm("ideas.support_post", post),
        "identity_needed_to_support": identity_refusal(user, "support"),
        "following": signed_in and Follow.objects.filter(post=post, user=user).exists(),
        "can_follow": signed_in and user.has_perm("ideas.follow_post", post),
        "answer_form": answer_form if can_answer else None,
        "comment_tree": tree,
        "comment_count": _count_tree(tree),
        "comment_form": get_comment_form()(post) if signed_in else None,
        "comments_next": f"{post.get_absolute_url()}#comments",
    }


def duplicate_context(user, post):
    """The original a duplicate points to (only if the viewer may see it), and whether a triage
    merge (not undone) put it there, so the page can say "merged into"."""
    if post.status != Status.DUPLICATE or post.duplicate_of_id is None:
        return {"original": None, "merged": False}
    original = Post.objects.visible_to(user).filter(pk=post.duplicate_of_id).first()
    # Reverse relation of triage.Merge: ideas does not import the triage app.
    merged = post.duplicate_of.merges_received.filter(
        undone_at__isnull=True, items__post=post
    ).exists()
    return {"original": original, "merged": merged}


def _count_tree(tree):
    return sum(1 + _count_tree(item["children"]) for item in tree)


def visible_post(request, pk):
    queryset = Post.objects.visible_to(request.user).select_related(
        "procedure", "administration", "author__employer", "duplicate_of", "campaign", "challenge"
    )
    return get_object_or_404(queryset, pk=pk)


def hidden_post_shown_as_tombstone(user, pk):
    """A post hidden by moderation that `user` may not read but may know was removed: it was
    public once (not awaiting approval) and its campaign is visible to them. Internal posts stay
    404 for outsiders."""
    post = Post.objects.filter(pk=pk, is_hidden=True, awaiting_moderation=False).first()
    if post is None or (post.is_internal and not getattr(user, "can_see_internal", False)):
        return None
    return post


class PostDetailView(TemplateView):
    template_name = "ideas/post_detail.html"

    def get(self, request, *args, **kwargs):
        try:
            post = visible_post(request, kwargs["pk"])
        except Http404:
            hidden = hidden_post_shown_as_tombstone(request.user, kwargs["pk"])
            if hidden is None:
                raise
            return moderation_views.hidden_post(request, hidden)
        context = self.get_context_data(**detail_context(request, post), **kwargs)
        return self.render_to_response(context)


class MyPostsView(LoginRequiredMixin, TemplateView):
    template_name = "ideas/my_posts.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        visible = Post.objects.visible_to(user)
        return super().get_context_data(
            # Through visible_to too: whoever left the civil service no longer sees internal posts,
            # not even their own.
            own_posts=card_queryset(visible.filter(author=user)),
            supported_posts=card_queryset(visible.filter(supports__user=user)),
            # Authors follow their own posts automatically; list only the others here.
            followed_posts=card_queryset(visible.filter(follows__user=user).exclude(author=user)),
            **kwargs,
        )
