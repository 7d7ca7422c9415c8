"""The two demo campaigns (Wagtail pages under the home page) and their challenges.

Dates are relative to the first load: opened_days_ago / closes_in_days (negative: closed that
many days ago); phases give (title, starts, ends) in days from now (ends None: open-ended).
Administrations are named exactly as in the catalogue; a name missing from it leaves the page
without an owning administration. Results of the closed challenges are in results.py.
"""

CAMPAIGNS = {
    "public": {
        "slug": "lets-simplify-together",
        "title": "Let's simplify together",
        "audience": "public",
        "who_may_post": "registered",
        # The ministry in charge of administrative simplification, if the catalogue knows it.
        "administration": "Ministère de la Digitalisation",
        "intro": (
            "<p>Tell the government where administrative procedures cost you time, paper or "
            "patience, support the posts of others, and read the public answers of the "
            "administrations in charge. Ministries and administrations also ask you about "
            "their own projects below.</p>"
            '<p lang="fr">Dites-nous où les démarches administratives vous coûtent du temps, '
            "du papier ou de la patience, soutenez les contributions des autres et lisez les "
            "réponses publiques des administrations compétentes.</p>"
        ),
    },
    "internal": {
        "slug": "meng-iddi",
        "title": "Meng Iddi",
        "audience": "internal",
        "who_may_post": "civil_servants",
        "administration": "Centre des technologies de l'information de l'État (CTIE)",
        "intro": (
            "<p>Internal ideas box for civil servants: the procedures you run every day and "
            "how they could become simpler for citizens and for your colleagues. Only civil "
            "servants see this space.</p>"
            '<p lang="fr">Boîte à idées interne des agents de l\'État : les procédures que '
            "vous appliquez chaque jour et comment les simplifier pour les usagers et pour vos "
            "collègues. Seuls les agents de l'État voient cet espace.</p>"
        ),
    },
}

PUBLIC_PHASES = ("Collecting ideas", "Evaluation", "Results")
INTERNAL_PHASES = ("Collecte des idées", "Évaluation", "Résultats")

CHALLENGES = [
    {
        "slug": "fewer-papers-young-families",
        "campaign": "public",
        "administration": "Ministère de la Famille, de l'Intégration et à la Grande Région",
        "title": "Fewer papers for young families",
        "question": (
            "Which document did you have to hand in on paper around the birth of a child, "
            "and how could it be avoided?"
        ),
        "context": (
            "<p>Around a birth, parents deal with the commune, the CAE, the CNS and their "
            "employer, often with the same certificates. The ministry is preparing a "
            "once-only plan for young families and wants to start with the papers that "
            "annoy you most.</p>"
            '<p lang="fr">Le ministère prépare un plan « une seule fois » pour les jeunes '
            "familles : dites-nous quels papiers vous avez dû fournir plusieurs fois.</p>"
        ),
        "opened_days_ago": 25,
        "closes_in_days": 30,
        "phases": [
            (PUBLIC_PHASES[0], -25, 30),
            (PUBLIC_PHASES[1], 31, 60),
            (PUBLIC_PHASES[2], 61, None),
        ],
    },
    {
        "slug": "tax-return-season",
        "campaign": "public",
        "administration": "Administration des contributions directes",
        "title": "Tax return season: what slowed you down?",
        "question": "Which step of your last tax return took the longest, and why?",
        "context": (
            "<p>The ACD is redesigning the online tax return for residents and "
            "non-residents. Tell us which step cost you the most time, in any language.</p>"
            '<p lang="de">Die Steuerverwaltung überarbeitet die Online-Steuererklärung: '
            "Welcher Schritt hat Sie am meisten Zeit gekostet?</p>"
        ),
        "opened_days_ago": 150,
        "closes_in_days": -30,
        "phases": [
            (PUBLIC_PHASES[0], -150, -30),
            (PUBLIC_PHASES[1], -29, -11),
            (PUBLIC_PHASES[2], -10, None),
        ],
    },
    {
        "slug": "once-only-internal",
        "campaign": "internal",
        "administration": "Centre des technologies de l'information de l'État (CTIE)",
        "title": "Une seule fois : les données que nous redemandons",
        "question": (
            "Quelles informations demandons-nous encore aux usagers alors que l'État les "
            "possède déjà ?"
        ),
        "context": (
            "<p>Le CTIE prépare les prochaines interconnexions avec le registre national et "
            "les autres sources authentiques. Signalez les pièces que votre service réclame "
            "encore aux usagers alors qu'elles existent déjà dans une base de l'État.</p>"
        ),
        "opened_days_ago": 20,
        "closes_in_days": 30,
        "phases": [
            (INTERNAL_PHASES[0], -20, 30),
            (INTERNAL_PHASES[1], 31, 50),
            (INTERNAL_PHASES[2], 51, None),
        ],
    },
    {
        "slug": "paperless-back-office",
        "campaign": "internal",
        "administration": "Centre des technologies de l'information de l'État (CTIE)",
        "title": "Un back-office sans papier",
        "question": "Où imprimons-nous encore des documents uniquement pour les scanner ensuite ?",
        "context": (
            "<p>Imprimer, signer, scanner, archiver : ces circuits coûtent du temps à chaque "
            "service. Décrivez ceux que vous connaissez ; le CTIE retiendra les plus fréquents "
            "pour ses prochains projets de dématérialisation.</p>"
        ),
        "opened_days_ago": 120,
        "closes_in_days": -15,
        "phases": [
            (INTERNAL_PHASES[0], -120, -15),
            (INTERNAL_PHASES[1], -14, -5),
            (INTERNAL_PHASES[2], -4, None),
        ],
    },
]

# The public message of a triage member who marks a post as a duplicate, in the post's language.
DUPLICATE_MESSAGES = {
    "fr": (
        "Cette contribution rejoint une proposition déjà publiée. Nous vous invitons à soutenir "
        "celle-ci et à y suivre notre réponse."
    ),
    "de": (
        "Dieser Beitrag entspricht einem bereits veröffentlichten Vorschlag. Bitte unterstützen "
        "Sie diesen und verfolgen Sie dort unsere Antwort."
    ),
    "lb": (
        "Dëse Bäitrag ass deeselwechte wéi e Virschlag, deen et scho gëtt. Ënnerstëtzt w.e.g. "
        "deen a verfollegt do eis Äntwert."
    ),
    "en": (
        "This post describes the same issue as an earlier post. Please support that one and "
        "follow our answer there."
    ),
}
