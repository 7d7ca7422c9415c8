"""Guess whether a text is Luxembourgish, French, German or English from its function words.

No model or network: a small stop-word vote is enough to preselect the language on the form
(the author can always correct it). Luxembourgish shares many words with German, so its list holds
words German does not use (e.g. "net", "ech", "mir", "dat", "gëtt"), and a word listed for several
languages counts for each only in part. A few spellings decide close calls: "ë" and nouns after
"d'" ("d'Gemeng") are Luxembourgish, "ß" is German.
"""

import re

FUNCTION_WORDS = {
    "lb": "ech mir dir hien si mer et dat datt net nach eng een ass sinn gëtt ginn kann wëll wéi "
    "wann awer och ze vun vum um op mat fir bei dem den der dës déi ons äis hunn hues huet hu "
    "gouf ka muss kéint sollt zanter ganz vill méi well firwat d' e puer duerch nëmmen keen "
    "keng kee hir sech wou elo ëmmer iwwer ënner tëschent dann esou hei do wier gi ass",
    "de": "ich wir ihr sie es das die der den dem des ein eine einen einem einer eines nicht "
    "noch ist sind wird werden wurde war kann will wie wenn aber auch zu zum zur von auf mit "
    "für bei dass und oder habe hat haben muss müssen sollte warum weil nur sehr mehr durch "
    "immer er sich jedoch kein keine viele gegen nach vor",
    "fr": "je nous vous il elle ils le la les un une des du de ne pas est sont être avoir "
    "peut veut comme quand mais aussi pour par avec dans sur que qui et ou très plus pourquoi "
    "parce seulement toujours au aux ce cette mon ma mes trop en l' d' c' j' qu' n' s' aucun",
    "en": "i we you he she it they the a an of not is are be been can will would how when but "
    "also to from on with for at that and or very more why because only always this my have has "
    "too many much no there what which do does did was were had need every",
}
_LANGUAGES_OF = {}
for _lang, _words in FUNCTION_WORDS.items():
    for _word in _words.split():
        _LANGUAGES_OF.setdefault(_word, set()).add(_lang)

# Words, with an elided article kept as its own token: "d'Gemeng" -> "d'", "gemeng".
_TOKEN = re.compile(r"[^\W\d_]+'?", re.UNICODE)
_LB_MARKERS = re.compile(r"ë|\bd'[A-ZÄËÉÖÜ]|\w(ioun|iounen)\b")
_DE_MARKERS = re.compile(r"ß")
# Clues, not words: each one found adds this much (at most twice) to its language's score.
_MARKER_WEIGHT = 1


def _scores(text):
    tokens = _TOKEN.findall(text.replace("’", "'").lower())
    scores = dict.fromkeys(FUNCTION_WORDS, 0.0)
    for token in tokens:
        languages = _LANGUAGES_OF.get(token, ())
        for lang in languages:
            scores[lang] += 1 / len(languages)
    scores["lb"] += _MARKER_WEIGHT * min(2, len(_LB_MARKERS.findall(text)))
    scores["de"] += _MARKER_WEIGHT * min(2, len(_DE_MARKERS.findall(text)))
    return scores


def detect_language(text, default="fr"):
    scores = _scores(text or "")
    best = max(scores, key=lambda lang: (scores[lang], lang == default))
    return best if scores[best] > 0 else default
