"""Per-client rate limits for anonymous callers: the public pages and the public API.

Counts live in Django's cache (Redis when `REDIS_URL` is set, so every app server shares them;
the process's memory otherwise). A fixed one-minute window per client address: cheap, and a
burst at a window's edge can at most double the limit, which is fine for the abuse it stops.
Signed-in users (a session, or a valid API token) are never slowed by these limits.

Settings (`settings.ICTGOV`): `RATE_LIMIT` (pages) and `API_RATE_LIMIT` (`/api/`), requests per
minute per client; 0 turns a limit off.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger("ictgov.security")
WINDOW = 60
EXEMPT_PREFIXES = ("/healthz", "/static/")


def client_ip(request) -> str | None:
    """The caller's address: the socket's, or what our own reverse proxy saw (last hop)."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if hops:
            # The proxy appends the address it saw; anything before it was written by the client.
            return hops[-1]
    return request.META.get("REMOTE_ADDR") or None  # None: axes stores no address


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        from .apiauth import BearerToken

        return BearerToken().authenticate(request, header.split(" ", 1)[1].strip()) is not None
    return False


def hit(scope: str, client: str, limit: int, now: float | None = None) -> int:
    """Count one request; 0 if allowed, else the seconds until the client may try again."""
    now = time.time() if now is None else now
    window = int(now // WINDOW)
    key = f"ratelimit:{scope}:{client}:{window}"
    try:
        cache.add(key, 0, WINDOW * 2)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW * 2)
            count = 1
    except Exception:  # a cache outage must not take the site down with it
        logger.exception("Bộ đếm giới hạn truy cập không hoạt động; cho qua yêu cầu.")
        return 0
    if count <= limit:
        return 0
    return max(1, int((window + 1) * WINDOW - now + 0.999))


class RateLimitMiddleware:
    """429 with Retry-After to an anonymous client over its per-minute limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if not path.startswith(EXEMPT_PREFIXES):
            is_api = path.startswith("/api/")
            limit = settings.ICTGOV["API_RATE_LIMIT" if is_api else "RATE_LIMIT"]
            if limit and not _signed_in(request):
                ip = client_ip(request) or "unknown"
                retry_after = hit("api" if is_api else "page", ip, limit)
                if retry_after:
                    logger.warning("Giới hạn: %s vượt %d yêu cầu/phút (%s)", ip, limit, path)
                    return too_many_requests(request, retry_after, is_api)
        return self.get_response(request)


def too_many_requests(request, retry_after: int, is_api: bool):
    message = _(
        "Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau %(n)d giây."
    ) % {"n": retry_after}
    if is_api:
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = render(
            request,
            "429.html",
            {"title": _("Quá nhiều yêu cầu"), "message": message},
            status=429,
        )
    response["Retry-After"] = str(retry_after)
    return response
