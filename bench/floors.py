"""Floors (issue 17): for each figure, the least its path must do, timed once, in ms.

Each function takes `healthz`, a callable making one GET /healthz through the same client
the figure uses (`make bench` passes one that does nothing and keeps /healthz a floor
figure of its own, so the table adds the two), and what it needs. bench/README.md says,
figure by figure, why each is the floor.

Reads run in this process as the raw SQL the path's queries compile to, built before the
clock starts (compiling a queryset is the ORM's cost, which a path could avoid), fetched
to the last row. The session and user lookups every logged-in page makes are left out:
the floors are, if anything, low.

- `agreement_floor`: the round trip, the article's sentences and its spans and layers.
- `review_floor`: the round trip, the article's text and sentences, its finished layers,
  their spans and the verdicts.
- `insights_floor`: the round trip, and one aggregate query summing the columns insights
  reads (what each article says, counted; its words) per group: the database must read
  every chosen article's counts, and summing there returns a dozen rows.
- `suggestions_floor`: the round trip, the article's text and sentences (the cache's key
  is made of them), reading the cached value and `json.dumps` of it.
- `suggesting_floor`: one pass of the cue suggester's two regexes (its words, its numbers
  and dates) over the text: no cue suggester can find cues without reading every word.
- `compiled_read`: a queryset's rows read with a bare cursor (the export's rows, in
  `make bench`, beside `json.dumps` of its document).
- `history_floor`: the round trip and the query of the 50 rows the page shows;
  `history_bare_floor`: the history page of an article with one event, and those rows.
- `one_write`: one tag change is, at the least, one UPDATE of its annotation row and the
  one INSERT of its history event, in one transaction (BEGIN, the two statements, COMMIT:
  on SQLite the commit's sync to disk, on PostgreSQL its WAL flush), through the ORM calls
  the app makes them with. The tag POST's floor is the /healthz round trip plus this.
- `bulk_insert`: N new tags are, at the least, their N annotation rows and N events written
  with the import's own multi-row INSERTs (`annotate.import_sql.insert_rows`), in one
  transaction. The rows are built before the clock starts: the floor is the database's part.
"""

from __future__ import annotations

import json
import os
import time
import uuid as uuidlib
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone


def _compiled(querysets) -> list[tuple[str, tuple]]:
    return [qs.query.sql_with_params() for qs in querysets]


def _read(queries: list[tuple[str, tuple]]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for sql, params in queries:
            cursor.execute(sql, params)
            cursor.fetchall()


def compiled_read(queryset) -> Callable[[], None]:
    """A function reading `queryset`'s rows as raw SQL with a bare cursor, compiled now."""
    queries = _compiled([queryset])
    return lambda: _read(queries)


def _timed(healthz: Callable[[], object], work: Callable[[], object]) -> float:
    started = time.perf_counter()
    healthz()
    work()
    return (time.perf_counter() - started) * 1000


def agreement_floor(healthz: Callable[[], object], article_id: int) -> float:
    from annotate.models import Annotation, Article, Layer

    queries = _compiled(
        [
            Article.objects.filter(pk=article_id).values_list("sentences", "headings", "blind"),
            Annotation.objects.filter(article_id=article_id, orphaned=False)
            .order_by()
            .values_list("editor_id", "start", "end", "label"),
            Layer.objects.filter(article_id=article_id).values_list(
                "editor_id", "editor__username", "finished_at"
            ),
        ]
    )
    return _timed(healthz, lambda: _read(queries))


def review_floor(healthz: Callable[[], object], article_id: int) -> float:
    from annotate.models import Annotation, Article, Layer, Verdict

    queries = _compiled(
        [
            Article.objects.filter(pk=article_id).values_list("text", "sentences", "headings"),
            Layer.objects.filter(article_id=article_id, finished_at__isnull=False).values_list(
                "editor_id", "editor__username"
            ),
            Annotation.objects.filter(article_id=article_id, orphaned=False)
            .order_by()
            .values_list("editor_id", "start", "end", "label"),
            Verdict.objects.filter(article_id=article_id).values_list(
                "id", "start", "end", "label", "note", "decided_at", "decided_by__username"
            ),
        ]
    )
    return _timed(healthz, lambda: _read(queries))


def insights_floor(healthz: Callable[[], object], by: str) -> float:
    """Over every article (a lead's view, no filter), grouped `by` outlet, month or editor;
    each JSON key read once a row (`JSONKeyInteger`), the cheapest the database offers."""
    from django.db.models import Count, DateField, F, Sum
    from django.db.models.functions import Coalesce, TruncDate, TruncMonth

    from annotate.models import Article, Layer
    from annotate.models.functions import JSONKeyInteger

    if by == "editor":
        keys = ("fact", "speculation", "hype", "none", "missing")
        rows = Layer.objects.values("editor__username").annotate(
            n=Count("pk"),
            words=Sum("article__words"),
            **{k: Sum(JSONKeyInteger("counts", k)) for k in keys},
        )
    else:
        month = TruncMonth(
            Coalesce("published_on", TruncDate("created_at"), output_field=DateField())
        )
        key = F("outlet") if by == "outlet" else month
        keys = ("fact", "speculation", "hype", "disputed", "none")
        rows = (
            Article.objects.order_by()
            .values(group=key)
            .annotate(
                n=Count("pk"),
                words=Sum("words"),
                **{k: Sum(JSONKeyInteger("sentence_labels", k)) for k in keys},
            )
        )
    queries = _compiled([rows.order_by()])
    return _timed(healthz, lambda: _read(queries))


def suggestions_floor(healthz: Callable[[], object], article_id: int, body: dict) -> float:
    """`body`: the suggestions.json the cache holds for the article (what reading the cache
    gives back); Django's cache is read for it, as the path reads it."""
    from django.core.cache import cache

    from annotate.models import Article

    queries = _compiled([Article.objects.filter(pk=article_id).values_list("text", "sentences")])
    cache.set("floors:suggestions", body, 60)

    def work() -> None:
        _read(queries)
        json.dumps(cache.get("floors:suggestions"), ensure_ascii=False)

    return _timed(healthz, work)


def suggesting_floor(text: str) -> float:
    from annotate.suggestions.cues import _WORD, SPECIAL

    started = time.perf_counter()
    for _ in _WORD.finditer(text.lower()):
        pass
    for _ in SPECIAL.finditer(text):
        pass
    return (time.perf_counter() - started) * 1000


# --- measuring them beside their figures, over HTTP as `make bench` does -------------------

REVIEWED = "Reviewed by five finished editors"


def main(argv: list[str] | None = None) -> dict:
    """Each figure beside its floor, round-robin in the same rounds: agreement.json,
    suggestions.json (cached), the review page over gunicorn; suggesting in process."""
    import argparse
    import statistics
    import sys
    import tempfile
    from pathlib import Path

    bench = Path(__file__).resolve().parent
    sys.path[:0] = [str(bench), str(bench.parent)]
    import run
    from server import PASSWORD, Client, free_port, start_server

    parser = argparse.ArgumentParser(description="floors beside their figures")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args(argv)
    run.BENCH_DB = "annotate_bench_floors"  # a database of its own, on PostgreSQL too
    with tempfile.TemporaryDirectory(prefix="annotate-floors-") as tmp:
        env = run.bench_env(Path(tmp))
        os.environ.update(env)
        import django

        django.setup()
        import review
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        built = run.build_data()
        if not get_user_model().objects.filter(username="lead").exists():
            get_user_model().objects.create_user("lead", password=PASSWORD, is_staff=True)
        reviewed = review.build(5, 2_000, REVIEWED)
        big, agreed = built["article"], built["agreed"]
        suggesting = {
            "suggesting floor": lambda i=0: suggesting_floor(big.text),
            "suggesting": lambda i=0: _suggest(big),
        }
        connections.close_all()
        port = free_port()
        server = start_server(env, port)
        try:
            editor, lead = Client(port), Client(port)
            editor.login("bench")
            lead.login("lead")
            samples = _rounds(editor, lead, big, agreed, reviewed, args.runs)
        finally:
            server.terminate()
            server.wait(timeout=30)
            run.drop_database()
        for name, fn in suggesting.items():  # in process, each timing itself
            samples[name] = [fn() for _ in range(args.runs)]
    result = {name: statistics.median(times) for name, times in samples.items()}
    for figure in ("agreement", "suggestions", "review", "suggesting"):
        ratio = result[figure] / result[f"{figure} floor"]
        print(
            f"{figure:<12} {result[figure]:7.1f} ms   floor {result[f'{figure} floor']:6.1f} ms"
            f"   ratio {ratio:4.2f}"
        )
    print(f"(GET /healthz {result['healthz']:.1f} ms; medians of {args.runs} rounds)")
    return result


def _suggest(article) -> float:
    from annotate.suggestions import suggestions_json

    started = time.perf_counter()
    suggestions_json(article.text, article.sentences)
    return (time.perf_counter() - started) * 1000


def _rounds(editor, lead, big, agreed, reviewed, runs: int) -> dict[str, list[float]]:
    def get(client, path: str) -> Callable[[], bytes]:
        def fetch() -> bytes:
            status, body = client.request("GET", path)
            assert status == 200, (path, status)
            return body

        return fetch

    healthz = get(editor, "/healthz")
    cached = json.loads(get(editor, f"/articles/{big.pk}/suggestions.json")())
    figures: dict[str, Callable[[], object]] = {
        "healthz": healthz,
        "agreement": get(editor, f"/articles/{agreed.pk}/agreement.json"),
        "agreement floor": lambda: agreement_floor(healthz, agreed.pk),
        "suggestions": get(editor, f"/articles/{big.pk}/suggestions.json"),
        "suggestions floor": lambda: suggestions_floor(healthz, big.pk, cached),
        "review": get(lead, f"/articles/{reviewed.pk}/review/"),
        "review floor": lambda: review_floor(healthz, reviewed.pk),
    }
    times: dict[str, list[float]] = {name: [] for name in figures}
    for i in range(runs + 3):
        for name, fn in figures.items():
            started = time.perf_counter()
            value = fn()
            took = value if name.endswith("floor") else (time.perf_counter() - started) * 1000
            if i >= 3:  # warm-up rounds left out
                times[name].append(took)
    return times


if __name__ == "__main__":
    main()


# The history page's floors (make bench times the export's parts, dumps and rows, itself).


def history_floor(healthz: Callable[[], object], rows: Callable[[], object]) -> float:
    """One GET /healthz round trip + the query of the 50 rows the history page shows
    (`rows`: the newest 50 events of the article, read as the page reads them)."""
    return _timed(healthz, rows)


def history_bare_floor(bare_page: Callable[[], object], rows: Callable[[], object]) -> float:
    """The history page of an article with one event (`bare_page`: the session and user,
    the article, the count, the Who list, the page's frame: what the page costs whatever
    its events) + the query of the 50 rows the busy page shows. What 10,000 events cost
    over this is what the figure's ratio says, as the annotated page's over the bare one."""
    return _timed(bare_page, rows)


# The write paths' floors.


def one_write(*, article, user) -> Callable[[int], None]:
    """A function doing one write per call: a new note on `user`'s tag on the last
    sentence of `article` (made here once, through Article.tag; pick a user or article
    whose tags the other figures do not change) and its TAG_NOTE event. A note changes
    no count, so the article's columns stay true however many times it runs."""
    from annotate.models import Annotation, Article, history

    start, end = article.sentences[-1]
    Article.objects.get(pk=article.pk).tag(editor=user, start=start, end=end, label="fact")
    tag = Annotation.objects.get(article=article, editor=user, start=start, end=end)

    def write(i: int = 0) -> None:
        old, note = tag.note, f"floor {i} {time.perf_counter_ns()}"
        with transaction.atomic():
            Annotation.objects.filter(pk=tag.pk).update(
                note=note, version=F("version") + 1, updated_at=timezone.now()
            )
            tag.note = note
            history.record_tag_edit(article, user, tag, tag.label, old)

    return write


def bulk_insert(*, articles: Iterable, user, spans: list[dict]) -> list[float]:
    """Milliseconds to insert `spans` (start, end, label) as new tags of `user`, with their
    TAG_CREATED events, on each of `articles` (fresh ones: no tag of `user` on them)."""
    times = []
    for article in articles:
        tags, events = _rows(article, user, spans)
        t0 = time.perf_counter()
        with transaction.atomic():
            _insert("annotate_annotation", TAG_COLUMNS, tags)
            _insert("annotate_event", EVENT_COLUMNS, events)
        times.append((time.perf_counter() - t0) * 1000)
    return times


TAG_COLUMNS = (
    "article_id", "editor_id", "start", "end", "quote", "label", "note", "orphaned",
    "suggested_by", "reanchored_at", "version", "created_at", "updated_at", "uuid",
)  # fmt: skip
EVENT_COLUMNS = (
    "article_id", "at", "who_id", "who_label", "kind", "annotation_uuid", "owner_id", "before",
    "after", "source_id", "uuid",
)  # fmt: skip


def _rows(article, user, spans: list[dict]) -> tuple[list[tuple], list[tuple]]:
    """The rows as the database takes them: what the import's insert_annotations and
    ImportEvents write, each event's `after` the tag's state as history.tag_state has it."""
    from annotate.models.history import Kind

    ops, moment = connection.ops, timezone.now()
    now, created = ops.adapt_datetimefield_value(moment), moment.isoformat()
    native = connection.features.has_native_uuid_field

    def key(uuid: uuidlib.UUID) -> str:
        return str(uuid) if native else uuid.hex

    name = user.get_username()
    tags, events = [], []
    for span in spans:
        s, e, label, uuid = span["start"], span["end"], span["label"], uuidlib.uuid4()
        quote = article.text[s:e]
        tags.append(
            (article.pk, user.pk, s, e, quote, label, "", False, "", None, 1, now, now, key(uuid))
        )
        after = {"uuid": str(uuid), "start": s, "end": e, "quote": quote, "label": label,
                 "note": "", "editor": name, "created_at": created}  # fmt: skip
        events.append(
            (article.pk, now, user.pk, name, Kind.TAG_CREATED.value, key(uuid), user.pk, None,
             ops.adapt_json_value(after, None), None, key(uuidlib.uuid4()))
        )  # fmt: skip
    return tags, events


def _insert(table: str, columns: tuple, rows: list[tuple]) -> None:
    from annotate.import_sql import ROWS, insert_rows

    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) VALUES "  # noqa: S608
    one = f"({', '.join(['%s'] * len(columns))})"
    insert_rows(head, one, rows, batch=ROWS)
