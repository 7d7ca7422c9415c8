"""A triager in a real browser: opens the board, opens a cluster, merges two duplicates and
answers the cluster once; the public pages then show the answer and the merge."""

import re

import pytest
from playwright.sync_api import expect

from clustering.models import Cluster, ClusterMembership
from ideas.models import OfficialAnswer, Post
from tests.browser.session import sign_in_as
from tests.factories import AdministrationFactory, PostFactory, ProcedureFactory, triager
from triage.models import AnswerTemplate

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

ANSWER = "From March the tax return no longer needs a printed form."


@pytest.fixture
def cluster_of_three():
    tax = AdministrationFactory(name="Administration des contributions directes")
    procedure = ProcedureFactory(title="Déclaration d'impôt", administrations=[tax])
    cluster = Cluster.objects.create(label="Printed tax forms", size=3, model_name="m")
    posts = [
        PostFactory(title="Tax return must be printed", procedure=procedure),
        PostFactory(title="Printing my tax return again", procedure=procedure),
        PostFactory(title="Tax office wants paper", procedure=procedure),
    ]
    for post, similarity in zip(posts, (0.93, 0.91, 0.72), strict=True):
        ClusterMembership.objects.create(
            post=post, cluster=cluster, similarity=similarity, assigned_by="batch"
        )
    return tax, cluster, posts


def test_triager_merges_duplicates_and_answers_a_cluster(page, live_server, cluster_of_three):
    tax, cluster, (canonical, duplicate, other) = cluster_of_three
    AnswerTemplate.objects.create(
        administration=tax, title="Paper forms", language="en", body=ANSWER
    )
    sign_in_as(page, live_server, triager(tax))

    page.goto("/admin/triage/")
    expect(page.get_by_role("heading", name="Your queue in numbers")).to_be_visible()
    page.get_by_role("link", name="Printed tax forms").click()

    expect(page.get_by_role("heading", name=canonical.title)).to_be_visible()
    page.get_by_label(f"Select post #{canonical.pk}").check()
    page.get_by_label(f"Select post #{duplicate.pk}").check()
    page.locator(f"#canonical-{canonical.pk}").check()
    page.get_by_role("button", name="Merge the selected posts").click()
    expect(page.get_by_text(f"1 post merged into “{canonical.title}”.")).to_be_visible()

    # The template's text lands in the answer box as soon as it is chosen (triage-answer.js).
    page.get_by_label("Answer template").select_option(label="Paper forms")
    expect(page.get_by_label("Public answer")).to_have_value(ANSWER)
    page.get_by_label("New status").first.select_option("planned")
    page.get_by_role("button", name="Publish the answer").click()
    expect(page.get_by_text("The answer is published on 2 posts.")).to_be_visible()
    assert set(OfficialAnswer.objects.values_list("post_id", flat=True)) == {
        canonical.pk,
        other.pk,
    }

    page.goto(canonical.get_absolute_url())
    expect(page.locator("main")).to_contain_text(ANSWER)
    page.goto(duplicate.get_absolute_url())
    link = page.get_by_role("link", name=canonical.title)
    notice = page.locator("main p", has_text=re.compile("merged into", re.IGNORECASE)).filter(
        has=link
    )
    expect(notice).to_be_visible()
    expect(notice.get_by_role("link")).to_have_attribute("href", canonical.get_absolute_url())
    assert Post.objects.get(pk=duplicate.pk).status == "duplicate"
