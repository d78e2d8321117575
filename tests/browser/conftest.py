"""End-to-end fixtures: a real `ictgov` server on its own database, driven by Debian's Chromium."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEMO_PASSWORD = "ictgov-demo-2026"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url(tmp: Path) -> str:
    """A fresh database of the same kind as the suite's: SQLite by default, PostgreSQL in CI."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp / 'e2e.sqlite3'}"
    import psycopg

    parsed = urlparse(url)
    name = f"{parsed.path.lstrip('/') or 'ictgov'}_e2e_{os.getpid()}"
    admin = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parsed._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def live_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("e2e")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ictgov.settings",
        "DATABASE_URL": _database_url(tmp),
        "ICTGOV_VAR": str(tmp),
        "DEBUG": "0",
    }
    ictgov = [sys.executable, "-m", "ictgov.manage"]
    for command in (["migrate", "--noinput", "-v", "0"], ["load_demo"]):
        subprocess.run([*ictgov, *command], env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [*ictgov, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail("Máy chủ ictgov không khởi động được cho kiểm thử trình duyệt.")
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.fail("Cần Chromium của Debian (apt-get install chromium) cho kiểm thử trình duyệt.")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    # Whatever the journey, nothing on the way may be blocked by the Content Security Policy.
    blocked = []
    pg.on(
        "console",
        lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield pg
    context.close()
    assert blocked == [], "Bị chặn bởi CSP: " + "; ".join(blocked)


@pytest.fixture
def login(page, live_url):
    def do(username: str):
        page.goto(f"{live_url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_url}/")
        return page

    return do
