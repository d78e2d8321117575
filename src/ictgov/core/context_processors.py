from django.conf import settings
from django.utils.functional import SimpleLazyObject


def site(request):
    return {
        "AUTHORITY_NAME": settings.ICTGOV["AUTHORITY_NAME"],
        # The entries as dicts, for pages that list them (home); the layout's menu is built
        # once per kind of user by the `main_menu` tag.
        "NAV_ITEMS": SimpleLazyObject(lambda: _nav(request)),
        "UNREAD_NOTIFICATIONS": unread_count(request),
    }


def unread_count(request) -> int:
    """The signed-in user's unread notifications, counted once per request (the menu's badge
    and the notifications page both show it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    count = getattr(request, "_ictgov_unread", None)
    if count is None:
        count = request._ictgov_unread = user.notifications.filter(read_at__isnull=True).count()
    return count


def _nav(request):
    from .navigation import menu_for

    return menu_for(getattr(request, "user", None), request.path)
