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
from server import PASSWORD, Client, api_request, free_port, start_server

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
BENCH_DB = "annotate_bench_run"  # the other bench scripts use names of their own
EXTRAS = ("suggest", "browser", "export_import", "load", "api", "insights", "agreement")


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
    users.create_user("lead", password=PASSWORD, is_staff=True)  # the review page's reader
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
    mine = {(s, t): label for e, s, t, label in spans if e == 0}
    agreed = agreement_article(me, editors)
    history_events(article, 10_000)
    from annotate.api.models import Token

    return {
        "article": article,
        "bare": bare,
        "agreed": agreed,
        "agreed_bare": copy_of(agreed, "Five editors agree, bare", me),
        "mine": mine,
        "words": len(text.split()),
        "token": Token.objects.issue(user=me, name="bench")[1],
        "me": me,
    }


def copy_of(article, title: str, me):
    """The same text, no tags: its sentences copied rather than split again."""
    from annotate.models import Article

    return Article.objects.create(
        title=title,
        text=article.text,
        text_sha256=article.text_sha256,
        sentences=article.sentences,
        created_by=me,
    )


def history_events(article, n: int) -> None:
    """`n` events on the article, as its history page reads them: each tag created, then
    relabelled again and again, in time order."""
    from datetime import timedelta

    from django.utils import timezone

    from annotate.models import Event, Kind
    from annotate.models.history import build, tag_state

    tags = list(article.annotations.select_related("editor"))
    start = timezone.now() - timedelta(days=30)
    labels = ["fact", "speculation", "hype"]
    events = []
    for i in range(n):
        tag = tags[i % len(tags)]
        at = start + timedelta(seconds=i)
        if i < len(tags):
            after = tag_state(tag, editor=tag.editor.username)
            kind, before = Kind.TAG_CREATED, None
        else:
            kind, before = Kind.TAG_RELABELLED, {"label": labels[i % 3], "note": ""}
            after = {"label": labels[(i + 1) % 3], "note": ""}
        events.append(
            build(article=article, who=tag.editor, kind=kind, annotation=tag, before=before,
                  after=after, at=at)
        )  # fmt: skip
    Event.objects.bulk_create(events, batch_size=500)


BULK = 1_000  # spans a bulk request


def prepare_writes(built: dict, runs: int, warmup: int = 3) -> None:
    """What the writing figures write to: a tag of its own for the write floor, and a fresh
    copy of the bare article for each bulk request and each bulk floor."""
    from api import bulk_spans

    me, bare = built["me"], built["bare"]
    # The write floor's own article, so that no figure sees its writes.
    built["write_target"] = copy_of(bare, "The write floor's", me)
    n = runs + warmup
    built["copies"] = [copy_of(bare, f"Bulk copy {i}", me) for i in range(n)]
    built["floor_copies"] = [copy_of(bare, f"Floor copy {i}", me) for i in range(n)]
    built["bulk_spans"] = bulk_spans(bare)[:BULK]


def agreement_article(me, editors):
    """400 sentences, 5 finished editors each tagging about 60% of them (whole sentences
    and phrases), agreeing with a shared truth about 70% of the time."""
    import random

    from annotate.models import Annotation, Article

    lines = [f"Sentence number {i} says the new chip is big news." for i in range(400)]
    text = "\n\n".join(" ".join(lines[i : i + 20]) for i in range(0, 400, 20))
    article = Article.objects.create(title="Five editors agree", text=text, created_by=me)
    rng = random.Random(10)
    labels = ["fact", "speculation", "hype"]
    truth = [rng.choice(labels) if rng.random() < 0.7 else None for _ in article.sentences]
    rows = []
    for editor in editors:
        for (start, end), true in zip(article.sentences, truth, strict=True):
            if true is None and rng.random() < 0.8:
                continue
            label = true if true and rng.random() < 0.7 else rng.choice(labels)
            if rng.random() < 0.7:
                rows.append((editor, start, end, label))
            else:
                a = rng.randint(start, end - 10)
                rows.append((editor, a, rng.randint(a + 1, min(end, a + 20)), label))
    Annotation.objects.bulk_create(
        Annotation(article=article, editor=e, start=s, end=t, quote=text[s:t], label=lbl)
        for e, s, t, lbl in rows
    )
    for editor in editors:
        article.set_finished(editor, True)
    return article


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
    article = built["article"]
    prepare_writes(built, runs)
    inproc = in_process(article, max(5, runs // 3))
    doc = document(article)
    from django.db import connections

    connections.close_all()
    port = free_port()
    server = start_server(env, port)
    try:
        samples = over_http(Client(port), built, doc, runs)
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
        "render_bare": timed(
            lambda i=0: render.render_paragraphs(article.text, paragraphs, article.sentences, []),
            runs,
        ),
        # What a first request of suggestions.json computes (later ones come from the cache).
        "suggest": timed(lambda i=0: suggestions_json(article.text, article.sentences), runs),
    }


def over_http(client: Client, built: dict, doc, runs) -> dict[str, list[float]]:
    article, bare, mine = built["article"], built["bare"], built["mine"]
    client.login("bench")
    page, bare_page = f"/articles/{article.pk}/", f"/articles/{bare.pk}/"
    tag_url = f"/articles/{article.pk}/annotations/"
    htmx = {"HX-Request": "true", "HX-Current-URL": page, "X-Article-Sha": article.text_sha256}
    labels = ["fact", "speculation", "hype"]
    sentences = article.sentences

    lead = Client(client.port)
    lead.login("lead")

    def get(path: str, reader: Client = client):
        def fetch(i: int = 0) -> None:
            status, _ = reader.request("GET", path)
            assert status == 200, (path, status)

        return fetch

    current = dict(mine)  # the bench editor's spans and their labels, kept as runs change them

    def new_label(span: tuple[int, int]) -> str:
        """A label other than the span's own: every run writes."""
        label = labels[(labels.index(current[span]) + 1) % 3] if span in current else "hype"
        current[span] = label
        return label

    def tag(i: int = 0) -> None:
        # Even runs relabel one of the bench editor's spans; odd runs tag a new phrase.
        if i % 2 == 0:
            start, end = list(mine)[(i * 7) % len(mine)]
        else:
            s, e = sentences[(i * 13 + 5) % len(sentences)]
            start, end = s, min(e, s + 8 + (i % 5) * 3 + time.time_ns() % 7)
        form = {"start": start, "end": end, "label": new_label((start, end))}
        status, body = client.request("POST", tag_url, form, htmx)
        assert status == 200 and b'id="panel"' in body, (status, body[:300])

    token, copies = built["token"], built["copies"]
    api_url = f"/articles/{article.pk}/annotations"

    def api_tag(i: int = 0) -> None:
        s, e = sentences[(i * 17 + 3) % len(sentences)]
        span = (s, min(e, s + 6 + i % 5))
        body = {"start": span[0], "end": span[1], "label": new_label(span)}
        status, content = api_request(client.port, token, "POST", api_url, body)
        assert status in (200, 201), (status, content[:300])

    unused = iter(copies)  # each bulk request on a fresh copy (warm-up runs included)

    def api_bulk(i: int = 0) -> None:
        path = f"/articles/{next(unused).pk}/annotations/bulk"
        body = {"annotations": built["bulk_spans"]}
        status, content = api_request(client.port, token, "POST", path, body)
        assert status == 201, (status, content[:300])

    figures = {
        "healthz": get("/healthz"),
        "page": get(page),
        "bare": get(bare_page),
        "tag": tag,
        "export": get(f"/articles/{article.pk}/export.json"),
        "suggestions": get(f"/articles/{article.pk}/suggestions.json"),
        "list": get("/"),
        "agreement": get(f"/articles/{built['agreed'].pk}/agreement.json"),
        "review": get(f"/articles/{built['agreed'].pk}/review/", lead),
        "review_bare": get(f"/articles/{built['agreed_bare'].pk}/"),
        "history": get(f"/articles/{article.pk}/history/"),
        "insights": get("/insights/"),
        "api_tag": api_tag,
        "api_bulk": api_bulk,
        # In this process, in the same rounds: the floors that are no request of their own.
        **in_process_floors(built, doc, runs),
    }
    return interleaved(figures, runs)


def in_process_floors(built: dict, doc: dict, runs: int) -> dict:
    """The least some figures' paths must do, done by the bench itself on the same database
    (bench/floors.py; bench/README.md says why each is the floor). /healthz is a figure of
    its own, added to these in the table: the floors get a round trip that does nothing."""
    import floors

    from annotate.models import Event
    from annotate.suggesting import suggestions_for

    me, article, agreed = built["me"], built["article"], built["agreed"]
    no_trip = lambda: None  # noqa: E731

    def list_floor(i: int = 0) -> None:
        from annotate.models import Article

        listed = Article.objects.listed(me)
        listed.count()
        list(listed.order_by("-created_at", "-id")[:25])

    def history_rows() -> None:
        events = Event.objects.filter(article=article)
        events.count()
        list(events.order_by("-at", "-id")[:50].values_list())

    suggested = suggestions_for(article, me)
    fresh = iter(built["floor_copies"])

    from annotate.models import Annotation
    from annotate.models.documents import ANNOTATION_COLUMNS

    export_rows = floors.compiled_read(
        Annotation.objects.filter(article__in=[article])
        .order_by("article_id", "start", "end", "id")
        .values_list("article_id", *ANNOTATION_COLUMNS)
    )

    def bulk_floor(i: int = 0) -> float:
        """The spans' rows and their events, the import's way: timed by floors.py, which
        builds the rows before its clock starts."""
        return floors.bulk_insert(articles=[next(fresh)], user=me, spans=built["bulk_spans"])[0]

    return {
        "dumps": lambda i=0: json.dumps(doc, ensure_ascii=False),
        "export_rows": lambda i=0: export_rows(),
        "write": floors.one_write(article=built["write_target"], user=me),
        "suggestions_floor": lambda i=0: floors.suggestions_floor(no_trip, article.pk, suggested),
        "list_floor": list_floor,
        "agreement_floor": lambda i=0: floors.agreement_floor(no_trip, agreed.pk),
        "review_floor": lambda i=0: floors.review_floor(no_trip, agreed.pk),
        "history_floor": lambda i=0: floors.history_floor(no_trip, history_rows),
        "insights_floor": lambda i=0: floors.insights_floor(no_trip, "outlet"),
        "bulk_floor": bulk_floor,
    }


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
            took = fn(i)
            # A floor may time itself (the part it says is the floor): its float, in ms.
            took = took if isinstance(took, float) else (time.perf_counter() - t0) * 1000
            times[key].append(took)
    times["ratio"] = [p / b for p, b in zip(times["page"], times["bare"], strict=True)]
    return times


def summarize(samples: dict[str, list[float]], database_url: str, built: dict, runs: int):
    figures = {}
    for key, times in samples.items():
        deciles = statistics.quantiles(times, n=10, method="inclusive")
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
