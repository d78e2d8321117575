"""What a locked-out login sees (django-axes calls `lockout_response`).

After `AXES_FAILURE_LIMIT` failed logins for one account, or from one address, further attempts
are refused, even with the right password, until `AXES_COOLOFF_TIME` has passed since the last
failure. The login page says so in Vietnamese, with 429 and Retry-After; the event is logged.
"""

import logging

from axes.helpers import get_client_username, get_cool_off
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger("ictgov.security")


def lockout_response(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 0
    minutes = max(1, (seconds + 59) // 60)
    logger.warning(
        "Khóa đăng nhập: tài khoản %r từ %s sau nhiều lần sai mật khẩu (khóa %d phút).",
        get_client_username(request, credentials),
        getattr(request, "axes_ip_address", None),
        minutes,
    )
    message = _(
        "Đăng nhập sai quá nhiều lần nên tạm thời bị khóa. "
        "Vui lòng thử lại sau %(minutes)d phút hoặc liên hệ quản trị hệ thống."
    ) % {"minutes": minutes}
    if request.path_info.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = render(
            request,
            "registration/login.html",
            {"title": _("Đăng nhập"), "locked_out": message, "next": request.POST.get("next", "")},
            status=429,
        )
    if seconds:
        response["Retry-After"] = str(seconds)
    return response


def not_a_password(request, credentials) -> bool:
    """API tokens are not guessed passwords (32 random bytes): a script with a stale token must
    not lock the officers sharing its address out of the login page. Anonymous callers are
    limited by the rate limits instead."""
    return "bearer_token" in (credentials or {})
