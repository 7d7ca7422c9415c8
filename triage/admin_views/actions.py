"""The action forms of a cluster's page. Each POST validates one form, calls one service and
redirects back with a message; a refusal of the service (ValidationError, PermissionDenied)
becomes an error message, never an error page."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from wagtail.admin import messages

from core.ratelimit import ratelimit

from .. import forms
from ..cluster_page import cluster_suggestions, nearest_clusters, recent_merges
from ..queries import queue_for
from ..services import answers, cluster_edits, merge, routing
from .base import check_board_access, cluster_and_posts

FORMS = {
    "procedure": forms.ProcedureForm,
    "route": forms.RouteForm,
    "move": forms.MoveForm,
    "split": forms.SplitForm,
    "rename": forms.RenameForm,
    "merge": forms.MergeForm,
    "undo": forms.UndoMergeForm,
    "answer": forms.AnswerForm,
    "bulk": forms.BulkStatusForm,
}


def build_form(name, *, cluster, posts, user, data=None, merges=None):
    """The form `name` of the cluster page, with the choices its fields need. Field ids are
    prefixed with the form's name: several forms share field names on one page."""
    kwargs = {"cluster": cluster, "posts": posts, "user": user, "auto_id": f"{name}-%s"}
    if name == "procedure":
        kwargs["suggestions"] = cluster_suggestions(posts)
    elif name == "move":
        kwargs["nearby"] = nearest_clusters(cluster)
    elif name == "undo":
        kwargs["merges"] = recent_merges(posts) if merges is None else merges
    return FORMS[name](data, **kwargs)


def assign_procedure(user, cluster, data, post):
    procedure = data["procedure"]
    if post is not None:
        routing.assign_procedure(post, by=user, procedure=procedure)
        return _("The procedure of “%s” is saved.") % post.title
    if procedure is None:
        raise ValidationError(_("Choose a procedure to apply to the whole cluster."))
    count = routing.assign_cluster(cluster, by=user, procedure=procedure)
    return ngettext(
        "“%(procedure)s” applied to %(count)d post.",
        "“%(procedure)s” applied to %(count)d posts.",
        count,
    ) % {"procedure": procedure.title, "count": count}


def route(user, cluster, data, post):
    administration = data["administration"]
    if post is not None:
        routing.route_post(post, by=user, administration=administration)
        return _("“%(post)s” is routed to %(administration)s.") % {
            "post": post.title,
            "administration": administration,
        }
    count = routing.assign_cluster(cluster, by=user, administration=administration)
    return ngettext(
        "%(count)d post routed to %(administration)s.",
        "%(count)d posts routed to %(administration)s.",
        count,
    ) % {"count": count, "administration": administration}


def perform(name, form, user, cluster):
    """Call the service of the action `name`; returns the success message."""
    data = form.cleaned_data
    if name == "procedure":
        return assign_procedure(user, cluster, data, form.target_post())
    if name == "route":
        return route(user, cluster, data, form.target_post())
    if name == "move":
        cluster_edits.move_post(data["post"], by=user, cluster=data["to_cluster"])
        return _("“%(post)s” moved to “%(cluster)s”.") % {
            "post": data["post"].title,
            "cluster": data["to_cluster"],
        }
    if name == "split":
        new = cluster_edits.split_cluster(
            cluster, by=user, posts=list(data["posts"]), label=data["split_label"]
        )
        return _("New cluster “%s” created with the selected posts.") % new
    if name == "rename":
        cluster_edits.rename_cluster(cluster, by=user, label=data["label"])
        return _("The cluster is now called “%s”.") % data["label"]
    if name == "merge":
        merge.merge_posts(
            data["canonical"], data["duplicates"], by=user, message=data["merge_message"]
        )
        return ngettext(
            "%(count)d post merged into “%(title)s”.",
            "%(count)d posts merged into “%(title)s”.",
            len(data["duplicates"]),
        ) % {"count": len(data["duplicates"]), "title": data["canonical"].title}
    if name == "undo":
        merge.undo_merge(data["merge"], by=user)
        return _("The merge into “%s” is undone.") % data["merge"].canonical.title
    if name == "answer":
        published = answers.answer_cluster(
            cluster,
            by=user,
            body=data["body"],
            translations=form.translations(),
            new_status=data["new_status"] or None,
        )
        text = ngettext(
            "The answer is published on %d post.",
            "The answer is published on %d posts.",
            len(published),
        ) % len(published)
        if published.skipped:
            text += " " + _("%d posts are not routed yet and were left out.") % published.skipped
        return text
    if name == "bulk":
        count = answers.bulk_change_status(
            list(data["posts"]),
            by=user,
            new_status=data["bulk_status"],
            message=data["bulk_message"],
        )
        return (
            ngettext("The status of %d post changed.", "The status of %d posts changed.", count)
            % count
        )
    raise Http404


def form_errors(form):
    texts = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        texts += [f"{label}: {error}" if label else str(error) for error in errors]
    return " ".join(texts)


@method_decorator(ratelimit("answer"), name="post")
class ClusterActionView(View):
    http_method_names = ["post"]

    def post(self, request, pk, action):
        user = request.user
        check_board_access(user)
        if action not in FORMS:
            raise Http404
        cluster, posts = cluster_and_posts(user, pk)
        form = build_form(action, cluster=cluster, posts=posts, user=user, data=request.POST)
        if not form.is_valid():
            messages.error(request, _("Nothing was changed. %s") % form_errors(form))
            return redirect(cluster_url(cluster))
        try:
            messages.success(request, perform(action, form, user, cluster))
        except (ValidationError, PermissionDenied) as refusal:
            messages.error(request, _("Nothing was changed. %s") % reason(refusal))
        if not queue_for(user).filter(cluster_membership__cluster=cluster).exists():
            return redirect("triage_admin:board")  # e.g. every post routed elsewhere
        return redirect(cluster_url(cluster))


def cluster_url(cluster):
    return reverse("triage_admin:cluster", args=[cluster.pk])


def reason(refusal):
    if isinstance(refusal, ValidationError):
        return " ".join(refusal.messages)
    return str(refusal) or _("You may not do this.")
