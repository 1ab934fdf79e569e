"""Progress on a terminal for the long commands: count and rate, redrawn in place."""

from __future__ import annotations

import time

from django.core.management.base import OutputWrapper


class Progress:
    """Counts on stderr, at most a few times a second, only when stderr is a terminal."""

    EVERY = 0.25  # seconds between redraws

    def __init__(self, stream: OutputWrapper, *, what: str) -> None:
        self.stream, self.what = stream, what
        self.started = time.perf_counter()
        self.shown = 0.0
        self.active = stream.isatty()

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def rate(self, count: int) -> float:
        return count / max(self.elapsed(), 1e-9)

    def update(self, articles: int, annotations: int) -> None:
        now = time.perf_counter()
        if not self.active or now - self.shown < self.EVERY:
            return
        self.shown = now
        self.stream.write(
            f"\r{self.what} {articles:,} articles, {annotations:,} annotations "
            f"({self.rate(annotations):,.0f} annotations/s)\x1b[K",
            ending="",
        )
        self.stream.flush()

    def done(self) -> None:
        if self.active and self.shown:
            self.stream.write("\r\x1b[K", ending="")
            self.stream.flush()
