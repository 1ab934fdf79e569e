"""The write side of a tag, in process, each figure beside its floor in the same rounds
(bench/floors.py): Article.tag alone and the page's tag POST against one_write, the API's
tag POST against one_write too, and the API's bulk request of 5,000 spans against
inserting the same rows with the import's insert_rows.

    python bench/write.py [--runs 30] [--db FILE]

On the data of bench/profiling.py (its SQLite file, built on first use). Each run adds
its bulk copies' 5,000 tags and events a copy, and a bigger file makes every insert slower
(the floor too): delete bench/out/profile.sqlite3 now and then. (Deleting them costs more
than building the file again: nothing indexes the events that point at an event.)
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent)]

import profiling  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--db", default=str(BENCH / "out" / "profile.sqlite3"))
    args = parser.parse_args(argv)
    profiling.setup(Path(args.db))
    import api as apibench
    import floors
    from django.contrib.auth import get_user_model
    from django.test import Client

    from annotate.api.models import Token
    from annotate.models import Article

    client = Client()
    figures, me = profiling.requests(client)
    client.force_login(get_user_model().objects.get(username="bench"))
    big = Article.objects.get(title="The 10,000-word article")
    bare = Article.objects.get(title="The same article, bare")
    single = {
        "Article.tag alone": figures["write"],
        "page tag POST": figures["tag"],
        "API tag POST": figures["api-tag"],
        "one_write (floor)": floors.one_write(article=big, user=me),
    }
    times: dict[str, list[float]] = {name: [] for name in single}
    cpu: dict[str, list[float]] = {name: [] for name in single}
    for i in range(3):
        for fn in single.values():
            fn(i)
    for i in range(args.runs):  # round-robin: a burst of load slows a round alike
        for name, fn in single.items():
            t0, c0 = time.perf_counter(), time.process_time()
            fn(4 + i)
            times[name].append((time.perf_counter() - t0) * 1000)
            cpu[name].append((time.process_time() - c0) * 1000)
    med = {name: statistics.median(t) for name, t in times.items()}
    med_cpu = {name: statistics.median(t) for name, t in cpu.items()}
    floor, floor_cpu = med["one_write (floor)"], med_cpu["one_write (floor)"]
    # Wall time holds the commit's wait for the disk, CPU time the Python and SQLite work.
    print(f"{'figure':<24}{'median':>10}{'p90':>10}{'/ floor':>9}{'CPU':>10}{'/ floor':>9}")
    for name, t in times.items():
        p90 = statistics.quantiles(t, n=10)[-1]
        print(
            f"{name:<24}{med[name]:>8.2f}ms{p90:>8.2f}ms{med[name] / floor:>8.2f}x"
            f"{med_cpu[name]:>8.2f}ms{med_cpu[name] / floor_cpu:>8.2f}x"
        )

    spans = apibench.bulk_spans(bare)
    token = Token.objects.issue(user=me, name="bench/write.py")[1]
    api = Client(headers={"Authorization": f"Bearer {token}"})
    body = json.dumps({"annotations": spans})
    bulk_runs = max(3, args.runs // 5)
    articles = copies(bare, me, 2 * bulk_runs)
    bulk, floor_ms, bulk_cpu, floor_cpu = [], [], [], []
    for article in articles[:bulk_runs]:  # alternating: a request, then the floor
        url = f"/api/v1/articles/{article.pk}/annotations/bulk"
        t0, c0 = time.perf_counter(), time.process_time()
        response = api.post(url, body, content_type="application/json")
        bulk.append((time.perf_counter() - t0) * 1000)
        bulk_cpu.append((time.process_time() - c0) * 1000)
        assert response.status_code == 201, response.content[:300]
        c0 = time.process_time()
        floor_ms += floors.bulk_insert(articles=[articles.pop()], user=me, spans=spans)
        floor_cpu.append((time.process_time() - c0) * 1000)  # with building the rows
    rate, floor_rate = (len(spans) / (statistics.median(t) / 1000) for t in (bulk, floor_ms))
    print(
        f"\nAPI bulk, {len(spans):,} spans: median {statistics.median(bulk):.0f} ms "
        f"(CPU {statistics.median(bulk_cpu):.0f} ms), {rate:,.0f} spans/s; floor (insert_rows, "
        f"tags and events) {statistics.median(floor_ms):.0f} ms (CPU with building its rows "
        f"{statistics.median(floor_cpu):.0f} ms), {floor_rate:,.0f} spans/s; "
        f"floor/actual {floor_rate / rate:.2f}"
    )
    return 0


def copies(bare, me, n: int) -> list:
    """Fresh copies of the bare article, as rows (Article.save would split each again)."""
    from annotate.models import Article

    fields = {f: getattr(bare, f) for f in ("text", "text_sha256", "sentences", "words")}
    made = [
        Article(title=f"Write copy {n}", created_by=me, headings=bare.headings, **fields)
        for n in range(n)
    ]
    return Article.objects.bulk_create(made)


if __name__ == "__main__":
    sys.exit(main())
