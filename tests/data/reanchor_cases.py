"""The re-anchoring test set (reanchor_cases.json), as cases a test or the bench can run.

Written for this project; the file says what each field means. Used by
tests/test_anchoring_fuzzy.py and bench/reanchor.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).with_name("reanchor_cases.json")


@dataclass(frozen=True)
class Case:
    name: str
    old: str
    new: str
    quote: str
    expected: str | None
    how: str | None = None  # "kept", "exact" or "fuzzy"; None with expected None
    nth: int = 0
    expected_nth: int = 0

    def span(self) -> tuple[int, int]:
        return _nth(self.old, self.quote, self.nth)

    def expected_span(self) -> tuple[int, int] | None:
        return None if self.expected is None else _nth(self.new, self.expected, self.expected_nth)


def _nth(text: str, quote: str, nth: int) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


def load() -> list[Case]:
    return [Case(**case) for case in json.loads(DATA.read_text(encoding="utf-8"))["cases"]]


CASES = load()
