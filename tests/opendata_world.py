"""The world of the open-data tests (tests/test_opendata.py, tests/test_feeds.py): one public
post with an answer and a status change, and posts that must never be exported (hidden,
awaiting moderation, internal campaign) with answers and status changes of their own. Authors
and the answering civil servant carry names that must never appear in an export or a feed."""

from types import SimpleNamespace

import pytest

from clustering.models import Cluster, ClusterMembership
from ideas.models import OfficialAnswer, Post, StatusChange
from tests.factories import (
    AdministrationFactory,
    CampaignFactory,
    PostFactory,
    ProcedureFactory,
    UserFactory,
)

# Strings that would be personal data: none may appear in any exported file or feed.
PERSONAL = (
    "author-username-x7",
    "Pseudonym Quasimodo",
    "author.private@example.lu",
    "officer-username-k3",
    "Officer Ophelia Answerwright",
    "officer.private@acd.example.lu",
)
PUBLIC_ANSWER = "We will merge the two forms <b>next year</b> & tell you."
SECRET_TEXTS = (
    "Internal idea about mission expenses",
    "Hidden rant with a phone number",
    "Pending post not yet approved",
    "Answer to the internal idea",
    "Status message on the internal idea",
)


def build_world():
    administration = AdministrationFactory(name="Tax Administration", slug="tax-administration")
    procedure = ProcedureFactory(
        title="Income tax return", slug="income-tax-return", administrations=[administration]
    )
    author = UserFactory(
        username="author-username-x7",
        public_name="Pseudonym Quasimodo",
        email="author.private@example.lu",
    )
    officer = UserFactory(
        username="officer-username-k3",
        public_name="Officer Ophelia Answerwright",
        email="officer.private@acd.example.lu",
    )
    public = PostFactory(
        title="Two forms ask for the same income", procedure=procedure, author=author
    )
    formula = PostFactory(
        title='=HYPERLINK("http://evil.example","click")', procedure=procedure, author=author
    )
    internal_campaign = CampaignFactory(title="Meng Iddi", audience="internal")
    internal = PostFactory(
        title="Internal idea about mission expenses",
        procedure=procedure,
        author=author,
        campaign=internal_campaign,
    )
    hidden = PostFactory(title="Hidden rant with a phone number", procedure=procedure)
    Post.objects.filter(pk=hidden.pk).update(is_hidden=True, hidden_reason="Personal data")
    pending = PostFactory(title="Pending post not yet approved", procedure=procedure)
    Post.objects.filter(pk=pending.pk).update(awaiting_moderation=True)
    # A public duplicate of a post nobody outside may see: the link is not exported.
    Post.objects.filter(pk=formula.pk).update(duplicate_of=internal)

    answer = OfficialAnswer.objects.create(
        post=public, administration=administration, author=officer, body=PUBLIC_ANSWER
    )
    OfficialAnswer.objects.create(
        post=internal,
        administration=administration,
        author=officer,
        body="Answer to the internal idea",
    )
    StatusChange.objects.create(
        post=public,
        old_status="submitted",
        new_status="under_review",
        changed_by=officer,
        administration=administration,
        message="We are looking into it.",
    )
    StatusChange.objects.create(
        post=internal,
        old_status="submitted",
        new_status="planned",
        changed_by=officer,
        administration=administration,
        message="Status message on the internal idea",
    )

    def cluster(label, posts, **extra):
        made = Cluster.objects.create(label=label, model_name="m", **extra)
        for post in posts:
            ClusterMembership.objects.create(
                post=post, cluster=made, similarity=0.9, assigned_by="batch"
            )
        return made

    clusters = SimpleNamespace(
        public=cluster(public.title, [public]),
        # Labelled with the internal member's title: the label must not leave the platform.
        mixed=cluster(internal.title, [formula, internal]),
        only_internal=cluster("Only internal posts", [hidden, pending]),
        # Named by staff, every member public: the staff label is exported.
        staff=cluster("Forms asking twice", [PostFactory(procedure=procedure)], label_locked=True),
        inactive=cluster("Old cluster", [PostFactory(procedure=procedure)], is_active=False),
    )
    return SimpleNamespace(
        administration=administration,
        procedure=procedure,
        author=author,
        officer=officer,
        public=public,
        formula=formula,
        internal=internal,
        hidden=hidden,
        pending=pending,
        answer=answer,
        clusters=clusters,
    )


@pytest.fixture(name="world")
def world_fixture(db):
    return build_world()
