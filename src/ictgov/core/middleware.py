import re


class VietnameseFirstMiddleware:
    """The interface is Vietnamese unless the user picked another language.

    Browsers on government machines often announce English; only an explicit choice (the language
    cookie set by the switcher) changes the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class NoNulInApiMiddleware:
    """PostgreSQL text cannot hold the character U+0000: an API request carrying one (in the
    query, a form field or the JSON body) is refused with a 422 before anything reads it. Pages
    need no such check: their forms refuse it field by field."""

    _ESCAPED = re.compile(rb"(?<!\\)\\u0000", re.IGNORECASE)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/") and self._carries_nul(request):
            from django.http import JsonResponse
            from django.utils.translation import gettext as _

            return JsonResponse(
                {"detail": _("Dữ liệu gửi lên chứa ký tự NUL (\\u0000), không được nhận.")},
                status=422,
                json_dumps_params={"ensure_ascii": False},
            )
        return self.get_response(request)

    def _carries_nul(self, request) -> bool:
        if any("\x00" in k or "\x00" in "".join(v) for k, v in request.GET.lists()):
            return True
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return False
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
            return any("\x00" in k or "\x00" in "".join(v) for k, v in request.POST.lists())
        body = request.body
        return b"\x00" in body or self._ESCAPED.search(body) is not None
