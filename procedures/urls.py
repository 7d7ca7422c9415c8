from django.urls import path

from . import views

app_name = "procedures"
urlpatterns = [
    path("", views.ProcedureListView.as_view(), name="list"),
    path("search.json", views.procedure_search_json, name="search-json"),
    path("<slug:slug>/", views.ProcedureDetailView.as_view(), name="detail"),
]
