"""The app's settings, for tests: production-like (DEBUG off), with a throwaway key."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
# Never a developer's local .env (DEBUG=1 there): the tests run production-like.
os.environ["ANNOTATE_ENV_FILE"] = ""

from annotate.settings import *  # noqa: E402, F403
from annotate.settings import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Static files from the source folders: tests run without collectstatic's manifest.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True  # no collectstatic folder in tests
