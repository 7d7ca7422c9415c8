"""Moderation in a real browser: a moderator opens the queue, hides a reported post with a public
reason; signed out, the post's URL then shows that reason (and nothing the author wrote)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import expect

from accounts import roles
from moderation.models import Decision, Report
from tests.browser.session import sign_in_as
from tests.factories import PostFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

TITLE = "Le guichet de la commune est toujours fermé"
BODY = "Le préposé, Monsieur Exemple, m'a insulté au téléphone."
REASON = "Names and accuses a civil servant"


def test_moderator_hides_a_reported_post_and_the_public_sees_the_reason(page, live_server):
    post = PostFactory(title=TITLE, body=BODY)
    Report.objects.create(
        reporter=UserFactory(),
        content_type=ContentType.objects.get_for_model(post),
        object_id=str(post.pk),
        reason=Report.Reason.PERSONAL_DATA,
        explanation="Il nomme un agent",
    )
    moderator = UserFactory(public_name="Mod Mia", roles=[roles.MODERATOR])
    sign_in_as(page, live_server, moderator)

    page.goto("/admin/moderation/?tab=reported")
    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("Contains personal data (1)")
    row.get_by_role("link", name=TITLE).click()

    expect(page.locator("main")).to_contain_text(BODY)
    expect(page.locator("main")).to_contain_text("Il nomme un agent")
    page.get_by_role("textbox", name="Public reason").fill(REASON)
    page.get_by_role("button", name="Hide", exact=True).click()
    expect(page.locator("main")).to_contain_text("Hidden; its page shows the public reason.")

    decision = Decision.objects.get()
    assert decision.action == Decision.Action.HIDE and decision.moderator == moderator
    assert Report.objects.get().resolved_by == moderator

    page.context.clear_cookies()
    response = page.goto(post.get_absolute_url())
    assert response.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text("Post hidden by moderation")
    expect(page.locator("main")).to_contain_text(REASON)
    expect(page.locator("body")).not_to_contain_text(TITLE)
    expect(page.locator("body")).not_to_contain_text(BODY)
