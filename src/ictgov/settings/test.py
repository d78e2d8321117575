"""Test settings: fast hashing, immediate tasks, in-memory e-mail."""

from . import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
DEBUG = False
# WhiteNoise looks a static file up when it is asked for, instead of scanning the ~650 static
# files each time a middleware chain is built: the test client builds one per test (0.1 s each,
# about a third of the suite's time). Production settings scan once per worker, as before.
WHITENOISE_AUTOREFRESH = True

import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

if "ICTGOV_VAR" in os.environ:  # noqa: F405 - a server a test started on a folder of its own
    MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))  # noqa: F405
else:  # the suite's own process: uploads and the demo signing key in a folder of its own
    _TMP = Path(tempfile.mkdtemp(prefix="ictgov-test-"))  # noqa: F405
    atexit.register(shutil.rmtree, _TMP, True)
    MEDIA_ROOT = _TMP / "media"
    ICTGOV["SIGNING"] = {**ICTGOV["SIGNING"], "DEMO_DIR": str(_TMP / "signing")}  # noqa: F405

# Every test client calls from 127.0.0.1: the rate-limit tests turn the limits on themselves.
ICTGOV = {**ICTGOV, "RATE_LIMIT": 0, "API_RATE_LIMIT": 0}  # noqa: F405

# The read replica is the test database itself (a mirror). No view reads from it unless a test
# asks (REPLICA_VIEWS), since each test declares the databases it touches.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
ICTGOV["REPLICA_VIEWS"] = []
