"""Recompute all clusters from the stored embeddings (the nightly task does the same).

    python manage.py recluster [--embed]

--embed first embeds posts whose embedding is missing or stale (and suggests procedures for
posts without suggestions). Progress goes to stderr; the summary to stdout.
"""

import json
import sys
import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from clustering import services

STAGES = ["embed", "load", "cluster", "describe", "save"]


class Command(BaseCommand):
    help = "Recompute all clusters of posts from the stored embeddings (ids stay stable)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--embed", action="store_true", help="Embed missing or stale posts first."
        )

    def handle(self, *args, embed=False, **options):
        started = time.perf_counter()
        bar = tqdm(total=len(STAGES), file=sys.stderr, unit="step", dynamic_ncols=True)
        completed = set()

        def progress(stage, done, total):
            bar.set_description(stage)
            if done >= total and stage not in completed:
                completed.add(stage)
                bar.update(1)
            elif done < total:
                bar.set_postfix_str(f"{done}/{total}")

        try:
            if embed:
                summary = services.build_all(progress=progress)
            else:
                bar.update(1)  # no embedding step
                summary = services.recluster(progress=progress)
        finally:
            bar.close()
        summary["seconds"] = round(time.perf_counter() - started, 2)
        self.stdout.write(json.dumps(summary))
