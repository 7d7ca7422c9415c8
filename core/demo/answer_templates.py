"""Demo answer templates of the triage teams (triage.AnswerTemplate), one or two per language.

Keyed by the team keys of people.TRIAGE_TEAMS; created only when missing, so an edited template
is never overwritten by a later `load_demo`.
"""

from triage.models import AnswerTemplate

TEMPLATES = {
    "acd": [
        (
            "Déjà possible en ligne",
            "fr",
            "Merci pour votre message. Cette démarche peut déjà être faite entièrement en ligne "
            "sur MyGuichet.lu, avec signature électronique (LuxTrust ou eID). Nous allons rendre "
            "cette possibilité plus visible dans nos formulaires et nos courriers.",
        ),
        (
            "Schon online möglich",
            "de",
            "Vielen Dank für Ihre Nachricht. Dieser Vorgang ist bereits vollständig online auf "
            "MyGuichet.lu möglich, mit elektronischer Unterschrift (LuxTrust oder eID). Wir "
            "werden diese Möglichkeit in unseren Formularen und Schreiben besser sichtbar machen.",
        ),
    ],
    "cns": [
        (
            "Simplification à l'étude",
            "fr",
            "Merci pour votre signalement et pour vos soutiens. Nos équipes analysent "
            "actuellement cette démarche afin de supprimer les pièces justificatives que nous "
            "pouvons obtenir directement auprès d'autres administrations. Nous vous tiendrons "
            "informés ici de l'avancement.",
        ),
        (
            "Simplification under review",
            "en",
            "Thank you for reporting this and for your support. Our teams are reviewing this "
            "procedure to drop the documents we can obtain directly from other administrations. "
            "We will post progress updates here.",
        ),
    ],
    "cae": [
        (
            "Vereinfachung geplant",
            "de",
            "Danke für Ihren Hinweis. Die Vereinfachung ist geplant: Ab dem nächsten Jahr "
            "werden die Bescheinigungen automatisch zwischen den Verwaltungen ausgetauscht, "
            "Sie müssen sie nicht mehr selbst einreichen.",
        ),
        (
            "Vereinfachung geplangt",
            "lb",
            "Merci fir Ären Hiweis. D'Vereinfachung ass geplangt: Ab dem nächste Joer ginn "
            "d'Bescheinegungen automatesch tëscht de Verwaltungen ausgetosch, Dir musst se net "
            "méi selwer aschécken.",
        ),
    ],
    "commune": [
        (
            "Hors de nos compétences",
            "fr",
            "Merci pour votre message. Cette démarche ne relève pas de l'administration "
            "communale mais d'une administration de l'État ; nous avons transmis votre "
            "signalement au service compétent, qui vous répondra ici.",
        ),
    ],
}


def ensure_answer_templates(teams):
    """`teams`: {team key: (triage user, administration)} as built by the demo loader."""
    created = 0
    for key, rows in TEMPLATES.items():
        if key not in teams:
            continue
        administration = teams[key][1]
        for title, language, body in rows:
            created += AnswerTemplate.objects.get_or_create(
                administration=administration,
                title=title,
                language=language,
                defaults={"body": body},
            )[1]
    return created
