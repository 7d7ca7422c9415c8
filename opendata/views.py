from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def index(request):  # placeholder until the open-data page exists (helper builds it)
    return HttpResponse("")
