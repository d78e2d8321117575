import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ictgov.settings")
application = get_wsgi_application()

# Production without collected static files would answer 500 on every page: refuse to start.
from ictgov.core.checks import require_static_manifest  # noqa: E402

require_static_manifest()
