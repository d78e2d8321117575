"""One demo user per role, in the demo province (Nghệ An)."""

import os

from ictgov.core.roles import Role
from ictgov.core.seed import ensure
from ictgov.org.models import Person, Unit

from .models import User

ORDER = 20
DEMO_PASSWORD = "ictgov-demo-2026"

DEMO_USERS = [
    # username, role, full name, unit name
    ("quantri", Role.ADMIN, "Quản trị hệ thống", "Sở Khoa học và Công nghệ tỉnh Nghệ An"),
    ("lanhdao", Role.LEADER, "Lê Minh Đức", "Sở Khoa học và Công nghệ tỉnh Nghệ An"),
    (
        "chuyenvien",
        Role.OFFICER,
        "Nguyễn Thị Lan",
        "Phòng Bưu chính, Viễn thông và Chuyển đổi số (Sở KH&CN Nghệ An)",
    ),
    ("canboxa", Role.LOCALITY, "Hoàng Văn Nam", "Ủy ban nhân dân phường Vinh Phú"),
    ("taichinh", Role.LIAISON, "Phạm Thu Hà", "Sở Tài chính tỉnh Nghệ An"),
    ("doanhnghiep", Role.APPLICANT, "Công ty TNHH Dịch vụ Game Vinh", None),
]


def load(stdout, **options):
    for username, role, full_name, unit_name in DEMO_USERS:
        unit = Unit.objects.get(name=unit_name) if unit_name else None
        user = ensure(
            User,
            {"username": username},
            role=role,
            first_name=full_name,
            last_name="",
            unit=unit,
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
            email=f"{username}@demo.ictgov.local",
        )
        if not user.has_usable_password() or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        # The registry's person of the same name is this user (the leader who assigns tasks).
        Person.objects.filter(full_name=full_name, user__isnull=True).update(user=user)
    port = os.environ.get("PORT", "8000")
    stdout.write(
        f"Tài khoản trình diễn (mật khẩu chung: {DEMO_PASSWORD}), http://127.0.0.1:{port}/:"
    )
    for username, role, full_name, unit_name in DEMO_USERS:
        stdout.write(f"  {username:<12} {Role(role).label:<32} {full_name} · {unit_name or '—'}")
