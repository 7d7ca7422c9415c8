"""Demo accounts. Their passwords are public, so they are for local demos only."""

ADMIN = {
    "username": "admin",
    "password": "admin",  # noqa: S105 - documented local demo account
    "email": "admin@example.lu",
    "public_name": "Platform admin",
}
DEMO_PASSWORD = "demo"  # noqa: S105 - shared by every other demo account, printed by load_demo

# Team key (used in posts.jsonl outcomes) -> (username, public name, administration name exactly
# as in the catalogue). Each account is a member of that administration's triage team.
TRIAGE_TEAMS = {
    "acd": ("triage-acd", "Équipe ACD", "Administration des contributions directes"),
    "cns": ("triage-cns", "Équipe CNS", "Caisse nationale de santé (CNS)"),
    "adem": ("triage-adem", "Équipe ADEM", "Agence pour le développement de l'emploi"),
    "cae": ("triage-cae", "Équipe CAE", "Caisse pour l'avenir des enfants"),
    "commune": (
        "triage-commune",
        "Équipe de l'administration communale",
        "Administration communale",
    ),
    "men": (
        "triage-men",
        "Équipe MENJE",
        "Ministère de l'Éducation nationale, de l'Enfance et de la Jeunesse",
    ),
}
MODERATOR = ("moderator", "Équipe de modération")
# Civil servants who post in the internal Meng Iddi campaign: username -> (public name, employer
# exactly as in the catalogue). Internal viewers see "public name, employer" on their posts.
CIVIL_SERVANTS = {
    "civil-servant": ("Jemp vum Service", "Administration communale"),
    "civil-servant-acd": ("Martine K.", "Administration des contributions directes"),
    "civil-servant-cae": ("Sophie L.", "Caisse pour l'avenir des enfants"),
    "civil-servant-men": (
        "Tom R.",
        "Ministère de l'Éducation nationale, de l'Enfance et de la Jeunesse",
    ),
}
# Staff e-mail domains of the administrations used in the demo (Administration.email_domains):
# whoever verifies an address there becomes their civil servant. Demo accounts themselves keep
# @example.lu addresses so that a demo never mails a real administration.
EMAIL_DOMAINS = {
    "Administration des contributions directes": "impotsdirects.etat.lu",
    "Caisse nationale de santé (CNS)": "cns.lu",
    "Agence pour le développement de l'emploi": "adem.etat.lu",
    "Caisse pour l'avenir des enfants": "cae.lu",
    "Administration communale": "vdl.lu, esch.lu",
    "Ministère de l'Éducation nationale, de l'Enfance et de la Jeunesse": "men.lu",
    "Ministère de la Famille, de l'Intégration et à la Grande Région": "fm.etat.lu",
    "Centre des technologies de l'information de l'État (CTIE)": "ctie.etat.lu",
}

# Citizens: (pseudonym, languages they write posts and comments in). Usernames are citizen01...
CITIZENS = [
    ("Mosellane", "fr"),
    ("Kiischtebeemchen", "lb de"),
    ("PendlerAusTrier", "de"),
    ("BelvalCommuter", "en fr"),
    ("Minettsdapp", "lb"),
    ("Marie-Claire L.", "fr"),
    ("Jogger vum Bambësch", "lb fr"),
    ("Frontalière de Thionville", "fr"),
    ("Grenzgänger aus Saarburg", "de"),
    ("Ourdaller", "lb de"),
    ("Nathalie N.", "fr"),
    ("Expat in Kirchberg", "en"),
    ("Papa de trois", "fr"),
    ("Mamm vun Zwillingen", "lb"),
    ("Tom aus Wiltz", "lb de"),
    ("Ana Sofia R.", "fr en"),
    ("Luc vun Esch", "lb fr"),
    ("Sandrine D.", "fr"),
    ("Retired in Mondorf", "en de"),
    ("Student at Belval", "en"),
    ("Kleng Fiiss", "lb"),
    ("Pierre-Yves d'Arlon", "fr"),
    ("Jang de Bësch", "lb"),
    ("Nadia B.", "fr en"),
    ("Steffi K.", "de"),
    ("Miguel P.", "fr en"),
    ("Dudelange Dad", "en fr"),
    ("Chantal M.", "fr"),
    ("Fränz vun Ettelbréck", "lb de"),
    ("Joëlle aus Diekirch", "lb fr"),
    ("Kathrin S.", "de"),
    ("Marco F.", "fr de"),
    ("Iwona from Strassen", "en"),
    ("Léa de Grevenmacher", "fr lb"),
    ("Patrick W.", "de fr"),
    ("Josiane H.", "lb fr"),
    ("Rafael da Silva", "fr en"),
    ("Carole et Ben", "fr"),
    ("Henri vu Schëffleng", "lb"),
    ("Yasmina El A.", "fr en de"),
]
