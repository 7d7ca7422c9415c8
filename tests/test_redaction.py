"""Personal data in posts and comments: the public text is redacted, the original is kept for
moderators only, and the author is told which kinds of data were removed."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.urls import reverse
from django_comments_xtd.models import XtdComment

from accounts import roles
from ideas import services
from ideas.comments import redact_edited_comment
from ideas.models import Post
from moderation.models import Redaction
from moderation.pii import PLACEHOLDER
from tests import factories
from tests.test_comments import POST_URL, comment_data

pytestmark = pytest.mark.django_db

BODY = "Call me on 621 123 456 or write to <b>anne@pt.lu</b>, the form <script>x</script> fails."


def redactions_of(instance):
    return Redaction.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=str(instance.pk)
    )


@pytest.fixture
def post():
    ministry = factories.AdministrationFactory()
    procedure = factories.ProcedureFactory(administrations=[ministry])
    return services.create_post(
        author=factories.UserFactory(),
        title="Allocation familiale bloquée",
        body=BODY,
        procedure=procedure,
    )


def test_create_post_stores_the_redacted_text_and_keeps_the_original(post):
    post.refresh_from_db()
    assert post.body == (
        f"Call me on {PLACEHOLDER} or write to <b>{PLACEHOLDER}</b>, the form <script>x</script>"
        " fails."
    )
    assert post.title == "Allocation familiale bloquée"
    (redaction,) = redactions_of(post)
    assert redaction.field == "body" and redaction.original == BODY
    assert [f["kind"] for f in redaction.findings] == ["phone", "email"]
    found = [BODY[f["start"] : f["end"]] for f in redaction.findings]
    assert found == ["621 123 456", "anne@pt.lu"]


def test_public_page_never_shows_the_original(client, post):
    page = client.get(post.get_absolute_url()).content.decode()
    assert PLACEHOLDER in page
    assert "621 123 456" not in page and "anne@pt.lu" not in page


def test_only_moderators_see_the_original_on_the_staff_page(client, post):
    url = reverse("staff_posts:decide", args=[post.pk])
    client.force_login(factories.UserFactory(roles=[roles.MODERATOR]))
    page = client.get(url).content.decode()
    assert "<mark>621 123 456</mark>" in page and "<mark>anne@pt.lu</mark>" in page
    assert "(phone number)" in page and "(e-mail address)" in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x</script>" not in page
    client.force_login(factories.triager(post.administration))
    page = client.get(url)
    assert page.status_code == 200  # the triager may decide, but not read the original
    assert "621 123 456" not in page.content.decode()


def test_author_is_told_which_kinds_were_removed(client):
    author = factories.UserFactory()
    client.force_login(author)
    data = {
        "procedure_unknown": "on",
        "kind": "pain_point",
        "title": "Paper forms for the family allowance",
        "body": "My matricule 1985031212307 was refused, reach me at +352 691 234 567.",
        "suggestion": "",
        "language": "",
        "action": "preview",
    }
    preview = client.post(reverse("ideas:create"), data).content.decode()
    assert "seems to contain personal data" in preview
    assert "national identification number" in preview and "phone number" in preview
    response = client.post(reverse("ideas:create"), {**data, "action": "submit"}, follow=True)
    post = Post.objects.get(author=author)
    assert "1985031212307" not in post.body and post.body.count(PLACEHOLDER) == 2
    text = response.content.decode()  # the post page shows the flash messages
    assert "national identification number, phone number" in text
    assert "Only the moderators can see what you originally wrote." in text


def test_comments_are_redacted_and_their_originals_kept(client):
    post = factories.PostFactory()
    commenter = factories.UserFactory()
    client.force_login(commenter)
    text = "Same here, my plate is GR 5518 and I live at 12, rue de la Gare."
    response = client.post(POST_URL, comment_data(post, text), follow=True)
    assert response.status_code == 200
    comment = XtdComment.objects.get()
    assert comment.comment == f"Same here, my plate is {PLACEHOLDER} and I live at {PLACEHOLDER}."
    assert comment.is_public
    (redaction,) = redactions_of(comment)
    assert redaction.field == "comment" and redaction.original == text
    assert {f["kind"] for f in redaction.findings} == {"licence_plate", "address"}
    assert "licence plate, postal address" in response.content.decode()


def test_comment_without_personal_data_is_stored_as_written(client):
    post = factories.PostFactory()
    client.force_login(factories.UserFactory())
    client.post(POST_URL, comment_data(post, "Waited 45 minutes at counter 3 on 12.03.2024."))
    comment = XtdComment.objects.get()
    assert comment.comment == "Waited 45 minutes at counter 3 on 12.03.2024."
    assert not redactions_of(comment).exists()


def test_comment_with_too_many_links_is_held(client, settings):
    settings.MODERATION_MAX_LINKS = 1
    post = factories.PostFactory()
    client.force_login(factories.UserFactory())
    text = "See https://a.example.com and https://b.example.com and https://c.example.com"
    client.post(POST_URL, comment_data(post, text))
    assert XtdComment.objects.get().is_public is False


def test_original_template_marks_and_escapes():
    redaction = Redaction(
        field="body",
        original="<i>x</i> 621 123 456",
        findings=[{"kind": "phone", "start": 9, "end": 20}],
    )
    html = render_to_string("moderation/_redaction_original.html", {"redactions": [redaction]})
    assert "&lt;i&gt;x&lt;/i&gt; <mark>621 123 456</mark> <small>(phone number)</small>" in html


def test_edited_comment_text_is_redacted_too(rf):
    comment = XtdComment.objects.create(
        content_object=factories.PostFactory(), site_id=1, user_name="A", comment="Fine"
    )
    text = redact_edited_comment(rf.post("/"), comment, "Now with anne@pt.lu")
    assert text == f"Now with {PLACEHOLDER}"
    assert redactions_of(comment).get().original == "Now with anne@pt.lu"
    assert redact_edited_comment(rf.post("/"), comment, "No data") == "No data"
