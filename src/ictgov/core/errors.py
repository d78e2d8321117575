"""The error every service raises for bad input: a Vietnamese message, nothing changed.

Pages show it on the form (400), the API answers 422. `field` names the form field it belongs
to, when there is one."""

from django.core.exceptions import ValidationError


class ServiceError(ValidationError):
    def __init__(self, message, *args, field: str | None = None, **kwargs):
        super().__init__(message, *args, **kwargs)
        self.field = field
