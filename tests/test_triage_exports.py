"""CSV and XLSX exports of a triage team's queue: the queue and nothing else, every column,
and cells that a spreadsheet would run as formulas are defused."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts import roles
from ideas.models import Post
from tests.factories import PostFactory, UserFactory
from tests.triage_world import age, build_world

pytestmark = pytest.mark.django_db

CSV = reverse("triage_admin:export_csv")
XLSX = reverse("triage_admin:export_xlsx")


@pytest.fixture
def world(client):
    world = build_world()
    client.force_login(world.tax_triager)
    return world


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_csv_holds_the_queue_only_with_every_column(client, world):
    age(world.ours[0], 40)
    response = client.get(CSV)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="triage-queue-{today}.csv"'
    header, *rows = csv_rows(response)
    assert header == [
        "id",
        "title",
        "status",
        "administration",
        "procedure",
        "cluster",
        "supports",
        "language",
        "created",
        "deadline",
        "overdue",
        "answered at",
        "URL",
    ]
    by_id = {int(row[0]): row for row in rows}
    assert set(by_id) == {p.pk for p in world.ours} | {world.loose.pk}
    first = by_id[world.ours[0].pk]
    assert first[1:8] == [
        "Tax form printed twice",
        "Submitted",
        "Tax office",
        "Income tax return",
        "Forms printed twice",
        "2",
        "fr",
    ]
    deadline = timezone.localtime(world.ours[0].created_at + timedelta(days=30))
    assert first[9] == deadline.replace(tzinfo=None).isoformat(sep=" ")
    assert first[10:12] == ["yes", ""]
    assert first[12] == f"http://testserver/posts/{world.ours[0].pk}/"
    assert by_id[world.loose.pk][5] == "" and by_id[world.ours[1].pk][10] == "no"


def test_csv_defuses_formulas(client, world):
    for title in ("=HYPERLINK(1)", "+1+1", "-2", "@SUM(A1)"):
        PostFactory(title=title, procedure=world.tax_return)
    titles = {row[1] for row in csv_rows(client.get(CSV))[1:]}
    assert {"'=HYPERLINK(1)", "'+1+1", "'-2", "'@SUM(A1)"} <= titles
    assert "=HYPERLINK(1)" not in titles


def test_xlsx_holds_the_queue_as_text_and_dates(client, world):
    PostFactory(title="=HYPERLINK(1)", procedure=world.tax_return)
    now = timezone.now()
    Post.objects.filter(pk=world.ours[1].pk).update(answered_at=now)
    response = client.get(XLSX)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].endswith('.xlsx"')
    header, *rows = xlsx_rows(response)
    assert header[0] == "id" and header[-1] == "URL" and len(header) == 13
    by_id = {row[0]: row for row in rows}
    assert set(by_id) - {max(by_id)} == {p.pk for p in world.ours} | {world.loose.pk}
    assert by_id[max(by_id)][1] == "=HYPERLINK(1)"  # a string cell, never a formula
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    answered = by_id[world.ours[1].pk][11]  # a naive local datetime (Excel has no zones)
    assert abs(answered - timezone.localtime(now).replace(tzinfo=None)) < timedelta(seconds=1)


def test_the_other_team_exports_its_own_posts(client, world):
    client.force_login(world.town_triager)
    ids = {int(row[0]) for row in csv_rows(client.get(CSV))[1:]}
    assert ids == {world.town_post_in_shared.pk, world.town_only.pk}
    ids = {row[0] for row in xlsx_rows(client.get(XLSX))[1:]}
    assert ids == {world.town_post_in_shared.pk, world.town_only.pk}


def test_narrowing_to_an_administration_needs_to_be_one_of_mine(client, world):
    ids = {int(r[0]) for r in csv_rows(client.get(CSV, {"administration": world.town.pk}))[1:]}
    assert world.town_only.pk not in ids  # not theirs to choose: the plain queue
    admin = UserFactory(roles=[roles.ADMIN])
    client.force_login(admin)
    ids = {int(r[0]) for r in csv_rows(client.get(CSV, {"administration": world.town.pk}))[1:]}
    assert ids == {world.town_post_in_shared.pk, world.town_only.pk}


def test_exports_need_the_board_permission(client, world):
    client.force_login(UserFactory(roles=[roles.MODERATOR]))
    for url in (CSV, XLSX):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
