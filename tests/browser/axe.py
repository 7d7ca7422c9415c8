"""axe-core (from npm, see package.json) run inside the page, for WCAG 2.1 A/AA checks.

The script is passed to page.evaluate, which runs it through the DevTools protocol: the page's
Content-Security-Policy (django-csp, no inline scripts) does not apply, so we test the real
pages with their real policy.
"""

from functools import cache
from pathlib import Path

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


@cache
def axe_source():
    if not AXE_SCRIPT.exists():
        raise AssertionError(
            f"{AXE_SCRIPT} is missing: run `npm ci --no-audit --no-fund` (or `make browser-deps`)"
        )
    return AXE_SCRIPT.read_text(encoding="utf-8")


def serious_violations(page):
    """The serious and critical WCAG 2.1 A/AA violations axe finds in the current page."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    results = page.evaluate(
        """(tags) => axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })""",
        WCAG_TAGS,
    )
    return [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS] + duplicate_ids(
        page
    )


# axe 4.x only asks for a review of duplicate ids ("incomplete"), since it cannot see into
# shadow roots; we have none, so a duplicate id is a fault: labels, aria-labelledby and skip
# links would point at the wrong element.
DUPLICATE_IDS = """() => {
    const seen = new Map();
    for (const el of document.querySelectorAll("[id]")) {
        seen.set(el.id, (seen.get(el.id) || 0) + 1);
    }
    return [...seen].filter(([id, count]) => count > 1).map(([id]) => id);
}"""


def duplicate_ids(page):
    ids = page.evaluate(DUPLICATE_IDS)
    if not ids:
        return []
    return [
        {
            "id": "duplicate-id",
            "impact": "serious",
            "help": "id attribute values must be unique (WCAG 2.1 4.1.1)",
            "helpUrl": "https://www.w3.org/TR/WCAG21/#parsing",
            "nodes": [{"target": [f"[id='{id_}']"], "failureSummary": ""} for id_ in ids],
        }
    ]


def describe(violations):
    """One paragraph per rule: id, impact, what to fix and where (CSS selectors)."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"][:10]:
            target = " ".join(str(part) for part in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    at {target}: {summary}")
    return "\n".join(lines)


def assert_no_serious_violations(page, label=""):
    violations = serious_violations(page)
    where = label or page.url
    assert not violations, f"axe found serious/critical violations on {where}:\n" + describe(
        violations
    )
