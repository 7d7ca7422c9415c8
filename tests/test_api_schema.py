"""The OpenAPI schema of the public API: valid, and what the running API answers conforms to it
(schemathesis generates requests from the schema against the live server)."""

import json

import pytest
import schemathesis
import yaml
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from clustering.models import Cluster, ClusterMembership
from ideas.models import OfficialAnswer
from tests.factories import AdministrationFactory, CampaignFactory, PostFactory, ProcedureFactory

SCHEMA = "/api/v1/schema/"


@pytest.mark.django_db
def test_the_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    # Raises (SystemExit / CommandError) on an invalid schema or any warning.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    paths = yaml.safe_load(target.read_text())["paths"]
    assert sorted(paths) == [
        "/api/v1/administrations/",
        "/api/v1/administrations/{id}/",
        "/api/v1/clusters/",
        "/api/v1/clusters/{id}/",
        "/api/v1/posts/",
        "/api/v1/posts/{id}/",
        "/api/v1/procedures/",
        "/api/v1/procedures/{id}/",
        "/api/v1/statistics/",
    ]
    assert all(set(operations) == {"get"} for operations in paths.values())


@pytest.mark.django_db
def test_the_schema_is_served_as_yaml_and_json(client):
    response = client.get(SCHEMA)
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["openapi"].startswith("3.")
    as_json = client.get(SCHEMA, {"format": "json"})
    assert as_json["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert json.loads(as_json.content)["info"]["title"] == "Simplify Together open data API"


def add_api_data():
    """Some data of every kind (an internal post too), so that the answers have content."""
    administration = AdministrationFactory(name="Tax Office")
    procedure = ProcedureFactory(administrations=[administration], theme="impots-taxes")
    post = PostFactory(procedure=procedure, support_count=2)
    OfficialAnswer.objects.create(post=post, administration=administration, body="Planned.")
    PostFactory(duplicate_of=post, status="duplicate", language="fr", kind="idea")
    PostFactory(campaign=CampaignFactory(audience="internal"))
    cluster = Cluster.objects.create(label="c", model_name="m")
    ClusterMembership.objects.create(post=post, cluster=cluster, assigned_by="batch")


# A few derandomized examples per operation keep the run short and repeatable.
FEW_EXAMPLES = settings(
    max_examples=10,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def test_the_running_api_conforms_to_its_schema(live_server):
    """Every operation, with requests generated from the schema (valid ones, then invalid ones)
    against the live server: schemathesis' default checks (no 5xx; documented status codes,
    content types, headers and bodies; invalid input rejected with a 4xx).

    Not via schemathesis' pytest plugin (`from_fixture`): it reads `Item._nodeid`, which
    pytest 9 no longer has."""
    add_api_data()
    schema = schemathesis.openapi.from_url(live_server.url + SCHEMA)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 9
    for operation in operations:
        # Invalid requests need a parameter to get wrong (statistics has none).
        invalid = [GenerationMode.NEGATIVE] if any(operation.iter_parameters()) else []
        for mode in [GenerationMode.POSITIVE, *invalid]:

            @FEW_EXAMPLES
            @given(case=operation.as_strategy(generation_mode=mode))
            def conforms(case):
                case.call_and_validate(base_url=live_server.url)

            conforms()
