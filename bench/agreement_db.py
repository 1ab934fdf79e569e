"""Pooled agreement read from the database: what `GET /agreement.json` and
`manage.py agreement` cost over many articles.

    python bench/agreement_db.py [--articles 1000] [--sentences 40] [--runs 3]

Builds its own database (SQLite, or PostgreSQL when DATABASE_URL names one; see
export_import.py), with ARTICLES articles of SENTENCES sentences, each finished by 3 to
5 of 8 editors who tag about 60% of the sentences. Times `ArticleQuerySet.measured()`
with `annotate.agreement.pooled_agreement` (what the endpoint runs), beside the pure
computation on the same tuples already in memory. Target: under 3 s for 1,000 articles.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from export_import import SENTENCES, _database, _setup  # noqa: E402

TARGET_S = 3
EDITORS = [f"editor{i}" for i in range(8)]


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--sentences", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="annotate-agreementbench-") as tmp:
        url, drop = _database(Path(tmp))
        try:
            return _measure(url, args)
        finally:
            drop()


def _measure(url: str, args: argparse.Namespace) -> dict:
    _setup(url)
    from django.core.management import call_command
    from django.db import connection

    from annotate.agreement import pooled_agreement
    from annotate.models import Article

    call_command("migrate", verbosity=0)
    spans = _build(args.articles, args.sentences)

    def from_database() -> dict:
        return pooled_agreement(Article.objects.all().measured())

    in_memory = list(Article.objects.all().measured())
    db_s = _median(from_database, args.runs)
    pure_s = _median(lambda: pooled_agreement(in_memory), args.runs)
    result = from_database()
    print(
        f"pooled agreement from {connection.vendor}: {args.articles} articles, "
        f"{result['sentences']} sentences, {spans} spans, {len(result['pairs'])} pairs: "
        f"{db_s:.2f} s (target < {TARGET_S} s; the computation alone {pure_s:.2f} s)"
    )
    return {"pooled_db_s": db_s, "pooled_pure_s": pure_s}


def _build(n_articles: int, n_sentences: int) -> int:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from annotate import sentences as sentencelib
    from annotate import text as textlib
    from annotate.models import Annotation, Article, Layer

    rng = random.Random(10)
    users = get_user_model().objects
    owner = users.create_user("bench")
    editors = [users.create_user(name) for name in EDITORS]
    text = " ".join(SENTENCES[i % len(SENTENCES)] for i in range(n_sentences))
    sentences = [list(s) for s in sentencelib.sentence_spans(text)]
    articles = Article.objects.bulk_create(
        Article(
            title=f"Story {i}",
            text=text,
            text_sha256=textlib.sha256_hex(text),
            sentences=sentences,
            created_by=owner,
        )
        for i in range(n_articles)
    )
    labels = ("fact", "speculation", "hype")
    rows, layers, now = [], [], timezone.now()
    for article in articles:
        truth = [rng.choice(labels) if rng.random() < 0.7 else None for _ in sentences]
        for editor in rng.sample(editors, rng.randint(3, 5)):
            layers.append(Layer(article=article, editor=editor, finished_at=now))
            for (start, end), true in zip(sentences, truth, strict=True):
                if true is None and rng.random() < 0.8:
                    continue
                label = true if true and rng.random() < 0.7 else rng.choice(labels)
                rows.append(
                    Annotation(
                        article=article,
                        editor=editor,
                        start=start,
                        end=end,
                        quote=text[start:end],
                        label=label,
                    )  # fmt: skip
                )
    Layer.objects.bulk_create(layers, batch_size=2000)
    Annotation.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _median(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


if __name__ == "__main__":
    main()
