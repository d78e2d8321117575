"""End-to-end fixtures: a real `ictgov` server on its own database, driven by Debian's Chromium."""

import os
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest

from tests import demo_db, servers

# Playwright's sync API keeps an event loop open in the worker's thread for the session; the
# database tests that run after it on the same worker are still synchronous Django code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

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
READY_SECONDS = 60
# The live server's environment and data folder, for journeys that check its files (signing
# key) or run a command on its database.
LIVE: dict = {}


@pytest.fixture(scope="session")
def live_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("e2e")
    env = {
        **os.environ,
        # Test settings: a fast password hasher (the demo hashes six passwords), mail kept.
        "DJANGO_SETTINGS_MODULE": "ictgov.settings.test",
        "DATABASE_URL": servers.fresh_database_url(tmp, "e2e"),
        "ICTGOV_VAR": str(tmp),
        "DEBUG": "0",
    }
    ictgov = [sys.executable, "-m", "ictgov.manage"]
    LIVE.update(env=env, var=tmp, ictgov=ictgov)
    if demo_db.is_postgres():
        for command in (["migrate", "--noinput", "-v", "0"], ["load_demo", "--geography", "demo"]):
            done = subprocess.run([*ictgov, *command], env=env, capture_output=True, text=True)
            if done.returncode:
                pytest.fail(f"`ictgov {' '.join(command)}` thất bại:\n{done.stdout}\n{done.stderr}")
    else:  # a copy of the demo the suite built once (tests/demo_db.py)
        env["DATABASE_URL"] = demo_db.install(tmp, "test")
    port = servers.free_port()
    log = tmp / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [*ictgov, "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    # A busy machine can take a while to start Django: wait up to a minute, and say why not.
    deadline = time.monotonic() + READY_SECONDS
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(
                    f"Máy chủ ictgov không khởi động được sau {READY_SECONDS} s "
                    f"(mã thoát {server.poll()}). Máy chủ báo:\n{log.read_text()[-4000:]}"
                )
            time.sleep(0.25)
    yield url
    server.terminate()
    server.wait(timeout=10)
    servers.drop_database(env["DATABASE_URL"])


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
