"""The world of the role x URL matrix (tests/test_url_matrix.py).

Two administrations A and B; a public post of A (with a comment, a cluster, a procedure
suggestion, an answer template of A) and one of B; a post awaiting moderation; a public and an
internal campaign with a challenge; one Wagtail document, redirect and page revision, so that
the URLs of the Wagtail admin can be filled with ids of things that exist. The requesting users
are the seven roles of issue 7.
"""

from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django_comments_xtd.models import XtdComment
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.models import Collection, Site, Task, Workflow

from accounts import roles
from clustering.models import Cluster, ClusterMembership, ProcedureSuggestion
from ideas.models import Post
from notifications.models import Notification
from tests.factories import (
    AdministrationFactory,
    CampaignFactory,
    ChallengeFactory,
    PostFactory,
    ProcedureFactory,
    UserFactory,
    home_page,
    triager,
)
from triage.models import AnswerTemplate

ROLES = (
    "anonymous",
    "citizen",
    "civil_servant",
    "triager_a",
    "triager_b",
    "moderator",
    "admin",
)
STAFF = ("triager_a", "triager_b", "moderator", "admin")
NOT_STAFF = ("anonymous", "citizen", "civil_servant")


def make_users(a, b):
    users = {
        "anonymous": None,
        "citizen": UserFactory(),
        "civil_servant": UserFactory(roles=[roles.CIVIL_SERVANT], employer=a),
        "triager_a": triager(a),
        "triager_b": triager(b),
        "moderator": UserFactory(roles=[roles.MODERATOR]),
        # As accounts.services.assign_role makes them: platform admins are also Django staff.
        "admin": UserFactory(roles=[roles.ADMIN], is_staff=True),
    }
    for user in users.values():
        if user is not None:
            Notification.objects.create(user=user, kind="answered", message="Answered", url="/")
    return users


def build_world():
    a = AdministrationFactory(name="Administration A", slug="administration-a")
    b = AdministrationFactory(name="Administration B", slug="administration-b")
    procedure_a = ProcedureFactory(title="Procedure of A", administrations=[a])
    procedure_b = ProcedureFactory(title="Procedure of B", administrations=[b])
    author = UserFactory(public_name="Author")
    post_a = PostFactory(title="Post routed to A", procedure=procedure_a, author=author)
    post_b = PostFactory(title="Post routed to B", procedure=procedure_b, author=author)
    pending = PostFactory(title="Post awaiting moderation", procedure=procedure_a)
    Post.objects.filter(pk=pending.pk).update(awaiting_moderation=True)
    hidden = PostFactory(title="Hidden post", procedure=procedure_a, author=author)
    Post.objects.filter(pk=hidden.pk).update(is_hidden=True, hidden_reason="Off topic")
    comment = XtdComment.objects.create(
        content_type=ContentType.objects.get_for_model(Post),
        object_pk=str(post_a.pk),
        site_id=1,
        user=author,
        user_name="Author",
        comment="A comment on the post of A.",
        is_public=True,
    )
    cluster = Cluster.objects.create(label="Cluster of A", model_name="m")
    ClusterMembership.objects.create(
        post=post_a, cluster=cluster, similarity=0.9, assigned_by="batch"
    )
    ProcedureSuggestion.objects.create(
        post=post_a, procedure=procedure_b, rank=1, confidence=0.8, model_name="m"
    )
    template_a = AnswerTemplate.objects.create(
        administration=a, title="Template of A", language="en", body="Thank you."
    )
    campaign = CampaignFactory(title="Public campaign")
    challenge = ChallengeFactory(campaign=campaign, title="Public challenge")
    internal = CampaignFactory(title="Internal campaign", audience="internal")
    internal_post = PostFactory(title="Internal post", procedure=procedure_a, campaign=internal)
    revision = campaign.save_revision()
    document = Document.objects.create(
        title="Rules",
        file=ContentFile(b"rules", name="rules.txt"),
        collection=Collection.get_first_root_node(),
    )
    redirect = Redirect.objects.create(old_path="/old-path", redirect_link="/")
    users = make_users(a, b)
    return SimpleNamespace(
        a=a,
        b=b,
        procedure_a=procedure_a,
        author=author,
        post_a=post_a,
        post_b=post_b,
        pending=pending,
        hidden=hidden,
        internal_post=internal_post,
        comment=comment,
        cluster=cluster,
        template_a=template_a,
        home=home_page(),
        campaign=campaign,
        challenge=challenge,
        internal=internal,
        revision=revision,
        document=document,
        redirect=redirect,
        users=users,
    )


def scoped_values(w):
    """Parameter values for the URLs of one namespace (or one URL name): what `pk` means there,
    and names that mean different things in different apps (`action`, `kind`)."""
    workflow = Workflow.objects.order_by("pk").first()
    task = Task.objects.order_by("pk").first()
    task_pk = {"pk": task.pk if task else 1}
    pks = {
        "ideas": w.post_a.pk,
        "api:post-detail": w.post_a.pk,
        "api:procedure-detail": w.procedure_a.pk,
        "api:administration-detail": w.a.pk,
        "api:cluster-detail": w.cluster.pk,
        "moderation": w.post_a.pk,
        "moderation_admin": w.post_a.pk,
        "moderation_admin:ban": w.author.pk,
        "staff_posts": w.post_a.pk,
        "staff_procedures": w.procedure_a.pk,
        "staff_administrations": w.a.pk,
        "triage_admin": w.cluster.pk,
        "clustering_admin:cluster": w.cluster.pk,
        "clustering_admin:post_procedure": w.post_a.pk,
        "answer_templates": w.template_a.pk,
        "post_chooser": w.post_a.pk,
        "wagtailsites": Site.objects.get(is_default_site=True).pk,
        "wagtailusers_users": w.author.pk,
        "wagtailusers_groups": Group.objects.get(name=roles.CITIZEN).pk,
        "wagtailadmin_collections": Collection.get_first_root_node().pk,
        "wagtailadmin_workflows": workflow.pk if workflow else 1,
        "wagtailadmin_api:pages": w.campaign.pk,
        "wagtailadmin_api:documents": w.document.pk,
        "wagtaildocs_chooser": w.document.pk,
        "wagtailadmin_pages": w.campaign.pk,
    }
    scoped = {scope: {"pk": pk} for scope, pk in pks.items()}
    for name in ("edit_task", "disable_task", "enable_task"):
        scoped[f"wagtailadmin_workflows:{name}"] = task_pk
    scoped["admin:app_list"] = {"app_label": "ideas"}
    scoped["moderation_admin:item_action"] = {"pk": w.post_a.pk, "action": "hide"}
    return scoped


def param_values(w):
    """Values of URL parameters by name (per namespace: scoped_values)."""
    return {
        "slug": w.procedure_a.slug,
        "provider_id": "eid",  # no provider configured in the matrix world: 404
        "kind": "post",
        "comment_id": w.comment.pk,
        "cid": w.comment.pk,
        "content_type": "ideas-post",
        "object_pk": w.post_a.pk,
        "content_type_id": ContentType.objects.get_for_model(Post).pk,
        "object_id": w.post_a.pk,
        "format": "json",
        "dataset": "posts",  # opendata:download
        "file_format": "csv",
        "key": "not-a-valid-key",
        "uidb36": "1",
        "uidb64": "MQ",
        "token": "set-password",
        "page_id": w.campaign.pk,
        "parent_page_id": w.home.pk,
        "page_to_move_id": w.campaign.pk,
        "destination_id": w.home.pk,
        "page_pk": w.campaign.pk,
        "revision_id": w.revision.pk,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "workflow_state_id": 1,
        "task_state_id": 1,
        "task_id": 1,
        "workflow_pk": 1,
        "action_name": "approve",
        "action": "rename",
        "content_type_app_name": "challenges",
        "content_type_model_name": "campaignpage",
        "app_label": "challenges",
        "model_name": "campaignpage",
        "app_name": "challenges",
        "session_id": 1,
        "document_id": w.document.pk,
        "doc_id": w.document.pk,
        "uploaded_file_id": 1,
        "image_id": 1,
        "filter_spec": "original",
        "redirect_id": w.redirect.pk,
        "collection_id": Collection.get_first_root_node().pk,
        "restriction_id": 1,
        "page_view_restriction_id": 1,
        "id": w.author.pk,
        "url": "no-such-admin-page/",
    }
