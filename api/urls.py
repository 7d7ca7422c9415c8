from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import views


class ApiRouter(DefaultRouter):
    include_format_suffixes = False  # ?format= is enough; no second URL per endpoint
    APIRootView = views.ApiRootView

    def get_api_root_view(self, api_urls=None):
        links = {prefix: f"{basename}-list" for prefix, _viewset, basename in self.registry}
        return self.APIRootView.as_view(
            api_root_dict={**links, "statistics": "statistics", "schema": "schema"}
        )


router = ApiRouter()
router.register("posts", views.PostViewSet, basename="post")
router.register("procedures", views.ProcedureViewSet, basename="procedure")
router.register("administrations", views.AdministrationViewSet, basename="administration")
router.register("clusters", views.ClusterViewSet, basename="cluster")

app_name = "api"
urlpatterns = [
    # OpenAPI 3 schema: YAML by default, JSON with ?format=json (or Accept: application/json).
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    *router.urls,
    re_path(r"^.*$", views.not_found),
]
