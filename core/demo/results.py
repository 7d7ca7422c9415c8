"""Published results of the closed demo challenges: the outcome text and the retained ideas
(post keys from posts.jsonl, each with what happens next). Attached once the posts exist."""

RESULTS = {
    "tax-return-season": {
        "results": (
            "<p>Thank you for 16 contributions in four languages. Three themes came back "
            "again and again: typing in data the ACD already receives, forms that exist only "
            "in French and German, and signing the return online.</p>"
            '<p lang="fr">Merci pour vos 16 contributions. La déclaration pré-remplie est '
            "désormais en préparation, et la signature avec l'application GouvID est déjà "
            "disponible.</p>"
        ),
        "retained": [
            (
                "taxret-prefill-fr",
                "A pre-filled return with salaries and pensions is planned for MyGuichet.lu; "
                "bank certificates will follow in a second step.",
            ),
            (
                "gouvid-signature-lb",
                "Done: the return can be signed with the GouvID app since this year.",
            ),
            (
                "tax-english-en",
                "English explanatory notes are online; an English version of the online "
                "assistant is being assessed with the CTIE.",
            ),
        ],
    },
    "paperless-back-office": {
        "results": (
            "<p>Merci aux agents de trois administrations pour leurs contributions. Le CTIE "
            "retient deux circuits papier qu'il traitera en priorité l'année prochaine, et "
            "transmet la question des courriers de relance au réseau des rédacteurs en langage "
            "clair.</p>"
            '<p lang="de">Danke für Ihre Beiträge: zwei Papierabläufe werden im nächsten Jahr '
            "vorrangig digitalisiert.</p>"
        ),
        "retained": [
            (
                "internal-sick-notes-de",
                "Projet pilote avec la caisse de maladie des fonctionnaires : transmission "
                "électronique des certificats dès le deuxième trimestre.",
            ),
            (
                "internal-paper-returns-fr",
                "La lecture automatique des déclarations papier sera testée par l'ACD avant "
                "la prochaine saison fiscale.",
            ),
            (
                "internal-reminder-letters-fr",
                "Les modèles de relance de la CAE seront réécrits en langage clair avec des "
                "usagers.",
            ),
        ],
    },
}
