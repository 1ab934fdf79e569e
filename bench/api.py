"""The token API's speed, next to the page it stands beside (issue 16's targets):

- `POST /api/v1/articles/{id}/annotations` against the annotate page's htmx tag POST, on
  the 10,000-word article with 2,000 annotations (at or under the page's time);
- `GET /api/v1/articles`, a page of 100 of 1,000 articles (under 50 ms);
- the bulk endpoint, 5,000 spans a request on a fresh copy of that article (>= 5,000/s).

Same database, data and gunicorn as bench/run.py (SQLite, or PostgreSQL when DATABASE_URL
points at one: a database `annotate_bench_api` of its own, dropped at the end).

    python bench/api.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent)]

import report  # noqa: E402
import run  # noqa: E402
from server import Client, api_request, free_port, start_server  # noqa: E402

run.BENCH_DB = "annotate_bench_api"
BULK = 5_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="measured runs per figure")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="annotate-bench-api-") as tmp:
        figures = measure(Path(tmp), args.runs)
    print(report.format_rows(report.rows(figures, FIGURES), "API (bench/api.py)"))
    return 0


def build(built: dict) -> dict:
    import data
    from django.contrib.auth import get_user_model

    from annotate.api.models import Token
    from annotate.models import Annotation, Article

    me = get_user_model().objects.get(username="bench")
    # Article.save normalizes the text and splits its sentences: the data as the app makes it.
    smalls = [
        Article.objects.create(title=f"Filler {i}", text=data.filler_text(i), created_by=me)
        for i in range(1_000 - Article.objects.count())
    ]
    Annotation.objects.bulk_create(
        Annotation(article=a, editor=me, start=s, end=e, quote=a.text[s:e], label="fact")
        for a in smalls
        for s, e in a.sentences[:2]
    )
    bare = built["bare"]
    copies = [
        Article.objects.create(title=f"Bulk copy {i}", text=bare.text, created_by=me)
        for i in range(40)
    ]
    return {"token": Token.objects.issue(user=me, name="bench")[1], "copies": copies}


def bulk_spans(article) -> list[dict]:
    """5,000 distinct spans the form accepts: sentences, then their leading phrases."""
    from annotate import text as textlib

    spans: dict[tuple[int, int], None] = {}
    labels = ["fact", "speculation", "hype"]
    for cut in (None, 40, 25, 15, 10, 6):
        for s, e in article.sentences:
            end = e if cut is None else min(e, s + cut)
            span = textlib.trim_span(article.text, s, end)
            ok = span[0] < span[1] and not any(
                textlib.splits_grapheme(article.text, x) for x in span
            )
            if ok:
                spans.setdefault(span)
    chosen = list(spans)[:BULK]
    assert len(chosen) == BULK, len(chosen)
    return [{"start": s, "end": e, "label": labels[i % 3]} for i, (s, e) in enumerate(chosen)]


def measure(tmp: Path, runs: int) -> dict:
    env = run.bench_env(tmp) | {"API_RATE_PER_MINUTE": "1000000"}  # counted, never reached
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    built = run.build_data()
    extra = build(built)
    article, token, copies = built["article"], extra["token"], extra["copies"]
    spans = bulk_spans(copies[0])
    from django.db import connections

    connections.close_all()
    port = free_port()
    server = start_server(env, port)
    try:
        times = over_http(port, article, list(built["mine"]), token, copies, spans, runs)
    finally:
        server.terminate()
        server.wait(timeout=30)
        run.drop_database()
    rate = [BULK / (t / 1000) for t in times.pop("bulk")]
    out = {}
    for key, values in [*times.items(), ("bulk_rate", rate)]:
        deciles = statistics.quantiles(values, n=10, method="inclusive")
        out[key] = {"median": statistics.median(values), "p10": deciles[0], "p90": deciles[-1]}
    return out


FIGURES = {
    "healthz": report.Figure("GET /healthz round trip (floor)"),
    "page_tag": report.Figure("the page's tag POST, 10k words (floor: issue 16's bound)"),
    "api_tag": report.Figure("API POST .../annotations (10k words)", ("page_tag",)),
    "export": report.Figure("the page's export.json of the 10k-word article (part of page 1)"),
    "list_dumps": report.Figure("json.dumps of page 1, in process (floor)"),
    "api_list": report.Figure(
        "API GET /articles, page 1 (the 10k-word one in it)", ("healthz", "list_dumps")
    ),
    "list_2_dumps": report.Figure("json.dumps of page 2, in process (floor)"),
    "api_list_2": report.Figure(
        "API GET /articles, page 2 (100 short articles)", ("healthz", "list_2_dumps")
    ),
    "bulk_rate": report.Figure(
        f"API bulk, {BULK:,} spans a request", target=5_000, unit="spans/s", higher_is_better=True
    ),
}


def over_http(port, article, mine, token, copies, spans, runs) -> dict[str, list[float]]:
    client = Client(port)
    client.login("bench")
    page = f"/articles/{article.pk}/"
    htmx = {"HX-Request": "true", "HX-Current-URL": page, "X-Article-Sha": article.text_sha256}
    labels = ["fact", "speculation", "hype"]
    sentences = article.sentences

    def span(i: int) -> tuple[int, int]:
        # Even runs relabel one of the bench editor's spans; odd runs tag a new phrase.
        if i % 2 == 0:
            return mine[(i * 7) % len(mine)]
        s, e = sentences[(i * 13 + 5) % len(sentences)]
        return s, min(e, s + 8 + (i % 5) * 3 + time.time_ns() % 7)

    def page_tag(i: int) -> None:
        start, end = span(i)
        form = {"start": start, "end": end, "label": labels[(i + time.time_ns()) % 3]}
        status, body = client.request("POST", f"{page}annotations/", form, htmx)
        assert status == 200 and b'id="panel"' in body, (status, body[:300])

    def api_tag(i: int) -> None:
        start, end = span(i + 1)
        body = {"start": start, "end": end, "label": labels[(i + time.time_ns()) % 3]}
        status, content = api_request(
            port, token, "POST", f"/articles/{article.pk}/annotations", body
        )
        assert status in (200, 201), (status, content[:300])

    def lister(path: str):
        def api_list(i: int) -> None:
            status, content = api_request(port, token, "GET", path)
            assert status == 200 and len(json.loads(content)["items"]) == 100, status

        return api_list

    def export(i: int) -> None:
        status, _ = client.request("GET", f"{page}export.json")
        assert status == 200, status

    first = json.loads(api_request(port, token, "GET", "/articles")[1])
    assert first["items"][0]["article"]["id"] == article.pk  # page 1 holds the big one

    bulk_runs = iter(copies)

    def bulk(i: int) -> None:
        target = next(bulk_runs)
        path = f"/articles/{target.pk}/annotations/bulk"
        status, content = api_request(port, token, "POST", path, {"annotations": spans})
        assert status == 201 and json.loads(content)["created"] == BULK, (status, content[:300])

    second_path = f"/articles?cursor={first['next_cursor']}"
    second = json.loads(api_request(port, token, "GET", second_path)[1])

    def healthz(i: int) -> None:
        assert client.request("GET", "/healthz")[0] == 200

    figures = {
        "healthz": healthz,
        "page_tag": page_tag,
        "api_tag": api_tag,
        "api_list": lister("/articles"),
        "api_list_2": lister(second_path),
        "export": export,
        # In this process, in the same rounds: each page's bytes written (its floor's part).
        "list_dumps": lambda i=0: json.dumps(first, ensure_ascii=False),
        "list_2_dumps": lambda i=0: json.dumps(second, ensure_ascii=False),
    }
    for i in range(3):  # warm up
        for fn in figures.values():
            fn(i)
    times: dict[str, list[float]] = {key: [] for key in figures}
    for i in range(runs):  # round-robin, as bench/run.py: a burst slows a round alike
        for key, fn in figures.items():
            t0 = time.perf_counter()
            fn(i)
            times[key].append((time.perf_counter() - t0) * 1000)
    # Each bulk run on a fresh copy of the article: every span a new tag.
    times["bulk"] = run.timed(bulk, min(runs, len(copies) - 3))
    return times


if __name__ == "__main__":
    sys.exit(main())
