"""Helpers for tests that boot the real production server (`ictgov serve`: gunicorn, workers).

Each test module boots its servers once (module fixtures); nothing here is a test.
"""

import os
import re
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlparse, urlunparse

DEMO_PASSWORD = "ictgov-demo-2026"
ICTGOV = [sys.executable, "-m", "ictgov.manage"]


def is_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fresh_database_url(tmp: Path, name: str) -> str:
    """An empty database of the suite's kind: a SQLite file, or a new PostgreSQL database."""
    if not is_postgres():
        return f"sqlite:///{tmp / f'{name}.sqlite3'}"
    import psycopg

    parsed = urlparse(os.environ["DATABASE_URL"])
    db = f"{parsed.path.lstrip('/') or 'ictgov'}_{name}_{os.getpid()}"
    admin = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db}"')
    return urlunparse(parsed._replace(path=f"/{db}"))


def drop_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    parsed = urlparse(url)
    admin = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parsed.path.lstrip("/")}" WITH (FORCE)')


def sql(url: str, query: str, params=()) -> list[tuple]:
    """Read the served database directly, as an operator would with psql/sqlite3."""
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            return conn.execute(query, params).fetchall()
    import psycopg

    with psycopg.connect(url) as conn:
        cursor = conn.execute(query.replace("?", "%s"), params) if params else conn.execute(query)
        return cursor.fetchall() if cursor.description else []


def production_env(tmp: Path, database_url: str, **extra) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ictgov.settings.production",
        "DATABASE_URL": database_url,
        "ICTGOV_VAR": str(tmp),
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "SECRET_KEY": secrets.token_urlsafe(64),
        # As behind the reverse proxy that terminates TLS: requests carry X-Forwarded-Proto.
        "ICTGOV_BEHIND_PROXY": "1",
        "ICTGOV_HTTPS": "1",
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("ICTGOV_HOME", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the browser tests' in-process server sets it
    env.update({k: str(v) for k, v in extra.items()})
    return env


def manage(env: dict, *args: str) -> str:
    done = subprocess.run([*ICTGOV, *args], env=env, capture_output=True, text=True, timeout=300)
    if done.returncode:
        raise RuntimeError(f"ictgov {' '.join(args)}: {done.stderr[-2000:]}")
    return done.stdout


def start_serve(env: dict, port: int, *args: str, log: Path) -> subprocess.Popen:
    handle = open(log, "ab")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [*ICTGOV, "serve", "--bind", f"127.0.0.1:{port}", *args],
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    process.log_handle = handle
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"ictgov serve dừng (mã {process.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"ictgov serve không trả lời sau 180 s:\n{log.read_text()}")


def stop(process: subprocess.Popen) -> int:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    process.log_handle.close()
    return process.returncode


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


class SMTPSink:
    """A minimal SMTP server keeping every message it receives: the app's real SMTP backend
    delivers to it (what an operator's mail server would receive)."""

    def __init__(self):
        import socketserver
        import threading

        self.messages: list[bytes] = []
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                self.wfile.write(b"220 sink ESMTP\r\n")
                while line := self.rfile.readline():
                    verb = line.strip().split(b" ")[0].upper()
                    if verb in (b"EHLO", b"HELO"):
                        self.wfile.write(b"250 sink\r\n")
                    elif verb == b"DATA":
                        self.wfile.write(b"354 go ahead\r\n")
                        body = []
                        while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                            body.append(chunk)
                        sink.messages.append(b"".join(body))
                        self.wfile.write(b"250 queued\r\n")
                    elif verb == b"QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:
                        self.wfile.write(b"250 ok\r\n")

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Response:
    def __init__(self, status, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Session:
    """A browser's view of one site: cookies kept (also Secure ones: TLS ends at the proxy)."""

    def __init__(self, base: str, proto: str = "https"):
        self.base, self.proto = base, proto
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(_NoRedirect)

    def request(self, method: str, path: str, data=None, headers=None) -> Response:
        url = path if path.startswith("http") else self.base + path
        body = None
        hdrs = {"X-Forwarded-Proto": self.proto} if self.proto else {}
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if isinstance(data, bytes):
            body = data
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
            hdrs["Origin"] = f"https://{urlparse(self.base).netloc}"
            hdrs["Referer"] = hdrs["Origin"] + path
        hdrs.update(headers or {})
        req = urllib.request.Request(url, data=body, headers=hdrs, method=method)
        try:
            with self.opener.open(req, timeout=30) as r:
                response = Response(r.status, r.headers, r.read())
        except urllib.error.HTTPError as e:
            response = Response(e.code, e.headers, e.read())
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response

    def get(self, path: str, **headers) -> Response:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, data: dict, **headers) -> Response:
        return self.request("POST", path, data=data, headers=headers)

    def post_multipart(self, path: str, fields: dict, files: dict) -> Response:
        """files: {field: (filename, bytes, content type)}."""
        boundary = secrets.token_hex(16)
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, data, content_type) in files.items():
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            )
            parts.append(head.encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        origin = f"https://{urlparse(self.base).netloc}"
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Origin": origin,
            "Referer": origin + path,
        }
        return self.request("POST", path, data=body, headers=headers)

    def csrf_token(self, path: str) -> str:
        page = self.get(path).text
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def login(self, username: str, password: str = DEMO_PASSWORD) -> Response:
        token = self.csrf_token("/accounts/login/")
        return self.post(
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password},
        )
