"""The directives rules that are policy, not law: shipped as parameters an administrator changes."""

from django.db import migrations

DEFAULTS = [
    (
        "directives.asap_working_days",
        "10",
        "Số ngày làm việc kể từ ngày giao để tính hạn cho nhiệm vụ ghi “sớm”, “khẩn trương”, “ngay”.",
    ),
    (
        "directives.remind_working_days",
        "3",
        "Nhắc đơn vị chủ trì khi còn không quá số ngày làm việc này đến hạn.",
    ),
    (
        "directives.escalate_again_working_days",
        "5",
        "Nhiệm vụ quá hạn được báo cáo lên cấp cao hơn sau mỗi số ngày làm việc này.",
    ),
]


def add(apps, schema_editor):
    Parameter = apps.get_model("core", "Parameter")
    for key, value, description in DEFAULTS:
        Parameter.objects.get_or_create(
            key=key, defaults={"value": value, "description": description}
        )


def remove(apps, schema_editor):
    Parameter = apps.get_model("core", "Parameter")
    for key, value, _description in DEFAULTS:
        Parameter.objects.filter(key=key, value=value).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_parameter_historicalattachment_historicalparameter_and_more"),
        ("directives", "0002_task_search_name"),
    ]

    operations = [migrations.RunPython(add, remove)]
