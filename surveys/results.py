"""A survey's results: per question, counts per choice, the mean of a scale, free texts."""

from collections import Counter

from .models import CHOICE_TYPES, SCALE_TYPES, TEXT_TYPES


def _choices(field):
    if field.field_type in SCALE_TYPES:
        return [str(n) for n in range(1, SCALE_TYPES[field.field_type] + 1)]
    from wagtail.contrib.forms.forms import _split_by_newline_or_comma

    return [c for c in _split_by_newline_or_comma(field.choices) if c]


def survey_results(page, with_texts=False):
    """{"total": n, "questions": [...]}. Free-text answers only when `with_texts` (the owner)."""
    fields = list(page.get_form_fields())
    rows = [s.form_data for s in page.get_submissions().order_by("submit_time", "pk")]
    questions = []
    for index, field in enumerate(fields):
        name = field.clean_name
        values = [row.get(name) for row in rows]
        question = {"id": f"q{index + 1}", "label": field.label, "type": field.field_type}
        if field.field_type in TEXT_TYPES:
            texts = [str(v).strip() for v in values if v and str(v).strip()]
            question.update(kind="text", answer_count=len(texts))
            if with_texts:
                question["texts"] = texts
        elif field.field_type in CHOICE_TYPES or field.field_type in SCALE_TYPES:
            counter = Counter()
            for value in values:
                for item in value if isinstance(value, list) else [value]:
                    if item not in (None, ""):
                        counter[str(item)] += 1
            choices = _choices(field)
            question.update(
                kind="choice",
                rows=[{"label": c, "count": counter.get(c, 0)} for c in choices],
                answer_count=sum(1 for v in values if v not in (None, "", [])),
            )
            if field.field_type in SCALE_TYPES:
                numbers = [int(v) for v in values if str(v or "").isdigit()]
                question["kind"] = "scale"
                question["mean"] = round(sum(numbers) / len(numbers), 1) if numbers else None
        questions.append(question)
    return {"total": len(rows), "questions": questions}


def chart_data(results):
    """What the charts draw (json_script): labels and counts of every choice question."""
    return {
        q["id"]: {
            "labels": [r["label"] for r in q["rows"]],
            "values": [r["count"] for r in q["rows"]],
        }
        for q in results["questions"]
        if q["kind"] in ("choice", "scale")
    }
