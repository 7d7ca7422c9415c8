"""Print the personal-data detector's precision / recall / F1 per language and per kind.

manage.py evaluate_pii                     # the shipped set, all of it
manage.py evaluate_pii --split heldout     # only the part written and kept aside
manage.py evaluate_pii --input fr=my.jsonl --errors
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from moderation.pii.evaluation import evaluate, shipped_files

HEADER = f"{'':<16}{'gold':>6}{'found':>7}{'correct':>9}{'precision':>11}{'recall':>8}{'F1':>7}"


def _row(label, score):
    return (
        f"{label:<16}{score.gold:>6}{score.found:>7}{score.correct:>9}"
        f"{score.precision:>11.3f}{score.recall:>8.3f}{score.f1:>7.3f}"
    )


class Command(BaseCommand):
    help = "Measure the personal-data detector on labelled sentences (JSON lines)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--input",
            action="append",
            metavar="[LANG=]PATH",
            help="a labelled JSON-lines file instead of the shipped set (repeatable); "
            "LANG= names its row, default: the file name",
        )
        parser.add_argument("--split", choices=["dev", "heldout"], help="only this part")
        parser.add_argument("--errors", action="store_true", help="list missed and wrong spans")

    def handle(self, *args, **options):
        files = shipped_files()
        if options["input"]:
            files = {}
            for value in options["input"]:
                label, _sep, path = value.rpartition("=")
                path = Path(path)
                if not path.is_file():
                    raise CommandError(f"No such file: {path}")
                files[label or path.stem] = path
        report = evaluate(files, split=options["split"])
        write = self.stdout.write
        counts = ", ".join(f"{lang} {n}" for lang, n in report.sentences.items())
        write(f"{sum(report.sentences.values())} labelled sentences ({counts})\n")
        write("Per language\n" + HEADER)
        for language, score in report.by_language.items():
            write(_row(language, score))
        write(_row("all", report.overall))
        write("\nPer kind\n" + HEADER)
        for kind, score in report.by_kind.items():
            write(_row(kind, score))
        write(_row("all", report.overall))
        if options["errors"]:
            write("\nErrors")
            for language, text, kind, error, span in report.errors:
                write(f"[{language}] {error} {kind}: {span!r} in {text!r}")
