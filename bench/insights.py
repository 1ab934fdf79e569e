"""Insights speed: /insights/, insights.json and insights.csv over many tagged articles.

    python bench/insights.py [--articles 1000] [--per-article 100] [--runs 15]

Builds ARTICLES articles of PER_ARTICLE sentences in a database of its own (SQLite: a
temporary file; PostgreSQL when DATABASE_URL points at one: a database named after the
URL's with `_exportbench` added, dropped at the end), tagged by three editors (one
annotation per sentence, PER_ARTICLE per article: 100,000 by default), eight outlets,
twelve months, a verdict on every tenth article, and each article's counts kept by
`Article.refresh_progress`, as every change keeps them.

Times each page in process through Django's test client (the view, the middleware, the
template: the server's time, no network), `by` outlet, month and editor, median of RUNS,
beside floors measured in the same rounds: GET /healthz through the same client, and
`floors.insights_floor` (that round trip and one aggregate query summing the columns per
group: the least any insights page must do), with the ratio. Also prints each page's
query count, which does not grow with the articles. Returns the figures as a dict from
`main()`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.export_import import SENTENCES, _database, _setup  # noqa: E402
from bench.floors import insights_floor  # noqa: E402

TARGET_MS = 300
OUTLETS = [f"Outlet {n}" for n in range(8)]
LABELS = ("fact", "hype", "speculation")
PAGES = [
    (name, by)
    for name in ("annotate:insights", "annotate:insights_json", "annotate:insights_csv")
    for by in ("outlet", "month", "editor")
]


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--per-article", type=int, default=100)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="annotate-insightsbench-") as tmp:
        url, drop = _database(Path(tmp))
        try:
            result = _measure(url, args)
        finally:
            from django.db import connections

            connections.close_all()
            drop()
    _print(result)
    return result


def _build(n_articles: int, per_article: int) -> int:
    from django.contrib.auth import get_user_model

    from annotate import sentences as sentencelib
    from annotate import text as textlib
    from annotate.models import Annotation, Article

    users = [get_user_model().objects.create_user(n) for n in ("alice", "bob", "carol")]
    body = ""
    for i in range(per_article):
        body += ("\n\n" if i % 8 == 0 else " ") if i else ""
        body += SENTENCES[i % len(SENTENCES)]
    sentences = [list(s) for s in sentencelib.sentence_spans(body)][:per_article]
    articles = Article.objects.bulk_create(
        Article(
            title=f"Acme chip, take {n}",
            outlet=OUTLETS[n % len(OUTLETS)],
            published_on=date(2026, 1 + n % 12, 1 + n % 28),
            text=body,
            text_sha256=textlib.sha256_hex(body),
            sentences=sentences,
            words=textlib.count_words(body),
            created_by=users[0],
        )
        for n in range(n_articles)
    )
    rows = []
    for n, article in enumerate(articles):
        for i, (start, end) in enumerate(sentences):
            label = LABELS[(i + n) % 3] if (i * 7 + n) % 5 else "hype"
            rows.append(
                Annotation(
                    article=article, editor=users[(i + n) % 3], start=start, end=end,
                    quote=body[start:end], label=label,
                )
            )  # fmt: skip
    Annotation.objects.bulk_create(rows, batch_size=5000)
    for n, article in enumerate(articles):
        if n % 10 == 0:
            start, end = sentences[0]
            article.decide(lead=users[0], start=start, end=end, label="fact")
        else:
            article.refresh_progress()
    return len(rows)


def _measure(url: str, args: argparse.Namespace) -> dict:
    _setup(url)
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: nothing collected
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import reverse

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    annotations = _build(args.articles, args.per_article)
    build_s = time.perf_counter() - started
    plain = "django.contrib.staticfiles.storage.StaticFilesStorage"
    storage = {**settings.STORAGES, "staticfiles": {"BACKEND": plain}}
    with override_settings(ALLOWED_HOSTS=["testserver"], STORAGES=storage):
        from django.contrib.auth import get_user_model

        client = Client()
        client.force_login(get_user_model().objects.get(username="alice"))
        urls = {(name, by): f"{reverse(name)}?by={by}" for name, by in PAGES}
        floor_url = reverse("annotate:healthz")
        queries = {}
        for key, page in urls.items():  # warm up, and count the queries
            with CaptureQueriesContext(connection) as captured:
                response = client.get(page, secure=True)
            assert response.status_code == 200, (page, response.status_code)
            queries[key] = len(captured)
        times: dict = {key: [] for key in urls}
        floor = []
        floors = {by: [] for _, by in PAGES}

        def healthz():
            return client.get(floor_url, secure=True)

        for _ in range(args.runs):  # round-robin: a burst of load slows one round, not one page
            for key, page in urls.items():
                started = time.perf_counter()
                client.get(page, secure=True)
                times[key].append(1000 * (time.perf_counter() - started))
            started = time.perf_counter()
            healthz()
            floor.append(1000 * (time.perf_counter() - started))
            for by, taken in floors.items():
                taken.append(insights_floor(healthz, by))
    return {
        "database": "postgresql" if url.startswith("postgres") else "sqlite",
        "articles": args.articles,
        "annotations": annotations,
        "build_s": round(build_s, 1),
        "floor_ms": round(statistics.median(floor), 1),
        "pages": {
            f"{name.split(':')[1]} by={by}": {
                "median_ms": round(statistics.median(times[(name, by)]), 1),
                "p90_ms": round(sorted(times[(name, by)])[int(0.9 * (args.runs - 1))], 1),
                "floor_ms": round(statistics.median(floors[by]), 1),
                "ratio": round(
                    statistics.median(times[(name, by)]) / statistics.median(floors[by]), 2
                ),
                "queries": queries[(name, by)],
            }
            for name, by in PAGES
        },
    }


def _print(result: dict) -> None:
    print(
        f"insights over {result['articles']:,} articles, {result['annotations']:,} annotations "
        f"({result['database']}, built in {result['build_s']} s); floor GET /healthz "
        f"{result['floor_ms']} ms"
    )
    for name, figure in result["pages"].items():
        verdict = "ok" if figure["median_ms"] < TARGET_MS else "MISSED"
        print(
            f"  {name:<28} median {figure['median_ms']:>7} ms  p90 {figure['p90_ms']:>7} ms  "
            f"floor {figure['floor_ms']:>6} ms  ratio {figure['ratio']:>5}  "
            f"{figure['queries']} queries  (< {TARGET_MS} ms: {verdict})"
        )


if __name__ == "__main__":
    main()
