"""Production mode in one command: migrate, collect static files, check, then run and watch
gunicorn (WEB_CONCURRENCY workers), the task workers (`db_worker`) and the daily scheduler.

Run it with production settings (`make serve` does). A task worker or the scheduler that stops
is started again after a pause; if gunicorn stops, everything stops and the command exits
non-zero, for a service manager (systemd) to restart the lot. SIGTERM or Ctrl-C stops
everything gracefully.
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from ictgov.core.locks import exclusive

# Seconds before a task worker or the scheduler that stopped is started again.
RESTART_DELAY = float(os.environ.get("ICTGOV_RESTART_DELAY", "5"))


class Command(BaseCommand):
    help = (
        "Chạy hệ thống ở chế độ vận hành: gunicorn, tiến trình xử lý nền (db_worker) và "
        "bộ lập lịch công việc hằng ngày."
    )
    requires_system_checks = []  # run below, after the static files are collected

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default=os.environ.get("BIND", "127.0.0.1:8000"),
            help="Địa chỉ:cổng của gunicorn (BIND; mặc định 127.0.0.1:8000).",
        )
        parser.add_argument(
            "--task-workers",
            type=int,
            default=int(os.environ.get("TASK_WORKERS", "1")),
            help="Số tiến trình db_worker (TASK_WORKERS; mặc định 1; 0: không chạy).",
        )
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Không chạy bộ lập lịch (khi dùng cron, hoặc máy chủ khác đã chạy).",
        )
        parser.add_argument(
            "--no-migrate", action="store_true", help="Không tự chạy migrate trước khi phục vụ."
        )

    def handle(self, *args, bind, task_workers, no_scheduler, no_migrate, **options):
        if settings.DEBUG:
            raise CommandError("ictgov serve dùng cấu hình vận hành: DEBUG phải tắt.")
        if not no_migrate:
            # Several servers starting together: one migrates, the others wait and find it done.
            with exclusive("migrate"):
                call_command("migrate", interactive=False, verbosity=0)
        with exclusive("collectstatic"):
            call_command("collectstatic", interactive=False, verbosity=0)
        call_command("check", deploy=True, fail_level="ERROR")
        if getattr(settings, "SECURE_SSL_REDIRECT", False) and not settings.BEHIND_PROXY:
            self.stderr.write(
                "Lưu ý: HTTPS bắt buộc (ICTGOV_HTTPS=1) mà không khai báo reverse proxy "
                "(ICTGOV_BEHIND_PROXY=1): trình duyệt sẽ được chuyển sang https://. "
                "Thử trên HTTP thường: ICTGOV_HTTPS=0."
            )

        ictgov = [sys.executable, "-m", "ictgov.manage"]
        commands = {
            "web": [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "python:ictgov.gunicorn_conf",
                "--bind",
                bind,
                "ictgov.wsgi:application",
            ]
        }
        for i in range(task_workers):
            commands[f"worker-{i + 1}"] = [*ictgov, "db_worker", "--no-reload", "-v", "1"]
        if not no_scheduler:
            commands["scheduler"] = [*ictgov, "scheduler"]
        self.run(commands)

    def run(self, commands: dict[str, list[str]]) -> None:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
        processes = {name: subprocess.Popen(cmd, env=env) for name, cmd in commands.items()}
        self.stdout.write(
            "ictgov: " + ", ".join(f"{name} (pid {p.pid})" for name, p in processes.items())
        )
        stopping = []

        def stop(signum, frame):
            stopping.append(signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        failed = None
        restart_at: dict[str, float] = {}
        while not stopping and failed is None:
            for name, process in processes.items():
                if process.poll() is None:
                    continue
                if name == "web":  # without the web server there is nothing to run
                    failed = name
                    break
                # A worker or the scheduler that stopped (the database away for a moment) is
                # started again after a pause; the web server keeps answering meanwhile.
                if name not in restart_at:
                    self.stderr.write(
                        f"ictgov: {name} đã dừng (mã {process.returncode}); chạy lại sau "
                        f"{RESTART_DELAY:.0f} s."
                    )
                    restart_at[name] = time.monotonic() + RESTART_DELAY
                elif time.monotonic() >= restart_at[name]:
                    del restart_at[name]
                    processes[name] = subprocess.Popen(commands[name], env=env)
                    break  # the dict changed while iterating
            time.sleep(0.5)
        if failed:
            self.stderr.write(f"ictgov: {failed} đã dừng (mã {processes[failed].returncode}).")
        for process in processes.values():
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + 25
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
        if failed:
            raise CommandError(f"{failed} đã dừng bất thường.", returncode=1)
