"""Import the procedure catalogue (guichet.lu's citizen guide) from a JSON Lines file.

The whole file is validated before anything is written, and the writes run in one transaction,
so a bad file imports nothing. Re-running updates rows by catalogue id and never duplicates.
"""

import json
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from .models import Administration, Procedure

SLUG_MAX = 255
# Field name -> (expected type, max length or None, required).
STRING_FIELDS = {
    "id": (255, True),
    "title": (500, True),
    "url": (500, False),
    "language": (5, False),
    "audience": (50, False),
    "theme": (100, False),
}
COMPARED_FIELDS = ["title", "url", "theme", "path", "language", "audience", "lead_administration"]
MAX_REPORTED_ERRORS = 10


class CatalogueError(Exception):
    """The file is not a valid catalogue. `errors` lists (line number, problem)."""

    def __init__(self, errors):
        self.errors = errors
        shown = [
            f"  line {line}: {problem}" if line else f"  {problem}"
            for line, problem in errors[:MAX_REPORTED_ERRORS]
        ]
        if len(errors) > MAX_REPORTED_ERRORS:
            shown.append(f"  ... and {len(errors) - MAX_REPORTED_ERRORS} more problems.")
        super().__init__(
            "The catalogue file is invalid; nothing was imported.\n" + "\n".join(shown)
        )


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    administrations_created: int = 0
    administrations_total: int = 0
    external_ids: list = field(default_factory=list)

    def summary(self):
        return (
            f"Procedures: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged ({len(self.external_ids)} in file). "
            f"Administrations: {self.administrations_created} created, "
            f"{self.administrations_total} referenced."
        )


def _validate_row(row):
    """Return the problems of one decoded line (empty if it is a valid catalogue entry)."""
    if not isinstance(row, dict):
        return ["expected a JSON object"]
    problems = []
    for name, (max_length, required) in STRING_FIELDS.items():
        value = row.get(name)
        if value is None or (required and isinstance(value, str) and not value.strip()):
            if required:
                problems.append(f"missing required field '{name}'")
            continue
        if not isinstance(value, str):
            problems.append(f"field '{name}' must be a string")
        elif len(value) > max_length:
            problems.append(f"field '{name}' is longer than {max_length} characters")
    for name in ("path", "administrations"):
        value = row.get(name)
        if value is None:
            continue
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(f"field '{name}' must be a list of strings")
        elif name == "administrations" and any(len(v.strip()) > 255 for v in value):
            problems.append("an administration name is longer than 255 characters")
    return problems


def read_catalogue(path):
    """Read and validate the whole file. Returns the rows or raises CatalogueError."""
    rows, errors, seen = [], [], {}
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8").strip()
            except UnicodeDecodeError:
                errors.append((number, "not valid UTF-8 text"))
                continue
            if not text:
                continue  # Blank lines (e.g. a trailing newline) carry no entry.
            try:
                row = json.loads(text)
            except json.JSONDecodeError as exc:
                errors.append((number, f"invalid JSON ({exc.msg} at column {exc.colno})"))
                continue
            problems = _validate_row(row)
            if not problems and row["id"] in seen:
                problems = [f"duplicate id '{row['id']}' (first on line {seen[row['id']]})"]
            errors.extend((number, problem) for problem in problems)
            if not problems:
                seen[row["id"]] = number
                rows.append(row)
    if errors:
        raise CatalogueError(errors)
    if not rows:
        raise CatalogueError([(None, "the file contains no entries")])
    return rows


def _segments(external_id):
    return [s for s in (slugify(part) for part in external_id.split("/")) if s] or ["procedure"]


def assign_slugs(new_ids, all_ids, used):
    """Slug = last id segment; ids sharing it get as many parent segments as needed.

    A candidate (a run of trailing segments) is usable only if no other id in `all_ids` (file +
    database) has it among its own candidates, so the result never depends on the order of the
    ids. `used` holds slugs already taken in the database; existing rows keep their slug.
    """
    candidates = {}
    for external_id in all_ids:
        parts = _segments(external_id)
        candidates[external_id] = [
            "-".join(parts[-k:])[-SLUG_MAX:].strip("-") for k in range(1, len(parts) + 1)
        ]
    owners = Counter(c for options in candidates.values() for c in set(options))
    used, slugs = set(used), {}
    for external_id in new_ids:
        options = candidates[external_id]
        choice = next((c for c in options if owners[c] == 1 and c not in used), None)
        if choice is None:  # Only if slugify makes ids collide; number them (order-dependent).
            base, n = options[-1][: SLUG_MAX - 6].strip("-"), 2
            while f"{base}-{n}" in used:
                n += 1
            choice = f"{base}-{n}"
        used.add(choice)
        slugs[external_id] = choice
    return slugs


def _ensure_administrations(rows, result):
    """Create the missing administrations; return {name: pk}."""
    listed = [name.strip() for row in rows for name in row.get("administrations") or []]
    existing = dict(Administration.objects.values_list("name", "pk"))
    missing = [name for name in dict.fromkeys(listed) if name and name not in existing]
    # The model takes the lowest pk as a procedure's responsible administration, so create the
    # administrations most often listed first (the lead contact) before the others.
    first = Counter(n.strip() for row in rows for n in (row.get("administrations") or [])[:1])
    total = Counter(listed)
    missing.sort(key=lambda name: -first[name] / total[name])
    used = set(Administration.objects.values_list("slug", flat=True))
    for name in missing:
        base = slugify(name)[: SLUG_MAX - 4].strip("-") or "administration"
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        existing[name] = Administration.objects.create(name=name, slug=slug).pk
    result.administrations_created = len(missing)
    result.administrations_total = len(set(listed))
    return existing


@transaction.atomic
def import_catalogue(path):
    """Validate then import the file at `path`. Returns an ImportResult."""
    rows = read_catalogue(path)
    result = ImportResult(external_ids=[row["id"] for row in rows])
    admin_pks = _ensure_administrations(rows, result)
    existing = {p.external_id: p for p in Procedure.objects.all()}
    through = Procedure.administrations.through
    current_links = {}
    for procedure_id, administration_id in through.objects.values_list(
        "procedure_id", "administration_id"
    ):
        current_links.setdefault(procedure_id, set()).add(administration_id)

    new_ids = [row["id"] for row in rows if row["id"] not in existing]
    slugs = assign_slugs(
        new_ids, set(existing) | set(result.external_ids), [p.slug for p in existing.values()]
    )
    to_create, to_update, wanted_links = [], [], {}
    for row in rows:
        values = {
            "title": row["title"].strip(),
            "url": row.get("url") or "",
            "theme": row.get("theme") or "",
            "path": row.get("path") or [],
            "language": row.get("language") or "fr",
            "audience": row.get("audience") or "",
        }
        names = [n.strip() for n in row.get("administrations") or [] if n.strip()]
        # The catalogue lists the lead contact first: that administration answers posts.
        values["lead_administration_id"] = admin_pks[names[0]] if names else None
        wanted_links[row["id"]] = {admin_pks[n] for n in names}
        procedure = existing.get(row["id"])
        if procedure is None:
            to_create.append(Procedure(external_id=row["id"], slug=slugs[row["id"]], **values))
            continue
        changed = any(getattr(procedure, k) != v for k, v in values.items())
        if changed:
            for key, value in values.items():
                setattr(procedure, key, value)
            to_update.append(procedure)
        if changed or current_links.get(procedure.pk, set()) != wanted_links[row["id"]]:
            result.updated += 1
        else:
            result.unchanged += 1
    Procedure.objects.bulk_create(to_create, batch_size=500)
    Procedure.objects.bulk_update(to_update, COMPARED_FIELDS, batch_size=500)
    result.created = len(to_create)

    # Replace the administration sets in two bulk statements instead of one .set() per row.
    pks = dict(
        Procedure.objects.filter(external_id__in=wanted_links).values_list("external_id", "pk")
    )
    stale, fresh = [], []
    for external_id, admin_set in wanted_links.items():
        pk = pks[external_id]
        current = current_links.get(pk, set())
        stale.extend((pk, a) for a in current - admin_set)
        fresh.extend(through(procedure_id=pk, administration_id=a) for a in admin_set - current)
    for pk in {p for p, _a in stale}:
        through.objects.filter(
            procedure_id=pk, administration_id__in=[a for p, a in stale if p == pk]
        ).delete()
    through.objects.bulk_create(fresh, batch_size=500)
    return result
