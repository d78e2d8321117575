"""The ICT report forms every installation starts with (see catalogue.py)."""

from django.db import migrations


def seed(apps, schema_editor):
    from ictgov.reporting.catalogue import seed as run

    run(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
