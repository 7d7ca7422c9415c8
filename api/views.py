"""The read-only public API (open data). Thin views: the querysets are in api/queries.py and
all start from published posts. No authentication is read at all (everyone is anonymous here,
so a signed-in civil servant sees exactly what the public sees), only GET/HEAD/OPTIONS."""

from django.http import JsonResponse
from django.utils.translation import gettext
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.routers import APIRootView
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from core.ratelimit import client_ip

from . import queries
from .filters import PostFilter, ProcedureFilter
from .serializers import (
    AdministrationSerializer,
    ClusterSerializer,
    PostSerializer,
    ProcedureSerializer,
    StatisticsSerializer,
)

DETAIL_ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
THROTTLED = OpenApiResponse(DETAIL_ERROR, description="Too many requests: retry later.")
NOT_FOUND = OpenApiResponse(DETAIL_ERROR, description="No such public object (or page).")
LIST_ERRORS = {
    400: OpenApiResponse(FIELD_ERRORS, description="Invalid query parameter (per parameter)."),
    404: NOT_FOUND,
    429: THROTTLED,
}
DETAIL_ERRORS = {404: NOT_FOUND, 429: THROTTLED}
# The URL takes any segment (see lookup_value_regex), but only ids exist.
ID_PARAMETER = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)


class ApiThrottle(AnonRateThrottle):
    """Per client IP, for the API's views only (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api"]).
    The rate is read per request, not at import as DRF's class attribute is, so settings
    overrides apply."""

    scope = "api"

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        # DRF's own would trust any X-Forwarded-For a client sends: the site's rule instead.
        return client_ip(request)


class ApiPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        # DRF silently falls back to a default for "1.9", "-3" or an empty value; the schema
        # says integer >= 1, so a client sending anything else is told (400).
        for name in (self.page_size_query_param, self.page_query_param):
            raw = request.query_params.get(name)
            if raw is not None and not (raw.isascii() and raw.isdigit() and int(raw) > 0):
                raise ValidationError({name: [gettext("Must be a positive whole number.")]})
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        # Document what get_page_size accepts: 1 or more (more than 100 is served as 100).
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] in (self.page_size_query_param, self.page_query_param):
                parameter["schema"]["minimum"] = 1
        return parameters


class PublicApiMixin:
    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    throttle_classes = [ApiThrottle]
    pagination_class = ApiPagination
    filter_backends = [DjangoFilterBackend]
    # Any segment reaches the view, so that a malformed id is a JSON 404 like a missing one.
    lookup_value_regex = r"[^/]+"


def read_only(serializer, summary_list, summary_detail):
    return extend_schema_view(
        list=extend_schema(
            summary=summary_list, responses={200: serializer(many=True), **LIST_ERRORS}
        ),
        retrieve=extend_schema(
            summary=summary_detail,
            parameters=[ID_PARAMETER],
            responses={200: serializer, **DETAIL_ERRORS},
        ),
    )


@read_only(PostSerializer, "Public posts", "One public post")
class PostViewSet(PublicApiMixin, viewsets.ReadOnlyModelViewSet):
    """Posts (pain points and ideas) anybody may see, with the official answers."""

    serializer_class = PostSerializer
    filterset_class = PostFilter

    def get_queryset(self):
        return queries.public_posts()


@read_only(ProcedureSerializer, "Procedures", "One procedure")
class ProcedureViewSet(PublicApiMixin, viewsets.ReadOnlyModelViewSet):
    """The catalogue of administrative procedures, with the number of public posts."""

    serializer_class = ProcedureSerializer
    filterset_class = ProcedureFilter

    def get_queryset(self):
        return queries.public_procedures()


@read_only(AdministrationSerializer, "Administrations", "One administration")
class AdministrationViewSet(PublicApiMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = AdministrationSerializer

    def get_queryset(self):
        return queries.public_administrations()


@read_only(ClusterSerializer, "Clusters of similar public posts", "One cluster")
class ClusterViewSet(PublicApiMixin, viewsets.ReadOnlyModelViewSet):
    """Groups of similar posts; filter /api/v1/posts/?cluster=<id> for their public posts."""

    serializer_class = ClusterSerializer

    def get_queryset(self):
        return queries.public_clusters()


# An APIView, not a viewset: the schema would document a viewset's "list" as an array.
class StatisticsView(PublicApiMixin, APIView):
    """Answer figures over public posts, overall and per administration."""

    pagination_class = None
    filter_backends = []

    @extend_schema(
        summary="Answer statistics", responses={200: StatisticsSerializer, 429: THROTTLED}
    )
    def get(self, request):
        # Imported here: the URLconf (and so the whole site) must load even if the statistics
        # module fails to import.
        from transparency import stats

        figures = {
            "overall": stats.overall_stats(),
            "administrations": stats.administration_stats(),
        }
        return Response(StatisticsSerializer(figures).data)


def not_found(request, *args, **kwargs):
    """Any other URL under the API: a JSON 404 (not the site's HTML page), whatever the method."""
    return JsonResponse({"detail": gettext("Not found.")}, status=404)


class ApiRootView(APIRootView):
    """The API's index: a link to each list and to the OpenAPI schema."""

    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    throttle_classes = [ApiThrottle]
