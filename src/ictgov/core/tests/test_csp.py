"""Content Security Policy: the header on every page, and no inline script anywhere."""

import re
import runpy
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import RequestFactory, override_settings

import ictgov

pytestmark = pytest.mark.django_db
PACKAGE = Path(ictgov.__file__).resolve().parent
TEMPLATES = sorted(PACKAGE.glob("**/templates/**/*.html"))

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)


def _inline_scripts(html: str) -> list[str]:
    """<script> tags that would run code written in the page (data blocks are not code)."""
    found = []
    for match in SCRIPT_TAG.finditer(html):
        attrs = match.group(1).lower()
        if "src=" in attrs or re.search(r"type=[\"']application/(ld\+)?json", attrs):
            continue
        found.append(match.group(0))
    return found


def test_there_are_templates_to_scan():
    assert len(TEMPLATES) > 10
    assert PACKAGE / "templates" / "base.html" in TEMPLATES


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_template_holds_inline_script_or_event_handler(template):
    text = template.read_text(encoding="utf-8")
    assert _inline_scripts(text) == []
    assert EVENT_HANDLER.findall(text) == []
    assert "javascript:" not in text.lower()


def test_the_scan_would_catch_inline_code():
    assert _inline_scripts("<script>alert(1)</script>") == ["<script>"]
    assert _inline_scripts('<script type="module">x()</script>')
    assert _inline_scripts('<script src="/static/a.js"></script>') == []
    assert _inline_scripts('<script id="d" type="application/json">{}</script>') == []
    assert EVENT_HANDLER.findall('<select onchange="this.form.submit()">')


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inline, self.handlers = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            self.inline.append(attrs)
        self.handlers += [name for name in attrs if name.startswith("on")]


PAGES = [
    (None, "/"),
    (None, "/accounts/login/"),
    (None, "/geo/units/"),
    (None, "/api/v1/docs"),
    ("lanhdao", "/directives/"),
    ("lanhdao", "/directives/dashboard/"),
    ("lanhdao", "/directives/meetings/"),
    ("lanhdao", "/org/units/"),
    ("quantri", "/admin/"),
    ("quantri", "/admin/org/unit/add/"),
]


@pytest.mark.parametrize("username, url", PAGES)
def test_pages_carry_the_policy_and_render_no_inline_script(client_for, username, url):
    response = client_for(username).get(url)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
    parser = _Scripts()
    parser.feed(response.content.decode())
    assert parser.inline == [] and parser.handlers == []


def test_the_language_switcher_works_without_inline_code(client):
    page = client.get("/").content.decode()
    assert "data-autosubmit" in page and "/static/core/ictgov.js" in page


def _settings_with(monkeypatch, **env) -> dict:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(PACKAGE / "settings" / "__init__.py"))


def test_forwarded_proto_is_trusted_only_behind_a_declared_proxy(monkeypatch):
    monkeypatch.delenv("ICTGOV_BEHIND_PROXY", raising=False)
    assert "SECURE_PROXY_SSL_HEADER" not in _settings_with(monkeypatch)
    behind = _settings_with(monkeypatch, ICTGOV_BEHIND_PROXY="1")
    assert behind["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")

    forged = RequestFactory().get("/", headers={"X-Forwarded-Proto": "https"})
    with override_settings(SECURE_PROXY_SSL_HEADER=None):
        assert not forged.is_secure()
    with override_settings(SECURE_PROXY_SSL_HEADER=behind["SECURE_PROXY_SSL_HEADER"]):
        assert forged.is_secure()
