"""What the moderation queue lists (reads only; decisions are in services/decisions.py).

Posts and comments share each tab. A tab first lists light (date, kind, pk) entries, so one
page can be cut from both kinds together; only that page's objects and reports are loaded.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Q
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment

from ideas.models import Post

from .models import Decision, Redaction, Report

TABS = {
    "awaiting": _("Awaiting approval"),
    "reported": _("Reported"),
    "hidden": _("Hidden"),
}
MODELS = {"post": Post, "comment": XtdComment}


def content_types():
    """{kind: ContentType} of the moderated models."""
    return {kind: ContentType.objects.get_for_model(model) for kind, model in MODELS.items()}


def comments_on_posts():
    return XtdComment.objects.filter(content_type=content_types()["post"])


def _merged(posts, comments):
    entries = [(date, "post", pk) for date, pk in posts]
    entries += [(date, "comment", pk) for date, pk in comments]
    return sorted(entries, key=lambda entry: (entry[0], entry[2]), reverse=True)


def awaiting_entries():
    posts = Post.objects.filter(awaiting_moderation=True, is_hidden=False)
    comments = comments_on_posts().filter(is_public=False, is_removed=False)
    return _merged(posts.values_list("created_at", "pk"), comments.values_list("submit_date", "pk"))


def hidden_entries():
    posts = Post.objects.filter(is_hidden=True)
    comments = comments_on_posts().filter(is_removed=True)
    return _merged(posts.values_list("updated_at", "pk"), comments.values_list("submit_date", "pk"))


def reported_entries():
    """Items with open reports, the most recently reported first."""
    kinds = {ct.pk: kind for kind, ct in content_types().items()}
    rows = (
        Report.objects.filter(resolved_at__isnull=True, content_type__in=kinds)
        .values("content_type", "object_id")
        .annotate(latest=Max("created_at"))
        .order_by("-latest")
    )
    return [
        (row["latest"], kinds[row["content_type"]], int(row["object_id"]))
        for row in rows
        if row["object_id"].isdigit()
    ]


ENTRIES = {"awaiting": awaiting_entries, "reported": reported_entries, "hidden": hidden_entries}


@dataclass
class QueueItem:
    kind: str
    target: object
    reports: list = field(default_factory=list)

    @property
    def label(self):
        if self.kind == "post":
            return self.target.title
        text = " ".join(self.target.comment.split())
        return text if len(text) <= 120 else text[:119] + "…"

    @property
    def author(self):
        return self.target.author if self.kind == "post" else self.target.user

    @property
    def date(self):
        return self.target.created_at if self.kind == "post" else self.target.submit_date

    @property
    def reasons(self):
        """[(reason label, count)], most frequent first."""
        counts = Counter(report.get_reason_display() for report in self.reports)
        return counts.most_common()

    @property
    def hidden(self):
        target = self.target
        return target.is_hidden if self.kind == "post" else target.is_removed

    @property
    def awaiting(self):
        target = self.target
        return target.awaiting_moderation if self.kind == "post" else not target.is_public

    @property
    def state(self):
        if self.hidden:
            return _("Hidden")
        return _("Awaiting approval") if self.awaiting else _("Published")


def _open_reports(entries):
    types = content_types()
    query = Q(pk__in=[])
    for kind in MODELS:
        ids = [str(pk) for _date, entry_kind, pk in entries if entry_kind == kind]
        if ids:
            query |= Q(content_type=types[kind], object_id__in=ids)
    reports = Report.objects.filter(query, resolved_at__isnull=True).select_related("reporter")
    by_item = {}
    type_kinds = {ct.pk: kind for kind, ct in types.items()}
    for report in reports:
        key = (type_kinds[report.content_type_id], report.object_id)
        by_item.setdefault(key, []).append(report)
    return by_item


def load(entries):
    """QueueItems for one page of entries, in order, each with its open reports."""
    posts = Post.objects.select_related("author", "campaign").in_bulk(
        [pk for _date, kind, pk in entries if kind == "post"]
    )
    comments = XtdComment.objects.select_related("user").in_bulk(
        [pk for _date, kind, pk in entries if kind == "comment"]
    )
    objects = {"post": posts, "comment": comments}
    reports = _open_reports(entries)
    return [
        QueueItem(kind, objects[kind][pk], reports.get((kind, str(pk)), []))
        for _date, kind, pk in entries
        if pk in objects[kind]  # deleted since the entries were listed
    ]


def item(kind, pk):
    """One QueueItem (any state), or None."""
    model = MODELS.get(kind)
    target = model.objects.filter(pk=pk).first() if model else None
    if target is None:
        return None
    return load([(None, kind, target.pk)])[0]


def history(target):
    """Decisions and redactions of one item, for the item page."""
    where = {
        "content_type": ContentType.objects.get_for_model(target),
        "object_id": str(target.pk),
    }
    return {
        "decisions": Decision.objects.filter(**where).select_related("moderator"),
        "redactions": Redaction.objects.filter(**where),
        "resolved_reports": Report.objects.filter(**where, resolved_at__isnull=False)
        .select_related("reporter", "resolved_by")
        .order_by("-resolved_at"),
    }
