from django.urls import path

from . import views

app_name = "prioritisation"
urlpatterns = [
    path("<int:page_id>/results.csv", views.results_csv, name="results-csv"),
]
