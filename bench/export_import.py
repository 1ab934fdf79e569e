"""Export and import speed, and export memory at two sizes.

    python bench/export_import.py [--articles 1000] [--per-article 100] [--runs 3]

Builds ARTICLES articles with PER_ARTICLE annotations each in a database of its own
(SQLite: a temporary file; PostgreSQL when DATABASE_URL points at one: a database named
after the URL's with `_exportbench` added, dropped at the end), then:

- times `export_articles --format F --output FILE` in every format (median of RUNS),
- times `import_articles` of the json export into the emptied database, and again
  (the second import changes nothing),
- runs the export in a fresh process at a quarter and at all of the articles and reads
  its peak resident memory (VmHWM), to show that memory does not grow with size.

Prints a few lines and returns the figures as a dict from `main()` (bench/run.py calls it).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("json", "jsonl", "w3c", "labelstudio", "doccano")
TARGET_EXPORT = 20_000  # annotations/s
TARGET_IMPORT = 5_000
SENTENCES = [
    "Acme Corp. said on Monday that its new chip is 3.5x faster than the last one.",
    "The company called it the greatest leap in computing history 🚀.",
    "Analysts expect shipments to begin next year, according to Reuters.",
    "Engineers 👩‍💻 in 東京 tested the prototype for six weeks.",
    "The launch could reshape the market for AI accelerators.",
    "Revenue rose 12% to $4.2 billion in the quarter, the filing shows.",
    "Critics say the claims of supremacy are premature.",
    "مرحبا, said one visitor at the booth, before the demo began.",
]
LABELS = ("fact", "hype", "speculation")
EDITORS = ("alice", "bob", "carol")


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--per-article", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("FORMAT", "ARTICLES"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(*args.child)
    with tempfile.TemporaryDirectory(prefix="annotate-exportbench-") as tmp:
        url, drop = _database(Path(tmp))
        try:
            result = _measure(Path(tmp), url, args)
        finally:
            drop()
    _print(result)
    return result


def _database(tmp: Path, suffix: str = "_exportbench"):
    """A database URL of the bench's own, and a function that drops it."""
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp / 'bench.sqlite3'}", lambda: None
    import psycopg

    parts = urlsplit(configured)
    name = (parts.path.lstrip("/") or "postgres") + suffix
    admin = urlunsplit(parts._replace(path="/postgres"))

    def run(sql: str) -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql)

    run(f'DROP DATABASE IF EXISTS "{name}"')
    run(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}")), lambda: run(
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    )


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ["ANNOTATE_ENV_FILE"] = ""  # production-like: never a local .env's DEBUG=1
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotate.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _measure(tmp: Path, url: str, args: argparse.Namespace) -> dict:
    _setup(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    ids = _build(args.articles, args.per_article)
    total = args.articles * args.per_article
    result: dict = {
        "database": "postgresql" if url.startswith("postgres") else "sqlite",
        "articles": args.articles,
        "annotations": total,
        "build_s": round(time.perf_counter() - started, 1),
        "export": {},
    }
    for fmt in FORMATS:
        times, cpu = [], []
        for _ in range(args.runs):
            out = tmp / f"export.{fmt}"
            started, started_cpu = time.perf_counter(), time.process_time()
            call_command(
                "export_articles", "--format", fmt, "--output", str(out), stderr=io.StringIO()
            )
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        result["export"][fmt] = {
            **_rates(times, cpu, total),
            "mb": round((tmp / f"export.{fmt}").stat().st_size / 1e6, 1),
        }
    result["import"] = _import(tmp / "export.json", total)
    from annotate.models import Article

    ids = list(Article.objects.order_by("id").values_list("pk", flat=True))  # after the import
    quarter = max(1, args.articles // 4)
    env = {**os.environ, "DATABASE_URL": url}
    result["memory"] = {
        fmt: {str(n): _child_rss(fmt, ids[:n], env) for n in (quarter, args.articles)}
        for fmt in ("json", "w3c")
    }
    return result


def _build(n_articles: int, per_article: int) -> list[int]:
    """Articles of `per_article` sentences, one annotation per sentence, three editors."""
    from django.contrib.auth import get_user_model

    from annotate import sentences as sentencelib
    from annotate import text as textlib
    from annotate.models import Annotation, Article

    users = [get_user_model().objects.create_user(name) for name in EDITORS]
    body = ""
    for i in range(per_article):
        if i and i % 8 == 0:
            body += "\n\n"
        elif i:
            body += " "
        body += SENTENCES[i % len(SENTENCES)]
    sentences = [list(s) for s in sentencelib.sentence_spans(body)]
    spans = [tuple(s) for s in sentences][:per_article]
    while len(spans) < per_article:  # more annotations than sentences: phrases inside them
        start, end = sentences[len(spans) % len(sentences)]
        spans.append((start, start + max(1, (end - start) // 2)))
    articles = Article.objects.bulk_create(
        Article(
            title=f"Acme chip, take {n}",
            source_url=f"https://news.example/{n}" if n % 2 else "",
            text=body,
            text_sha256=textlib.sha256_hex(body),
            sentences=sentences,
            sentences_tagged=len(sentences),
            created_by=users[n % 3],
        )
        for n in range(n_articles)
    )
    rows = []
    for article in articles:
        for i, (start, end) in enumerate(spans):
            rows.append(
                Annotation(
                    article=article,
                    editor=users[i % 3],
                    start=start,
                    end=end,
                    quote=body[start:end],
                    label=LABELS[i % 3],
                    note="checked" if i % 10 == 0 else "",
                )
            )
    Annotation.objects.bulk_create(rows, batch_size=5000)
    return [a.pk for a in articles]


def _import(path: Path, total: int) -> dict:
    from django.core.management import call_command

    from annotate.models import Annotation, Article

    Annotation.objects.all().delete()
    Article.objects.all().delete()
    figures = {}
    for run in ("first", "again"):
        out = io.StringIO()
        started, started_cpu = time.perf_counter(), time.process_time()
        call_command("import_articles", str(path), stdout=out, stderr=io.StringIO())
        figures[run] = _rates(
            [time.perf_counter() - started], [time.process_time() - started_cpu], total
        )
    assert Annotation.objects.count() == total, "the import lost annotations"
    return figures


def _rates(times: list[float], cpu: list[float], total: int) -> dict:
    """Wall-clock median and best, and this process's CPU time (a loaded machine's wall
    clock says little; on SQLite the CPU time is all of the work)."""
    seconds = statistics.median(times)
    return {
        "seconds": round(seconds, 2),
        "annotations_per_s": round(total / seconds),
        "best_per_s": round(total / min(times)),
        "cpu_per_s": round(total / max(statistics.median(cpu), 1e-9)),
    }


def _child_rss(fmt: str, ids: list[int], env: dict) -> float:
    """Peak resident memory (MB) of a fresh process exporting `ids`."""
    ids_file = Path(tempfile.mkstemp(suffix=".json")[1])
    ids_file.write_text(json.dumps(ids))
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", fmt, str(ids_file)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"the export in a child process failed:\n{done.stderr}")
    finally:
        ids_file.unlink()
    return json.loads(done.stdout.strip().splitlines()[-1])["rss_mb"]


def _child(fmt: str, ids_path: str) -> dict:
    _setup(os.environ["DATABASE_URL"])
    from django.core.management import call_command

    ids = json.loads(Path(ids_path).read_text())
    args = [arg for i in ids for arg in ("--article", str(i))]
    call_command(
        "export_articles", "--format", fmt, "--output", os.devnull, *args, stderr=io.StringIO()
    )
    figures = {"rss_mb": round(_peak_rss_kb() / 1024, 1)}
    print(json.dumps(figures))
    return figures


def _peak_rss_kb() -> float:
    """This process's peak resident memory. Linux's VmHWM starts afresh at exec; ru_maxrss
    would carry over the parent's peak at fork time."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return float(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux


def _print(result: dict) -> None:
    print(
        f"export/import on {result['database']}: {result['articles']:,} articles, "
        f"{result['annotations']:,} annotations (built in {result['build_s']} s)"
    )
    for fmt, figures in result["export"].items():
        rate = figures["annotations_per_s"]
        verdict = "ok" if rate >= TARGET_EXPORT else f"MISSED (target {TARGET_EXPORT:,})"
        print(
            f"  export {fmt:<12} {figures['seconds']:>6.2f} s  {rate:>9,} annotations/s  "
            f"(best {figures['best_per_s']:,}, CPU {figures['cpu_per_s']:,})  "
            f"{figures['mb']:>6.1f} MB  {verdict}"
        )
    for run, figures in result["import"].items():
        rate = figures["annotations_per_s"]
        verdict = "ok" if rate >= TARGET_IMPORT else f"MISSED (target {TARGET_IMPORT:,})"
        print(
            f"  import json ({run:<5}) {figures['seconds']:>6.2f} s  {rate:>9,} annotations/s  "
            f"(CPU {figures['cpu_per_s']:,})  {verdict}"
        )
    for fmt, sizes in result["memory"].items():
        shown = ", ".join(f"{n} articles {mb:.0f} MB" for n, mb in sizes.items())
        print(f"  export {fmt:<12} peak memory (VmHWM): {shown}")


if __name__ == "__main__":
    main()
