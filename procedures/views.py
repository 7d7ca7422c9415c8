"""Public pages of the procedure catalogue, and the search endpoint of the post form's picker."""

from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import JsonResponse
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView

from core.conf import app_settings
from core.ratelimit import ratelimit
from ideas.models import Post
from surveys.satisfaction import satisfaction_context

from .models import Procedure
from .search import parent_procedures, ranked, search_procedures

SEARCH_RESULTS_MAX = 10
SEARCH_MIN_LENGTH = 2


@require_GET
@ratelimit("search", methods=("GET",))
def procedure_search_json(request):
    """Up to ten procedures whose title contains every word of `?q=` (at least two letters)."""
    query = request.GET.get("q", "").strip()[:200]
    if len(query) < SEARCH_MIN_LENGTH:
        return JsonResponse({"results": []})
    procedures = ranked(search_procedures(query), query).prefetch_related("administrations")
    results = []
    for procedure in procedures[:SEARCH_RESULTS_MAX]:
        # The responsible administration is the first listed one (see Procedure); use the
        # prefetched rows instead of one query per result.
        administrations = sorted(procedure.administrations.all(), key=lambda a: a.pk)
        results.append(
            {
                "id": procedure.pk,
                "title": procedure.title,
                "theme": procedure.theme,
                "theme_label": str(procedure.theme_label),
                "administration": administrations[0].name if administrations else "",
            }
        )
    return JsonResponse({"results": results})


def _theme_order():
    """Themes in the catalogue's own order (Procedure.THEME_LABELS), unknown themes last."""
    themes = list(Procedure.THEME_LABELS)
    whens = [When(theme=theme, then=Value(index)) for index, theme in enumerate(themes)]
    return Case(*whens, default=Value(len(themes)), output_field=IntegerField())


class ProcedureListView(ListView):
    """The catalogue grouped by theme, filterable by theme and searchable by title."""

    template_name = "procedures/procedure_list.html"
    context_object_name = "procedures"
    paginate_by = 30

    def get_queryset(self):
        self.query = self.request.GET.get("q", "").strip()[:200]
        theme = self.request.GET.get("theme", "")
        self.theme = theme if theme in Procedure.THEME_LABELS else ""
        procedures = search_procedures(self.query) if self.query else Procedure.objects.all()
        if self.theme:
            procedures = procedures.filter(theme=self.theme)
        visible_posts = Post.objects.visible_to(self.request.user)
        return procedures.with_post_counts(visible_posts).order_by(_theme_order(), "title")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            query=self.query,
            theme=self.theme,
            themes=list(Procedure.THEME_LABELS.items()),
            # Filters to keep in pagination links.
            filter_query=self.request.GET.copy(),
        )
        context["filter_query"].pop("page", None)
        return context


class ProcedureDetailView(DetailView):
    """One procedure: where it lives in the catalogue, who answers for it, and its posts."""

    model = Procedure
    template_name = "procedures/procedure_detail.html"
    context_object_name = "procedure"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        procedure = self.object
        posts = (
            Post.objects.visible_to(self.request.user)
            .filter(procedure=procedure)
            .select_related("author", "procedure", "administration")
            .order_by("-created_at")
        )
        paginator = Paginator(posts, app_settings.POSTS_PER_PAGE)
        context.update(
            administrations=list(procedure.administrations.order_by("pk")),
            parents=parent_procedures(procedure),
            page_obj=paginator.get_page(self.request.GET.get("page")),
            **satisfaction_context(procedure, self.request.user),
        )
        return context
