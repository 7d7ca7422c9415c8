"""The two demo campaigns and their challenges. Dates are relative to the first load."""

CAMPAIGNS = {
    "public": {
        "slug": "lets-simplify-together",
        "title": "Let's simplify together",
        "audience": "public",
        "description": (
            "Tell the government where administrative procedures cost you time, paper or "
            "patience, support the posts of others, and read the public answers of the "
            "administrations in charge."
        ),
    },
    "internal": {
        "slug": "meng-iddi",
        "title": "Meng Iddi",
        "audience": "internal",
        "description": (
            "Internal ideas box for civil servants: the procedures you run every day and how "
            "they could become simpler for citizens and for your colleagues."
        ),
    },
}

# opened_days_ago / closes_in_days (negative: closed that many days ago).
CHALLENGES = [
    {
        "slug": "fewer-papers-young-families",
        "campaign": "public",
        "title": "Fewer papers for young families",
        "question": (
            "Which document did you have to hand in on paper around the birth of a child, "
            "and how could it be avoided?"
        ),
        "opened_days_ago": 25,
        "closes_in_days": 30,
    },
    {
        "slug": "tax-return-season",
        "campaign": "public",
        "title": "Tax return season: what slowed you down?",
        "question": "Which step of your last tax return took the longest, and why?",
        "opened_days_ago": 150,
        "closes_in_days": -30,
    },
    {
        "slug": "once-only-internal",
        "campaign": "internal",
        "title": "Une seule fois : les données que nous redemandons",
        "question": (
            "Quelles informations demandons-nous encore aux usagers alors que l'État les "
            "possède déjà ?"
        ),
        "opened_days_ago": 20,
        "closes_in_days": 30,
    },
    {
        "slug": "paperless-back-office",
        "campaign": "internal",
        "title": "Un back-office sans papier",
        "question": "Où imprimons-nous encore des documents uniquement pour les scanner ensuite ?",
        "opened_days_ago": 120,
        "closes_in_days": -15,
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
