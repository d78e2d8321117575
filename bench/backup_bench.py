"""Backup and restore round trip: `ictgov backup` of a demo installation with uploaded files,
`ictgov restore` into an empty one, on SQLite and on PostgreSQL (BENCH_DATABASE_URL's server).

Prints rows, tables, files, sizes and seconds of each step, and whether every row of every table
and every file came back identical. BENCH_BACKUP_SOURCE_URL=postgres://…/ictgov_bench_directives
backs up that database instead of a fresh demo (e.g. the 1,000,000-task one kept by
`BENCH_KEEP_DB=1 .venv/bin/python bench/run.py directives_bench`).
"""

import hashlib
import json
import os
import random
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
FILES, FILE_BYTES = 200, 100_000  # 20 MB of scans and photos


def _env(url: str, home: Path) -> dict:
    path = os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ictgov.settings",
        "DATABASE_URL": url,
        "PYTHONPATH": path,
        "ICTGOV_VAR": str(home),
        "MEDIA_ROOT": str(home / "media"),
    }


def _ictgov(env: dict, *args: str) -> float:
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "ictgov.manage", *args], env=env, capture_output=True, text=True
    )
    if out.returncode:
        raise RuntimeError(" | ".join(out.stderr.strip().splitlines()[-3:]))
    return time.perf_counter() - started


def _pg(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _fresh(kind: str, tmp: Path, name: str) -> str:
    if kind == "SQLite":
        return f"sqlite:///{tmp / name / 'db.sqlite3'}"
    base = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ictgov_bench")
    url = f"{base.rsplit('/', 1)[0]}/ictgov_bench_backup_{name}"
    _pg(url, f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    _pg(url, f'CREATE DATABASE "{url.rsplit("/", 1)[1]}"')
    return url


def _contents_digest(url: str) -> str:
    """One digest over every row of every table (to compare source and restored)."""
    digest = hashlib.sha256()
    if url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            tables = sorted(
                r[0]
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                )
            )
            for table in tables:
                for row in sorted(map(repr, conn.execute(f'SELECT * FROM "{table}"'))):
                    digest.update(row.encode())
        return digest.hexdigest()
    import psycopg

    with psycopg.connect(url) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname='public' ORDER BY 1"
            )
        ]
        for table in tables:
            # Ordered in the database: a million rows are not sorted in Python.
            rows = conn.execute(f'SELECT md5(t::text) FROM "{table}" t ORDER BY 1')
            for (row,) in rows:
                digest.update(row.encode())
    return digest.hexdigest()


def _files_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            digest.update(f"{p.relative_to(root)}:{p.stat().st_mtime_ns}:".encode())
            digest.update(hashlib.sha256(p.read_bytes()).digest())
    return digest.hexdigest()


def _round_trip(kind: str, tmp: Path) -> list[str]:
    source_url = os.environ.get("BENCH_BACKUP_SOURCE_URL") if kind == "PostgreSQL" else None
    fresh_source = source_url is None
    source_url = source_url or _fresh(kind, tmp, "source")
    source = _env(source_url, tmp / "source")
    (tmp / "source").mkdir(exist_ok=True)
    lines = []
    try:
        if fresh_source:
            _ictgov(source, "migrate", "--noinput", "-v", "0")
            _ictgov(source, "load_demo")
        rng = random.Random(7)
        for i in range(FILES):
            path = tmp / "source" / "media" / "attachments" / f"{i % 10}" / f"tep-{i}.pdf"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(rng.randbytes(FILE_BYTES))
        archive = tmp / f"{kind}.tar.gz"
        backup_s = _ictgov(source, "backup", "--output", str(archive))
        target_url = _fresh(kind, tmp, "target")
        (tmp / "target").mkdir(exist_ok=True)
        target = _env(target_url, tmp / "target")
        restore_s = _ictgov(target, "restore", str(archive))
        with tarfile.open(archive) as tar:
            manifest = json.load(tar.extractfile("ictgov-backup/manifest.json"))
        counts = manifest["database"]["row_counts"]
        same_rows = _contents_digest(source_url) == _contents_digest(target_url)
        same_files = _files_digest(tmp / "source" / "media") == _files_digest(
            tmp / "target" / "media"
        )
        megabytes = sum(f["bytes"] for f in manifest["files"]) / 1e6
        lines.append(
            f"{kind}: {sum(counts.values()):,} rows in {len(counts)} tables, "
            f"{len(manifest['files'])} files ({megabytes:.0f} MB); "
            f"archive {archive.stat().st_size / 1e6:.1f} MB"
        )
        lines.append(
            f"{kind}: backup {backup_s:.1f} s, restore into an empty installation {restore_s:.1f} s"
            f" (each including ~1 s of process start)"
        )
        lines.append(
            f"{kind}: every row identical: {'yes' if same_rows else 'NO'}; "
            f"every file (checksum, mtime) identical: {'yes' if same_files else 'NO'}"
        )
    finally:
        if kind == "PostgreSQL":
            for name in (["source"] if fresh_source else []) + ["target"]:
                db = f"ictgov_bench_backup_{name}"
                _pg(source_url, f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    return lines


def run() -> list[str]:
    lines = []
    for kind in ("SQLite", "PostgreSQL"):
        with tempfile.TemporaryDirectory() as tmp:
            try:
                lines += _round_trip(kind, Path(tmp))
            except Exception as exc:
                if kind == "PostgreSQL" and "connect" in repr(exc).lower():
                    lines.append(f"PostgreSQL not reachable ({exc.__class__.__name__}): skipped")
                else:
                    raise
    return lines


if __name__ == "__main__":
    for line in run():
        print(line)
