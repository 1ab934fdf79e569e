"""`make bench`: the speed figures that matter, each next to a floor measured in the same run.

Builds its own database and data, serves the app under gunicorn on 127.0.0.1, and prints
one table. It reports; it never fails for slowness. See bench/README.md.

    python bench/run.py [--runs N] [--json FILE] [--all | --no-extras]
    python bench/run.py --compare A.json B.json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from report import compare, table
from server import PASSWORD, Client, free_port, start_server

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
BENCH_DB = "annotate_bench_run"  # the other bench scripts use names of their own
EXTRAS = ("suggest", "browser", "export_import", "load", "api", "insights")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="measured runs per figure")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--compare", nargs=2, metavar=("A", "B"), help="two --json results")
    parser.add_argument("--all", action="store_true", help="also run every other bench script")
    parser.add_argument("--no-extras", action="store_true", help="run no other bench script")
    args = parser.parse_args(argv)
    if args.compare:
        print(compare(*(json.loads(Path(p).read_text()) for p in args.compare)))
        return 0
    with tempfile.TemporaryDirectory(prefix="annotate-bench-") as tmp:
        result = measure(Path(tmp), args.runs)
    print(table(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
        print(f"\nwrote {args.json}")
    run_extras(args)
    return 0


# --- the database and the data -----------------------------------------------------------


# The user's DATABASE_URL, read before the bench points the environment at its own.
USER_DATABASE_URL = os.environ.get("DATABASE_URL", "")
# The other bench scripts get the environment as the user gave it, not the bench's own.
USER_ENV = dict(os.environ)


def bench_database_url(tmp: Path) -> str:
    """A database of the bench's own: never the one DATABASE_URL names."""
    url = USER_DATABASE_URL
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp / 'bench.sqlite3'}"
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    return urlunsplit(urlsplit(url)._replace(path=f"/{BENCH_DB}"))


def drop_database() -> None:
    url = USER_DATABASE_URL
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def bench_env(tmp: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": bench_database_url(tmp),
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "BENCH_STATIC_ROOT": str(tmp / "static"),
        "PYTHONPATH": os.pathsep.join([str(BENCH), str(ROOT)]),
        "LOG_LEVEL": "ERROR",
    }


def build_data() -> dict:
    """The big article, its bare copy and 49 small ones, by the ORM; returns what to hit."""
    import data
    from django.contrib.auth import get_user_model

    from annotate.models import Annotation, Article

    users = get_user_model().objects
    me = users.create_user("bench", password=PASSWORD)
    editors = [me] + [users.create_user(f"editor{i}", password=PASSWORD) for i in range(1, 5)]
    text = data.article_text()
    article = Article.objects.create(title="The 10,000-word article", text=text, created_by=me)
    bare = Article.objects.create(title="The same article, bare", text=text, created_by=me)
    spans = data.annotation_spans(text, article.sentences, len(editors), 2_000)
    Annotation.objects.bulk_create(
        Annotation(article=article, editor=editors[e], start=s, end=t, quote=text[s:t], label=lbl)
        for e, s, t, lbl in spans
    )
    article.refresh_progress()
    for i in range(49):
        small = Article.objects.create(title=f"Story {i}", text=data.filler_text(i), created_by=me)
        s, t = small.sentences[0]
        Annotation.objects.create(
            article=small, editor=me, start=s, end=t, quote=small.text[s:t], label="fact"
        )
    mine = [(s, t) for e, s, t, _ in spans if e == 0]
    return {"article": article, "bare": bare, "mine": mine, "words": len(text.split())}


# --- measuring ---------------------------------------------------------------------------


def timed(fn, runs: int, warmup: int = 3) -> list[float]:
    for i in range(warmup):
        fn(i)
    times = []
    for i in range(runs):
        t0 = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def measure(tmp: Path, runs: int) -> dict:
    env = bench_env(tmp)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    built = build_data()
    article, bare = built["article"], built["bare"]
    inproc = in_process(article, max(5, runs // 3))
    doc = document(article)
    from django.db import connections

    connections.close_all()
    port = free_port()
    server = start_server(env, port)
    try:
        samples = over_http(Client(port), article, bare, built["mine"], doc, runs)
    finally:
        server.terminate()
        server.wait(timeout=30)
        drop_database()
    samples.update(inproc)
    return summarize(samples, env["DATABASE_URL"], built, runs)


def document(article) -> dict:
    from annotate.models import Article

    return next(Article.objects.filter(pk=article.pk).documents())


def in_process(article, runs: int) -> dict[str, list[float]]:
    from annotate import render, sentences
    from annotate.suggestions import suggestions_json

    rows = article.annotations.values_list("id", "start", "end", "label", "editor_id")
    marks = [
        render.Mark(i, s, e, lbl, f"{lbl} · bench", ed == article.created_by_id)
        for i, s, e, lbl, ed in rows
    ]
    paragraphs = article.paragraphs()
    return {
        "split": timed(lambda i=0: sentences.sentence_spans(article.text), runs, warmup=1),
        "render": timed(
            lambda i=0: render.render_paragraphs(
                article.text, paragraphs, article.sentences, marks
            ),
            runs,
        ),
        # What a first request of suggestions.json computes (later ones come from the cache).
        "suggest": timed(lambda i=0: suggestions_json(article.text, article.sentences), runs),
    }


def over_http(client: Client, article, bare, mine, doc, runs) -> dict[str, list[float]]:
    client.login("bench")
    page, bare_page = f"/articles/{article.pk}/", f"/articles/{bare.pk}/"
    tag_url = f"/articles/{article.pk}/annotations/"
    htmx = {"HX-Request": "true", "HX-Current-URL": page, "X-Article-Sha": article.text_sha256}
    labels = ["fact", "speculation", "hype"]
    sentences = article.sentences

    def get(path: str):
        def fetch(i: int = 0) -> None:
            status, _ = client.request("GET", path)
            assert status == 200, (path, status)

        return fetch

    def tag(i: int = 0) -> None:
        # Even runs relabel one of the bench editor's spans; odd runs tag a new phrase.
        if i % 2 == 0:
            start, end = mine[(i * 7) % len(mine)]
        else:
            s, e = sentences[(i * 13 + 5) % len(sentences)]
            start, end = s, min(e, s + 8 + (i % 5) * 3 + time.time_ns() % 7)
        form = {"start": start, "end": end, "label": labels[(i + time.time_ns()) % 3]}
        status, body = client.request("POST", tag_url, form, htmx)
        assert status == 200 and b'id="panel"' in body, (status, body[:300])

    figures = {
        "healthz": get("/healthz"),
        "page": get(page),
        "bare": get(bare_page),
        "tag": tag,
        "export": get(f"/articles/{article.pk}/export.json"),
        "suggestions": get(f"/articles/{article.pk}/suggestions.json"),
        # In this process, in the same rounds: the floor of the export next to it.
        "dumps": lambda i=0: json.dumps(doc, ensure_ascii=False),
        "list": get("/"),
    }
    return interleaved(figures, runs)


def interleaved(figures: dict, runs: int, warmup: int = 3) -> dict[str, list[float]]:
    """Round-robin, one run of each figure a round: a burst of load on a shared machine then
    slows every figure of that round alike, and each figure stays comparable to its floor."""
    for i in range(warmup):
        for fn in figures.values():
            fn(i)
    times: dict[str, list[float]] = {key: [] for key in figures}
    for i in range(runs):
        for key, fn in figures.items():
            t0 = time.perf_counter()
            fn(i)
            times[key].append((time.perf_counter() - t0) * 1000)
    times["ratio"] = [p / b for p, b in zip(times["page"], times["bare"], strict=True)]
    return times


def summarize(samples: dict[str, list[float]], database_url: str, built: dict, runs: int):
    figures = {}
    for key, times in samples.items():
        deciles = statistics.quantiles(times, n=10)
        figures[key] = {"median": statistics.median(times), "p10": deciles[0], "p90": deciles[-1]}
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "commit": commit,
        "database": urlsplit(database_url).scheme,
        "cpus": os.cpu_count(),
        "runs": runs,
        "words": built["words"],
        "sentences": len(built["article"].sentences),
        "annotations": 2_000,
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "figures": figures,
    }


# --- the other bench scripts -------------------------------------------------------------


def run_extras(args: argparse.Namespace) -> None:
    """Other bench scripts, each in a process of its own (they set up their own Django)."""
    if args.no_extras:
        return
    # By default the suggester's, the browser's (when Chromium is there) and the API's figures:
    # the load test and the bulk export/import take minutes, and `make bench` should not.
    browser = ("browser",) if Path("/usr/bin/chromium").exists() else ()
    chosen = EXTRAS if args.all else ("suggest", *browser, "api")
    for name in chosen:
        if not (BENCH / f"{name}.py").exists():
            continue
        print(f"\n== bench/{name}.py")
        code = (
            f"import sys; sys.path[:0] = [{str(BENCH)!r}, {str(ROOT)!r}]; import {name}; "
            f"result = {name}.main([]); sys.exit(result if isinstance(result, int) else 0)"
        )
        try:
            done = subprocess.run(
                [sys.executable, "-c", code], cwd=ROOT, env=USER_ENV, timeout=600, check=False
            )
        except subprocess.TimeoutExpired:
            print(f"bench/{name}.py took more than 10 minutes; stopped")
            continue
        if done.returncode:
            print(f"bench/{name}.py exited with status {done.returncode}")


if __name__ == "__main__":
    sys.exit(main())
