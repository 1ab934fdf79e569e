"""The app's production settings, with static files collected into the bench's temp folder."""

import os

from annotate.settings import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
