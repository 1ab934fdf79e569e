"""Agreement speed on synthetic data: one article, and many pooled.

    python bench/agreement.py [--runs 7] [--articles 1000]

Pure computation (annotate.agreement, no database). Seeded, so every run measures the
same data:

- one article of 400 sentences with 5 finished editors, each tagging about 60% of the
  sentences (whole sentences, phrases inside them, and spans across two), editors
  agreeing with a shared "truth" about 70% of the time: about 300 spans per editor;
- ARTICLES such articles with 3 to 5 finished editors each (out of 8), pooled, with
  verdicts on a fifth of the sentences of every tenth article.

Prints the median of RUNS timings of each, beside its target and a floor measured in
the same run (one pure-Python pass reading every span once: what no computation on this
data can beat), so that a figure taken on a busy machine still says something. Returns
the figures as a dict from `main()`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotate.agreement import (  # noqa: E402
    LABELS,
    ArticleLayers,
    Layer,
    article_agreement,
    pooled_agreement,
)

TARGET_ARTICLE_MS = 50
TARGET_POOLED_S = 3
EDITORS = [f"editor{i}" for i in range(8)]


def make_article(rng: random.Random, sentences: int, editors: list[str]) -> ArticleLayers:
    spans, position = [], 0
    for _ in range(sentences):
        length = rng.randint(60, 200)
        spans.append((position, position + length))
        position += length + 1
    truth = [rng.choice(LABELS) if rng.random() < 0.7 else None for _ in spans]
    layers = []
    for editor in editors:
        tags = []
        for i, (start, end) in enumerate(spans):
            label = truth[i] if rng.random() < 0.7 else rng.choice(LABELS)
            roll = rng.random()
            if truth[i] is None and roll < 0.8:
                continue
            if roll < 0.5:
                tags.append((start, end, label))
            elif roll < 0.8:
                a = rng.randint(start, end - 10)
                tags.append((a, rng.randint(a + 1, min(end, a + 40)), label))
            elif roll < 0.85 and i + 1 < len(spans):
                tags.append((rng.randint(start, end - 1), rng.randint(*spans[i + 1]), label))
        layers.append(Layer(editor, tags, finished=True))
    verdicts = [(s, e, truth[i] or "none") for i, (s, e) in enumerate(spans) if i % 5 == 0]
    return ArticleLayers([list(s) for s in spans], layers, verdicts)


def median_time(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def read_every_span(articles: list[ArticleLayers]) -> int:
    total = 0
    for article in articles:
        for layer in article.layers:
            for start, end, _ in layer.spans:
                total += end - start
    return total


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args(argv)
    rng = random.Random(10)
    one = make_article(rng, 400, EDITORS[:5])
    many = [
        make_article(rng, 400, rng.sample(EDITORS, rng.randint(3, 5))) for _ in range(args.articles)
    ]
    for i, article in enumerate(many):
        if i % 10:
            many[i] = article._replace(verdicts=())
    spans = sum(len(x.spans) for x in one.layers)
    article_s = median_time(lambda: article_agreement(one.sentences, one.layers), args.runs)
    pooled_s = median_time(lambda: pooled_agreement(many), max(3, args.runs // 2))
    article_floor = median_time(lambda: read_every_span([one]), args.runs)
    pooled_floor = median_time(lambda: read_every_span(many), max(3, args.runs // 2))
    pooled_spans = sum(len(x.spans) for a in many for x in a.layers)
    print(
        f"one article, 400 sentences, 5 editors, {spans} spans: "
        f"{article_s * 1000:.1f} ms (target < {TARGET_ARTICLE_MS} ms; "
        f"floor {article_floor * 1000:.2f} ms)"
    )
    print(
        f"pooled, {len(many)} articles, {sum(len(a.sentences) for a in many)} sentences, "
        f"{pooled_spans} spans: {pooled_s:.2f} s (target < {TARGET_POOLED_S} s; "
        f"floor {pooled_floor:.2f} s)"
    )
    return {
        "article_ms": article_s * 1000,
        "article_floor_ms": article_floor * 1000,
        "pooled_s": pooled_s,
        "pooled_floor_s": pooled_floor,
    }


if __name__ == "__main__":
    main()
