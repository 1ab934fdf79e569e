"""The evaluation set as a newsroom's settled work: articles of five of its sentences, each
sentence a paragraph, labelled by a lead's verdicts (every third article) or by an editor's
finished layer (the others). For the learned suggester's tests and its bench figures."""

from __future__ import annotations

import json
from pathlib import Path

EVAL = Path(__file__).parent / "data" / "suggest_eval.jsonl"


def eval_rows() -> list[dict]:
    with EVAL.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def seed_settled(editor, lead, *, per_article: int = 5, rows: list[dict] | None = None) -> list:
    from annotate.models import Annotation, Article

    rows = eval_rows() if rows is None else rows
    articles = []
    for n, first in enumerate(range(0, len(rows), per_article)):
        chunk = rows[first : first + per_article]
        text = "\n\n".join(r["text"] for r in chunk)
        article = Article.objects.create(title=f"Settled {n}", text=text, created_by=editor)
        at = 0
        for r in chunk:
            start, end = at, at + len(r["text"])
            at = end + 2
            if n % 3 == 0:
                article.decide(lead=lead, start=start, end=end, label=r["label"])
            elif r["label"] != "none":
                Annotation.objects.create(
                    article=article,
                    editor=editor,
                    start=start,
                    end=end,
                    quote=text[start:end],
                    label=r["label"],
                )
        if n % 3:
            article.set_finished(editor, True)
        articles.append(article)
    return articles
