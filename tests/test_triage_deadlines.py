"""Answer deadlines (platform default, per administration, overdue rules) and the daily digest
each triage team member receives."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts import roles
from config.celery import app
from ideas.models import Post
from ideas.status import Status
from tests.factories import AdministrationFactory, PostFactory, UserFactory, triager
from triage import tasks
from triage.conf import setting
from triage.deadlines import answer_deadline, deadline_days, is_overdue, overdue
from triage.models import DigestSent
from triage.services.digest import send_daily_digests

pytestmark = pytest.mark.django_db


def aged(days, **kwargs):
    """A post created `days` ago."""
    post = PostFactory(**kwargs)
    created = timezone.now() - timedelta(days=days)
    Post.objects.filter(pk=post.pk).update(created_at=created)
    post.refresh_from_db()
    return post


def test_deadline_days_default_setting_and_per_administration(settings):
    assert deadline_days(None) == 30
    settings.TRIAGE_ANSWER_DEADLINE_DAYS = 10
    assert deadline_days(AdministrationFactory()) == 10
    assert deadline_days(AdministrationFactory(answer_deadline_days=5)) == 5


def test_answer_deadline_counts_from_posting():
    quick = AdministrationFactory(answer_deadline_days=7)
    post = aged(2, administration=quick)
    assert answer_deadline(post) == post.created_at + timedelta(days=7)
    unrouted = aged(2, administration=None, procedure=None)
    assert answer_deadline(unrouted) == unrouted.created_at + timedelta(days=30)


def test_overdue_excludes_answered_and_closed_posts():
    quick = AdministrationFactory(answer_deadline_days=7)
    slow = AdministrationFactory()  # the default, 30 days
    late = aged(8, administration=quick)
    in_time = aged(8, administration=slow)
    late_default = aged(31, administration=slow)
    late_unrouted = aged(31, administration=None, procedure=None)
    answered = aged(8, administration=quick, answered_at=timezone.now())
    declined = aged(8, administration=quick, status=Status.DECLINED)
    duplicate = aged(40, administration=slow, status=Status.DUPLICATE)
    under_review = aged(9, administration=quick, status=Status.UNDER_REVIEW)
    expected = {late, late_default, late_unrouted, under_review}
    assert set(overdue(Post.objects.all())) == expected
    for post in [in_time, answered, declined, duplicate]:
        assert not is_overdue(post)
    for post in expected:
        assert is_overdue(post)
    # Later on, the slow administration's post is overdue as well.
    later = timezone.now() + timedelta(days=23)
    assert in_time in overdue(Post.objects.all(), now=later) and is_overdue(in_time, now=later)
    # The helper only narrows the queryset it gets.
    assert set(overdue(Post.objects.filter(administration=quick))) == {late, under_review}


@pytest.fixture
def team():
    ministry = AdministrationFactory(name="Tax office", answer_deadline_days=10)
    return ministry, triager(ministry, preferred_language="fr"), triager(ministry)


def test_the_digest_sends_one_mail_per_member_with_the_news(team):
    ministry, french, english = team
    fresh = aged(0, administration=ministry, title="Fresh complaint about forms")
    late = [aged(20 + n, administration=ministry, title=f"Old complaint {n}") for n in range(6)]
    aged(20, administration=ministry, answered_at=timezone.now(), title="Answered one")
    aged(0, administration=AdministrationFactory(), title="Someone else's post")
    no_address = triager(ministry, email="")

    assert send_daily_digests() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([french.email, english.email])
    assert no_address.email == ""
    body = next(m.body for m in mail.outbox if m.to == [english.email])
    assert "Tax office" in body and "Fresh complaint about forms" in body
    assert "1 new post in the last 24 hours" in body
    assert "6 posts are past their answer deadline" in body
    assert "7 posts wait for an answer in total." in body
    # The five oldest overdue posts, with links; the most recent overdue one is only counted.
    for post in late[1:]:
        assert post.title in body and f"http://testserver/admin/posts/answer/{post.pk}/" in body
    assert late[0].title not in body
    assert "Answered one" not in body and "Someone else's post" not in body
    assert f"/admin/posts/answer/{fresh.pk}/" in body
    # Each member in their language (dates are formatted per language; texts follow once
    # translated).
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    for user, language in [(french, "fr"), (english, "en")]:
        with translation.override(language):
            assert date_format(timezone.localdate(), "DATE_FORMAT") in subjects[user.email]
    assert subjects[french.email] != subjects[english.email]
    assert DigestSent.objects.filter(date=timezone.localdate()).count() == 2


def test_the_digest_is_not_sent_twice_a_day(team):
    ministry, _french, _english = team
    aged(0, administration=ministry)
    assert send_daily_digests() == 2
    assert send_daily_digests() == 0
    assert len(mail.outbox) == 2
    arriving = aged(-1, administration=ministry)  # posted tomorrow
    tomorrow = arriving.created_at + timedelta(minutes=1)
    assert send_daily_digests(now=tomorrow) == 2


def test_nothing_to_report_sends_nothing(team):
    ministry, _french, _english = team
    aged(3, administration=ministry)  # neither new nor overdue
    aged(40, administration=ministry, status=Status.IMPLEMENTED)
    assert send_daily_digests() == 0
    assert mail.outbox == [] and not DigestSent.objects.exists()


def test_dispatchers_hear_about_unrouted_posts(team):
    ministry, _french, english = team
    dispatcher = triager(ministry)
    dispatcher.groups.add(Group.objects.get_or_create(name=roles.DISPATCHER)[0])
    aged(0, administration=None, procedure=None, title="Nobody owns this yet")
    assert send_daily_digests() == 1
    [message] = mail.outbox
    assert message.to == [dispatcher.email] and "Nobody owns this yet" in message.body
    assert UserFactory().email not in [m.to[0] for m in mail.outbox]


def test_the_celery_task_is_scheduled_daily_and_sends(team):
    ministry, _french, _english = team
    aged(0, administration=ministry)
    tasks.send_daily_digests.delay()
    assert len(mail.outbox) == 2
    entry = app.conf.beat_schedule["triage-daily-digest"]
    assert entry["task"] == "triage.tasks.send_daily_digests"
    assert entry["schedule"].hour == {setting("TRIAGE_DIGEST_HOUR")}
