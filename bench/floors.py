"""Floors: for a figure, the least its path must do, timed once, in milliseconds.

Each function takes what it needs (callables that make one request or run one query, the
data to serialize) and returns the milliseconds of one run, so that the bench can time
it in the same rounds as the figure it stands beside. They import nothing of the app.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def export_floor(healthz: Callable[[], object], document: dict) -> float:
    """One GET /healthz round trip + `json.dumps(document, ensure_ascii=False)` in process:
    what any export must do, a request through the middleware and its bytes serialized.
    For export.json, `document` is the article's `annotate.article/v1` document."""
    started = time.perf_counter()
    healthz()
    json.dumps(document, ensure_ascii=False)
    return _ms(started)


def export_rows_floor(
    healthz: Callable[[], object], rows: Callable[[], object], document: dict
) -> float:
    """`export_floor` and the read of the annotations' rows (`rows`: the columns the
    document holds, as tuples, the cheapest way the driver gives them): an export that
    did no more than read its rows and write their bytes."""
    started = time.perf_counter()
    healthz()
    rows()
    json.dumps(document, ensure_ascii=False)
    return _ms(started)


def api_list_floor(healthz: Callable[[], object], page: dict) -> float:
    """One GET /healthz round trip + `json.dumps` of the page (`{"items": [...],
    "next_cursor": ...}`) as the API writes it: a request and the page's bytes. The
    page holds the documents of its articles, so this is `export_floor` of all of them
    with one request's cost, not one per article."""
    return export_floor(healthz, page)


def history_floor(healthz: Callable[[], object], rows: Callable[[], object]) -> float:
    """One GET /healthz round trip + the query of the 50 rows the history page shows
    (`rows`: the newest 50 events of the article, read as the page reads them)."""
    started = time.perf_counter()
    healthz()
    rows()
    return _ms(started)


def history_bare_floor(bare_page: Callable[[], object], rows: Callable[[], object]) -> float:
    """The history page of an article with one event (`bare_page`: the session and user,
    the article, the count, the Who list, the page's frame: what the page costs whatever
    its events) + the query of the 50 rows the busy page shows. What 10,000 events cost
    over this is what the figure's ratio says, as the annotated page's over the bare one."""
    started = time.perf_counter()
    bare_page()
    rows()
    return _ms(started)
