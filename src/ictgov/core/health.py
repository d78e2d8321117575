from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """For load balancers and the load test's baseline: touches neither database nor session."""
    return HttpResponse("ok", content_type="text/plain")
