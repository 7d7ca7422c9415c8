"""Street addresses, where the shape says so:
- a number and a street word with a name: "14, rue de la Gare", "3 place d'Armes",
  "5 Main Street", "Rue Principale 12";
- a German or Luxembourgish street name (compound ending in -straße, -gasse, -weg, -strooss,
  -gaass, -wee...) and a number: "Hauptstraße 12", "Millewee 4", "3, Kierchestrooss";
- "Am Markt 3", "Op der Heed 5" (preposition, name, number);
- a Luxembourg postcode with its locality: "L-1616 Luxembourg" (joined to the street before).
A bare "rue" or "Straße", "12 places de parking" or "die Straße 2019" are not addresses: the
street name must be capitalised and the house number short."""

import re

from .finding import Finding

NUMBER = r"\d{1,3}(?: ?[a-zA-Z](?![\w']))?"
NAME_WORD = r"(?:[A-ZÀ-ÖØ-Þ][\w'’-]*|[dl]['’][A-ZÀ-ÖØ-Þ][\w'’-]*|[IVX]+)"
CONNECTOR = r"(?:de|du|des|la|le|les|l['’]|d['’]|the|of|von|vun|der|an|sur|zu)"
NAME = rf"{NAME_WORD}(?:[ -](?:{CONNECTOR}[ ]?)*{NAME_WORD}){{0,4}}"
NAME_AFTER_WORD = rf"(?:{CONNECTOR}[ ]?)*{NAME}"
FR_WORD = (
    r"(?:rue|route|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|montée|cité|square|"
    r"val|côte|rampe|sentier|passage)"
)
EN_WORD = r"(?:Street|St\.|Road|Rd\.?|Avenue|Ave\.?|Lane|Drive|Square|Close|Way)"
COMPOUND_END = (
    r"(?:straße|strasse|str\.|gasse|weg|platz|allee|ring|damm|ufer|chaussee|pfad|steig|"
    r"strooss|stroos|gaass|wee|plaz|bierg|berg)"
)
COMPOUND = rf"[A-ZÄÖÜ][\wäöüßë'-]*{COMPOUND_END}|[A-ZÄÖÜ][\wäöüßë'-]*-Stra(?:ß|ss)e"
END = r"(?![\w/]|[.,]\d)"
STREETS = re.compile(
    "|".join(
        [
            rf"(?<![\w.,/-]){NUMBER},? (?i:{FR_WORD}) {NAME_AFTER_WORD}",  # 14, rue de la Gare
            rf"(?<![\w.,/-]){NUMBER},? {NAME} {EN_WORD}(?!\w)",  # 5 Main Street
            rf"(?<![\w-])(?:{COMPOUND}) {NUMBER}{END}",  # Hauptstraße 12
            rf"(?<![\w.,/-]){NUMBER},? (?:{COMPOUND})(?!\w)",  # 3, Kierchestrooss
            rf"(?<![\w-])(?i:{FR_WORD}) {NAME_AFTER_WORD},? {NUMBER}{END}",  # Rue Principale 12
            rf"(?<![\w-])(?:Am|Im|An der|Auf der|Auf dem|In der|Um|Op der|Op dem|An) "
            rf"{NAME_WORD} {NUMBER}{END}",  # Am Markt 3
        ]
    )
)
MONTHS = re.compile(
    r"(?i)\b(?:januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|"
    r"dezember|januar|februar|mäerz|abrëll|juni|juli|august|oktober|dezember|jahr|joer)\b"
)
POSTCODE = re.compile(rf"(?<![\w-])L-? ?\d{{4}}(?!\d)(?: {NAME_WORD}(?:[ -]{NAME_WORD}){{0,2}})")


def find(text):
    spans = []
    for match in STREETS.finditer(text):
        if MONTHS.search(match.group()):
            continue  # "Im Januar 12", "Am 3. Mai" are dates
        spans.append([match.start(), match.end()])
    for match in POSTCODE.finditer(text):
        joined = False
        for span in spans:
            between = text[span[1] : match.start()]
            if span[1] <= match.start() and between.strip(" ,") == "" and len(between) <= 3:
                span[1] = match.end()  # "14, rue de la Gare, L-1616 Luxembourg": one address
                joined = True
        if not joined:
            spans.append([match.start(), match.end()])
    return [Finding("address", start, end) for start, end in spans]
