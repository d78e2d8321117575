"""`Idempotency-Key` for API writes: the same request sent again (a retry after a lost
answer, a double click) gets the first answer and creates nothing twice.

    @router.post("/dossiers", response={201: DossierOut})
    def submit(request, ...):
        return idempotent(request, lambda: (201, DossierOut.from_orm(services.submit(...))))

The key is claimed by inserting its row in the same transaction as the work: a concurrent
duplicate waits on the unique index, then replays the stored answer. A request that fails
(4xx) stores nothing, so it may be retried with the same key. The same key with a different
body is refused (422): a key names one request.
"""

import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from .models import IdempotencyKey

HEADER = "Idempotency-Key"
MAX_KEY = 200


def _fingerprint(request) -> str:
    digest = hashlib.sha256()
    digest.update(request.method.encode())
    digest.update(request.path.encode())
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.startswith("multipart/"):
        # The boundary differs between retries: hash the fields and the files' bytes instead.
        for name in sorted(request.POST):
            digest.update(f"{name}={request.POST.getlist(name)}".encode())
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                digest.update(upload.name.encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        digest.update(request.body)
    return digest.hexdigest()


def _jsonable(body):
    if hasattr(body, "model_dump"):
        return body.model_dump(mode="json", by_alias=True)
    return json.loads(json.dumps(body, default=str))


def idempotent(request, work):
    """Run `work() -> (status, body)` once per (caller, Idempotency-Key); without the header,
    just run it. `body` is the response's JSON (e.g. `Schema.from_orm(obj).model_dump(
    mode="json")`), returned as it was stored: a replay answers byte for byte the same."""
    from django.http import JsonResponse

    status, body = _once(request, work)
    return JsonResponse(body, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _claim(user, key: str, fingerprint: str) -> tuple[IdempotencyKey, bool]:
    """Insert the key's row (True), or, when it exists, wait for the transaction that wrote it
    and return it locked (False). Call inside the transaction that does the work."""
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(user=user, key=key, fingerprint=fingerprint), True
    except IntegrityError:
        return IdempotencyKey.objects.select_for_update().get(user=user, key=key), False


def _once(request, work):
    key = (request.headers.get(HEADER) or "").strip()
    if not key:
        return work()
    if len(key) > MAX_KEY:
        raise HttpError(422, _("Idempotency-Key dài quá %(n)d ký tự.") % {"n": MAX_KEY})
    user = request.user if getattr(request.user, "is_authenticated", False) else None
    fingerprint = _fingerprint(request)
    with transaction.atomic():
        row, claimed = _claim(user, key, fingerprint)
        if not claimed:
            if row.fingerprint != fingerprint:
                raise HttpError(
                    422,
                    _(
                        "Idempotency-Key “%(key)s” đã được dùng cho một yêu cầu khác; "
                        "hãy dùng khóa mới cho yêu cầu mới."
                    )
                    % {"key": key},
                ) from None
            return row.status, row.body
        status, body = work()
        row.status, row.body = status, _jsonable(body)
        row.save(update_fields=["status", "body"])
        return status, row.body


def purge_old_keys(now=None) -> int:
    """Delete the keys older than ICTGOV["IDEMPOTENCY_KEEP_DAYS"] (30 by default)."""
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    days = settings.ICTGOV.get("IDEMPOTENCY_KEEP_DAYS", 30)
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _counts = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted


FORM_FIELD = "_once"  # added to every POST form by core/ictgov.js when the page loads
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class OnceFormMiddleware:
    """A form page is sent once: its POST carries a token made when the page loaded, and a
    second send of the same page (a double click that got past the script, a resend after the
    network dropped, Back then send again) does nothing and goes where the first one went.

    The token is claimed like an API key, in the same transaction as the request's work: a
    concurrent duplicate waits on the unique index, then follows the first one's redirect. Only
    a success (a redirect) is kept: a form sent back with errors may be corrected and sent again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = self._token(request)
        if token is None:
            return self.get_response(request)
        from django.contrib import messages
        from django.shortcuts import redirect

        key = f"form:{token}"
        with transaction.atomic():
            row, claimed = _claim(request.user, key, _fingerprint(request))
            if not claimed:
                messages.info(
                    request, _("Biểu mẫu này đã được gửi; lần gửi lại không ghi thêm gì.")
                )
                return redirect((row.body or {}).get("location") or request.path)
            response = self.get_response(request)
            if response.status_code in (301, 302, 303) and response.get("Location"):
                row.status, row.body = response.status_code, {"location": response["Location"]}
                row.save(update_fields=["status", "body"])
            else:
                row.delete()
        return response

    @staticmethod
    def _token(request):
        if request.method != "POST" or request.path.startswith("/api/"):
            return None
        if not request.META.get("CONTENT_TYPE", "").startswith(_FORM_TYPES):
            return None
        if not getattr(request, "user", None) or not request.user.is_authenticated:
            return None
        token = request.POST.get(FORM_FIELD, "").strip()
        return token[: MAX_KEY - 5] or None
