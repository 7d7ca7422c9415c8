"""Comment threads on demo posts. "by" is "citizen:<lang>" (a citizen writing that language,
never the post's author), "author" (the post's author), "team:<key>" (a triage member),
a civil servant's username (people.CIVIL_SERVANTS), or "@<id>" (whoever wrote the comment with
that id). Threads on internal posts use civil servants and triage members only."""

THREADS = {
    "taxret-prefill-fr": [
        {
            "by": "citizen:fr",
            "text": "Tout à fait d'accord. En Belgique, la déclaration pré-remplie existe depuis "
            "des années et on la valide en dix minutes.",
            "replies": [
                {
                    "by": "citizen:fr",
                    "text": "Pareil en France : on vérifie, on corrige deux "
                    "lignes et on signe en ligne.",
                },
                {
                    "by": "team:acd",
                    "text": "Merci pour ces retours. Nous suivons de près ces "
                    "exemples dans la préparation de la déclaration pré-remplie.",
                },
            ],
        },
        {
            "id": "q",
            "by": "citizen:en",
            "text": "Would the pre-filled return also include income from foreign employers? "
            "That is my main headache as a cross-border worker.",
            "replies": [
                {
                    "by": "team:acd",
                    "text": "In a first phase only Luxembourg salaries and pensions will be "
                    "included. Foreign income will still have to be added by hand.",
                    "replies": [{"by": "@q", "text": "Thanks, that is already a good start."}],
                },
            ],
        },
    ],
    "sicknote-fr": [
        {
            "by": "citizen:lb",
            "text": "Mäin Dokter schéckt et schonn elektronesch, dat geet wierklech gutt. Et "
            "hänkt just vum Cabinet of.",
            "replies": [
                {
                    "id": "doc",
                    "by": "citizen:fr",
                    "text": "Le mien non, il m'a donné le papier comme d'habitude. Comment "
                    "savoir si son médecin est équipé ?",
                    "replies": [
                        {
                            "by": "team:cns",
                            "text": "Votre médecin peut vous l'indiquer. À "
                            "terme, tous les logiciels agréés devront permettre l'envoi "
                            "électronique.",
                        },
                    ],
                },
            ],
        },
    ],
    "adem-register-fr": [
        {
            "by": "citizen:fr",
            "text": "Même expérience à Esch : dix jours d'attente. Et le jour du rendez-vous, "
            "on m'a demandé un document que personne ne m'avait signalé.",
            "replies": [
                {
                    "by": "citizen:de",
                    "text": "Eine Liste der nötigen Unterlagen vorab per "
                    "E-Mail würde schon viel helfen.",
                },
            ],
        },
    ],
    "residence-cert-fr": [
        {
            "by": "civil-servant",
            "text": "En tant qu'agent communal, je confirme : une bonne partie des certificats "
            "que nous délivrons sont demandés par d'autres administrations.",
            "replies": [
                {
                    "by": "author",
                    "text": "Merci pour cette franchise ! Cela montre que le "
                    "problème est connu des deux côtés du guichet.",
                },
            ],
        },
    ],
    "cheque-service-fr": [
        {
            "by": "citizen:lb",
            "text": "Bei eis an der Gemeng geet et schonn online, mä nëmmen, wann een LuxTrust "
            "huet.",
            "replies": [
                {
                    "by": "team:men",
                    "text": "Le renouvellement en ligne fonctionnera aussi avec "
                    "la carte d'identité électronique et l'application GouvID, sans LuxTrust.",
                },
            ],
        },
    ],
    "allowance-proofs-fr": [
        {
            "by": "citizen:de",
            "text": "Bei mir in Deutschland dasselbe. Die Familienkasse und "
            "die CAE schicken sich gegenseitig Briefe, und ich stehe dazwischen.",
        },
        {
            "by": "citizen:fr",
            "text": "Le pire, c'est la suspension des paiements sans avertissement préalable.",
        },
    ],
    "dependency-lb": [
        {
            "by": "citizen:lb",
            "text": "Bei eis war et d'selwecht. Mir hunn eng privat Fleegerin bezuelt, bis "
            "d'Evaluatioun komm ass.",
            "replies": [
                {
                    "by": "citizen:lb",
                    "text": "Dir kënnt eng Avance froen, dat huet eis den "
                    "Office social gesot. Mä keen seet engem dat.",
                },
            ],
        },
    ],
    "birth-allowance-fr": [
        {
            "by": "author",
            "text": "La réponse est claire, merci. Le formulaire unique signé par "
            "le médecin est déjà un progrès.",
        },
    ],
    "tax-english-en": [
        {
            "by": "citizen:en",
            "text": "Even a glossary of the main tax terms in English would help a lot.",
            "replies": [
                {
                    "by": "citizen:fr",
                    "text": "Un glossaire existe sur guichet.lu, mais il est difficile à trouver.",
                },
            ],
        },
    ],
    "pdu1-de": [
        {
            "by": "citizen:de",
            "text": "Kann ich bestätigen: Bei mir ging es diesmal in zwei Wochen.",
        },
    ],
    "naturalisation-lb": [
        {
            "by": "citizen:fr",
            "text": "Pareil pour moi avec un acte du Cap-Vert : quatre mois d'attente.",
            "replies": [
                {"by": "author", "text": "Merci. Ech hoffen, datt déi Zoustänneg dat hei liesen."},
            ],
        },
    ],
    # Internal (Meng Iddi): only civil servants and triage teams comment there.
    "internal-death-events-fr": [
        {
            "by": "civil-servant",
            "text": "Même constat à la commune : nous l'apprenons souvent par la famille, des "
            "semaines plus tard.",
            "replies": [
                {
                    "by": "author",
                    "text": "Le registre national publie pourtant l'événement le jour même. Il "
                    "faudrait que nos applications s'y abonnent.",
                },
            ],
        },
    ],
    "internal-school-data-lb": [
        {
            "by": "civil-servant-men",
            "text": "Bei eis am Ministère kréie mir déi selwecht Donnéeë nach eng Kéier. Mir "
            "sollten dat zesumme mam CTIE kucken.",
        },
    ],
    "internal-paper-returns-fr": [
        {
            "by": "civil-servant-cae",
            "text": "À la CAE, la lecture automatique des formulaires a réduit nos erreurs de "
            "saisie de moitié. Je peux partager notre retour d'expérience.",
            "replies": [{"by": "author", "text": "Volontiers, merci !"}],
        },
    ],
}
