"""PostgreSQL: per-unit statistics on the coordinating links.

The inbox reads "the tasks my unit coordinates" as `id IN (SELECT task_id FROM links WHERE
unit_id = …)`. With the default statistics target a unit outside the most-common-values list is
estimated at the average (about 1,000 links at 1,000,000 tasks), so the planner hashes every open
task instead of looking up the unit's few tasks: 125 ms instead of 20 ms for a department officer's
inbox in the load test's database. A target above the number of units keeps every unit's own
count. Other databases: nothing to do.
"""

from django.db import migrations

TABLE = "directives_task_coordinating_units"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN unit_id SET STATISTICS 2000")
    schema_editor.execute(f"ANALYZE {TABLE}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN unit_id SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [("directives", "0009_task_open_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
