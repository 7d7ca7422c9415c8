"""Generate many synthetic posts for load tests and benchmarks (docs/load.md).

Texts are built from per-language templates x procedure titles x random words, so that search,
lists and clustering see varied but plausible content. Rows go in with bulk_create (no signals,
no per-post embedding) in batches; `--embed` embeds them afterwards through the normal pipeline.
"""

import random
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from ideas.models import Post
from ideas.status import Status
from procedures.models import Procedure

TEMPLATES = {
    "fr": [
        (
            "Trop de papiers pour {procedure}",
            "Pour {procedure} il faut envoyer {word} et {word2} "
            "par courrier, alors que l'administration les a déjà.",
            "Un formulaire en ligne unique.",
        ),
        (
            "Délai trop long : {procedure}",
            "J'attends depuis des mois une réponse sur {procedure}. "
            "Personne ne sait où en est le dossier {word}.",
            "Un suivi du dossier en ligne.",
        ),
    ],
    "de": [
        (
            "Zu viele Formulare für {procedure}",
            "Für {procedure} muss man {word} und {word2} "
            "auf Papier einreichen, obwohl die Verwaltung sie schon hat.",
            "Ein Online-Formular.",
        ),
        (
            "Wartezeit bei {procedure}",
            "Seit Monaten warte ich bei {procedure} auf eine Antwort. "
            "Niemand weiß, wo der Antrag {word} steht.",
            "Den Antragsstatus online zeigen.",
        ),
    ],
    "lb": [
        (
            "Ze vill Pabeier fir {procedure}",
            "Fir {procedure} muss ee {word} an {word2} "
            "schécken, och wann d'Verwaltung se schonn huet.",
            "Ee Formulaire online.",
        ),
    ],
    "en": [
        (
            "Too much paperwork for {procedure}",
            "For {procedure} you must send {word} and {word2} "
            "by post although the administration already has them.",
            "One online form instead.",
        ),
        (
            "Slow answer on {procedure}",
            "I have been waiting months about {procedure}; nobody knows where file {word} stands.",
            "Show the file's progress online.",
        ),
    ],
}
WORDS = (
    "certificat attestation Bescheinigung Nachweis Ausweis passeport fiche justificatif "
    "Steuerkarte Wunnengsbeihëllef Kannergeld déclaration Formular Stempel receipt licence "
    "extrait Geburtsurkunde Meldebescheinigung permis Aufenthaltstitel dossier Unterschrift"
).split()
# Most posts wait; a few move along the public statuses (like a live platform).
STATUS_WEIGHTS = {
    Status.SUBMITTED: 60,
    Status.UNDER_REVIEW: 15,
    Status.ACCEPTED: 6,
    Status.PLANNED: 5,
    Status.IN_PROGRESS: 5,
    Status.IMPLEMENTED: 4,
    Status.CONSIDERED: 2,
    Status.DECLINED: 3,
}


class Command(BaseCommand):
    help = "Create N synthetic posts (default 100000) by a pool of synthetic users."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100_000)
        parser.add_argument("--batch", type=int, default=5_000)
        parser.add_argument("--users", type=int, default=2_000, help="size of the author pool")
        parser.add_argument("--seed", type=int, default=8)
        parser.add_argument("--embed", action="store_true", help="embed the new posts afterwards")

    def handle(self, *args, count, batch, users, seed, embed, **options):
        rng = random.Random(seed)
        started = time.monotonic()
        authors = self.author_pool(users)
        procedures = list(Procedure.objects.values_list("pk", "title")[:5_000]) or [(None, "")]
        administrations = self.administrations_of([pk for pk, _ in procedures if pk])
        statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
        languages = list(TEMPLATES)
        created = 0
        while created < count:
            size = min(batch, count - created)
            posts = []
            for _ in range(size):
                language = rng.choice(languages)
                title, body, suggestion = rng.choice(TEMPLATES[language])
                procedure_id, procedure_title = rng.choice(procedures)
                values = {
                    "procedure": procedure_title or "la procédure",
                    "word": rng.choice(WORDS),
                    "word2": rng.choice(WORDS),
                }
                posts.append(
                    Post(
                        kind=rng.choice((Post.Kind.PAIN_POINT, Post.Kind.IDEA)),
                        title=title.format(**values)[:200],
                        body=f"{body.format(**values)} {' '.join(rng.sample(WORDS, 3))}",
                        suggestion=suggestion if rng.random() < 0.5 else "",
                        language=language,
                        author_id=rng.choice(authors),
                        procedure_id=procedure_id,
                        administration_id=administrations.get(procedure_id),
                        status=rng.choices(statuses, weights)[0],
                        support_count=int(rng.paretovariate(1.5)) - 1,
                    )
                )
            with transaction.atomic():
                Post.objects.bulk_create(posts, batch_size=size)
            created += size
            self.stdout.write(f"{created} posts ({time.monotonic() - started:.1f} s)")
        if embed:
            call_command("embed_missing", stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"Created {created} posts in {time.monotonic() - started:.1f} s.")
        )

    def author_pool(self, size):
        """Ids of `size` synthetic users (bench-user-N), created once and reused."""
        User = get_user_model()
        existing = set(
            User.objects.filter(username__startswith="bench-user-").values_list(
                "username", flat=True
            )
        )
        missing = [
            User(username=name, email=f"{name}@bench.example.lu", password=make_password(None))
            for name in (f"bench-user-{i}" for i in range(size))
            if name not in existing
        ]
        User.objects.bulk_create(missing, batch_size=5_000)
        return list(
            User.objects.filter(username__startswith="bench-user-").values_list("pk", flat=True)
        )

    def administrations_of(self, procedure_ids):
        through = Procedure.administrations.through
        rows = through.objects.filter(procedure_id__in=procedure_ids).values_list(
            "procedure_id", "administration_id"
        )
        return dict(rows)
