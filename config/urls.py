from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from ideas.views.comments import comment_urlpatterns

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    # Same paths as comments-xtd's post/reply/flag, checked first: visibility, public name, 429.
    path("comments/", include(comment_urlpatterns)),
    path("comments/", include("django_comments_xtd.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("posts/", include("clustering.urls")),  # /posts/similar.json
    path("posts/", include("ideas.urls")),
    path("procedures/", include("procedures.urls")),
    path("campaigns/", include("challenges.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree (home page, editorial pages) answers every other URL.
urlpatterns += [path("", include(wagtail_urls))]
