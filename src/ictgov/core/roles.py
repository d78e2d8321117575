from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    LEADER = "leader", _("Lãnh đạo Sở")
    OFFICER = "officer", _("Cán bộ phòng chuyên môn")
    LOCALITY = "locality", _("Cán bộ địa phương (xã/phường)")
    LIAISON = "liaison", _("Đầu mối cơ quan khác")
    APPLICANT = "applicant", _("Tổ chức, công dân")

    @classmethod
    def staff(cls) -> frozenset[str]:
        """The department's own people: they see the whole province's records."""
        return frozenset({cls.ADMIN, cls.LEADER, cls.OFFICER})
