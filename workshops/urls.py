from django.urls import path

from . import views

app_name = "workshops"
urlpatterns = [
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/participants.csv", views.export, name="export"),
]
