from django.conf import settings


def site(request):
    return {
        "AUTHORITY_NAME": settings.ICTGOV["AUTHORITY_NAME"],
        "NAV_ITEMS": _nav(request),
        "UNREAD_NOTIFICATIONS": _unread(request),
    }


def _unread(request) -> int:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return user.notifications.filter(read_at__isnull=True).count()


def _nav(request):
    from .navigation import menu_for

    return menu_for(getattr(request, "user", None), request.path)
