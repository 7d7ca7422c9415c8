"""Measure the configured pipeline on a labelled file; the last stdout line is one JSON object.

    manage.py evaluate duplicates --input PAIRS.jsonl
    manage.py evaluate clustering --input ITEMS.jsonl
    manage.py evaluate mapping --catalogue CATALOGUE.jsonl --input QUERIES.jsonl

Progress goes to stderr. Formats and metrics: clustering/evaluation.py.
"""

import json
import time

from django.core.management.base import BaseCommand, CommandError

from clustering import backends, evaluation
from clustering.embedders.cache import CachedEmbedder


class Command(BaseCommand):
    help = "Evaluate duplicates, clustering or mapping with the configured pipeline stages."

    def add_arguments(self, parser):
        tasks = parser.add_subparsers(dest="task", required=True, metavar="TASK")
        for name, text in (
            ("duplicates", 'pairs {"a","b","score"|"duplicate"}'),
            ("clustering", 'items {"text","label"}'),
            ("mapping", 'queries {"text","procedure_id"}'),
        ):
            task = tasks.add_parser(name, help=f"JSON Lines of {text}")
            task.add_argument("--input", required=True, help=f"JSON Lines of {text}")
            if name == "mapping":
                task.add_argument(
                    "--catalogue", required=True, help='JSON Lines of {"id","title","text"?}'
                )
            task.add_argument(
                "--cache",
                metavar="DIRECTORY",
                help="keep embeddings in an on-disk cache (repeated runs on the same files)",
            )

    def _progress(self, done, total):
        self.stderr.write(f"\rencoded {done}/{total}", ending="\n" if done == total else "")
        self.stderr.flush()

    def handle(self, *args, task, **options):
        started = time.perf_counter()
        try:
            if task == "mapping":
                entries = evaluation.load_catalogue(options["catalogue"])
                rows = evaluation.load_queries(options["input"], {str(e["id"]) for e in entries})
            else:
                loader = evaluation.load_pairs if task == "duplicates" else evaluation.load_items
                rows = loader(options["input"])
        except evaluation.InputError as error:
            raise CommandError(str(error)) from None

        embedder = backends.build("EMBEDDER")
        if options["cache"]:
            embedder = CachedEmbedder(embedder, options["cache"])
        self.stderr.write(f"{task}: {len(rows)} rows, embedder {embedder.name}")
        if task == "duplicates":
            scorer = backends.build("DUPLICATES", embedder=embedder)
            report = evaluation.run_duplicates(rows, embedder, scorer, self._progress)
        elif task == "clustering":
            clusterer = backends.build("CLUSTERER")
            report = evaluation.run_clustering(rows, embedder, clusterer, self._progress)
        else:
            matcher = backends.build("MATCHER", embedder=embedder)
            report = evaluation.run_mapping(entries, rows, embedder, matcher, self._progress)
        report = {
            "task": task,
            **report,
            "n": len(rows),
            "seconds": round(time.perf_counter() - started, 2),
            "embedder": embedder.name,
        }
        self.stdout.write(json.dumps(report))
