"""Guess whether a text is Luxembourgish, French, German or English from its function words.

No model or network: a small stop-word vote is enough to preselect the language on the form
(the author can always correct it). Luxembourgish shares many words with German, so its list holds
words German does not use (e.g. "net", "ech", "mir", "dat", "gëtt").
"""

import re

FUNCTION_WORDS = {
    "lb": "ech mir dir hien si mer et dat net nach eng een ass sinn gëtt ginn kann wëll wéi wann "
    "awer och ze vun op mat fir bei dem den der dës déi ons äis hunn hues huet gouf ka muss "
    "kéint sollt zanter ganz vill méi well firwat d' e puer duerch nëmmen",
    "de": "ich wir ihr sie es das die der den dem des ein eine einen nicht noch ist sind wird "
    "werden kann will wie wenn aber auch zu von auf mit für bei dass und oder ich habe hat "
    "muss müssen sollte warum weil nur sehr mehr durch immer",
    "fr": "je nous vous il elle ils le la les un une des du de ne pas est sont être avoir "
    "peut veut comme quand mais aussi pour par avec dans sur que qui et ou très plus pourquoi "
    "parce seulement toujours au aux ce cette mon ma mes",
    "en": "i we you he she it they the a an of not is are be been can will would how when but "
    "also to from on with for at that and or very more why because only always this my have has",
}
_WORDS = {lang: set(words.split()) for lang, words in FUNCTION_WORDS.items()}
_TOKEN = re.compile(r"[\wäëéèêàâîïôûüöç']+", re.UNICODE)
# Characters that (almost) only Luxembourgish uses among the four languages.
_LB_MARKERS = re.compile(r"[ëé]|\b(ech|net|gëtt|ass|dat|mir|eng)\b", re.IGNORECASE)


def detect_language(text, default="fr"):
    tokens = [t.lower() for t in _TOKEN.findall(text or "")]
    if not tokens:
        return default
    scores = {lang: sum(t in words for t in tokens) for lang, words in _WORDS.items()}
    if _LB_MARKERS.search(text) and scores["de"] >= scores["fr"]:
        scores["lb"] += 1
    best = max(scores, key=lambda lang: (scores[lang], lang == default))
    return best if scores[best] > 0 else default
