from celery import shared_task

from . import services


@shared_task
def regenerate_exports():
    """Nightly (config/celery.py beat, 02:45): rewrite the open-data files and the manifest."""
    manifest = services.regenerate_exports()
    return {name: dataset["rows"] for name, dataset in manifest["datasets"].items()}
