"""Profile one of the bench's requests in process: where its time goes, by function.

    python bench/profiling.py page|bare|tag|api-tag|write|bulk|export|review|history|list
        |agreement|suggestions|suggesting|insights|insights_json|insights_csv|api-list
        |api-list-small [--runs 20]
        [--sort cumulative|tottime] [--limit 40] [--db FILE]

Builds the bench's data (`run.build_data`) once into a SQLite file (default
`bench/out/profile.sqlite3`, kept for the next call; delete it after changing the models),
and the review and insights data (`extras`) the first time a figure needs them,
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
    )
    import django

    django.setup()
    if fresh:
        import run
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        run.build_data()


REVIEWED = "Review: five finished editors"


def extras(insight_articles: int = 200) -> None:
    """What bench/review.py and bench/insights.py measure, at a smaller scale for insights:
    the big article's text with five finished editors' 2,000 annotations each, a lead, and
    `insight_articles` articles of 100 sentences tagged by three editors (`--insights`;
    bench/insights.py has 1,000). Built once, kept in the file."""
    import insights
    import review
    from django.contrib.auth import get_user_model

    from annotate.models import Article

    users = get_user_model().objects
    if not users.filter(username="lead").exists():
        users.create_user("lead", is_staff=True)
    if not Article.objects.filter(title=REVIEWED).exists():
        review.build(5, 2_000, REVIEWED)
    if not users.filter(username="alice").exists():
        insights._build(insight_articles, 100)


def requests(client, insight_articles: int = 200):
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    from annotate.api.models import Token
    from annotate.models import Annotation, Article
    from annotate.suggestions import suggestions_json

    extras(insight_articles)
    lead = Client()
    lead.force_login(get_user_model().objects.get(username="lead"))
    reviewed = Article.objects.get(title=REVIEWED)

    me = get_user_model().objects.get(username="bench")
    big = Article.objects.get(title="The 10,000-word article")
    bare = Article.objects.get(title="The same article, bare")
    agreed = Article.objects.get(title="Five editors agree")
    mine = list(
        Annotation.objects.filter(article=big, editor=me).values_list("start", "end", "label")
    )
    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_X_ARTICLE_SHA": big.text_sha256}
    labels = ["fact", "speculation", "hype"]
    Token.objects.filter(user=me, name="profiling").delete()
    _, raw = Token.objects.issue(user=me, name="profiling")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    stories = {
        "article": list(
            Article.objects.filter(title__startswith="Story").values_list("pk", flat=True)
        )
    }

    my_spans = [(s, e) for s, e, _ in mine]
    # Every run writes: each run's span gets a label other than the one it has (the bench
    # editor's labels are followed here, so that no read of them is timed).
    current = {(s, e): label for s, e, label in mine}

    def next_tag(i: int) -> dict:
        # As bench/run.py: even runs relabel one of the bench editor's spans, odd runs tag
        # a phrase (new, or one that an earlier odd run tagged).
        if i % 2 == 0:
            start, end = my_spans[(i * 7) % len(my_spans)]
        else:
            s, e = big.sentences[(i * 13 + 5) % len(big.sentences)]
            start, end = s, min(e, s + 8 + (i % 5) * 3)
            while big.text[end - 1].isspace():
                end -= 1
        old = current.get((start, end))
        label = next(x for x in (*labels[i % 3 :], "fact") if x != old)
        current[(start, end)] = label
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
        return _Ok(None)

    return {
        "page": lambda i: client.get(f"/articles/{big.pk}/"),
        "bare": lambda i: client.get(f"/articles/{bare.pk}/"),
        "tag": tag,
        "api-tag": api_tag,
        "write": write,
        "bulk": bulk,
        "export": lambda i: client.get(f"/articles/{big.pk}/export.json"),
        "review": lambda i: lead.get(f"/articles/{reviewed.pk}/review/"),
        "history": lambda i: client.get(f"/articles/{big.pk}/history/"),
        "list": lambda i: client.get("/"),
        "agreement": lambda i: client.get(f"/articles/{agreed.pk}/agreement.json"),
        "suggestions": lambda i: client.get(f"/articles/{big.pk}/suggestions.json"),
        "suggestions_uncached": lambda i: (
            cache.clear(),
            client.get(f"/articles/{big.pk}/suggestions.json"),
        )[1],
        "suggesting": lambda i: _Ok(suggestions_json(big.text, big.sentences)),
        "insights": lambda i: lead.get(f"/insights/?by={('outlet', 'month', 'editor')[i % 3]}"),
        "insights_json": lambda i: lead.get(
            f"/insights.json?by={('outlet', 'month', 'editor')[i % 3]}"
        ),
        "insights_csv": lambda i: lead.get(
            f"/insights.csv?by={('outlet', 'month', 'editor')[i % 3]}"
        ),
        # The API's first page: the big article and every other one (fewer than 100).
        "api-list": lambda i: client.get("/api/v1/articles", **bearer),
        # Short articles only (as the API's second page): what each document costs.
        "api-list-small": lambda i: client.get("/api/v1/articles", stories, **bearer),
    }, me


class _Ok:
    """A pure function's result dressed as a response, for main()'s checks."""

    status_code = 200

    def __init__(self, value) -> None:
        self.content = repr(value).encode()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("figure")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--db", default=str(BENCH / "out" / "profile.sqlite3"))
    parser.add_argument("--user", default="bench")
    parser.add_argument(
        "--insights", type=int, default=200, help="articles for insights, on a new --db"
    )
    args = parser.parse_args(argv)
    setup(Path(args.db))
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    client = Client()
    figures, _ = requests(client, args.insights)
    client.force_login(get_user_model().objects.get(username=args.user))
    fn = figures[args.figure]
    for i in range(3):
        response = fn(i)
        assert response.status_code in (200, 201), (response.status_code, response.content[:300])
    queries = []

    def log(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(log):
        fn(3)
    times, cpu = [], []
    for i in range(args.runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn(i)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    profile = cProfile.Profile()
    profile.enable()
    for i in range(args.runs):
        fn(i)
    profile.disable()
    print(
        f"{args.figure}: median {statistics.median(times):.1f} ms over {args.runs} runs "
        f"(CPU {statistics.median(cpu):.1f} ms, min {min(cpu):.1f}), "
        f"{len(queries)} queries, {len(response.content):,} bytes"
    )
    pstats.Stats(profile).sort_stats(args.sort).print_stats(args.limit)
    if os.environ.get("SHOW_QUERIES"):
        for sql in queries:
            print(sql[:300])
    return 0


if __name__ == "__main__":
    sys.exit(main())
