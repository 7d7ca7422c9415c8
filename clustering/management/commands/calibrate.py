"""Fit the pipeline's parameters on the TRAIN splits and store them for the configured embedder.

    manage.py calibrate duplicates|clustering|mapping|all [--data DIR] [--cache DIR]

Writes clustering/calibration/<stage>-<embedder name>.json (logic: clustering/calibration/
fitting.py). Never point --data at dev or test splits: only the *-train files are read.
"""

import json
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from clustering import backends, calibration
from clustering.calibration import fitting
from clustering.embedders.cache import CachedEmbedder

STAGES = ("duplicates", "clustering", "mapping")


class Command(BaseCommand):
    help = "Fit duplicate, clustering or mapping parameters on the train splits."

    def add_arguments(self, parser):
        parser.add_argument("stage", choices=(*STAGES, "all"))
        parser.add_argument(
            "--data",
            default=str(Path(settings.BASE_DIR).parent / "shared" / "data" / "eval"),
            help="folder with clustering/, duplicates/ and mapping/ (default: ../shared/data/eval)",
        )
        parser.add_argument("--cache", metavar="DIRECTORY", help="on-disk embedding cache")

    def _progress(self, done, total):
        self.stderr.write(f"\rencoded {done}/{total}", ending="\n" if done == total else "")

    def handle(self, *args, stage, data, cache, **options):
        data = Path(data)
        if not (data / "duplicates").is_dir():
            raise CommandError(f"{data}: not an eval data folder (no duplicates/ inside)")
        embedder = backends.build("EMBEDDER")
        if cache:
            embedder = CachedEmbedder(embedder, cache)
        summary = {}
        for name in STAGES if stage == "all" else (stage,):
            started = time.perf_counter()
            self.stderr.write(f"calibrating {name} for {embedder.name}")
            try:
                if name == "duplicates":
                    parameters = fitting.fit_duplicates(embedder, data, progress=self._progress)
                elif name == "clustering":
                    parameters = fitting.fit_clustering(embedder, data, progress=self._progress)
                else:
                    parameters = fitting.fit_mapping(
                        embedder, lambda: backends.build("LEXICAL"), data, self._progress
                    )
            except (OSError, KeyError, ValueError) as error:
                raise CommandError(f"calibrating {name} failed: {error}") from error
            parameters["embedder"] = embedder.name
            path = calibration.save(name, embedder.name, parameters)
            self.stderr.write(f"wrote {path}")
            summary[name] = {
                "file": path.name,
                "seconds": round(time.perf_counter() - started, 1),
                **{k: v for k, v in parameters.items() if k not in ("train_report", "scaling")},
                "train_report": parameters["train_report"],
            }
        self.stdout.write(json.dumps(summary))
