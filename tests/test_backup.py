"""`ictgov backup` then `ictgov restore` into an empty installation gives back the same data:
every row of every table (timestamps to the microsecond), every file (checksum and time).

Runs on SQLite, and on PostgreSQL (pg_dump/psql) when the suite does (DATABASE_URL=postgres…).
"""

import hashlib
import io
import json
import os
import re
import subprocess
import tarfile

import pytest

from tests import demo_db, servers

pytestmark = pytest.mark.xdist_group("backup")
SUBSECOND = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{1,6}([+-]\d\d:\d\d)?")
FILES = {
    "attachments/directives/conclusion/Kết luận 125-TB-UBND.pdf": b"%PDF-1.7\n" + bytes(256) * 40,
    "attachments/directives/progressreport/anh-hien-truong.jpg": os.urandom(50_000),
}


def _env(tmp, name, url=None):
    url = url or servers.fresh_database_url(tmp, name)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ictgov.settings",
        "DATABASE_URL": url,
        "ICTGOV_VAR": str(tmp / name),
        "MEDIA_ROOT": str(tmp / name / "media"),
    }
    return url, env


def _run(env, *args):
    return subprocess.run([*servers.ICTGOV, *args], env=env, capture_output=True, text=True)


def _tables(url):
    if url.startswith("sqlite"):
        query = "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
    else:
        query = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
    return sorted(row[0] for row in servers.sql(url, query))


def _contents(url):
    """Every row of every table, in a stable order."""
    return {
        table: sorted(servers.sql(url, f'SELECT * FROM "{table}"'), key=repr)
        for table in _tables(url)
    }


def _files(root):
    return {
        str(p.relative_to(root)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if p.is_file()
    }


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("backup")
    if servers.is_postgres():
        source_url, source = _env(tmp, "source")
        for args in (["migrate", "--noinput", "-v", "0"], ["load_demo", "--geography", "demo"]):
            assert _run(source, *args).returncode == 0
    else:  # a copy of the demo the suite built once (tests/demo_db.py)
        source_url, source = _env(tmp, "source", demo_db.install(tmp / "source", "real"))
    media = tmp / "source" / "media"
    for i, (name, data) in enumerate(FILES.items()):
        path = media / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.utime(path, ns=(1_700_000_000_123_456_789 + i, 1_700_000_000_123_456_789 + i))

    archive = tmp / "ictgov.tar.gz"
    backup = _run(source, "backup", "--output", str(archive))
    assert backup.returncode == 0, backup.stderr
    target_url, target = _env(tmp, "target")  # a new, empty installation
    restore = _run(target, "restore", str(archive))
    assert restore.returncode == 0, restore.stderr
    yield {
        "tmp": tmp,
        "archive": archive,
        "backup": backup.stdout,
        "restore": restore.stdout,
        "source_url": source_url,
        "target_url": target_url,
        "target": target,
        "source_media": media,
        "target_media": tmp / "target" / "media",
    }
    servers.drop_database(source_url)
    servers.drop_database(target_url)


def test_every_row_comes_back_identical_timestamps_included(round_trip):
    before = _contents(round_trip["source_url"])
    after = _contents(round_trip["target_url"])
    assert sum(len(rows) for rows in before.values()) > 5_000  # the demo, on its provinces
    assert set(after) == set(before)
    for table in before:
        assert after[table] == before[table], table
    # The comparison covers sub-second timestamps (what dumpdata used to truncate); SQLite
    # hands them back as text, PostgreSQL as datetimes.
    values = [v for rows in before.values() for row in rows for v in row]
    fractional = [
        v
        for v in values
        if getattr(v, "microsecond", 0) or (isinstance(v, str) and SUBSECOND.fullmatch(v))
    ]
    assert len(fractional) > 1000


def test_every_file_comes_back_with_its_checksum_and_time(round_trip):
    source = _files(round_trip["source_media"])
    assert set(FILES) <= set(source)  # ours, beside the demo's own uploads
    assert _files(round_trip["target_media"]) == source


def test_the_archive_carries_a_manifest_and_the_commands_say_what_they_did(round_trip):
    with tarfile.open(round_trip["archive"]) as tar:
        manifest = json.load(tar.extractfile("ictgov-backup/manifest.json"))
    assert manifest["database"]["vendor"] == ("postgresql" if servers.is_postgres() else "sqlite")
    ((accounts,),) = servers.sql(round_trip["source_url"], "SELECT count(*) FROM accounts_user")
    assert accounts > 6  # the demo's six logins and the applicants' accounts
    assert manifest["database"]["row_counts"]["accounts_user"] == accounts
    assert set(FILES) <= {f["name"] for f in manifest["files"]}
    assert len(manifest["files"]) == len(_files(round_trip["source_media"]))
    assert "directives.0001_initial" in manifest["migrations"]
    rows = sum(manifest["database"]["row_counts"].values())
    assert f"Đã sao lưu {rows} dòng" in round_trip["backup"]
    assert f"Đã khôi phục {rows} dòng" in round_trip["restore"]
    assert "khớp manifest" in round_trip["restore"]


def test_a_used_installation_is_not_overwritten_without_force(round_trip):
    refused = _run(round_trip["target"], "restore", str(round_trip["archive"]))
    assert refused.returncode != 0
    files = len(_files(round_trip["target_media"]))
    ((accounts,),) = servers.sql(round_trip["target_url"], "SELECT count(*) FROM accounts_user")
    assert f"Hệ thống đang có dữ liệu ({accounts} tài khoản, {files} tệp)" in refused.stderr
    assert "--force" in refused.stderr
    forced = _run(round_trip["target"], "restore", "--force", str(round_trip["archive"]))
    assert forced.returncode == 0, forced.stderr


def test_a_damaged_archive_is_refused_before_anything_changes(round_trip):
    damaged = round_trip["tmp"] / "damaged.tar.gz"
    with tarfile.open(round_trip["archive"]) as src, tarfile.open(damaged, "w:gz") as out:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name.endswith(".jpg"):
                data = b"X" + data[1:]
            out.addfile(member, io.BytesIO(data))
    users = "SELECT COUNT(*) FROM accounts_user"
    before = servers.sql(round_trip["target_url"], users)
    refused = _run(round_trip["target"], "restore", "--force", str(damaged))
    assert refused.returncode != 0
    assert "bị hỏng" in refused.stderr and "anh-hien-truong.jpg" in refused.stderr
    assert servers.sql(round_trip["target_url"], users) == before
    assert _files(round_trip["target_media"]) == _files(round_trip["source_media"])


def test_not_a_backup_is_refused_clearly(round_trip, tmp_path):
    bogus = tmp_path / "notes.tar.gz"
    bogus.write_bytes(b"not an archive")
    refused = _run(round_trip["target"], "restore", str(bogus))
    assert refused.returncode != 0 and "không phải bản sao lưu ictgov" in refused.stderr
    wrong_name = _run(round_trip["target"], "backup", "--output", str(tmp_path / "x.zip"))
    assert wrong_name.returncode != 0 and ".tar.gz" in wrong_name.stderr
