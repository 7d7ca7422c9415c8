"""Write the open datasets as CSV and JSON files plus a manifest (run nightly by Celery beat).

Each file is written to a hidden temporary file in the same directory and moved into place with
os.replace, so a download never sees half a file. The data files hold no generation time: when
nothing changed, a re-run writes byte-identical files (same sha256); only the manifest's
generated_at moves. The manifest is replaced last.
"""

import csv
import hashlib
import json
import os
import tempfile
from contextlib import ExitStack
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from .conf import export_dir
from .datasets import DATASETS

FORMATS = ("csv", "json")
MANIFEST = "manifest.json"
LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "attribution": "Simplify Together",
}
# Spreadsheets run cells starting with these as formulas (CSV injection): such text is
# prefixed with an apostrophe, as in the triage export. The JSON files keep the exact text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guarded(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def file_name(dataset_name, file_format):
    return f"{dataset_name}.{file_format}"


class AtomicFile:
    """A hidden temporary file beside `path`; commit() moves it into place, else it is removed."""

    def __init__(self, path):
        self.path = Path(path)
        handle, self.temporary = tempfile.mkstemp(
            dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp"
        )
        self.file = os.fdopen(handle, "w", encoding="utf-8", newline="")

    def commit(self):
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        os.chmod(self.temporary, 0o644)  # public data: a web server may serve the directory
        os.replace(self.temporary, self.path)

    def discard(self):
        if not self.file.closed:
            self.file.close()
        if os.path.exists(self.temporary):
            os.remove(self.temporary)


def write_dataset(dataset, directory):
    """Both files of one dataset in one pass over its rows; returns the row count."""
    with ExitStack() as stack:
        targets = {}
        for file_format in FORMATS:
            target = AtomicFile(directory / file_name(dataset.name, file_format))
            stack.callback(target.discard)  # a no-op after commit()
            targets[file_format] = target
        writer = csv.writer(targets["csv"].file, lineterminator="\n")
        writer.writerow(dataset.field_names)
        out = targets["json"].file
        out.write("[")
        count = 0
        for row in dataset.rows():
            writer.writerow([guarded(row[name]) for name in dataset.field_names])
            out.write(",\n" if count else "\n")
            out.write(json.dumps(row, ensure_ascii=False, cls=DjangoJSONEncoder))
            count += 1
        out.write("\n]\n" if count else "]\n")
        for target in targets.values():
            target.commit()
    return count


def describe_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return {"name": path.name, "size": path.stat().st_size, "sha256": digest.hexdigest()}


def regenerate_exports(now=None):
    """Write every dataset and the manifest into OPENDATA_DIR; returns the manifest."""
    directory = export_dir()
    directory.mkdir(parents=True, exist_ok=True)
    datasets = {}
    for dataset in DATASETS:
        rows = write_dataset(dataset, directory)
        datasets[dataset.name] = {
            "rows": rows,
            "files": {
                file_format: describe_file(directory / file_name(dataset.name, file_format))
                for file_format in FORMATS
            },
        }
    manifest = {
        "generated_at": (now or timezone.now()).isoformat(),
        "licence": LICENCE,
        "datasets": datasets,
    }
    target = AtomicFile(directory / MANIFEST)
    try:
        json.dump(manifest, target.file, ensure_ascii=False, indent=2)
        target.file.write("\n")
        target.commit()
    finally:
        target.discard()
    return manifest


def read_manifest():
    """The last manifest written, or None when the exports were never generated."""
    try:
        with open(export_dir() / MANIFEST, encoding="utf-8") as handle:
            return json.load(handle)
    except (FileNotFoundError, json.JSONDecodeError):
        return None
