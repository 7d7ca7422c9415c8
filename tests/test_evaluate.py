"""`manage.py evaluate duplicates|clustering|mapping` on tiny fixtures with the fake embedder."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "nlp"


def evaluate(*args):
    stdout, stderr = StringIO(), StringIO()
    call_command("evaluate", *args, stdout=stdout, stderr=stderr)
    lines = stdout.getvalue().strip().splitlines()
    return json.loads(lines[-1]), stderr.getvalue()


def test_duplicates_graded_pairs_report_f1_and_spearman():
    report, progress = evaluate("duplicates", "--input", str(FIXTURES / "pairs_graded.jsonl"))
    assert report["task"] == "duplicates"
    assert report["n"] == 6
    assert report["seconds"] >= 0
    assert report["embedder"] == "fake-hashing"
    # Identical pairs are duplicates, unrelated ones are not.
    assert report["precision"] == report["recall"] == report["f1"] == 1.0
    assert report["positives"] == 3
    assert report["spearman"] > 0.5
    assert set(report["by_language"]) == {"en", "fr"}
    assert "encoded 12/12" in progress


def test_duplicates_boolean_pairs_skip_blank_lines_and_have_no_spearman():
    report, _ = evaluate("duplicates", "--input", str(FIXTURES / "pairs_binary.jsonl"))
    assert report["n"] == 4
    assert report["f1"] == 1.0
    assert "spearman" not in report


def test_clustering_separated_groups_without_being_told_their_number():
    report, _ = evaluate("clustering", "--input", str(FIXTURES / "items.jsonl"))
    assert report["task"] == "clustering"
    assert report["n"] == 12
    assert report["v_measure"] == 1.0
    assert report["ari"] == 1.0
    assert report["nmi"] == 1.0
    assert report["clusters"] == 3


def test_mapping_finds_exact_titles_first():
    report, _ = evaluate(
        "mapping",
        "--catalogue",
        str(FIXTURES / "catalogue.jsonl"),
        "--input",
        str(FIXTURES / "queries.jsonl"),
    )
    assert report["task"] == "mapping"
    assert report["n"] == 5
    assert report["top1"] == report["top5"] == report["mrr"] == 1.0
    assert 0 < report["mean_top1_confidence"] <= 1


def test_mapping_can_cache_embeddings_on_disk(tmp_path):
    args = ["mapping", "--catalogue", str(FIXTURES / "catalogue.jsonl")]
    args += ["--input", str(FIXTURES / "queries.jsonl"), "--cache", str(tmp_path)]
    first, _ = evaluate(*args)
    second, _ = evaluate(*args)
    assert (tmp_path / "fake-hashing.sqlite3").exists()
    assert first["top1"] == second["top1"] == 1.0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["duplicates", "--input", "bad_json.jsonl"], "line 3: invalid JSON"),
        (["duplicates", "--input", "items.jsonl"], 'line 1: "a" must be a non-empty string'),
        (["clustering", "--input", "bad_items.jsonl"], 'line 2: "text" must be a non-empty'),
        (["clustering", "--input", "missing.jsonl"], "cannot read the file"),
        (
            ["mapping", "--catalogue", "catalogue.jsonl", "--input", "items.jsonl"],
            'line 1: "procedure_id" must be',
        ),
        (
            ["mapping", "--catalogue", "queries.jsonl", "--input", "queries.jsonl"],
            'line 1: "id" must be a string',
        ),
    ],
)
def test_bad_input_is_a_command_error_naming_the_line(args, message):
    args = [str(FIXTURES / a) if a.endswith(".jsonl") else a for a in args]
    with pytest.raises(CommandError, match=message.replace("(", r"\(")):
        evaluate(*args)


def test_mapping_queries_must_point_into_the_catalogue(tmp_path):
    queries = tmp_path / "queries.jsonl"
    queries.write_text(json.dumps({"text": "anything", "procedure_id": "nowhere"}) + "\n")
    with pytest.raises(CommandError, match="no procedure_id is in the catalogue"):
        evaluate("mapping", "--catalogue", str(FIXTURES / "catalogue.jsonl"), "--input", queries)


def test_calibrate_refuses_a_folder_without_eval_data(tmp_path):
    with pytest.raises(CommandError, match="not an eval data folder"):
        call_command("calibrate", "duplicates", "--data", str(tmp_path), stdout=StringIO())
