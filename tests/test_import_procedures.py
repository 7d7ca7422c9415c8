import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from procedures.importer import assign_slugs
from procedures.models import Administration, Procedure

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
SMALL = FIXTURES / "procedures_small.jsonl"
SMALL_UPDATED = FIXTURES / "procedures_small_updated.jsonl"
BAD = FIXTURES / "procedures_bad.jsonl"
REAL = Path(settings.SHARED_DATA_DIR) / "guichet" / "procedures.jsonl"

RESIDENT_RETURN = (
    "citoyens/impots-taxes/activite-salariee-resident/declaration-resident/declaration-impot"
)
NON_RESIDENT_RETURN = (
    "citoyens/impots-taxes/activite-salariee-non-resident/declaration-revenu-non-resident/"
    "declaration-impot"
)
FAMILY_ALLOWANCE = "citoyens/famille/parents/allocation-naissance/allocations-familiales"
PARENTAL_LEAVE = "citoyens/travail-emploi/conges-jours-feries/situation-personnelle/conge-parental"


def run_import(path):
    out = StringIO()
    call_command("import_procedures", str(path), stdout=out)
    return out.getvalue()


def snapshot():
    return sorted(
        (
            p.external_id,
            p.slug,
            p.title,
            tuple(sorted(p.administrations.values_list("name", flat=True))),
        )
        for p in Procedure.objects.prefetch_related("administrations")
    )


def test_import_creates_procedures_and_administrations():
    output = run_import(SMALL)

    assert Procedure.objects.count() == 6
    assert "6 created" in output
    assert set(Administration.objects.values_list("name", flat=True)) == {
        "Administration des contributions directes",
        "Caisse pour l'avenir des enfants",
        "Caisse nationale de santé (CNS)",
        "Administration communale",
    }
    allowance = Procedure.objects.get(external_id=FAMILY_ALLOWANCE)
    assert allowance.slug == "allocations-familiales"
    assert allowance.title == "Demander l’allocation familiale"
    assert allowance.theme == "famille"
    assert allowance.path == ["parents", "allocation-naissance"]
    assert allowance.url.endswith("allocations-familiales.html")
    assert allowance.administrations.get().slug == "caisse-pour-lavenir-des-enfants"
    leave = Procedure.objects.get(external_id=PARENTAL_LEAVE)
    assert leave.administrations.count() == 3


def test_ids_sharing_a_last_segment_get_distinct_longer_slugs():
    run_import(SMALL)

    resident = Procedure.objects.get(external_id=RESIDENT_RETURN).slug
    non_resident = Procedure.objects.get(external_id=NON_RESIDENT_RETURN).slug
    assert resident == "declaration-resident-declaration-impot"
    assert non_resident == "declaration-revenu-non-resident-declaration-impot"


def test_slugs_do_not_depend_on_order():
    ids = ["a/x/same", "a/y/same", "b/other", "c/x-same"]
    forward = assign_slugs(ids, set(ids), used=[])
    backward = assign_slugs(list(reversed(ids)), set(ids), used=[])
    assert forward == backward
    assert len(set(forward.values())) == 4
    assert forward["b/other"] == "other"


def test_rerun_updates_titles_and_administrations_without_duplicates():
    run_import(SMALL)
    first_pks = dict(Procedure.objects.values_list("external_id", "pk"))

    output = run_import(SMALL_UPDATED)

    assert Procedure.objects.count() == 6
    assert Administration.objects.count() == 4
    assert dict(Procedure.objects.values_list("external_id", "pk")) == first_pks
    assert "0 created, 2 updated, 4 unchanged" in output
    allowance = Procedure.objects.get(external_id=FAMILY_ALLOWANCE)
    assert allowance.title == "Demander l'allocation familiale (titre modifié)"
    leave = Procedure.objects.get(external_id=PARENTAL_LEAVE)
    assert "Administration des contributions directes" not in set(
        leave.administrations.values_list("name", flat=True)
    )
    assert leave.administrations.count() == 2


def test_rerun_of_the_same_file_changes_nothing():
    run_import(SMALL)
    before = snapshot()

    output = run_import(SMALL)

    assert snapshot() == before
    assert "0 created, 0 updated, 6 unchanged" in output


def test_bad_file_names_the_line_and_imports_nothing():
    run_import(SMALL)
    before = snapshot()

    with pytest.raises(CommandError) as error:
        run_import(BAD)

    message = str(error.value)
    assert "line 3: invalid JSON" in message
    assert "line 4: missing required field 'title'" in message
    assert snapshot() == before


def test_bad_file_on_an_empty_database_creates_nothing():
    with pytest.raises(CommandError):
        run_import(BAD)

    assert Procedure.objects.count() == 0
    assert Administration.objects.count() == 0


def test_wrong_types_and_duplicate_ids_are_rejected(tmp_path):
    rows = [
        {"id": "citoyens/a", "title": "A", "path": "not-a-list"},
        {"id": "citoyens/b", "title": 42},
        {"id": "citoyens/a", "title": "A again"},
        ["not", "an", "object"],
    ]
    path = tmp_path / "types.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")

    with pytest.raises(CommandError) as error:
        run_import(path)

    message = str(error.value)
    assert "line 1: field 'path' must be a list of strings" in message
    assert "line 2: field 'title' must be a string" in message
    # Line 1 was invalid, so line 3 is the first valid "citoyens/a" and is accepted as such.
    assert "line 4: expected a JSON object" in message
    assert Procedure.objects.count() == 0


def test_duplicate_id_names_the_first_line(tmp_path):
    path = tmp_path / "dupes.jsonl"
    row = json.dumps({"id": "citoyens/a", "title": "A"})
    path.write_text(f"{row}\n\n{row}\n", encoding="utf-8")

    with pytest.raises(
        CommandError, match="line 3: duplicate id 'citoyens/a' \\(first on line 1\\)"
    ):
        run_import(path)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="not found"):
        run_import(tmp_path / "nope.jsonl")


def test_real_catalogue_imports_every_line():
    lines = [line for line in REAL.read_text(encoding="utf-8").splitlines() if line.strip()]

    output = run_import(REAL)

    assert len(lines) == 764
    assert Procedure.objects.count() == 764
    assert "764 created" in output
    assert Procedure.objects.values("slug").distinct().count() == 764
    with_administrations = Procedure.objects.filter(administrations__isnull=False).distinct()
    assert with_administrations.count() == 466
    assert Administration.objects.filter(name="Administration des contributions directes").exists()
    assert "0 created, 0 updated, 764 unchanged" in run_import(REAL)


def test_the_first_listed_administration_leads_whatever_the_database_order():
    # Create the second-listed administration first so that database order would pick it.
    rows = [json.loads(line) for line in REAL.read_text(encoding="utf-8").splitlines()]
    row = next(r for r in rows if len(r.get("administrations") or []) >= 2)
    first, second = row["administrations"][:2]
    Administration.objects.create(name=second, slug="created-before-the-lead")
    run_import(REAL)
    procedure = Procedure.objects.get(external_id=row["id"])
    assert procedure.responsible_administration.name == first
