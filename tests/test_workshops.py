"""Workshops: capacity, waiting list, cancellation, sign-up window, reminders, the organiser's
export, internal visibility and GDPR."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.gdpr import anonymise_user
from tests.factories import CampaignFactory, PostFactory, UserFactory, WorkshopFactory
from tests.test_pages import assert_accessible_page
from workshops import services
from workshops.models import LinkedIdea, Registration, WorkshopPage

pytestmark = pytest.mark.django_db

CONFIRMED, WAITING, CANCELLED = "confirmed", "waiting", "cancelled"


@pytest.fixture
def workshop():
    return WorkshopFactory(capacity=2)


def people(count):
    return [UserFactory() for _ in range(count)]


def statuses(page):
    return list(
        Registration.objects.filter(page=page).order_by("pk").values_list("status", flat=True)
    )


def test_capacity_is_never_exceeded_and_the_rest_wait_in_order(workshop):
    a, b, c, d = people(4)
    results = [services.register(person, workshop) for person in (a, b, c, d)]
    assert [r.status for r in results] == [CONFIRMED, CONFIRMED, WAITING, WAITING]
    assert [r.waiting_position() for r in results] == [None, None, 1, 2]


def test_signing_up_twice_keeps_one_registration(workshop):
    person = UserFactory()
    first = services.register(person, workshop)
    assert services.register(person, workshop) == first
    assert Registration.objects.filter(user=person).count() == 1


def test_cancelling_promotes_the_first_waiting_person_and_tells_them(
    workshop, django_capture_on_commit_callbacks
):
    a, b, c, d = people(4)
    for person in (a, b, c, d):
        services.register(person, workshop)
    c.preferred_language = "fr"
    c.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.cancel(a, workshop) is True
    assert Registration.objects.get(user=c, page=workshop).status == CONFIRMED
    assert Registration.objects.get(user=d, page=workshop).waiting_position() == 1
    assert [m.to for m in mail.outbox] == [[c.email]]
    assert workshop.title in mail.outbox[0].subject


def test_cancelling_twice_is_harmless_and_a_waiting_cancel_promotes_nobody(
    workshop, django_capture_on_commit_callbacks
):
    a, b, c = people(3)
    for person in (a, b, c):
        services.register(person, workshop)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.cancel(c, workshop) is True
        assert services.cancel(c, workshop) is False
    assert statuses(workshop) == [CONFIRMED, CONFIRMED, CANCELLED]
    assert mail.outbox == []
    # Cancelled people may sign up again: a new registration, at the end of the list.
    assert services.register(c, workshop).status == WAITING


def test_sign_up_after_closing_is_refused_by_the_service_and_the_view(client, workshop):
    workshop.signup_closes_at = timezone.now() - timedelta(minutes=1)
    workshop.save_revision().publish()
    person = UserFactory()
    with pytest.raises(ValidationError):
        services.register(person, workshop)
    client.force_login(person)
    response = client.post(reverse("workshops:register", args=[workshop.pk]), follow=True)
    assert response.status_code == 200
    assert "closed" in response.content.decode()
    assert not Registration.objects.exists()


def test_sign_up_through_the_page(client, workshop):
    person = UserFactory()
    client.force_login(person)
    page = client.get(workshop.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("workshops:register", args=[workshop.pk]) in html
    assert_accessible_page(html)
    response = client.post(reverse("workshops:register", args=[workshop.pk]), follow=True)
    html = response.content.decode()
    assert "You have a seat at this workshop." in html
    assert "1 seat left" in html
    assert Registration.objects.get(user=person).status == CONFIRMED
    client.post(reverse("workshops:cancel", args=[workshop.pk]))
    assert Registration.objects.get(user=person).status == CANCELLED


def test_anonymous_visitors_are_sent_to_sign_in(client, workshop):
    response = client.post(reverse("workshops:register", args=[workshop.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "Sign in to take part." in client.get(workshop.url).content.decode()


def test_the_video_link_is_shown_only_to_confirmed_participants(client):
    workshop = WorkshopFactory(
        capacity=1, format="online", place="", video_link="https://meet.example.lu/gov-jam"
    )
    seated, waiting = people(2)
    services.register(seated, workshop)
    services.register(waiting, workshop)
    client.force_login(waiting)
    html = client.get(workshop.url).content.decode()
    assert "meet.example.lu" not in html
    assert "You are number 1 on the waiting list." in html
    client.force_login(seated)
    assert "https://meet.example.lu/gov-jam" in client.get(workshop.url).content.decode()


def test_reminders_go_once_to_each_confirmed_participant_in_their_language():
    soon = WorkshopFactory(capacity=2, starts_at=timezone.now() + timedelta(hours=20))
    later = WorkshopFactory(capacity=2, starts_at=timezone.now() + timedelta(days=5))
    a, b, c = people(3)
    a.preferred_language = "de"
    a.save()
    for person in (a, b, c):
        services.register(person, soon)  # c waits: no reminder
    services.register(a, later)
    mail.outbox.clear()
    assert services.send_reminders() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a.email, b.email])
    assert services.send_reminders() == 0
    assert len(mail.outbox) == 2
    assert Registration.objects.filter(reminded_at__isnull=False).count() == 2
    from workshops.tasks import send_workshop_reminders

    assert send_workshop_reminders.delay().get() == 0


def test_only_page_editors_export_the_participants(client, workshop):
    person, organiser = UserFactory(public_name="=cmd"), UserFactory(is_superuser=True)
    services.register(person, workshop)
    url = reverse("workshops:export", args=[workshop.pk])
    client.force_login(person)
    assert client.get(url).status_code == 403
    client.force_login(organiser)
    response = client.get(url)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][:3] == ["'=cmd", person.email, "Confirmed"]
    assert url in client.get(workshop.url).content.decode()


def test_workshops_of_an_internal_campaign_are_invisible_to_citizens(client):
    campaign = CampaignFactory(audience="internal")
    workshop = WorkshopFactory(campaign=campaign)
    citizen = UserFactory()
    client.force_login(citizen)
    assert client.get(workshop.url).status_code == 404
    assert client.post(reverse("workshops:register", args=[workshop.pk])).status_code == 404
    with pytest.raises(ValidationError):
        services.register(citizen, workshop)
    servant = UserFactory(roles=[roles.CIVIL_SERVANT])
    client.force_login(servant)
    assert client.get(workshop.url).status_code == 200
    assert services.register(servant, workshop).status == CONFIRMED
    assert not Registration.objects.filter(user=citizen).exists()


def test_summary_and_linked_ideas_are_shown_after_the_workshop(client):
    start = timezone.now() - timedelta(days=3)
    workshop = WorkshopFactory(
        starts_at=start, ends_at=start + timedelta(hours=2), summary="<p>We mapped forms.</p>"
    )
    post = PostFactory(campaign=workshop.campaign, title="One form for all permits")
    LinkedIdea.objects.create(page=workshop, post=post, sort_order=0)
    html = client.get(workshop.url).content.decode()
    assert "We mapped forms." in html and "One form for all permits" in html
    other = PostFactory(title="Elsewhere")
    with pytest.raises(ValidationError):
        LinkedIdea(page=workshop, post=other).full_clean()


def test_registrations_are_downloaded_and_erased_with_the_account(client, workshop):
    a, b, c = people(3)
    for person in (a, b, c):
        services.register(person, workshop)
    client.force_login(a)
    data = json.loads(client.get(reverse("accounts:export")).content)
    assert [r["status"] for r in data["workshop_registrations"]] == [CONFIRMED]
    assert data["workshop_registrations"][0]["workshop"] == workshop.title
    anonymise_user(a)
    assert not Registration.objects.filter(user=a).exists()
    assert Registration.objects.get(user=c).status == CONFIRMED


def test_demo_workshops_are_full_with_a_waiting_list_and_idempotent():
    from core.demo.workshops import ensure_workshops

    campaign = CampaignFactory()
    PostFactory(campaign=campaign, title="Fewer forms")
    citizens = people(7)
    gov_jam, past = ensure_workshops(campaign, citizens)
    ensure_workshops(campaign, citizens)
    registrations = Registration.objects.filter(page=gov_jam)
    assert registrations.filter(status=CONFIRMED).count() == gov_jam.capacity
    assert registrations.filter(status=WAITING).count() == 2
    assert past.is_past() and past.summary
    assert [link.post.title for link in past.linked_ideas.all()] == ["Fewer forms"]


def test_editors_create_a_workshop_and_link_only_ideas_of_its_campaign(client):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    client.force_login(UserFactory(roles=[roles.ADMIN], is_staff=True))
    campaign = CampaignFactory()
    own, foreign = PostFactory(campaign=campaign), PostFactory(title="Posted elsewhere")
    add_url = reverse("wagtailadmin_pages:add", args=["workshops", "workshoppage", campaign.pk])
    assert client.get(add_url).status_code == 200
    start = timezone.localtime(timezone.now() + timedelta(days=3))

    def data(posts):
        return nested_form_data(
            {
                "title": "Gov-Jam",
                "slug": "gov-jam",
                "description": rich_text("<p>Redesign a procedure.</p>"),
                "starts_at": start.strftime("%Y-%m-%d %H:%M"),
                "ends_at": (start + timedelta(hours=3)).strftime("%Y-%m-%d %H:%M"),
                "format": "in_person",
                "place": "Esch-Belval",
                "capacity": "5",
                "language": "fr",
                "summary": rich_text(""),
                "linked_ideas": inline_formset([{"post": post.pk} for post in posts]),
                "action-publish": "action-publish",
            }
        )

    refused = client.post(add_url, data([foreign]))
    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors()
    accepted = client.post(add_url, data([own]))
    assert accepted.status_code == 302, accepted.context["form"].errors
    page = WorkshopPage.objects.get(slug="gov-jam")
    assert page.live and page.capacity == 5
    assert list(page.linked_ideas.values_list("post", flat=True)) == [own.pk]
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert client.get(edit_url).status_code == 200


def test_the_campaign_page_lists_its_workshops(client):
    campaign = CampaignFactory()
    start = timezone.now() - timedelta(days=3)
    WorkshopFactory(campaign=campaign, title="Gov-Jam")
    WorkshopFactory(campaign=campaign, title="Forms marathon", starts_at=start)
    html = client.get(campaign.url).content.decode()
    assert "Gov-Jam" in html and "Past workshops" in html
    assert_accessible_page(html)


def test_sign_ups_and_cancellations_are_rate_limited(client, settings, workshop):
    from django.core.cache import cache

    cache.clear()
    settings.RATE_LIMITS = {"workshop": (2, 600)}
    client.force_login(UserFactory())
    register = reverse("workshops:register", args=[workshop.pk])
    cancel = reverse("workshops:cancel", args=[workshop.pk])
    assert client.post(register).status_code == 302
    assert client.post(cancel).status_code == 302
    assert client.post(register).status_code == 429
    assert statuses(workshop) == [CANCELLED]
