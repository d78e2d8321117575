"""Backups that restore: the database and the uploaded files in one archive, with a manifest.

The database is copied by the database's own tools, which keep every value exactly (timestamps
to the microsecond, sequences, constraints): `pg_dump -Fc` on PostgreSQL, in the same snapshot as
the row counts; SQLite's online backup API otherwise. Files come from the default storage (a
folder or S3), each with its SHA-256 and modification time. `manifest.json` records versions,
applied migrations, row counts per table and checksums; a restore checks the archive against it
before touching anything, and the restored installation against it afterwards.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import django
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

FORMAT = 1
ROOT = "ictgov-backup"
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, in Vietnamese."""


@dataclass
class Report:
    path: Path
    tables: int = 0
    rows: int = 0
    files: int = 0
    file_bytes: int = 0
    archive_bytes: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


# --- helpers ----------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            _("Không tìm thấy lệnh %(name)s (gói postgresql-client) trên máy này.") % {"name": name}
        )
    return found


def _pg_args() -> tuple[list[str], dict]:
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env=None) -> str:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"{Path(command[0]).name}: {done.stderr.strip()[-1500:]}")
    return done.stdout


def _tables(cursor_connection=connection) -> list[str]:
    with cursor_connection.cursor() as cursor:
        return sorted(cursor_connection.introspection.table_names(cursor))


def _count_rows(cursor, tables, quote) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _applied_migrations() -> list[str]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return sorted(f"{app}.{name}" for app, name in loader.applied_migrations)


def _media_names(storage=default_storage, directory: str = "") -> list[str]:
    """Every file of the storage, recursively (a folder, or an S3 bucket's prefix)."""
    if isinstance(storage, FileSystemStorage):
        root = Path(storage.location)
        if not root.is_dir():
            return []
        return sorted(
            str(p.relative_to(root)).replace(os.sep, "/") for p in root.rglob("*") if p.is_file()
        )
    try:
        dirs, files = storage.listdir(directory)
    except FileNotFoundError:
        return []
    names = [f"{directory}{name}" for name in files]
    for sub in dirs:
        names += _media_names(storage, f"{directory}{sub}/")
    return sorted(names)


def _mtime_ns(name: str) -> int:
    if isinstance(default_storage, FileSystemStorage):
        return os.stat(default_storage.path(name)).st_mtime_ns  # to the nanosecond
    return int(default_storage.get_modified_time(name).timestamp() * 1_000_000) * 1000


# --- backup -----------------------------------------------------------------------------------


def _dump_postgresql(target: Path) -> dict:
    pg_dump = _tool("pg_dump")
    args, env = _pg_args()
    quote = connection.ops.quote_name
    # Row counts and the dump see the same snapshot, whatever is written meanwhile.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run(
            [
                pg_dump,
                *args,
                "--format=custom",
                "--no-owner",
                "--no-acl",
                f"--snapshot={snapshot}",
                "--file",
                str(target),
            ],
            env,
        )
        counts = _count_rows(cursor, _tables(), quote)
    return {
        "vendor": "postgresql",
        "server_version": connection.pg_version,
        "tool": _run([pg_dump, "--version"]).strip(),
        "row_counts": counts,
    }


def _dump_sqlite(target: Path) -> dict:
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    with sqlite3.connect(target) as copy:
        tables = [
            row[0]
            for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        counts = _count_rows(copy.cursor(), sorted(tables), lambda t: f'"{t}"')
    copy.close()
    return {"vendor": "sqlite", "server_version": sqlite3.sqlite_version, "row_counts": counts}


def create_backup(output: Path | None = None, *, stdout=None) -> Report:
    started = time.perf_counter()
    stamp = datetime.now(UTC)
    if output is None:
        output = Path(settings.VAR_DIR) / "backups" / f"ictgov-{stamp:%Y%m%d-%H%M%S}.tar.gz"
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(_("Chưa hỗ trợ sao lưu cơ sở dữ liệu %(v)s.") % {"v": vendor})

    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".backup-") as tmp:
        db_file = Path(tmp) / ("database.dump" if vendor == "postgresql" else "database.sqlite3")
        database = _dump_postgresql(db_file) if vendor == "postgresql" else _dump_sqlite(db_file)
        database["file"] = db_file.name
        database["sha256"] = _sha256(db_file)
        database["bytes"] = db_file.stat().st_size

        partial = output.with_name(output.name + ".partial")
        files = []
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            tar.add(db_file, arcname=f"{ROOT}/{db_file.name}")
            for name in _media_names():
                with default_storage.open(name, "rb") as handle:
                    data_path = Path(tmp) / "file"
                    with open(data_path, "wb") as out:
                        shutil.copyfileobj(handle, out, CHUNK)
                mtime_ns = _mtime_ns(name)
                info = tar.gettarinfo(data_path, arcname=f"{ROOT}/media/{name}")
                info.mtime = mtime_ns // 1_000_000_000
                with open(data_path, "rb") as data:
                    tar.addfile(info, data)
                files.append(
                    {
                        "name": name,
                        "bytes": data_path.stat().st_size,
                        "sha256": _sha256(data_path),
                        "mtime_ns": mtime_ns,
                    }
                )
            manifest = {
                "format": FORMAT,
                "created_at": stamp.isoformat(),
                "ictgov_version": _version(),
                "django_version": django.get_version(),
                "database": database,
                "migrations": _applied_migrations(),
                "files": files,
            }
            raw = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(f"{ROOT}/manifest.json")
            info.size, info.mtime = len(raw), stamp.timestamp()
            tar.addfile(info, io.BytesIO(raw))
        partial.replace(output)  # never a half-written archive under the final name

    counts = database["row_counts"]
    return Report(
        path=output,
        tables=len(counts),
        rows=sum(counts.values()),
        files=len(files),
        file_bytes=sum(f["bytes"] for f in files),
        archive_bytes=output.stat().st_size,
        seconds=time.perf_counter() - started,
    )


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ictgov")
    except PackageNotFoundError:  # pragma: no cover
        return "unknown"


# --- restore ----------------------------------------------------------------------------------


def read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile(f"{ROOT}/manifest.json")
            manifest = json.loads(member.read())
    except (OSError, KeyError, tarfile.TarError, ValueError) as exc:
        raise BackupError(
            _("%(path)s không phải bản sao lưu ictgov đọc được (%(err)s).")
            % {"path": archive, "err": exc}
        ) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(_("Định dạng bản sao lưu không được hỗ trợ."))
    return manifest


def installation_contents() -> tuple[int, int]:
    """(user accounts, uploaded files): an installation with neither is empty."""
    users = 0
    if get_user_model()._meta.db_table in _tables():
        users = get_user_model()._default_manager.count()
    return users, len(_media_names())


def _extract(archive: Path, manifest: dict, into: Path) -> None:
    """Unpack and verify every checksum before anything in the installation is touched."""
    expected = {f"{ROOT}/{manifest['database']['file']}": manifest["database"]["sha256"]}
    expected |= {f"{ROOT}/media/{f['name']}": f["sha256"] for f in manifest["files"]}
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(into, filter="data")
    for member, digest in expected.items():
        path = into / member
        if not path.is_file() or _sha256(path) != digest:
            raise BackupError(
                _("Bản sao lưu bị hỏng: %(name)s không khớp với mã kiểm tra trong manifest.")
                % {"name": member.removeprefix(f"{ROOT}/")}
            )


def _restore_postgresql(dump: Path) -> None:
    pg_restore, psql = _tool("pg_restore"), _tool("psql")
    args, env = _pg_args()
    connection.close()
    # One transaction: what the installation holds is dropped and the dump's schema, data and
    # sequences take its place, or (on any error) nothing changes.
    script = subprocess.Popen(
        [pg_restore, "--no-owner", "--no-acl", "--file", "-", str(dump)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    done = subprocess.run(
        [
            psql,
            *args,
            "--quiet",
            "--no-psqlrc",
            "--single-transaction",
            "--set",
            "ON_ERROR_STOP=1",
            "--command",
            "DROP SCHEMA IF EXISTS public CASCADE",
            "--command",
            "CREATE SCHEMA public",
            "--file",
            "-",
        ],
        stdin=script.stdout,
        env=env,
        capture_output=True,
        text=True,
    )
    script.stdout.close()
    script.wait()
    if script.returncode or done.returncode:
        error = (script.stderr.read().decode() + done.stderr).strip()
        raise BackupError(
            _("Khôi phục cơ sở dữ liệu không thành công, không có gì thay đổi: ") + error[-1500:]
        )


def _restore_sqlite(copy: Path) -> None:
    connection.close()
    target = connection.settings_dict["NAME"]
    with sqlite3.connect(copy) as source, sqlite3.connect(target) as destination:
        source.backup(destination)
    source.close()
    destination.close()


def _restore_files(manifest: dict, media: Path) -> None:
    for name in _media_names():
        default_storage.delete(name)
    for entry in manifest["files"]:
        name = entry["name"]
        source = media / name
        if isinstance(default_storage, FileSystemStorage):
            target = Path(default_storage.path(name))
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            os.utime(target, ns=(entry["mtime_ns"], entry["mtime_ns"]))
        else:
            with open(source, "rb") as handle:
                saved = default_storage.save(name, File(handle))
            if saved != name:
                raise BackupError(_("Không ghi được tệp %(name)s vào kho.") % {"name": name})


def _current_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return _count_rows(cursor, _tables(), connection.ops.quote_name)


def restore_backup(archive: Path, *, force: bool = False) -> Report:
    started = time.perf_counter()
    archive = Path(archive)
    manifest = read_manifest(archive)
    database = manifest["database"]
    if database["vendor"] != connection.vendor:
        raise BackupError(
            _("Bản sao lưu là của %(a)s, cơ sở dữ liệu hiện tại là %(b)s.")
            % {"a": database["vendor"], "b": connection.vendor}
        )
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    unknown = sorted(set(manifest["migrations"]) - known)
    if unknown:
        raise BackupError(
            _("Bản sao lưu từ phiên bản ictgov mới hơn (%(m)s): hãy cập nhật mã nguồn trước.")
            % {"m": ", ".join(unknown[:3])}
        )
    users, files = installation_contents()
    if (users or files) and not force:
        raise BackupError(
            _(
                "Hệ thống đang có dữ liệu (%(users)d tài khoản, %(files)d tệp); khôi phục sẽ thay "
                "thế toàn bộ. Dùng --force nếu chắc chắn."
            )
            % {"users": users, "files": files}
        )

    parent = Path(settings.VAR_DIR)
    parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=parent, prefix=".restore-") as tmp:
        _extract(archive, manifest, Path(tmp))
        db_file = Path(tmp) / ROOT / database["file"]
        if database["vendor"] == "postgresql":
            _restore_postgresql(db_file)
        else:
            _restore_sqlite(db_file)
        _restore_files(manifest, Path(tmp) / ROOT / "media")

    counts = _current_counts()
    if counts != database["row_counts"]:
        differ = sorted(
            t
            for t in set(counts) | set(database["row_counts"])
            if counts.get(t) != database["row_counts"].get(t)
        )
        raise BackupError(
            _("Số dòng sau khi khôi phục không khớp manifest ở các bảng: %(t)s")
            % {"t": ", ".join(differ[:10])}
        )
    restored = {f["name"]: f for f in manifest["files"]}
    if set(_media_names()) != set(restored):
        raise BackupError(_("Danh sách tệp sau khi khôi phục không khớp manifest."))
    report = Report(
        path=archive,
        tables=len(counts),
        rows=sum(counts.values()),
        files=len(restored),
        file_bytes=sum(f["bytes"] for f in restored.values()),
        archive_bytes=archive.stat().st_size,
        seconds=time.perf_counter() - started,
    )
    pending = known - set(manifest["migrations"])
    if pending:
        report.notes.append(
            _("Bản sao lưu cũ hơn mã nguồn: %(n)d migration chưa áp dụng, chạy `ictgov migrate`.")
            % {"n": len(pending)}
        )
    return report
