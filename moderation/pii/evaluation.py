"""Span-level precision / recall / F1 of the detector on labelled sentences.

A labelled file has one JSON object per line: {"text": ..., "spans": [{"kind", "start", "end"}],
"split": "dev" | "heldout"} (the split is optional). A found span is correct if it overlaps a
gold span of the same kind; a gold span is recalled if a found span of its kind overlaps it.
The shipped set (data/pii_{en,fr,de,lb}.jsonl) was written before the detector; its "heldout"
third was only evaluated once the rules were done.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from . import detect
from .finding import KINDS

DATA_DIR = Path(__file__).resolve().parent / "data"
LANGUAGES = ("en", "fr", "de", "lb")


def shipped_files():
    return {language: DATA_DIR / f"pii_{language}.jsonl" for language in LANGUAGES}


def load(path, split=None):
    """The labelled examples in `path` (optionally only those of `split`)."""
    examples = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                example = json.loads(line)
                if split is None or example.get("split", "dev") == split:
                    examples.append(example)
    return examples


@dataclass
class Score:
    gold: int = 0  # gold spans
    found: int = 0  # spans the detector found
    correct: int = 0  # found spans overlapping a gold span of the same kind
    recalled: int = 0  # gold spans overlapped by a found span of the same kind

    @property
    def precision(self):
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self):
        return self.recalled / self.gold if self.gold else 1.0

    @property
    def f1(self):
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other):
        self.gold += other.gold
        self.found += other.found
        self.correct += other.correct
        self.recalled += other.recalled


@dataclass
class Report:
    overall: Score = field(default_factory=Score)
    by_language: dict = field(default_factory=dict)
    by_kind: dict = field(default_factory=dict)
    sentences: dict = field(default_factory=dict)  # labelled sentences per language
    # (language, text, kind, "missed" | "wrong", span text) for reading the failures.
    errors: list = field(default_factory=list)


def _overlap(a, b):
    return a["start"] < b["end"] and b["start"] < a["end"]


def score_example(example, detector=detect):
    """{kind: Score} for one labelled sentence, plus its errors [(kind, type, span text)]."""
    text, gold = example["text"], example["spans"]
    found = [finding.as_dict() for finding in detector(text)]
    scores, errors = {}, []
    for span in found:
        score = scores.setdefault(span["kind"], Score())
        score.found += 1
        if any(g["kind"] == span["kind"] and _overlap(g, span) for g in gold):
            score.correct += 1
        else:
            errors.append((span["kind"], "wrong", text[span["start"] : span["end"]]))
    for span in gold:
        score = scores.setdefault(span["kind"], Score())
        score.gold += 1
        if any(f["kind"] == span["kind"] and _overlap(f, span) for f in found):
            score.recalled += 1
        else:
            errors.append((span["kind"], "missed", text[span["start"] : span["end"]]))
    return scores, errors


def evaluate(files=None, split=None, detector=detect):
    """A Report over `files` ({language: path}; default: the shipped set)."""
    report = Report()
    for language, path in (files or shipped_files()).items():
        language_score = report.by_language.setdefault(language, Score())
        examples = load(path, split)
        report.sentences[language] = len(examples)
        for example in examples:
            scores, errors = score_example(example, detector)
            for kind, score in scores.items():
                language_score.add(score)
                report.by_kind.setdefault(kind, Score()).add(score)
                report.overall.add(score)
            report.errors.extend((language, example["text"], *error) for error in errors)
    report.by_kind = {k: report.by_kind[k] for k in KINDS if k in report.by_kind}
    return report
