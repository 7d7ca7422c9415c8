from django.urls import path
from django.views.decorators.http import require_GET

from . import feeds, views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("manifest.json", views.manifest, name="manifest"),
    # The dataset and format are checked against the known lists in the view (no file paths).
    path("<slug:dataset>.<slug:file_format>", views.download, name="download"),
    path(
        "feeds/administrations/<int:pk>/answers.rss",
        require_GET(feeds.AdministrationAnswersFeed()),
        name="administration-answers-rss",
    ),
    path(
        "feeds/administrations/<int:pk>/answers.atom",
        require_GET(feeds.AdministrationAnswersAtomFeed()),
        name="administration-answers-atom",
    ),
    path(
        "feeds/procedures/<slug:slug>/answers.rss",
        require_GET(feeds.ProcedureAnswersFeed()),
        name="procedure-answers-rss",
    ),
    path(
        "feeds/procedures/<slug:slug>/answers.atom",
        require_GET(feeds.ProcedureAnswersAtomFeed()),
        name="procedure-answers-atom",
    ),
]
