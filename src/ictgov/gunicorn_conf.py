"""gunicorn settings for `ictgov serve` (`gunicorn -c python:ictgov.gunicorn_conf ictgov.wsgi`).

BIND (127.0.0.1:8000), WEB_CONCURRENCY (worker processes; default 2 per core + 1, at most 8),
GUNICORN_THREADS (1), GUNICORN_TIMEOUT (30 s), GUNICORN_MAX_REQUESTS (2000: a worker is
replaced after that many requests, so a slow leak cannot grow memory), GUNICORN_ACCESS_LOG
(a path or "-"; off by default: the reverse proxy keeps the access log).
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
proc_name = "ictgov"
# gunicorn would believe X-Forwarded-Proto from 127.0.0.1 on its own; the rule is that only a
# declared proxy is believed (ICTGOV_BEHIND_PROXY=1), which Django's SECURE_PROXY_SSL_HEADER does.
forwarded_allow_ips = ""
secure_scheme_headers = {}
# gunicorn's control socket is one per user by default: two servers on one machine would share it.
control_socket_disable = True
