from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.urls import include, path, re_path
from django.views.defaults import page_not_found
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts.admin import hide_linked_identities
from ideas.views.comments import comment_urlpatterns

hide_linked_identities()

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("account/", include("accounts.urls")),  # privacy: data download, account deletion
    path("accounts/", include("allauth.urls")),
    # Same paths as comments-xtd's post/reply/flag, checked first: visibility, public name, 429.
    path("comments/", include(comment_urlpatterns)),
    # comments-xtd also serves django-comments' delete/approve with a format suffix (".json"),
    # which those views do not accept (a TypeError, a server error): there is no such page.
    re_path(
        r"^comments/(?:delete|approve)/\d+\.[a-z0-9]+/?$",
        page_not_found,
        {"exception": Http404()},
    ),
    path("comments/", include("django_comments_xtd.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("posts/", include("clustering.urls")),  # /posts/similar.json
    path("posts/", include("ideas.urls")),
    path("procedures/", include("procedures.urls")),
    path("campaigns/", include("challenges.urls")),
    path("notifications/", include("notifications.urls")),
    path("moderation/", include("moderation.urls")),
    path("transparency/", include("transparency.urls")),
    path("open-data/", include("opendata.urls")),  # documented exports + RSS/Atom feeds
    path("api/v1/", include("api.urls")),  # read-only JSON API + OpenAPI schema
    path("surveys/", include("surveys.urls")),
    path("prioritisation/", include("prioritisation.urls")),
    path("workshops/", include("workshops.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree (home page, editorial pages) answers every other URL.
urlpatterns += [path("", include(wagtail_urls))]
