"""The demo installation, built once per source tree and copied wherever a test needs one.

Building the demo (migrate + `load_demo --geography demo`) costs half a minute of CPU; the suite
needs it in each worker's database, in the browser tests' server, in the production server's and
in the backup round trip. On SQLite it is built once into a cache folder (`var/test-cache/`,
keyed by every source file, the settings' password family and today's date, since the demo tells
its story relative to today) and copied: a database file, its uploaded files and its demo
signing key. The families differ by their password hasher only: the "real" one is the "test"
one's copy with the demo password hashed again. On PostgreSQL the callers build their own.

A file lock lets parallel workers share one build; a changed source file makes a new one. The
migrated schema, the build's first half, has a cache of its own (`_schema`), keyed by what
`migrate` depends on only.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

from tests.servers import is_postgres  # noqa: F401 - the suite's callers ask here

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("ICTGOV_TEST_CACHE", ROOT / "var" / "test-cache"))
DB_FILE = "ictgov.sqlite3"
# The password hashers differ: the test settings use a fast one, the others Django's default.
FAMILIES = {"test": "ictgov.settings.test", "real": "ictgov.settings"}


def _source_key(family: str) -> str:
    digest = hashlib.sha256(f"{family}:{date.today().isoformat()}".encode())
    files = [ROOT / "requirements.lock"]
    for path in sorted((ROOT / "src" / "ictgov").rglob("*")):
        parts = path.relative_to(ROOT).parts
        if path.is_file() and "tests" not in parts and "__pycache__" not in parts:
            files.append(path)
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def _schema_key() -> str:
    """What `migrate` gives depends on: the lock file, the settings, the migrations and the
    project's modules they name (a seed's data, a field's helper), followed through their own
    imports of the project. A change elsewhere in the source reuses the migrated schema."""
    src = ROOT / "src"
    files = {ROOT / "requirements.lock", *(src / "ictgov" / "settings").glob("*.py")}
    pending = sorted(src.glob("ictgov/*/migrations/*.py"))
    while pending:
        path = pending.pop()
        if path in files:
            continue
        files.add(path)
        text = path.read_text()
        package = path.relative_to(src).parts[:-1]
        names = re.findall(r"\bictgov(?:\.\w+)+", text)
        names += [".".join((*package, m)) for m in re.findall(r"^\s*from \.(\w+)", text, re.M)]
        pending += filter(None, (_module_file(src, name) for name in names))
    digest = hashlib.sha256(date.today().isoformat().encode())
    for path in sorted(files):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def _module_file(src: Path, dotted: str) -> Path | None:
    parts = dotted.split(".")
    while parts:
        for path in (src.joinpath(*parts).with_suffix(".py"), src.joinpath(*parts, "__init__.py")):
            if path.is_file():
                return path
        parts.pop()
    return None


def _schema() -> Path:
    """The migrated, empty database (the first half of a demo build), kept across source changes
    that do not touch what `migrate` depends on."""
    target = CACHE / f"schema-{_schema_key()}"
    if (target / DB_FILE).exists():
        return target / DB_FILE
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / "schema.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (target / DB_FILE).exists():
            work = target.with_name(target.name + ".building")
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            _run(["-m", "ictgov.manage", "migrate", "--noinput", "-v", "0"], work, "test")
            work.rename(target)
            for old in CACHE.glob("schema-*"):
                if old != target:
                    shutil.rmtree(old, ignore_errors=True)
    return target / DB_FILE


def _run(args: list[str], work: Path, family: str) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": FAMILIES[family],
        "DATABASE_URL": f"sqlite:///{work / DB_FILE}",
        "ICTGOV_VAR": str(work),
        "MEDIA_ROOT": str(work / "media"),
    }
    env.pop("ICTGOV_HOME", None)
    done = subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, cwd=ROOT
    )
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)}:\n{done.stdout}\n{done.stderr}"[-4000:])


def template(family: str = "test") -> Path:
    """The folder of a built demo (database, media, signing key) for today's source tree."""
    key = _source_key(family)
    target = CACHE / f"demo-{family}-{key}"
    if (target / "ready").exists():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / f"demo-{family}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (target / "ready").exists():
            _build(target, family)
            for old in CACHE.glob(f"demo-{family}-*"):
                if old != target:
                    shutil.rmtree(old, ignore_errors=True)
    return target


def _build(target: Path, family: str) -> None:
    work = target.with_name(target.name + ".building")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    if family == "test":
        shutil.copyfile(_schema(), work / DB_FILE)
        _run(["-m", "ictgov.manage", "load_demo", "--geography", "demo"], work, family)
    else:
        # The families differ only in the password hasher: the test family's demo, with the
        # demo users' passwords hashed again by this family's hasher, is this family's demo.
        shutil.copytree(template("test"), work, dirs_exist_ok=True)
        (work / "ready").unlink()
        _run(
            ["-c", f"from tests.demo_db import _rehash; _rehash({str(work / DB_FILE)!r})"],
            work,
            family,
        )
    (work / "ready").touch()
    shutil.rmtree(target, ignore_errors=True)
    work.rename(target)


def _rehash(db_file: str) -> None:
    """Hash the demo password again with the settings' own hasher (run under those settings),
    wherever the test family's fast hash of it stands (the users' history keeps no password)."""
    import django

    django.setup()
    from django.contrib.auth.hashers import MD5PasswordHasher, make_password

    from ictgov.accounts.demo import DEMO_PASSWORD

    fast, encoded = MD5PasswordHasher(), make_password(DEMO_PASSWORD)
    with sqlite3.connect(db_file) as db:
        for pk, old in db.execute("SELECT id, password FROM accounts_user").fetchall():
            if old.startswith("md5$") and fast.verify(DEMO_PASSWORD, old):
                db.execute("UPDATE accounts_user SET password = ? WHERE id = ?", (encoded, pk))


def install(var: Path, family: str = "test") -> str:
    """Copy the built demo into `var` (ICTGOV_VAR; uploads under var/media): its database URL."""
    source = template(family)
    shutil.copytree(source, var, dirs_exist_ok=True, ignore=shutil.ignore_patterns("ready"))
    return f"sqlite:///{var / DB_FILE}"


def restore_into(connection, *, media_root: Path, signing_dir: Path) -> None:
    """Fill a freshly created SQLite test database from the built demo, with its uploaded files
    and the key that signed its certificates."""
    source = template("test")
    connection.ensure_connection()
    with sqlite3.connect(source / DB_FILE) as built:
        built.backup(connection.connection)
    for name, dest in (("media", media_root), ("signing", signing_dir)):
        if (source / name).exists():
            shutil.copytree(source / name, dest, dirs_exist_ok=True)
