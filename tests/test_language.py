"""core.language.detect_language preselects the post language from the author's text."""

import pytest

from core.language import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Ech hu missen dräimol deeselwechte Formulaire ausfëllen, dat ass ze komplizéiert.", "lb"),
        ("Firwat muss ech all Joer nees déiselwecht Pabeieren op d'Gemeng bréngen?", "lb"),
        ("J'ai dû remplir trois fois le même formulaire, c'est beaucoup trop compliqué.", "fr"),
        ("Pourquoi faut-il envoyer une copie papier du certificat chaque année ?", "fr"),
        ("Ich musste dreimal dasselbe Formular ausfüllen, das ist viel zu kompliziert.", "de"),
        ("Warum muss man jedes Jahr wieder dieselben Papiere zur Gemeinde bringen?", "de"),
        ("I had to fill in the same form three times, which is far too complicated.", "en"),
        ("Why do I need to send a paper copy of the certificate every year?", "en"),
    ],
)
def test_one_clear_sentence_per_language(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Short titles, where German and Luxembourgish share most words.
        ("D'Umeldung dauert ze laang", "lb"),
        ("Keen Online-Formulaire fir de Kannergeld", "lb"),
        ("Kein Online-Formular für die Ummeldung", "de"),
        ("Demande en ligne d'allocations", "fr"),
        ("Too many papers", "en"),
    ],
)
def test_short_titles(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize("text", ["", "   ", "12345 !!!", None])
def test_text_without_words_gets_the_default(text):
    assert detect_language(text) == "fr"
    assert detect_language(text, default="en") == "en"
