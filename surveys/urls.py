from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("<int:page_id>/results/", views.survey_results_view, name="results"),
    path(
        "procedures/<slug:slug>/satisfaction/",
        views.satisfaction_view,
        name="procedure-satisfaction",
    ),
]
