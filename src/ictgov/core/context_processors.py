from django.conf import settings


def site(request):
    return {
        "AUTHORITY_NAME": settings.ICTGOV["AUTHORITY_NAME"],
        "NAV_ITEMS": _nav(request),
    }


def _nav(request):
    from .navigation import menu_for

    return menu_for(getattr(request, "user", None))
