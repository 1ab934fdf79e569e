"""The learned suggester's training data: sentences the newsroom has settled, by gold
verdicts and finished layers only (issue 8's data). An unfinished layer says nothing of
what it leaves untagged, so it teaches nothing; sentences finished layers dispute are left
out too. A verdict wins over the layers, as in the one rule."""

from __future__ import annotations

from django.db.models import Q

from annotate import agreement
from annotate.models import Annotation, Article, Layer, LearnedSuggester, Verdict
from annotate.suggestions import learned
from annotate.suggestions.cues import Lexicon


def training_examples() -> tuple[list[learned.Example], list[int]]:
    """(text, start, end, label) per settled sentence, and the article of each."""
    finished = Layer.objects.filter(finished_at__isnull=False)
    ids = set(finished.values_list("article_id", flat=True))
    ids |= set(Verdict.objects.values_list("article_id", flat=True))
    examples: list[learned.Example] = []
    groups: list[int] = []
    editors_done: dict[int, set[int]] = {}
    for article_id, editor_id in finished.values_list("article_id", "editor_id"):
        editors_done.setdefault(article_id, set()).add(editor_id)
    for article in Article.objects.filter(pk__in=ids).order_by("pk").only("text", "sentences"):
        done = editors_done.get(article.pk, set())
        spans: dict[int, list] = {editor: [] for editor in done}
        rows = Annotation.objects.filter(
            Q(article=article) & Q(orphaned=False) & Q(editor_id__in=done)
        ).values_list("editor_id", "start", "end", "label")
        for editor_id, start, end, label in rows:
            spans[editor_id].append((start, end, label))
        layers = [agreement.Layer(str(e), spans[e], True) for e in sorted(spans)]
        sentences = article.sentences
        gold = agreement.verdict_values(
            sentences, article.verdicts.values_list("start", "end", "label")
        )
        table = agreement.value_table(sentences, layers)
        for (start, end), decided, values in zip(sentences, gold, table, strict=True):
            given = {v for v in values if v is not None}
            label = decided if decided is not None else given.pop() if len(given) == 1 else None
            if label is not None:
                examples.append((article.text, start, end, label))
                groups.append(article.pk)
    return examples, groups


def train(
    lex: Lexicon, *, folds: int = 5, store: bool = True
) -> tuple[dict, LearnedSuggester | None]:
    """Cross-validate, and store a model fitted on every example when it beats the cues."""
    examples, groups = training_examples()
    labels = {label for *_, label in examples}
    if len(examples) < 20 or len(labels) < 2:
        raise ValueError(
            f"{len(examples)} settled sentences with {len(labels)} different labels: training "
            "needs at least 20 sentences and two labels (gold verdicts, finished layers)"
        )
    figures = learned.cross_validate(examples, groups, lex, folds)
    better = figures["learned"]["macro_f1"] > figures["cues"]["macro_f1"]
    if not (better and store):
        return figures, None
    row = LearnedSuggester.objects.create(
        model=learned.fit(examples, lex),
        figures=figures,
        sentences=len(examples),
        trained_on=sorted(set(groups)),
    )
    return figures, row
