"""Signing in with an API token: core's API authentication asks Django's `authenticate()` for
`bearer_token`, and this backend answers, so core never reaches into accounts."""

from django.contrib.auth.backends import BaseBackend

from .models import ApiToken


class ApiTokenBackend(BaseBackend):
    def authenticate(self, request, bearer_token=None, **kwargs):
        if not bearer_token:
            return None
        return ApiToken.objects.authenticate(bearer_token)

    def get_user(self, user_id):  # tokens never create a session
        return None
