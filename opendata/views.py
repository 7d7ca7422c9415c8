from django.http import FileResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET

from ideas.models import OfficialAnswer, Post
from ideas.status import Status
from procedures.models import Administration

from .conf import export_dir
from .datasets import DATASETS, DATASETS_BY_NAME
from .services import FORMATS, LICENCE, MANIFEST, file_name, read_manifest

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def api_schema_url():
    """The OpenAPI schema of the JSON API, when the api app provides it."""
    try:
        return reverse("api:schema")
    except NoReverseMatch:
        return None


def administrations_with_public_answers():
    answered = OfficialAnswer.objects.filter(post__in=Post.objects.published().values("pk"))
    return Administration.objects.filter(pk__in=answered.values("administration_id"))


@require_GET
def index(request):
    manifest = read_manifest() or {}
    generated = manifest.get("datasets", {})
    datasets = [
        {
            "dataset": dataset,
            "rows": generated.get(dataset.name, {}).get("rows"),
            "files": [
                {
                    "format": file_format,
                    "url": reverse("opendata:download", args=[dataset.name, file_format]),
                    "info": generated.get(dataset.name, {}).get("files", {}).get(file_format),
                }
                for file_format in FORMATS
            ],
        }
        for dataset in DATASETS
    ]
    context = {
        "datasets": datasets,
        "generated_at": parse_datetime(manifest["generated_at"]) if manifest else None,
        "licence": LICENCE,
        "statuses": Status.choices,
        "api_schema_url": api_schema_url(),
        "administrations": administrations_with_public_answers(),
    }
    return render(request, "opendata/index.html", context)


def not_available(request, reason):
    return render(request, "opendata/not_available.html", {"reason": reason}, status=404)


def send_file(request, path, content_type, as_attachment=True):
    try:
        handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    except FileNotFoundError:
        return not_available(request, "missing")
    response = FileResponse(
        handle, as_attachment=as_attachment, filename=path.name, content_type=content_type
    )
    response["Access-Control-Allow-Origin"] = "*"  # public data, readable from any site
    return response


@require_GET
def download(request, dataset, file_format):
    # Only known names reach the file system: no path can be smuggled in.
    if dataset not in DATASETS_BY_NAME or file_format not in FORMATS:
        return not_available(request, "unknown")
    path = export_dir() / file_name(dataset, file_format)
    return send_file(request, path, CONTENT_TYPES[file_format])


@require_GET
def manifest(request):
    return send_file(request, export_dir() / MANIFEST, CONTENT_TYPES["json"], as_attachment=False)
