from django.urls import path

from . import views

app_name = "clustering"
urlpatterns = [
    path("similar.json", views.similar_json, name="similar"),
]
