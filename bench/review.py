"""The review page's server time and query count on the big article.

    python bench/review.py [--runs 20]

In process (Django's test client, no HTTP server): the 10,000-word article of
`bench/data.py` with five finished editors' 2,000 annotations each (10,000 in all), and
the same article with one finished editor's 2,000, to show the query count does not grow
with editors or annotations. A database of its own: a temporary SQLite file, or, when
DATABASE_URL points at PostgreSQL, a database named `annotate_bench_review` on that
server, dropped at the end. Reports the median and p90 of RUNS requests and the median
CPU time of this process (the machine may be shared); target < 200 ms. Beside it, in the
same runs, its floor (`floors.review_floor`: GET /healthz through the same client and the
page's reads as raw SQL), and the ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent)]

from floors import review_floor  # noqa: E402

TARGET_MS = 200
BENCH_DB = "annotate_bench_review"
USER_URL = os.environ.get("DATABASE_URL", "")


def database_url(tmp: Path) -> str:
    if not USER_URL.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp / 'review.sqlite3'}"
    import psycopg

    with psycopg.connect(USER_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    return urlunsplit(urlsplit(USER_URL)._replace(path=f"/{BENCH_DB}"))


def build(editors: int, per_editor: int, title: str):
    import data
    from django.contrib.auth import get_user_model

    from annotate.models import Annotation, Article

    users = get_user_model().objects
    people = [users.get_or_create(username=f"editor{i}")[0] for i in range(editors)]
    text = data.article_text()
    article = Article.objects.create(title=title, text=text, created_by=people[0])
    spans = data.annotation_spans(text, article.sentences, editors, editors * per_editor)
    Annotation.objects.bulk_create(
        Annotation(article=article, editor=people[e], start=s, end=t, quote=text[s:t], label=lbl)
        for e, s, t, lbl in spans
    )
    for person in people:
        article.set_finished(person, True)
    return article


def measure(runs: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    lead = get_user_model().objects.create_user("lead", is_staff=True)
    big = build(5, 2_000, "Five editors")
    small = build(1, 2_000, "One editor")
    client = Client()
    client.force_login(lead)

    def get(article):
        response = client.get(reverse("annotate:article_review", args=[article.pk]))
        assert response.status_code == 200, response.status_code
        return response

    def queries(article) -> int:
        with CaptureQueriesContext(connection) as captured:
            get(article)
        return len(captured)

    def healthz():
        return client.get(reverse("annotate:healthz"))

    for _ in range(3):
        get(big)
        review_floor(healthz, big.pk)
    times, cpu, floor = [], [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        response = get(big)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        floor.append(review_floor(healthz, big.pk))
    return {
        "database": connection.vendor,
        "sentences": len(big.sentences),
        "annotations": big.annotations.count(),
        "median_ms": statistics.median(times),
        "p90_ms": sorted(times)[int(0.9 * (len(times) - 1))],
        # The machine may be shared: the process's own CPU time (the database's excluded
        # on PostgreSQL, which runs in a process of its own) says what load added.
        "cpu_median_ms": statistics.median(cpu),
        "floor_ms": statistics.median(floor),
        "bytes": len(response.content),
        "queries_5_editors": queries(big),
        "queries_1_editor": queries(small),
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="annotate-review-") as tmp:
        os.environ.update(
            DATABASE_URL=database_url(Path(tmp)),
            DEBUG="0",
            SECRET_KEY="bench-only-" + "x" * 50,
            ALLOWED_HOSTS="testserver",
            # Static files from the source folders, as in tests: no collectstatic needed.
            DJANGO_SETTINGS_MODULE="tests.settings",
        )
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        try:
            result = measure(args.runs)
        finally:
            from django.db import connections

            connections.close_all()
            if USER_URL.startswith(("postgres://", "postgresql://")):
                import psycopg

                with psycopg.connect(USER_URL, autocommit=True) as conn:
                    conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    verdict = "ok" if result["median_ms"] < TARGET_MS else "MISSED"
    print(
        f"review page, {result['sentences']} sentences, {result['annotations']:,} annotations "
        f"by 5 finished editors ({result['database']}): median {result['median_ms']:.0f} ms, "
        f"p90 {result['p90_ms']:.0f} ms, CPU {result['cpu_median_ms']:.0f} ms, "
        f"{result['bytes'] / 1024:.0f} KB "
        f"(target < {TARGET_MS} ms: {verdict})"
    )
    print(
        f"floor (GET /healthz and the page's reads as raw SQL): {result['floor_ms']:.1f} ms; "
        f"ratio {result['median_ms'] / result['floor_ms']:.2f}"
    )
    print(
        f"queries: {result['queries_5_editors']} with 5 editors and 10,000 annotations, "
        f"{result['queries_1_editor']} with 1 editor and 2,000"
    )
    return result


if __name__ == "__main__":
    main()
