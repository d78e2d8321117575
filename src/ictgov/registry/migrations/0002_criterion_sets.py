"""The ICT criterion (tiêu chí 8 "Thông tin và Truyền thông") of the new-rural-development set,
as data (FACTS §5): QĐ 318/QĐ-TTg for 2021–2025; for 2026–2030 QĐ 51/2025/QĐ-TTg, whose text of
this criterion is unconfirmed: it starts as a copy, marked so on the page."""

from datetime import date

from django.db import migrations

INDICATORS = [
    ("8.1", "Xã có điểm phục vụ bưu chính", "post_point"),
    ("8.2", "Xã có dịch vụ viễn thông, Internet", "telecom_internet"),
    ("8.3", "Xã có đài truyền thanh và hệ thống loa đến các thôn", "radio_loudspeakers"),
    ("8.4", "Xã có ứng dụng công nghệ thông tin trong công tác quản lý, điều hành", "manual"),
]
SETS = [
    (
        "QD318-2022",
        "Tiêu chí 8 Thông tin và Truyền thông (giai đoạn 2021–2025)",
        "Quyết định 318/QĐ-TTg ngày 08/03/2022",
        date(2022, 3, 8),
        date(2025, 12, 31),
        False,
    ),
    (
        "QD51-2025",
        "Tiêu chí Thông tin và Truyền thông (giai đoạn 2026–2030)",
        "Quyết định 51/2025/QĐ-TTg ngày 29/12/2025",
        date(2026, 1, 1),
        None,
        True,
    ),
]


def load(apps, schema_editor):
    CriterionSet = apps.get_model("registry", "CriterionSet")
    Indicator = apps.get_model("registry", "Indicator")
    for code, name, basis, start, end, unconfirmed in SETS:
        criterion_set, _ = CriterionSet.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "legal_basis": basis,
                "valid_from": start,
                "valid_to": end,
                "unconfirmed": unconfirmed,
            },
        )
        for position, (icode, iname, rule) in enumerate(INDICATORS, start=1):
            Indicator.objects.get_or_create(
                criterion_set=criterion_set,
                code=icode,
                defaults={"name": iname, "rule": rule, "position": position},
            )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
