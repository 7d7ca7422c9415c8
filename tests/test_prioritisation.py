"""Prioritisation rounds: budget rules, one ballot per person changed until the close date,
dates enforced by the server, results hidden until published, visibility, CSV, GDPR."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.gdpr.erasure import anonymise_user
from prioritisation.forms import PrioritisationPageForm
from prioritisation.models import Ballot, BallotLine
from prioritisation.services import cast_ballot
from tests.factories import CampaignFactory, PostFactory, PrioritisationPageFactory, UserFactory
from tests.test_pages import assert_accessible_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen():
    return UserFactory()


@pytest.fixture
def round_():
    return PrioritisationPageFactory(initiatives=("Online forms", "Once only", "Plain language"))


def ids(page):
    return list(page.initiatives.order_by("sort_order").values_list("pk", flat=True))


def points_of(user, page):
    return dict(
        BallotLine.objects.filter(ballot__user=user, ballot__page=page).values_list(
            "initiative__title", "points"
        )
    )


def post_ballot(client, page, points):
    data = {f"initiative_{pk}": value for pk, value in zip(ids(page), points, strict=False)}
    return client.post(page.url, data)


def test_budget_is_spread_and_replaced_until_close(citizen, round_):
    a, b, c = ids(round_)
    cast_ballot(citizen, round_, {a: 6, b: 4})
    cast_ballot(citizen, round_, {b: 3, c: 7})

    assert Ballot.objects.filter(user=citizen).count() == 1
    assert points_of(citizen, round_) == {"Once only": 3, "Plain language": 7}


@pytest.mark.parametrize(
    "points",
    [
        {0: 6, 1: 5},  # 11 > 10 points
        {0: -1},  # negative
        {0: "x"},  # not a number
    ],
)
def test_broken_budget_rules_are_refused_and_nothing_is_written(citizen, round_, points):
    pks = ids(round_)
    with pytest.raises(ValidationError):
        cast_ballot(citizen, round_, {pks[i]: value for i, value in points.items()})
    assert not Ballot.objects.exists()


def test_cap_per_initiative_and_foreign_initiatives_are_refused(citizen):
    page = PrioritisationPageFactory(max_points_per_initiative=4)
    other = PrioritisationPageFactory()
    a, _b = ids(page)
    with pytest.raises(ValidationError, match="at most 4"):
        cast_ballot(citizen, page, {a: 5})
    with pytest.raises(ValidationError, match="not part of this round"):
        cast_ballot(citizen, page, {ids(other)[0]: 1})
    cast_ballot(citizen, page, {a: 4})
    assert points_of(citizen, page) == {"First": 4}


def test_zero_points_withdraw_the_ballot(citizen, round_):
    a, *_ = ids(round_)
    cast_ballot(citizen, round_, {a: 2})
    assert cast_ballot(citizen, round_, {a: 0}) is None
    assert not Ballot.objects.exists()


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [(1, 10, "not open yet"), (-10, -1, "closed")],
)
def test_service_and_view_refuse_outside_the_dates(client, citizen, opens, closes, message):
    now = timezone.now()
    page = PrioritisationPageFactory(
        opens_at=now + timedelta(days=opens), closes_at=now + timedelta(days=closes)
    )
    with pytest.raises(ValidationError, match=message):
        cast_ballot(citizen, page, {ids(page)[0]: 1})

    client.force_login(citizen)
    response = post_ballot(client, page, [3, 2])

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Ballot.objects.exists()


def test_ballot_changed_after_close_is_refused_and_kept(citizen, round_):
    a, b, _c = ids(round_)
    cast_ballot(citizen, round_, {a: 5})
    later = round_.closes_at + timedelta(minutes=1)
    with pytest.raises(ValidationError):
        cast_ballot(citizen, round_, {b: 5}, now=later)
    assert points_of(citizen, round_) == {"Online forms": 5}


def test_citizen_casts_and_changes_a_ballot_on_the_page(client, citizen, round_):
    client.force_login(citizen)

    response = post_ballot(client, round_, [4, 0, 6])
    assert response.status_code == 302
    response = post_ballot(client, round_, [1, 2, 3])
    assert response.status_code == 302

    assert points_of(citizen, round_) == {"Online forms": 1, "Once only": 2, "Plain language": 3}
    page = client.get(round_.url)
    html = page.content.decode()
    assert_accessible_page(html)
    assert "Your ballot" in html and 'value="2"' in html


def test_over_budget_on_the_page_is_a_form_error(client, citizen, round_):
    client.force_login(citizen)
    response = post_ballot(client, round_, [9, 9, 0])
    assert response.status_code == 400
    assert "but have only 10" in response.content.decode()
    assert not Ballot.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, round_):
    response = post_ballot(client, round_, [1])
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Ballot.objects.exists()


def test_results_hidden_until_published(client, citizen, round_):
    a, b, _c = ids(round_)
    cast_ballot(citizen, round_, {a: 7, b: 3})
    cast_ballot(UserFactory(), round_, {a: 2})

    assert "Points and supporters per initiative" not in client.get(round_.url).content.decode()

    round_.results_published = True
    round_.save_revision().publish()
    html = client.get(round_.url).content.decode()

    assert "Points and supporters per initiative" in html
    assert "2 people took part" in html
    rows = {r.title: (r.total_points, r.supporters) for r in round_.results()}
    assert rows == {"Online forms": (9, 2), "Once only": (3, 1), "Plain language": (0, 0)}


def test_internal_round_is_404_for_citizens(client, citizen):
    campaign = CampaignFactory(audience="internal")
    page = PrioritisationPageFactory(campaign=campaign)
    servant = UserFactory(roles=[roles.CIVIL_SERVANT])

    client.force_login(citizen)
    assert client.get(page.url).status_code == 404
    assert post_ballot(client, page, [1]).status_code == 404
    with pytest.raises(ValidationError):
        cast_ballot(citizen, page, {ids(page)[0]: 1})

    client.force_login(servant)
    assert client.get(page.url).status_code == 200
    assert post_ballot(client, page, [1]).status_code == 302
    assert not Ballot.objects.filter(user=citizen).exists()


def test_results_csv_for_editors_only(client, citizen, round_):
    cast_ballot(citizen, round_, {ids(round_)[0]: 5})
    url = reverse("prioritisation:results-csv", args=[round_.pk])

    client.force_login(citizen)
    assert client.get(url).status_code == 403

    client.force_login(UserFactory(roles=[roles.ADMIN], is_superuser=True))
    response = client.get(url)
    assert response.status_code == 200
    assert "Online forms,5,1" in response.content.decode()


def test_related_post_must_belong_to_the_campaign(round_):
    foreign = PostFactory(campaign=CampaignFactory())
    own = PostFactory(campaign=round_.campaign)

    def form(post):
        data = {
            "title": round_.title,
            "slug": round_.slug,
            "points_per_participant": 10,
            "opens_at": round_.opens_at.strftime("%Y-%m-%d %H:%M"),
            "closes_at": round_.closes_at.strftime("%Y-%m-%d %H:%M"),
            "initiatives-TOTAL_FORMS": 1,
            "initiatives-INITIAL_FORMS": 0,
            "initiatives-MIN_NUM_FORMS": 0,
            "initiatives-MAX_NUM_FORMS": 1000,
            "initiatives-0-title": "Linked",
            "initiatives-0-post": post.pk,
            "initiatives-0-ORDER": 1,
        }
        form_class = round_.get_edit_handler().get_form_class()
        return form_class(data, instance=round_, parent_page=round_.get_parent())

    bad = form(foreign)
    assert isinstance(bad, PrioritisationPageForm)
    assert not bad.is_valid()
    assert "initiatives" not in bad.errors  # the error is on the inline row
    assert bad.formsets["initiatives"].forms[0].errors["post"]
    good = form(own)
    assert good.is_valid(), (good.errors, good.formsets["initiatives"].errors)


def test_ballots_in_data_download_and_deleted_with_the_account(client, citizen, round_):
    cast_ballot(citizen, round_, {ids(round_)[1]: 4})
    client.force_login(citizen)

    data = json.loads(client.get(reverse("accounts:export")).content)

    [ballot] = data["prioritisation_ballots"]
    assert ballot["round"] == round_.title
    assert ballot["points"] == [{"initiative": "Once only", "points": 4}]

    anonymise_user(citizen)
    assert not Ballot.objects.exists() and not BallotLine.objects.exists()


def test_demo_round_has_ballots_and_published_results_and_is_idempotent():
    from core.demo.prioritisation import ensure_prioritisation

    campaign = CampaignFactory(title="Let's simplify together")
    citizens = {"citizens": [(UserFactory(), ["fr"]) for _ in range(5)]}

    page = ensure_prioritisation({"public": campaign}, citizens)

    assert page.live and page.results_published and page.is_closed()
    assert page.initiatives.count() == 5
    assert Ballot.objects.filter(page=page).count() == 5
    assert sum(r.total_points for r in page.results()) == 50
    assert ensure_prioritisation({"public": campaign}, citizens) is None


def test_admin_add_form_under_a_campaign(client):
    campaign = CampaignFactory()
    client.force_login(UserFactory(roles=[roles.ADMIN], is_superuser=True))
    url = f"/admin/pages/add/prioritisation/prioritisationpage/{campaign.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    assert "Initiatives" in response.content.decode()


def test_campaign_page_lists_its_rounds(client, round_):
    html = client.get(round_.campaign.url).content.decode()
    assert "Prioritisation rounds" in html and round_.url in html
