"""Moderation examples for the demo, so the queue and the redaction are not empty on a fresh
site: a post whose personal data was redacted, one held for its links, one hidden with a public
reason and one reported twice (below the auto-hide threshold). Created through the services,
like everything the demo writes; only on the first load (with the posts)."""

from ideas import services as post_services
from moderation.services import decisions, reports

REDACTED = {
    "title": "Allocation de rentrée : personne ne répond au téléphone",
    "body": (
        "J'ai appelé trois fois la caisse au sujet de l'allocation de rentrée et personne ne "
        "rappelle. Mon numéro est le 621 123 456 et mon adresse e-mail marie.dupont@example.lu, "
        "mais je n'ai reçu aucune réponse depuis août."
    ),
    "suggestion": "Un suivi du dossier en ligne, avec l'étape en cours et un délai indicatif.",
}
HELD = {
    "title": "Best offers to fill in your forms for you",
    "body": (
        "We fill in every administrative form for you: see https://forms-fast.example.com, "
        "https://forms-fast.example.com/prices and https://forms-fast.example.com/contact."
    ),
}
HIDDEN = {
    "title": "Les fonctionnaires sont tous des incapables",
    "body": "Aucune procédure précise, juste des insultes envers le personnel des guichets.",
}
HIDDEN_REASON = (
    "Cette contribution ne décrit aucune démarche et contient des propos insultants (charte de "
    "participation, point 2)."
)


def ensure_moderation_examples(accounts):
    citizens = [user for user, _languages in accounts["citizens"]]
    moderator = accounts["moderator"]
    redacted = post_services.create_post(author=citizens[0], language="fr", **REDACTED)
    post_services.create_post(author=citizens[1], language="en", **HELD)
    hidden = post_services.create_post(author=citizens[2], language="fr", **HIDDEN)
    decisions.hide(hidden, by=moderator, public_reason=HIDDEN_REASON)
    for reporter in citizens[3:5]:
        reports.report(
            redacted,
            by=reporter,
            reason="off_topic",
            explanation="Ce n'est pas une idée de simplification mais une demande personnelle.",
        )
