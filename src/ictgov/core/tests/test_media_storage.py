"""Uploaded files on shared storage: a folder, or an S3-compatible bucket chosen by settings."""

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage

import ictgov
from ictgov.core.backup import _media_names

SETTINGS = Path(ictgov.__file__).resolve().parent / "settings" / "__init__.py"


def _settings(monkeypatch, **env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def test_a_folder_by_default(monkeypatch, tmp_path):
    monkeypatch.delenv("ICTGOV_MEDIA_STORAGE", raising=False)
    s = _settings(monkeypatch, MEDIA_ROOT=str(tmp_path / "nfs"))
    assert s["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert s["MEDIA_ROOT"] == tmp_path / "nfs"


def test_an_s3_compatible_bucket_by_settings(monkeypatch):
    s = _settings(
        monkeypatch,
        ICTGOV_MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="ictgov-nghe-an",
        AWS_S3_ENDPOINT_URL="https://minio.so-khcn.example:9000",
        AWS_ACCESS_KEY_ID="ictgov",
        AWS_SECRET_ACCESS_KEY="not-a-real-secret",
    )
    media = s["STORAGES"]["default"]
    assert media["BACKEND"] == "storages.backends.s3.S3Storage"
    from storages.backends.s3 import S3Storage

    storage = S3Storage(**media["OPTIONS"])  # no request is made until a file is touched
    assert storage.bucket_name == "ictgov-nghe-an"
    assert storage.endpoint_url == "https://minio.so-khcn.example:9000"
    assert storage.default_acl == "private" and storage.querystring_auth
    assert storage.file_overwrite is False


def test_an_unknown_storage_is_refused_clearly(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="ICTGOV_MEDIA_STORAGE"):
        _settings(monkeypatch, ICTGOV_MEDIA_STORAGE="ftp")


def test_backups_list_files_of_any_storage():
    storage = InMemoryStorage()
    for name in ["attachments/a/1.pdf", "attachments/b/c/2.jpg", "top.txt"]:
        storage.save(name, ContentFile(b"x"))
    assert _media_names(storage) == ["attachments/a/1.pdf", "attachments/b/c/2.jpg", "top.txt"]
