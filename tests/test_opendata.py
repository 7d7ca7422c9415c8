"""Open-data exports (opendata/): public posts only, no personal data, guarded CSV, atomic and
idempotent regeneration, the documented page and the download views."""

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from clustering.models import Cluster, ClusterMembership
from opendata.conf import export_dir
from opendata.datasets import DATASETS
from opendata.services import regenerate_exports
from opendata.tasks import regenerate_exports as regenerate_task
from tests.factories import CampaignFactory, PostFactory, ProcedureFactory
from tests.opendata_world import PERSONAL, PUBLIC_ANSWER, SECRET_TEXTS, world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def load_json(name):
    return json.loads((export_dir() / f"{name}.json").read_text(encoding="utf-8"))


def load_csv(name):
    with open(export_dir() / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def every_file_text():
    return {path.name: path.read_text(encoding="utf-8") for path in export_dir().iterdir()}


def test_exports_hold_public_posts_only(world):
    regenerate_exports()
    public = {world.public.pk, world.formula.pk, world.clusters.staff.memberships.get().post_id}
    public.add(world.clusters.inactive.memberships.get().post_id)
    for rows in (load_json("posts"), load_csv("posts")):
        assert {int(row["id"]) for row in rows} == public
    assert [row["id"] for row in load_json("answers")] == [world.answer.pk]
    assert [row["post_id"] for row in load_json("status_changes")] == [world.public.pk]
    for name, text in every_file_text().items():
        for secret in SECRET_TEXTS:
            assert secret not in text, (name, secret)


def test_exports_hold_no_personal_data(world):
    regenerate_exports()
    people = set(PERSONAL)
    for user in User.objects.all():
        people.update({user.username, user.email, user.public_name})
    for name, text in every_file_text().items():
        for value in people:
            assert value not in text, (name, value)
    for dataset in DATASETS:
        for field in dataset.field_names:
            assert not {"author", "user", "email", "changed_by"} & set(field.split("_")), field


def test_post_rows_describe_the_post(world):
    regenerate_exports()
    rows = {row["id"]: row for row in load_json("posts")}
    row = rows[world.public.pk]
    assert row["url"] == f"http://testserver/posts/{world.public.pk}/"
    assert row["procedure_slug"] == "income-tax-return"
    assert row["administration_name"] == "Tax Administration"
    assert row["cluster_id"] == world.clusters.public.pk
    assert row["first_answer_at"] == world.answer.created_at.isoformat()
    # The duplicate's original is internal: the link is left out.
    assert rows[world.formula.pk]["duplicate_of_id"] is None
    in_inactive = world.clusters.inactive.memberships.get().post_id
    assert rows[in_inactive]["cluster_id"] is None
    assert load_json("answers")[0]["body"] == PUBLIC_ANSWER


def test_cluster_labels_never_come_from_posts_that_are_not_public(world):
    regenerate_exports()
    clusters = {row["id"]: row for row in load_json("clusters")}
    c = world.clusters
    assert set(clusters) == {c.public.pk, c.mixed.pk, c.staff.pk}
    assert clusters[c.public.pk]["label"] == world.public.title
    assert clusters[c.mixed.pk]["label"] == ""  # the internal member's title
    assert clusters[c.mixed.pk]["public_post_count"] == 1
    assert clusters[c.staff.pk]["label"] == "Forms asking twice"
    assert clusters[c.public.pk]["main_procedure_slug"] == "income-tax-return"


def test_csv_cells_that_look_like_formulas_are_guarded(world):
    regenerate_exports()
    titles = {row["title"] for row in load_csv("posts")}
    assert "'" + world.formula.title in titles
    assert not any(title.startswith("=") for title in titles)
    # The JSON keeps the exact text.
    assert world.formula.title in {row["title"] for row in load_json("posts")}


def test_regeneration_is_idempotent_and_leaves_no_temporary_file(world):
    first = regenerate_exports()
    contents = {name: text for name, text in every_file_text().items()}
    second = regenerate_exports()
    assert {path.name for path in export_dir().iterdir()} == {
        f"{d.name}.{f}" for d in DATASETS for f in ("csv", "json")
    } | {"manifest.json"}
    for name, text in every_file_text().items():
        if name != "manifest.json":
            assert text == contents[name], name
    assert first["datasets"] == second["datasets"]
    assert first["licence"]["name"] == "CC BY 4.0"
    for dataset in second["datasets"].values():
        for info in dataset["files"].values():
            data = (export_dir() / info["name"]).read_bytes()
            assert info["size"] == len(data)
            assert info["sha256"] == hashlib.sha256(data).hexdigest()
    assert second["datasets"]["posts"]["rows"] == 4
    assert (
        json.loads((export_dir() / "manifest.json").read_text())["generated_at"]
        == (second["generated_at"])
    )


def test_empty_database_gives_valid_empty_files(db):
    manifest = regenerate_exports()
    assert load_json("posts") == []
    assert load_csv("posts") == []
    assert manifest["datasets"]["clusters"]["rows"] == 0


def test_command_and_task_write_the_exports(world):
    out = io.StringIO()
    call_command("export_open_data", stdout=out)
    assert "posts: 4 rows" in out.getvalue()
    (export_dir() / "posts.csv").unlink()
    assert regenerate_task.delay().get()["answers"] == 1
    assert (export_dir() / "posts.csv").exists()


def test_open_data_page_documents_datasets_and_links_downloads(client, world):
    response = client.get(reverse("opendata:index"))
    assert response.status_code == 200
    assert "not generated yet" in response.content.decode()
    regenerate_exports()
    page = client.get(reverse("opendata:index")).content.decode()
    assert "CC BY 4.0" in page
    assert "02:45" in page
    for dataset in DATASETS:
        assert f'href="/open-data/{dataset.name}.csv"' in page
        assert f'href="/open-data/{dataset.name}.json"' in page
        for field in dataset.field_names:
            assert f"<code>{field}</code>" in page
    assert f"/open-data/feeds/administrations/{world.administration.pk}/answers.rss" in page
    assert "/api/v1/schema/" in page
    assert 'href="/open-data/manifest.json"' in page


def test_downloads_have_their_content_type_and_file_name(client, world):
    regenerate_exports()
    response = client.get("/open-data/posts.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="posts.csv"'
    body = b"".join(response.streaming_content)
    assert body == (export_dir() / "posts.csv").read_bytes()
    response = client.get("/open-data/answers.json")
    assert response["Content-Type"] == "application/json"
    assert json.loads(b"".join(response.streaming_content))[0]["body"] == PUBLIC_ANSWER
    manifest = client.get("/open-data/manifest.json")
    assert manifest.status_code == 200
    assert json.loads(b"".join(manifest.streaming_content))["datasets"]["posts"]["rows"] == 4


@pytest.mark.parametrize(
    "path",
    [
        "/open-data/authors.csv",
        "/open-data/posts.xlsx",
        "/open-data/manifest.csv",
        "/open-data/..%2Fsettings.csv",
        "/open-data/%2E%2E/posts.csv",
    ],
)
def test_unknown_files_are_404(client, world, path):
    regenerate_exports()
    (Path(export_dir()) / "manifest.csv").write_text("not a dataset")
    assert client.get(path).status_code == 404


def test_missing_file_is_a_404_page_that_says_so(client, world):
    response = client.get("/open-data/posts.csv")
    assert response.status_code == 404
    assert "has not been generated yet" in response.content.decode()
    assert client.get("/open-data/manifest.json").status_code == 404


def test_cluster_main_procedure_counts_public_posts_only(world):
    other = ProcedureFactory(slug="other-procedure")
    cluster = Cluster.objects.create(label="Mixed procedures", model_name="m")
    internal = CampaignFactory(audience="internal")
    posts = [PostFactory(procedure=world.procedure) for _ in range(2)]
    posts += [PostFactory(procedure=other, campaign=internal) for _ in range(3)]
    posts += [PostFactory(procedure=other, support_count=5)]
    for post in posts:
        ClusterMembership.objects.create(post=post, cluster=cluster, assigned_by="batch")
    regenerate_exports()
    row = next(row for row in load_json("clusters") if row["id"] == cluster.pk)
    assert row["main_procedure_slug"] == "income-tax-return"
    assert row["public_post_count"] == 3
    assert row["public_support_total"] == 5
    assert row["label"] == ""  # not a public member's title, not set by staff
