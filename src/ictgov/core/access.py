"""Access checks: a few functions, one condition per line."""

from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .scoping import visible


def require_role(*roles):
    """View decorator: signed in and holding one of `roles` (administrators always pass)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class RoleRequiredMixin(AccessMixin):
    roles: tuple = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.roles and not request.user.has_role(*self.roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def get_visible_or_404(queryset, user, **lookup):
    return get_object_or_404(visible(queryset, user), **lookup)
