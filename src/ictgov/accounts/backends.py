"""Authentication backends.

`ModelBackend` is Django's, with the signed-in user of every request read by one statement
written once (core/rowreader.py) instead of a query the ORM builds again each time.

`ApiTokenBackend` signs in with an API token: core's API authentication asks Django's
`authenticate()` for `bearer_token`, and this backend answers, so core never reaches into
accounts."""

from django.contrib.auth import backends
from django.core.exceptions import ValidationError

from ictgov.core.rowreader import RowReader

from .models import ApiToken, User

_USERS = RowReader(User)


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        try:
            pk = User._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        user = _USERS.get(pk)
        return user if user is not None and self.user_can_authenticate(user) else None


class ApiTokenBackend(backends.BaseBackend):
    def authenticate(self, request, bearer_token=None, **kwargs):
        if not bearer_token:
            return None
        return ApiToken.objects.authenticate(bearer_token)

    def get_user(self, user_id):  # tokens never create a session
        return None
