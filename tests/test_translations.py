"""The UI is translated into French, German and Luxembourgish; the committed catalogues are whole.

Every entry of every .po is translated, not fuzzy, and keeps the placeholders of its English text;
`make messages` then a translator's pass fixes a failure here. The .mo files are compiled by the
build (`make compile-messages`, a step of run, run-prod and test): these tests also check that each
.mo says exactly what its .po says, and that GNU msgfmt accepts the .po with its format checks.
"""

import ast
import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from tests.factories import PostFactory

LOCALE_DIR = settings.LOCALE_PATHS[0]
LANGUAGES = ["fr", "de", "lb"]

# (English, French, German, Luxembourgish) as they appear in the HTML, autoescaped.
HOME_STRINGS = [
    (">All posts</a>", ">Toutes les contributions</a>", ">Alle Beiträge</a>", ">All Bäiträg</a>"),
    ("Latest posts", "Dernières contributions", "Neueste Beiträge", "Neiste Bäiträg"),
    (
        "See all posts",
        "Voir toutes les contributions",
        "Alle Beiträge ansehen",
        "All Bäiträg ukucken",
    ),
    (
        "Skip to main content",
        "Aller au contenu principal",
        "Zum Hauptinhalt springen",
        "Direkt bei den Haaptinhalt",
    ),
]
# Not checked: the home page's title, intro and call to action, which are Wagtail page content
# (seeded in English by core/migrations/0002), not gettext strings.
POST_LIST_STRINGS = [
    (
        "Pain points and ideas",
        "Points de blocage et idées",
        "Hindernisse und Ideen",
        "Hindernisser an Iddien",
    ),
    # A plural form.
    ("2 posts found", "2 contributions trouvées", "2 Beiträge gefunden", "2 Bäiträg fonnt"),
    # A label from Python code (Status choices, gettext_lazy).
    (">Submitted</span>", ">Soumise</span>", ">Eingereicht</span>", ">Agereecht</span>"),
]
COLUMN = {"fr": 1, "de": 2, "lb": 3}


def _get(client, path, lang):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("path", "strings"), [("/", HOME_STRINGS), ("/posts/", POST_LIST_STRINGS)])
def test_pages_are_translated_with_the_language_cookie(client, lang, path, strings):
    PostFactory.create_batch(2)

    html = _get(client, path, lang)

    assert f'<html lang="{lang}">' in html
    for row in strings:
        assert row[COLUMN[lang]] in html
        assert row[0] not in html


@pytest.mark.django_db
def test_english_stays_the_default_without_a_cookie(client):
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert ">All posts</a>" in html


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fr", "Administration responsable"), ("de", "Zuständige Verwaltung")],
)
def test_a_msgid_also_used_as_plural_elsewhere_is_still_translated(lang, expected):
    # The plural "Responsible administration/Administrations involved" on the procedure page has
    # its own context; without it, gettext would find no singular entry and show English.
    with translation.override(lang):
        assert translation.gettext("Responsible administration") == expected
        assert translation.npgettext(
            "procedure page", "Responsible administration", "Administrations involved", 2
        ) in ("Administrations concernées", "Beteiligte Verwaltungen")


def parse_po(text):
    """A .po file's entries as dicts: msgctxt, msgid, msgid_plural, msgstr {index: text}, flags."""
    entries = []
    for block in re.split(r"\n\s*\n", text.strip()):
        entry, key = {"flags": set(), "msgstr": {}}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif match := re.match(
                r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])? (\".*\")$", line
            ):
                name, index, value = (
                    match.group(1),
                    match.group(2),
                    ast.literal_eval(match.group(3)),
                )
                key = ("msgstr", int(index or 0)) if name == "msgstr" else name
                _append(entry, key, value)
            else:
                _append(entry, key, ast.literal_eval(line.strip()))
        if "msgid" in entry:
            entries.append(entry)
    return entries


def _append(entry, key, value):
    if isinstance(key, tuple):
        entry["msgstr"][key[1]] = entry["msgstr"].get(key[1], "") + value
    else:
        entry[key] = entry.get(key, "") + value


def _po(lang):
    return parse_po((LOCALE_DIR / lang / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8"))


def test_po_parser_reads_plural_context_and_continuation_lines():
    text = (
        '#, fuzzy\nmsgctxt "page"\nmsgid "one"\nmsgid_plural "many"\n'
        'msgstr[0] "un"\nmsgstr[1] ""\n"des"'
    )
    [entry] = parse_po(text)
    assert entry == {
        "flags": {"fuzzy"},
        "msgctxt": "page",
        "msgid": "one",
        "msgid_plural": "many",
        "msgstr": {0: "un", 1: "des"},
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_po_has_a_header_for_its_language_and_enough_strings(lang):
    header, *entries = _po(lang)
    assert header["msgid"] == ""
    assert f"Language: {lang}\n" in header["msgstr"][0]
    assert "Plural-Forms: nplurals=2;" in header["msgstr"][0]
    assert len(entries) > 300


@pytest.mark.parametrize("lang", LANGUAGES)
def test_po_has_no_empty_or_fuzzy_translation(lang):
    entries = _po(lang)[1:]
    empty = [e["msgid"] for e in entries if not all(e["msgstr"].values()) or not e["msgstr"]]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert empty == []
    assert fuzzy == []
    plural_sizes = {len(e["msgstr"]) for e in entries if "msgid_plural" in e}
    assert plural_sizes == {2}


# Python's %-formatting (named or not, strings or numbers) and str.format fields.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w+\}")


def test_placeholder_pattern_finds_named_positional_and_numeric_placeholders():
    text = "%(name)s has %(count)d posts, %s and %d, {remaining} left, 100%% sure"
    assert PLACEHOLDER.findall(text) == ["%(name)s", "%(count)d", "%s", "%d", "{remaining}"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_the_placeholders(lang):
    for entry in _po(lang)[1:]:
        expected = set(PLACEHOLDER.findall(entry.get("msgid_plural", entry["msgid"])))
        for translated in entry["msgstr"].values():
            assert set(PLACEHOLDER.findall(translated)) == expected, entry["msgid"]


def _po_catalog(lang):
    """What msgfmt would write into the .mo, keyed like gettext.GNUTranslations._catalog."""
    catalog = {}
    for entry in _po(lang)[1:]:
        msgid = entry["msgid"]
        if "msgctxt" in entry:
            msgid = f"{entry['msgctxt']}\x04{msgid}"
        if "msgid_plural" in entry:
            catalog.update({(msgid, i): text for i, text in entry["msgstr"].items()})
        else:
            catalog[msgid] = entry["msgstr"][0]
    return catalog


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_mo_matches_its_po(lang):
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    compiled = {key: text for key, text in compiled.items() if key != ""}  # "" is the header

    assert compiled == _po_catalog(lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_mo_is_what_msgfmt_makes_of_the_po(lang, tmp_path):
    """The build's .mo is current, and msgfmt accepts the .po: its header and every
    python-format entry's placeholders (msgfmt --check-format --check-header)."""
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext's msgfmt is missing: `make compile-messages` installs it"
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"
    fresh = tmp_path / "django.mo"

    subprocess.run(  # noqa: S603 - our own files, no shell
        [msgfmt, "--check-format", "--check-header", "-o", str(fresh), str(po)],
        check=True,
        capture_output=True,
    )

    with open(fresh, "rb") as expected, open(po.with_suffix(".mo"), "rb") as built:
        assert gettext.GNUTranslations(built)._catalog == gettext.GNUTranslations(expected)._catalog


# What `make messages` reads: every .py, .html and .txt outside .venv and tests.
EXTRACTED_SUFFIXES = (".py", ".html", ".txt")
NOT_EXTRACTED_DIRS = {"tests", "locale", "node_modules", "media", "static_collected", "__pycache__"}


def _sources_only(directory, names):
    return [
        name
        for name in names
        if name.startswith(".")
        or name in NOT_EXTRACTED_DIRS
        or ((Path(directory) / name).is_file() and not name.endswith(EXTRACTED_SUFFIXES))
    ]


def _key(entry):
    return (entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural"))


def test_every_ui_string_of_the_code_is_in_each_catalogue(tmp_path, settings, monkeypatch):
    """makemessages on a copy of the sources (it writes beside the files it reads): a string
    added to the code or templates and missing from a .po fails here until `make messages` and a
    translator's pass (the other tests then require it translated)."""
    source = tmp_path / "src"
    shutil.copytree(settings.BASE_DIR, source, ignore=_sources_only)
    (source / "locale").mkdir()
    settings.LOCALE_PATHS = [source / "locale"]
    monkeypatch.chdir(source)

    call_command("makemessages", locale=["fr"], verbosity=0)

    extracted = parse_po((source / "locale/fr/LC_MESSAGES/django.po").read_text(encoding="utf-8"))
    code_strings = {_key(entry) for entry in extracted[1:]}
    assert len(code_strings) > 300
    for lang in LANGUAGES:
        missing = code_strings - {_key(entry) for entry in _po(lang)[1:]}
        names = sorted(msgid for _, msgid, _ in missing)
        assert not missing, f"{lang}: missing, run `make messages` and translate: {names}"
