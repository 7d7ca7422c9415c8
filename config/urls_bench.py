"""The site's URLs plus /bench/trivial/, a view that does nothing: the load test's floor.

Only config.settings.bench points ROOT_URLCONF here; the view also refuses to exist unless
BENCH_TRIVIAL_VIEW is set, so a stray import cannot expose it.
"""

from django.conf import settings
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = []
if getattr(settings, "BENCH_TRIVIAL_VIEW", False):
    urlpatterns.append(path("bench/trivial/", trivial, name="bench-trivial"))
urlpatterns += site_urlpatterns
