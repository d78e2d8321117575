"""API authentication: `Authorization: Bearer <token>` from `ictgov issue_token`, or the session."""

from django.contrib.auth import authenticate
from django.contrib.auth.models import AnonymousUser
from ninja.security import HttpBearer, SessionAuth


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        # The token's owner comes from an authentication backend (accounts.backends).
        user = authenticate(request, bearer_token=token)
        if user is not None:
            request.user = user
        return user


class OptionalUser:
    """For public endpoints: resolves the caller when credentials are sent, else anonymous."""

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            return BearerToken().authenticate(request, header.split(" ", 1)[1].strip()) or None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        request.user = AnonymousUser()
        return request.user


class SignedInSession(SessionAuth):
    """The browser's session, CSRF-checked; with no one signed in the caller is simply not
    authenticated (401), rather than told about a CSRF token it has no use for."""

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


# Non-public endpoints: a token, or a signed-in browser session (CSRF-checked).
token_or_session = [BearerToken(), SignedInSession()]
public = [OptionalUser()]
