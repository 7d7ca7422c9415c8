"""WCAG 2.1 AA on the public pages: axe-core (npm, package.json) runs in Chromium on every page
a visitor or a citizen sees, and no serious or critical violation may remain.

Each test walks many pages on one set of data (a transactional browser test flushes the database
each time, so fewer, longer tests keep the run short) and reports every page's violations at
once."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from accounts import roles
from challenges.models import ChallengePhase, RetainedIdea
from clustering import backends
from clustering import services as clustering
from ideas import services
from ideas.models import Post
from notifications.models import Notification
from tests.browser.axe import describe, serious_violations
from tests.browser.session import sign_in_as
from tests.factories import (
    AdministrationFactory,
    CampaignFactory,
    ChallengeFactory,
    PostFactory,
    ProcedureFactory,
    UserFactory,
    triager,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def comment(user, post, text, parent_id=0):
    return XtdComment.objects.create(
        content_type=ContentType.objects.get_for_model(Post),
        object_pk=str(post.pk),
        site_id=1,
        user=user,
        user_name=user.public_name,
        user_email=user.email,
        comment=text,
        is_public=True,
        parent_id=parent_id,
    )


@pytest.fixture
def world():
    """Enough content that every public page shows its full layout."""
    tax = AdministrationFactory(name="Administration des contributions directes", slug="acd")
    procedure = ProcedureFactory(
        title="Déclaration d'impôt", slug="declaration-impot", administrations=[tax]
    )
    citizen = UserFactory(public_name="Léa")
    neighbour = UserFactory(public_name="Marc")
    answered = PostFactory(
        title="The tax form asks for the same papers every year",
        procedure=procedure,
        author=neighbour,
    )
    services.publish_answer(
        answered,
        by=triager(tax),
        body="We will keep your certificates from one year to the next from 2027.",
        new_status="under_review",
    )
    first = comment(citizen, answered, "Same for me, three years in a row.")
    comment(neighbour, answered, "Thank you, good to know.", parent_id=first.pk)
    # One post in two lists of "my posts" (and on the home page in three): ids stay unique.
    services.add_support(answered, citizen)
    services.follow(answered, citizen)
    PostFactory(title="The tax form is hard to read", procedure=procedure, language="fr")
    mine = PostFactory(title="My birth allowance was late", author=citizen, kind="idea")
    Notification.objects.create(
        user=citizen,
        kind=Notification.Kind.ANSWERED,
        post=mine,
        message="Your post has an official answer.",
        url=mine.get_absolute_url(),
    )
    campaign = CampaignFactory(title="Let's simplify together", slug="simplify")
    today = timezone.localdate()
    open_challenge = ChallengeFactory(campaign=campaign, title="Paper forms", slug="paper")
    ChallengePhase.objects.create(
        page=open_challenge, title="Collecting ideas", starts_on=today - timedelta(days=1)
    )
    ChallengePhase.objects.create(
        page=open_challenge, title="Evaluating", starts_on=today + timedelta(days=40)
    )
    opens_at = timezone.now() - timedelta(days=40)
    closed_challenge = ChallengeFactory(
        campaign=campaign,
        title="Moving house",
        slug="moving",
        opens_at=opens_at,
        closes_at=opens_at + timedelta(days=30),
        results="<p>We retained two ideas.</p>",
    )
    idea = PostFactory(
        title="One address change for all administrations",
        challenge=closed_challenge,
        campaign=campaign,
        kind="idea",
    )
    RetainedIdea.objects.create(page=closed_challenge, post=idea, note="Done in 2026.")
    return {
        "citizen": citizen,
        "answered": answered,
        "procedure": procedure,
        "campaign": campaign,
        "open_challenge": open_challenge,
        "closed_challenge": closed_challenge,
    }


MISSING = "/this-page-does-not-exist/"


def audit(page, urls):
    """Visit each URL and return {url: violations} for the pages that have any."""
    found = {}
    for url in urls:
        status = page.goto(url).status
        expected = 404 if url == MISSING else 200
        assert status == expected, f"{url} answered {status}, not {expected}"
        violations = serious_violations(page)
        if violations:
            found[url] = violations
    return found


def report(found):
    return "axe found serious/critical WCAG 2.1 A/AA violations:\n" + "\n".join(
        f"{url}\n{describe(violations)}" for url, violations in found.items()
    )


def public_urls(world):
    return [
        "/",
        "/posts/",
        "/posts/?kind=pain_point&status=under_review&administration=acd&sort=supported",
        "/posts/?q=tax+form",
        "/posts/?q=nothing+matches+this+zzzz",
        world["answered"].get_absolute_url(),
        "/procedures/",
        world["procedure"].get_absolute_url(),
        "/campaigns/",
        world["campaign"].url,
        world["open_challenge"].url,
        world["closed_challenge"].url,
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        MISSING,
    ]


def test_public_pages_for_anonymous_visitors(page, world):
    found = audit(page, public_urls(world))
    assert not found, report(found)


def test_pages_of_a_signed_in_citizen(page, live_server, world):
    sign_in_as(page, live_server, world["citizen"])
    urls = public_urls(world)[:12] + [
        "/posts/new/",
        "/posts/mine/",
        "/notifications/",
        "/accounts/email/",
        "/account/privacy/",
        "/account/delete/",
        "/accounts/password/change/",
        f"/moderation/report/post/{world['answered'].pk}/",
    ]
    found = audit(page, urls)
    assert not found, report(found)


@pytest.fixture
def similar_index(world):
    backends.reset()
    clustering.reset_index()  # the live server shares this process and so the index
    clustering.index_posts(list(Post.objects.all()))
    yield
    clustering.reset_index()


def test_forms_after_a_submission_with_errors(page, live_server, world, similar_index):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("nobody@example.lu")
    page.get_by_label("Password").fill("wrong password")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    found = {}
    if violations := serious_violations(page):
        found["/accounts/login/ (wrong password)"] = violations

    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("new@example.lu")
    page.get_by_label("Public name (pseudonym)").fill("Léa")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Password (again)").fill("other")
    with page.expect_navigation():
        page.get_by_label("Password", exact=True).press("Enter")
    assert page.locator("[aria-invalid=true]").count()
    if violations := serious_violations(page):
        found["/accounts/signup/ (errors)"] = violations

    sign_in_as(page, live_server, UserFactory(roles=[roles.CITIZEN]))
    page.goto("/posts/new/")
    page.get_by_label("Title").fill("The tax form asks for papers every year")
    page.get_by_label("What is the problem?").fill("Every year the tax form asks for papers.")
    # The duplicate suggestions box (similar-posts.js) appears beside the form.
    page.locator("#similar-posts li").first.wait_for()
    if violations := serious_violations(page):
        found["/posts/new/ (similar posts shown)"] = violations
    page.get_by_role("button", name="Preview my post").press("Enter")
    page.locator("#error-summary").wait_for()
    if violations := serious_violations(page):
        found["/posts/new/ (errors)"] = violations
    assert not found, report(found)


def test_transparency_open_data_and_notification_settings(page, live_server, world):
    found = audit(page, ["/transparency/", "/transparency/acd/", "/open-data/"])
    sign_in_as(page, live_server, world["citizen"])
    found |= audit(page, ["/notifications/settings/"])
    assert not found, report(found)


@pytest.mark.parametrize("language", ["en", "lb"])
def test_home_page_and_post_list_in_each_language(page, live_server, world, language):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto("/posts/")
    assert page.locator("html").get_attribute("lang") == language
    found = audit(page, ["/", "/posts/", "/posts/?q=tax"])
    assert not found, report(found)


def test_the_checker_reports_rule_impact_help_and_selectors(page):
    """The helper itself: a page with a nameless button fails with an actionable message."""
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main>'
        '<button id="nameless"></button><p style="color:#bbb">faint</p>'
        '<p id="twice">1</p><p id="twice">2</p>'
        "</main></body></html>"
    )
    message = report({"/test": serious_violations(page)})
    assert "button-name (critical)" in message
    assert "color-contrast (serious)" in message
    assert "#nameless" in message
    assert "duplicate-id (serious)" in message and "[id='twice']" in message
