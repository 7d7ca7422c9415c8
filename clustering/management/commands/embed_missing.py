"""Embed posts whose embedding is missing, failed or stale; cluster and suggest procedures for
them (what the periodic task does every 10 minutes).

    python manage.py embed_missing [--limit N]
"""

import json
import sys
import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from clustering import services


class Command(BaseCommand):
    help = "Embed, cluster and suggest procedures for posts the pipeline has not processed."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=100_000, help="At most this many posts.")

    def handle(self, *args, limit, **options):
        started = time.perf_counter()
        with tqdm(file=sys.stderr, unit="post", desc="embed", dynamic_ncols=True) as bar:

            def progress(done, total):
                bar.total = total
                bar.n = done
                bar.refresh()

            summary = services.process_missing(limit=limit, progress=progress)
        summary["seconds"] = round(time.perf_counter() - started, 2)
        self.stdout.write(json.dumps(summary))
