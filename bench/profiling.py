"""Profile one of the bench's requests in process: where its time goes, by function.

    python bench/profiling.py page|bare|tag|export|review|history|list|agreement|suggestions|
        api-list [--runs 20] [--sort cumulative|tottime] [--limit 40] [--db FILE]

Builds the bench's data (`run.build_data`) once into a SQLite file (default
`bench/out/profile.sqlite3`, kept for the next call; delete it after changing the models),
then runs the request RUNS times through Django's test client under cProfile and prints
the top functions, the median wall time and the request's SQL query count.
"""

from __future__ import annotations

import argparse
import cProfile
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


def requests(client):
    from django.contrib.auth import get_user_model

    from annotate.api.models import Token
    from annotate.models import Annotation, Article

    me = get_user_model().objects.get(username="bench")
    big = Article.objects.get(title="The 10,000-word article")
    bare = Article.objects.get(title="The same article, bare")
    agreed = Article.objects.get(title="Five editors agree")
    mine = list(Annotation.objects.filter(article=big, editor=me).values_list("start", "end"))
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

    def tag(i: int):
        start, end = mine[(i * 7) % len(mine)]
        form = {"start": start, "end": end, "label": labels[i % 3]}
        return client.post(f"/articles/{big.pk}/annotations/", form, **htmx)

    return {
        "page": lambda i: client.get(f"/articles/{big.pk}/"),
        "bare": lambda i: client.get(f"/articles/{bare.pk}/"),
        "tag": tag,
        "export": lambda i: client.get(f"/articles/{big.pk}/export.json"),
        "review": lambda i: client.get(f"/articles/{big.pk}/review/"),
        "history": lambda i: client.get(f"/articles/{big.pk}/history/"),
        "list": lambda i: client.get("/"),
        "agreement": lambda i: client.get(f"/articles/{agreed.pk}/agreement.json"),
        "suggestions": lambda i: client.get(f"/articles/{big.pk}/suggestions.json"),
        # The API's first page: the big article and every other one (fewer than 100).
        "api-list": lambda i: client.get("/api/v1/articles", **bearer),
        # Short articles only (as the API's second page): what each document costs.
        "api-list-small": lambda i: client.get("/api/v1/articles", stories, **bearer),
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
    for i in range(3):
        response = fn(i)
        assert response.status_code == 200, (response.status_code, response.content[:300])
    with CaptureQueriesContext(connection) as queries:
        fn(3)
    times = []
    for i in range(args.runs):
        t0 = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - t0) * 1000)
    profile = cProfile.Profile()
    profile.enable()
    for i in range(args.runs):
        fn(i)
    profile.disable()
    print(
        f"{args.figure}: median {statistics.median(times):.1f} ms over {args.runs} runs, "
        f"{len(queries)} queries, {len(response.content):,} bytes"
    )
    pstats.Stats(profile).sort_stats(args.sort).print_stats(args.limit)
    if os.environ.get("SHOW_QUERIES"):
        for q in queries.captured_queries:
            print(q["time"], q["sql"][:300])
    return 0


if __name__ == "__main__":
    sys.exit(main())
