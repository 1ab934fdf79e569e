"""History's cost: bytes per 1,000 changes, and the history page of an article with 10,000 events.

    python bench/history.py [--events 10000] [--runs 20] [--profile [tottime|cumulative]]

In a database of its own (SQLite: a temporary file; PostgreSQL when DATABASE_URL points at
one: a database named after the URL's with `_historybench` added, dropped at the end):

- makes 1,000 changes through the model methods (a quarter each: tag, relabel, note,
  remove) and reports what the event table grew by: its pages and its indexes' (SQLite's
  dbstat) or `pg_total_relation_size` (PostgreSQL: table, TOAST and indexes);
- gives one article EVENTS events and times GET /articles/<id>/history/ (the first page,
  the newest 50) and a filtered page, in process through Django's test client (median of
  RUNS, the request's time without a network);
- beside the page, in the same rounds, its floors (bench/floors.py): GET /healthz plus the
  query of the 50 rows it shows, and the history page of an article with one event plus
  that query; and the page's ratio to each.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from uuid import uuid4

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export_import import _database, _setup  # noqa: E402

TEXT = " ".join(
    f"Sentence {i} says the chip is {i}.5x faster, according to the filing." for i in range(300)
)
TARGET_PAGE_MS = 100


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--profile", nargs="?", const="tottime", help="cProfile the page too, sorted by this"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="annotate-historybench-") as tmp:
        url, drop = _database(Path(tmp), suffix="_historybench")
        try:
            result = _measure(url, args)
        finally:
            drop()
    verdict = "ok" if result["page_ms"] < TARGET_PAGE_MS else "MISSED"
    page, floor, bare = result["page_ms"], result["floor_ms"], result["bare_floor_ms"]
    print(
        f"history on {result['database']}: {result['bytes_per_1000']:,} bytes per 1,000 "
        f"changes ({result['bytes_per_1000'] / 1e6:.2f} MB)\n"
        f"  history page, {args.events:,} events   {page:.1f} ms  "
        f"(target < {TARGET_PAGE_MS} ms) {verdict}\n"
        f"    floor: /healthz + its 50 rows  {floor:.1f} ms   ratio {page / floor:.1f}x\n"
        f"    floor: page of 1 event + rows  {bare:.1f} ms   ratio {page / bare:.1f}x\n"
        f"  history page, filtered by kind  {result['filtered_ms']:.1f} ms\n"
        f"  history.json, all {args.events:,}   {result['json_ms']:.1f} ms"
    )
    return result


def _measure(url: str, args: argparse.Namespace) -> dict:
    import os

    os.environ["ALLOWED_HOSTS"] = "testserver"
    # Static files from the source folders (no collectstatic manifest), as in the tests.
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    _setup(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import floors
    from django.db import connection
    from django.test import Client

    from annotate.history_page import ROW_COLUMNS
    from annotate.models import Article, Event

    editor, other, per_1000 = build(args.events)
    bare = Article.objects.create(title="Bare", text=TEXT, created_by=editor)  # pasted only
    client = Client()
    client.force_login(editor)
    page = f"/articles/{other.pk}/history/"
    if args.profile:
        _profile(client, page, args.runs, args.profile)
    newest = Event.objects.filter(article=other).order_by("-at", "-id").values(*ROW_COLUMNS)

    def get(url: str):
        return lambda: _ok(client.get(url))

    rows = lambda: list(newest[:50])  # noqa: E731
    medians = _rounds(
        {
            "page_ms": get(page),
            "floor_ms": lambda: floors.history_floor(get("/healthz"), rows),
            "bare_floor_ms": lambda: floors.history_bare_floor(
                get(f"/articles/{bare.pk}/history/"), rows
            ),
        },
        args.runs,
    )
    return {
        "database": connection.vendor,
        "bytes_per_1000": per_1000,
        **medians,
        "filtered_ms": _time(client, page + "?kind=tag_relabelled&page=3", args.runs),
        "json_ms": _time(client, f"/articles/{other.pk}/history.json", max(3, args.runs // 4)),
    }


def _ok(response) -> None:
    assert response.status_code == 200, response.status_code


def _rounds(figures: dict, runs: int) -> dict:
    """Each figure's median ms, one run of each per round (a burst of load elsewhere then
    slows a round's figures alike). A figure's function returns its ms, or None to be
    timed from outside."""
    for fn in figures.values():
        fn()  # warm
    times: dict = {name: [] for name in figures}
    for _ in range(runs):
        for name, fn in figures.items():
            started = time.perf_counter()
            ms = fn()
            times[name].append(ms if ms is not None else (time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def build(events: int):
    """1,000 changes through the model methods, then an article with `events` events: its
    editor (who reads the page), that article, and the bytes the 1,000 changes took."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from annotate.models import Annotation, Article, Event, Kind

    users = get_user_model().objects
    editor = users.create_user("alice", password="bench-password-long")
    lead = users.create_superuser("lena", password="bench-password-long")
    article = Article.objects.create(title="Bench", text=TEXT, created_by=editor)
    sentences = article.sentences[:250]
    before = _table_bytes(connection)
    for start, end in sentences:  # 250 tags, 250 relabels, 250 notes, 250 removals
        article.tag(editor=editor, start=start, end=end, label="fact")
    for tag in Annotation.objects.filter(article=article):
        tag.change(seen_version=tag.version, label="hype", by=lead)
    for start, end in sentences:
        article.tag(editor=editor, start=start, end=end, label="hype", note="checked twice")
    for tag in Annotation.objects.filter(article=article):
        tag.remove(by=editor)
    changes = Event.objects.filter(article=article).exclude(kind=Kind.ARTICLE_PASTED).count()
    assert changes == 1000, changes
    per_1000 = _table_bytes(connection) - before

    # The same 1,000 changes again and again, each round on tags of its own (as 10,000
    # events are on an article: some 2,500 tags, four changes each), in time order.
    other = Article.objects.create(title="Busy", text=TEXT, created_by=editor)
    template = list(
        Event.objects.filter(article=article).exclude(kind=Kind.ARTICLE_PASTED).order_by("id")
    )
    tags: dict = {}
    Event.objects.bulk_create(
        Event(
            article=other, who=e.who, who_label=e.who_label, kind=e.kind, owner_id=e.owner_id,
            annotation_uuid=tags.setdefault((i // len(template), e.annotation_uuid), uuid4()),
            before=e.before, after=e.after, at=e.at + timedelta(hours=i // len(template)),
        )
        for i in range(events)
        for e in [template[i % len(template)]]
    )  # fmt: skip
    return editor, other, per_1000


def _time(client, url: str, runs: int) -> float:
    client.get(url)  # warm
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(times)


def _profile(client, url: str, runs: int, sort: str) -> None:
    import cProfile
    import pstats

    client.get(url)  # warm
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(runs):
        client.get(url)
    profile.disable()
    pstats.Stats(profile).sort_stats(sort).print_stats(40)


def _table_bytes(connection) -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size('annotate_event')")
        else:  # the table's pages and its indexes'
            cursor.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name = 'annotate_event' OR name IN "
                "(SELECT name FROM sqlite_master WHERE tbl_name = 'annotate_event')"
            )
        return int(cursor.fetchone()[0] or 0)


if __name__ == "__main__":
    main()
