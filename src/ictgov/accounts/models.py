import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ictgov.core.roles import Role


class User(AbstractUser):
    """A person who signs in; belongs to a unit and acts in one role."""

    role = models.CharField(
        _("vai trò"), max_length=20, choices=Role.choices, default=Role.APPLICANT
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    locality = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Địa bàn mà cán bộ địa phương được xem; mặc định là địa bàn của đơn vị."),
    )
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def save(self, *args, **kwargs):
        if self.locality_id is None and self.unit_id and self.role == Role.LOCALITY:
            self.locality_id = self.unit.admin_unit_id
        super().save(*args, **kwargs)

    def has_role(self, *roles) -> bool:
        return self.is_active and (
            self.is_superuser or self.role in roles or self.role == Role.ADMIN
        )

    @property
    def is_staff_role(self) -> bool:
        return self.is_superuser or self.role in Role.staff()

    def __str__(self) -> str:
        return self.get_full_name() or self.username


LAST_USED_STEP = timedelta(minutes=1)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def authenticate(self, key: str):
        token = (
            self.select_related("user")
            .filter(digest=_digest(key), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if token is None:
            return None
        now = timezone.now()
        # "Last used" to the minute: not one write per API call of a busy client.
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_STEP:
            self.filter(pk=token.pk).update(last_used_at=now)
        return token.user


class ApiToken(models.Model):
    """A bearer token for the API; only its digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.user} · {self.prefix}…"

    @classmethod
    def issue(cls, user, name: str = "") -> tuple["ApiToken", str]:
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, digest=_digest(key), prefix=key[:8])
        return token, key
