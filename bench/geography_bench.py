"""Geography load: a first load into an empty database and an idempotent second load."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

SCRIPT = r"""
import django, json, time
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from ictgov.geo.services import load_geography
first = load_geography()
second = load_geography()
from ictgov.geo.models import AdministrativeUnit, Succession
print(json.dumps({
    "first": first.seconds, "second": second.seconds, "created": first.created,
    "links": first.links_created, "changed_on_second": second.changed,
    "units": AdministrativeUnit.objects.count(), "succession": Succession.objects.count(),
}))
"""


def _measure(database_url: str) -> dict:
    import json

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ictgov.settings", "DATABASE_URL": database_url}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _postgres_url() -> str | None:
    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ictgov_bench")
    try:
        import psycopg

        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            name = url.rsplit("/", 1)[1]
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return url
    except Exception:
        return None


def run() -> list[str]:
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        targets = [("SQLite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")]
        pg = _postgres_url()
        targets.append(("PostgreSQL", pg) if pg else ("PostgreSQL", None))
        for label, url in targets:
            if url is None:
                lines.append(f"{label}: not reachable, skipped")
                continue
            r = _measure(url)
            lines.append(
                f"geography load ({label}): first {r['first']:.2f} s "
                f"({r['created']} units, {r['links']} succession links), "
                f"second {r['second']:.2f} s, second run changed: {r['changed_on_second']} "
                f"(target ≤ 5 s)"
            )
    return lines
