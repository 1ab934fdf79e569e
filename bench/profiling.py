"""Profile one of the bench's requests in process: where its time goes, by function.

    python bench/profiling.py page|bare|tag|api-tag|write|bulk|export|review|history|list|agreement
        [--runs 20] [--sort cumulative|tottime] [--limit 40] [--db FILE]

Builds the bench's data (`run.build_data`) once into a SQLite file (default
`bench/out/profile.sqlite3`, kept for the next call; delete it after changing the models),
then runs the request RUNS times through Django's test client under cProfile and prints
the top functions, the median wall time and the request's SQL query count.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(BENCH), str(ROOT)]


def setup(db: Path) -> None:
    fresh = not db.exists()
    db.parent.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        DATABASE_URL=f"sqlite:///{db}",
        DJANGO_SETTINGS_MODULE="bench_settings",
        BENCH_STATIC_ROOT=str(db.parent / "static"),
        ANNOTATE_ENV_FILE="",
        SECRET_KEY="profile-only-" + "x" * 50,
        DEBUG="0",
        ALLOWED_HOSTS="testserver",
        LOG_LEVEL="ERROR",
        API_RATE_PER_MINUTE="0",
    )
    import django

    django.setup()
    if fresh:
        import run
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        run.build_data()


def requests(client):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from annotate.api.models import Token
    from annotate.models import Annotation, Article

    me = get_user_model().objects.get(username="bench")
    big = Article.objects.get(title="The 10,000-word article")
    bare = Article.objects.get(title="The same article, bare")
    agreed = Article.objects.get(title="Five editors agree")
    mine = list(Annotation.objects.filter(article=big, editor=me).values_list("start", "end"))
    # Every run writes: each run's span gets a label other than the one it has (the bench
    # editor's labels are followed here, so that no read of them is timed).
    rows = Annotation.objects.filter(article=big, editor=me, orphaned=False)
    labels = {(s, e): label for s, e, label in rows.values_list("start", "end", "label")}
    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_X_ARTICLE_SHA": big.text_sha256}
    token = Token.objects.issue(user=me, name="profiling")[1]
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    def next_tag(i: int) -> dict:
        # As bench/run.py: even runs relabel one of the bench editor's spans, odd runs tag
        # a phrase (new, or one that an earlier odd run tagged).
        if i % 2 == 0:
            start, end = mine[(i * 7) % len(mine)]
        else:
            s, e = big.sentences[(i * 13 + 5) % len(big.sentences)]
            start, end = s, min(e, s + 8 + (i % 5) * 3)
            while big.text[end - 1].isspace():
                end -= 1
        old = labels.get((start, end))
        label = next(x for x in ("fact", "speculation", "hype")[i % 3 :] + ("fact",) if x != old)
        labels[(start, end)] = label
        return {"start": start, "end": end, "label": label}

    def tag(i: int):
        return client.post(f"/articles/{big.pk}/annotations/", next_tag(i), **htmx)

    api = Client()  # the token alone, no session: as an API client calls

    def api_tag(i: int):
        body = json.dumps(next_tag(i))
        url = f"/api/v1/articles/{big.pk}/annotations"
        return api.post(url, body, content_type="application/json", **bearer)

    spans = []

    def bulk(i: int):
        # 5,000 new tags on a fresh copy of the bare article each run (bench/api.py's spans),
        # made as a row (Article.save would split the text again).
        import api as apibench

        spans[:] = spans or apibench.bulk_spans(bare)
        fields = {f: getattr(bare, f) for f in ("text", "text_sha256", "sentences", "words")}
        copy = Article(title=f"Bulk copy {i}", created_by=me, headings=bare.headings, **fields)
        Article.objects.bulk_create([copy])
        body = json.dumps({"annotations": spans})
        url = f"/api/v1/articles/{copy.pk}/annotations/bulk"
        return api.post(url, body, content_type="application/json", **bearer)

    def write(i: int):
        # Article.tag alone, in process, as the view calls it once it has read the article
        # and checked the form (an instance read earlier: the lock reads what it guards).
        big.tag(editor=me, seen_sha=big.text_sha256, **next_tag(i))

    return {
        "page": lambda i: client.get(f"/articles/{big.pk}/"),
        "bare": lambda i: client.get(f"/articles/{bare.pk}/"),
        "tag": tag,
        "api-tag": api_tag,
        "write": write,
        "bulk": bulk,
        "export": lambda i: client.get(f"/articles/{big.pk}/export.json"),
        "review": lambda i: client.get(f"/articles/{big.pk}/review/"),
        "history": lambda i: client.get(f"/articles/{big.pk}/history/"),
        "list": lambda i: client.get("/"),
        "agreement": lambda i: client.get(f"/articles/{agreed.pk}/agreement.json"),
        "suggestions": lambda i: client.get(f"/articles/{big.pk}/suggestions.json"),
    }, me


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("figure")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--db", default=str(BENCH / "out" / "profile.sqlite3"))
    parser.add_argument("--user", default="bench")
    args = parser.parse_args(argv)
    setup(Path(args.db))
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    figures, _ = requests(client)
    client.force_login(get_user_model().objects.get(username=args.user))
    fn = figures[args.figure]
    for i in range(2):
        response = fn(i)
        ok = response is None or response.status_code in (200, 201)
        assert ok, (response.status_code, response.content[:300])
    counts = []
    for i in (2, 3):  # the tag figures: a relabel, then a phrase's tag
        with CaptureQueriesContext(connection) as queries:
            fn(i)
        # Counted now: the next request's request_started empties the connection's log.
        captured = queries.captured_queries
        counts.append(str(len(captured)))
    times = []
    for i in range(args.runs):
        t0 = time.perf_counter()
        fn(4 + i)
        times.append((time.perf_counter() - t0) * 1000)
    profile = cProfile.Profile()
    profile.enable()
    for i in range(args.runs):
        fn(4 + args.runs + i)
    profile.disable()
    size = f", {len(response.content):,} bytes" if response is not None else ""
    print(
        f"{args.figure}: median {statistics.median(times):.2f} ms over {args.runs} runs, "
        f"{' and '.join(counts)} queries{size}"
    )
    pstats.Stats(profile).sort_stats(args.sort).print_stats(args.limit)
    if os.environ.get("SHOW_QUERIES"):
        for q in captured:
            print(q["time"], q["sql"][:300])
    return 0


if __name__ == "__main__":
    sys.exit(main())
