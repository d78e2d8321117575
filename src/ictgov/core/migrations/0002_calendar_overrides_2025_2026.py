"""The days off and make-up Saturdays announced for 2025 and 2026 (FACTS.md §6).

The ``holidays`` package already knows most of the days off; they are shipped anyway so the
calendar an administrator sees is explicit. It does not know the make-up Saturdays, nor the
swap of Fri 02/01/2026 (VPCP 12729/VPCP-KGVX), which is why this data exists.
"""

from datetime import date

from django.db import migrations

DAY_OFF = "day_off"
WORKING_DAY = "working_day"

LABOUR_CODE = "Bộ luật Lao động 2019, Điều 112"
NOTICE_2025 = "Thông báo của Bộ Nội vụ/Chính phủ về lịch nghỉ lễ, Tết năm 2025"
NOTICE_2026 = "Thông báo của Bộ Nội vụ/Chính phủ về lịch nghỉ lễ, Tết năm 2026"
VPCP_12729 = "Công văn 12729/VPCP-KGVX của Văn phòng Chính phủ (theo báo chí đưa tin)"
CULTURE_DAY = "Nghị quyết 80-NQ/TW của Bộ Chính trị (Ngày Văn hóa Việt Nam, từ năm 2026)"

TET_2025 = "Nghỉ Tết Nguyên đán Ất Tỵ"
TET_2026 = "Nghỉ Tết Nguyên đán Bính Ngọ"
NATIONAL_DAY = "Quốc khánh (2/9)"

# (day, kind, reason, source)
OVERRIDES = [
    # 2025
    (date(2025, 1, 1), DAY_OFF, "Tết Dương lịch", LABOUR_CODE),
    (date(2025, 1, 27), DAY_OFF, TET_2025, NOTICE_2025),
    (date(2025, 1, 28), DAY_OFF, TET_2025, NOTICE_2025),
    (date(2025, 1, 29), DAY_OFF, TET_2025, NOTICE_2025),
    (date(2025, 1, 30), DAY_OFF, TET_2025, NOTICE_2025),
    (date(2025, 1, 31), DAY_OFF, TET_2025, NOTICE_2025),
    (date(2025, 4, 7), DAY_OFF, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", LABOUR_CODE),
    (
        date(2025, 4, 26),
        WORKING_DAY,
        "Làm bù cho ngày nghỉ thứ Sáu 02/05/2025",
        NOTICE_2025,
    ),
    (date(2025, 4, 30), DAY_OFF, "Ngày Chiến thắng (30/4)", LABOUR_CODE),
    (date(2025, 5, 1), DAY_OFF, "Ngày Quốc tế Lao động (1/5)", LABOUR_CODE),
    (
        date(2025, 5, 2),
        DAY_OFF,
        "Nghỉ lễ 30/4–1/5 (hoán đổi, làm bù thứ Bảy 26/04/2025)",
        NOTICE_2025,
    ),
    (date(2025, 9, 1), DAY_OFF, NATIONAL_DAY, NOTICE_2025),
    (date(2025, 9, 2), DAY_OFF, NATIONAL_DAY, LABOUR_CODE),
    # 2026
    (date(2026, 1, 1), DAY_OFF, "Tết Dương lịch", LABOUR_CODE),
    (
        date(2026, 1, 2),
        DAY_OFF,
        "Nghỉ Tết Dương lịch (hoán đổi, làm bù thứ Bảy 10/01/2026)",
        VPCP_12729,
    ),
    (
        date(2026, 1, 10),
        WORKING_DAY,
        "Làm bù cho ngày nghỉ thứ Sáu 02/01/2026",
        VPCP_12729,
    ),
    (date(2026, 2, 16), DAY_OFF, TET_2026, NOTICE_2026),
    (date(2026, 2, 17), DAY_OFF, TET_2026, NOTICE_2026),
    (date(2026, 2, 18), DAY_OFF, TET_2026, NOTICE_2026),
    (date(2026, 2, 19), DAY_OFF, TET_2026, NOTICE_2026),
    (date(2026, 2, 20), DAY_OFF, TET_2026, NOTICE_2026),
    (
        date(2026, 4, 27),
        DAY_OFF,
        "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch rơi vào Chủ nhật 26/04/2026)",
        NOTICE_2026,
    ),
    (date(2026, 4, 30), DAY_OFF, "Ngày Chiến thắng (30/4)", LABOUR_CODE),
    (date(2026, 5, 1), DAY_OFF, "Ngày Quốc tế Lao động (1/5)", LABOUR_CODE),
    (
        date(2026, 8, 22),
        WORKING_DAY,
        "Làm bù cho ngày nghỉ thứ Hai 31/08/2026",
        NOTICE_2026,
    ),
    (
        date(2026, 8, 31),
        DAY_OFF,
        "Nghỉ Quốc khánh (hoán đổi, làm bù thứ Bảy 22/08/2026)",
        NOTICE_2026,
    ),
    (date(2026, 9, 1), DAY_OFF, NATIONAL_DAY, LABOUR_CODE),
    (date(2026, 9, 2), DAY_OFF, NATIONAL_DAY, LABOUR_CODE),
    (date(2026, 11, 24), DAY_OFF, "Ngày Văn hóa Việt Nam (24/11)", CULTURE_DAY),
]


def add_overrides(apps, schema_editor):
    CalendarOverride = apps.get_model("core", "CalendarOverride")
    db = schema_editor.connection.alias
    for day, kind, reason, source in OVERRIDES:
        # An administrator's own row for the same day is kept as it is.
        CalendarOverride.objects.using(db).get_or_create(
            day=day, defaults={"kind": kind, "reason": reason, "source": source}
        )


def remove_overrides(apps, schema_editor):
    CalendarOverride = apps.get_model("core", "CalendarOverride")
    db = schema_editor.connection.alias
    for day, kind, reason, source in OVERRIDES:
        CalendarOverride.objects.using(db).filter(
            day=day, kind=kind, reason=reason, source=source
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(add_overrides, remove_overrides),
    ]
