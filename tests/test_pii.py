"""The personal-data detector: each kind, its look-alikes that must stay, checksums, offsets,
and its measured precision / recall on the shipped labelled set (a floor, not a snapshot)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from moderation.pii import PLACEHOLDER, detect, redact
from moderation.pii.checksums import iban_is_valid, luhn_digit, verhoeff_digit
from moderation.pii.evaluation import LANGUAGES, evaluate, load, shipped_files


def kinds(text):
    return [(f.kind, text[f.start : f.end]) for f in detect(text)]


def matricule(payload):
    return payload + luhn_digit(payload) + verhoeff_digit(payload)


# --- checksums -----------------------------------------------------------------------------


def test_luhn_and_verhoeff_known_values():
    assert luhn_digit("7992739871") == "3"  # the textbook Luhn example
    assert verhoeff_digit("236") == "3"  # the textbook Verhoeff example
    assert verhoeff_digit("12345") == "1"


def test_iban_mod97():
    assert iban_is_valid("LU280019400644750000")
    assert iban_is_valid("DE89370400440532013000")
    assert iban_is_valid("GB82WEST12345698765432")
    assert not iban_is_valid("LU290019400644750000")  # one check digit off
    assert not iban_is_valid("LU28001940064475000")  # one digit missing


# --- each kind, found ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, kind, value",
    [
        ("Schreift mir op jemp.schmit@pt.lu w.e.g.", "email", "jemp.schmit@pt.lu"),
        ("Écrivez à rené.müller(at)gmail.com merci", "email", "rené.müller(at)gmail.com"),
        ("Call +352 621 123 456 please", "phone", "+352 621 123 456"),
        ("Rufen Sie 00352 26 12 34 56 an", "phone", "00352 26 12 34 56"),
        ("Mäin Handy ass 691 12 34 56.", "phone", "691 12 34 56"),
        ("joignable au 621123456", "phone", "621123456"),
        ("portable français 06 12 34 56 78", "phone", "06 12 34 56 78"),
        ("Belgique : +32 470 12 34 56", "phone", "+32 470 12 34 56"),
        ("Handy +49 (0)171 2345678", "phone", "+49 (0)171 2345678"),
        ("Tel.: 44 55 66", "phone", "44 55 66"),
        ("IBAN LU28 0019 4006 4475 0000 merci", "iban", "LU28 0019 4006 4475 0000"),
        ("Konto DE89370400440532013000.", "iban", "DE89370400440532013000"),
        ("voiture immatriculée AB 1234", "licence_plate", "AB 1234"),
        ("Kennzeichen TR-AB 123 parkt", "licence_plate", "TR-AB 123"),
        ("la plaque AB-123-CD est française", "licence_plate", "AB-123-CD"),
        ("Nummerplack 45821", "licence_plate", "45821"),
        ("Le camion KL 6620 déverse", "licence_plate", "KL 6620"),
        ("J'habite 14, rue de la Gare à Mersch", "address", "14, rue de la Gare"),
        ("Ich wohne Hauptstraße 12a.", "address", "Hauptstraße 12a"),
        ("Mir wunnen an der Millewee 4", "address", "Millewee 4"),
        ("at 5 Main Street since May", "address", "5 Main Street"),
        ("Adresse : L-4260 Esch-sur-Alzette", "address", "L-4260 Esch-sur-Alzette"),
    ],
)
def test_detects(text, kind, value):
    assert (kind, value) in kinds(text)


def test_national_id_needs_a_date_and_both_check_digits():
    valid = matricule("19850312123")
    assert kinds(f"Invoice {valid} paid") == [("national_id", valid)]
    wrong_luhn = valid[:11] + str((int(valid[11]) + 1) % 10) + valid[12]
    assert kinds(f"Invoice {wrong_luhn} paid") == []
    not_a_date = matricule("19851312123")  # month 13
    assert kinds(f"Invoice {not_a_date} paid") == []
    # A mistyped number that the sentence names is still somebody's matricule.
    assert kinds(f"Mon matricule est {wrong_luhn}.") == [("national_id", wrong_luhn)]
    # Grouped as on the social security card: a date is enough (and no phone inside it).
    grouped = "Die Pflegeversicherung hat 1961 0423 145 87 verwechselt."
    assert kinds(grouped) == [("national_id", "1961 0423 145 87")]


def test_address_joins_street_and_postcode():
    text = "Écrivez au 3, place Guillaume II, L-1648 Luxembourg svp"
    assert kinds(text) == [("address", "3, place Guillaume II, L-1648 Luxembourg")]


# --- look-alikes that must stay --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Demande envoyée le 12.03.2024, rendez-vous le 01.02.2025 12:00.",
        "Le montant de 1.250,00 € et 3 450 EUR de taxe.",
        "Dossier n° 2023/45871 et référence 2024-000123.",
        "J'ai envoyé le modèle 100 et le formulaire 710.",
        "Article 12 de la loi du 2 août 2002.",
        "Ouvert de 8h30 à 16h00, seulement 15 % traités.",
        "Il reste 12 places de parking.",
        "Die Straße wurde 2019 saniert, der Schulweg 2024 auch.",
        "Le niveau L-2 du parking est inondé.",
        "Le RGPD (UE) 2016/679 s'applique.",
        "Laut STATEC 1 234 567 Einwohner im Jahr 2050.",
        "Den Dossier 621/2023 ass um Geriicht.",
        "ISO 9001 et EN 1090, tram T1 et bus 16 à 12:45.",
        "IN 2024 WE PAID TOO MUCH",
        "I paid 3 450 EUR of registration tax for a 2018 car.",
        "Numéro de TVA LU12345678, RCS B123456.",
        "Voir www.guichet.lu ou @StadLetzebuerg.",
        "Rechnung 2023100512345 wurde bezahlt.",
        "Le numéro de l'article est 4711-0023.",
    ],
)
def test_leaves_look_alikes_alone(text):
    assert detect(text) == []


# --- redaction -------------------------------------------------------------------------------


def test_redact_replaces_each_finding_and_keeps_original_offsets():
    text = "Mail a.b@pt.lu, tel 621 123 456, IBAN LU28 0019 4006 4475 0000."
    redacted, findings = redact(text)
    assert redacted == f"Mail {PLACEHOLDER}, tel {PLACEHOLDER}, IBAN {PLACEHOLDER}."
    assert [text[f.start : f.end] for f in findings] == [
        "a.b@pt.lu",
        "621 123 456",
        "LU28 0019 4006 4475 0000",
    ]
    assert [f.kind for f in findings] == ["email", "phone", "iban"]


def test_overlapping_findings_keep_the_longest():
    # The IBAN's digit groups look like a phone number; the IBAN wins and nothing overlaps.
    findings = detect("Compte LU28 0019 4006 4475 0000")
    assert [f.kind for f in findings] == ["iban"]


def test_redact_without_personal_data_changes_nothing():
    assert redact("Rien à signaler le 3 mai.") == ("Rien à signaler le 3 mai.", [])
    assert redact("") == ("", [])


# --- the labelled set and its figures ----------------------------------------------------------


def test_labelled_set_is_big_enough_and_its_offsets_are_sound():
    total = 0
    for language, path in shipped_files().items():
        examples = load(path)
        assert len(examples) >= 50, language
        total += len(examples)
        with_data = [e for e in examples if e["spans"]]
        assert 0.35 <= len(with_data) / len(examples) <= 0.65, language  # about half negatives
        for example in examples:
            for span in example["spans"]:
                value = example["text"][span["start"] : span["end"]]
                assert value and value == value.strip(), (language, example["text"])
    assert total >= 200


def test_measured_precision_and_recall_stay_above_the_floor():
    report = evaluate()
    assert report.overall.precision >= 0.9
    assert report.overall.recall >= 0.85
    for language in LANGUAGES:
        score = report.by_language[language]
        assert score.precision >= 0.8 and score.recall >= 0.8, language
    held_out = evaluate(split="heldout").overall
    assert held_out.precision >= 0.85 and held_out.recall >= 0.8


def test_command_prints_the_table_per_language_and_kind(tmp_path):
    out = StringIO()
    call_command("evaluate_pii", stdout=out)
    table = out.getvalue()
    assert "Per language" in table and "Per kind" in table
    for row in (*LANGUAGES, "email", "iban", "national_id", "phone", "licence_plate", "address"):
        assert f"\n{row} " in table
    labelled = tmp_path / "mine.jsonl"
    text = "Call me on 621 123 456 or at 2 rue Haute, missed: Tuesday 5pm"
    spans = [
        {"kind": "phone", "start": 11, "end": 22},
        {"kind": "email", "start": 51, "end": 58},  # deliberately wrong gold span
    ]
    labelled.write_text(json.dumps({"text": text, "spans": spans}) + "\n")
    out = StringIO()
    call_command("evaluate_pii", "--input", f"xx={labelled}", "--errors", stdout=out)
    lines = out.getvalue().splitlines()
    xx = next(line for line in lines if line.startswith("xx "))
    # gold 2, found 2 (phone, address), correct 1 -> precision 0.5, recall 0.5
    assert xx.split()[1:6] == ["2", "2", "1", "0.500", "0.500"]
    assert any("missed email" in line for line in lines)
