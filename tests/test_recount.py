"""A change of one tag adjusts the article's progress columns for the sentences its span
touches (annotate/models/recount.py's Window); the columns must stay what a full recount
gives, whatever series of writes came before."""

from __future__ import annotations

import random

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from annotate import tally
from annotate.models import Annotation, Article, Conflict, Layer, Verdict
from annotate.models import recount as recountlib

pytestmark = pytest.mark.django_db

WORDS = [
    "chip",
    "fast",
    "claims",
    "analysts",
    "record",
    "growth",
    "market",
    "may",
    "will",
    "percent",
    "engineers",
    "said",
]


def random_text(rng: random.Random) -> str:
    paragraphs = ["Acme Unveils a Chip"]  # the headline, when the title repeats it
    for p in range(8):
        if p % 3 == 1:
            paragraphs.append(f"Section {p} Looks Ahead")  # a heading
        sentences = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12))).capitalize() + "."
            for _ in range(rng.randint(2, 6))
        ]
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def columns(pk: int) -> tuple:
    article = Article.objects.get(pk=pk)
    layers = dict(Layer.objects.filter(article_id=pk).values_list("editor_id", "counts"))
    return article.sentences_tagged, article.sentence_labels, layers


def recounted(pk: int) -> tuple:
    """The columns as a full recount gives them, written in a savepoint rolled back."""
    with transaction.atomic():
        Article.objects.get(pk=pk).refresh_progress()
        counted = columns(pk)
        transaction.set_rollback(True)
    return counted


class Writes:
    """A seeded series of every kind of write through the model methods, as the views and
    the API make them."""

    def __init__(self, rng: random.Random, article: Article, editors: list, lead) -> None:
        self.rng, self.pk, self.editors, self.lead = rng, article.pk, editors, lead
        self.stale: Article | None = None

    def article(self) -> Article:
        # Now and then an instance read a few writes ago, as a request that waited on the
        # lock has: the lock reads the columns again.
        if self.stale is not None and self.rng.random() < 0.2:
            return self.stale
        article = Article.objects.get(pk=self.pk)
        if self.rng.random() < 0.3:
            self.stale = article
        return article

    def span(self, article: Article) -> tuple[int, int]:
        rng, sentences = self.rng, article.sentences
        i = rng.randrange(len(sentences))
        start, end = sentences[i]
        kind = rng.random()
        if kind < 0.35:
            return start, end  # a whole sentence (a heading, sometimes)
        if kind < 0.7:  # a phrase inside it
            a = rng.randrange(start, end - 1)
            return a, rng.randrange(a + 1, end + 1)
        j = min(i + rng.randint(1, 2), len(sentences) - 1)  # across sentences
        if j == i:
            return start, end
        return rng.randrange(start, end), rng.randrange(sentences[j][0] + 1, sentences[j][1] + 1)

    def a_tag(self) -> Annotation | None:
        tags = list(Annotation.objects.filter(article_id=self.pk).order_by("pk"))
        if not tags:
            return None
        tag = self.rng.choice(tags)
        if self.rng.random() < 0.5:
            tag.article = self.article()  # the page's views attach the article
        return tag

    def label(self) -> str:
        return self.rng.choice(["fact", "speculation", "hype"])

    def step(self) -> str:
        rng = self.rng
        kind = rng.choices(
            ["tag", "relabel", "note", "remove", "finish", "verdict", "unverdict", "undo",
             "title", "text"],
            [40, 15, 5, 12, 6, 6, 3, 6, 3, 1],
        )[0]  # fmt: skip
        editor = rng.choice(self.editors)
        if kind == "tag":
            article = self.article()
            start, end = self.span(article)
            note = rng.choice([None, "", "checked"])
            article.tag(editor=editor, start=start, end=end, label=self.label(), note=note)
        elif kind in ("relabel", "note", "remove") and (tag := self.a_tag()) is not None:
            by = rng.choice([self.lead, tag.editor])
            if kind == "remove":
                tag.remove(seen_version=rng.choice([None, tag.version]), by=by)
            else:
                label = self.label() if kind == "relabel" else tag.label
                tag.change(seen_version=tag.version, label=label, note=f"n{rng.random()}", by=by)
        elif kind == "finish":
            self.article().set_finished(editor, rng.random() < 0.7)
        elif kind == "verdict":
            article = self.article()
            start, end = self.span(article)
            label = rng.choice(["fact", "speculation", "hype", "none"])
            article.decide(lead=self.lead, start=start, end=end, label=label)
        elif kind == "unverdict" and (verdict := Verdict.objects.first()) is not None:
            verdict.remove(by=self.lead)
        elif kind == "undo":
            self.article().undo(editor)
        elif kind == "title":
            article = Article.objects.get(pk=self.pk)
            title = rng.choice(["Acme Unveils a Chip", "Something else"])
            article.edit(seen_version=article.version, title=title)
        elif kind == "text":
            article = Article.objects.get(pk=self.pk)
            text = article.text.replace("chip", "processor", 1)
            article.edit(seen_version=article.version, text=text)
        return kind


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_columns_after_random_writes_are_a_full_recounts(
    seed, make_user, editor, other_editor, lead, make_article, monkeypatch
):
    rng = random.Random(seed)
    article = make_article(text=random_text(rng), title="Acme Unveils a Chip")
    article.refresh_progress()  # a new article's columns are counted at its first change
    writes = Writes(rng, article, [editor, other_editor, make_user("carol"), lead], lead)
    calls = {"window": 0, "full": 0}
    changed, full = recountlib.Window.changed, recountlib.recount

    def counting_changed(self, *args):
        calls["window"] += 1
        return changed(self, *args)

    def counting_full(article):
        calls["full"] += 1
        return full(article)

    monkeypatch.setattr(recountlib.Window, "changed", counting_changed)
    monkeypatch.setattr(recountlib, "recount", counting_full)
    done = []
    for i in range(250):
        try:
            done.append(writes.step())
        except Conflict:
            done.append("conflict")
        assert columns(article.pk) == recounted(article.pk), (seed, i, done[-5:])
    # Most tag changes were counted in their window, not in full.
    assert calls["window"] > 100
    assert calls["full"] < calls["window"] / 10, calls


def test_relabel_reads_only_the_tags_of_its_sentences(client_for, editor, make_article):
    text = " ".join(f"Claim number {i} says the gadget is {i}x faster." for i in range(60))
    article = make_article(text=text)
    for start, end in article.sentences:
        article.tag(editor=editor, start=start, end=end, label="fact")
    start, end = article.sentences[30]
    with CaptureQueriesContext(connection) as queries:
        article.tag(editor=editor, start=start, end=end, label="hype")
    # No query reads the article's every tag: the one that reads tags is bound to a window.
    reads = [q["sql"] for q in queries if q["sql"].startswith('SELECT "annotate_annotation"')]
    assert len(reads) == 1 and '"start" <' in reads[0]
    assert columns(article.pk) == recounted(article.pk)


def test_a_layer_not_in_step_is_recounted_in_full(editor, make_article):
    article = make_article()
    start, end = article.sentences[1]
    article.tag(editor=editor, start=start, end=end, label="fact")
    Layer.objects.filter(article=article).update(counts={"fact": 0})  # not counted as now
    article = Article.objects.get(pk=article.pk)
    article.tag(editor=editor, start=start, end=end, label="hype")
    assert columns(article.pk) == recounted(article.pk)


def test_shifted_refuses_counts_it_cannot_move():
    keys = ("a", "b")
    assert tally.shifted({"a": 1, "b": 0}, keys, {"b": 1}, {"a": 1}) == {"a": 0, "b": 1}
    assert tally.shifted({"a": 1}, keys, {}, {}) is None  # never counted
    assert tally.shifted({"a": 0, "b": 0}, keys, {}, {"a": 1}) is None  # below zero


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan; PostgreSQL's varies")
def test_the_window_reads_through_the_live_span_index(editor, make_article):
    article = make_article()
    window = recountlib.Window(article, 0, 8)
    rows = Annotation.objects.filter(
        article_id=article.pk, orphaned=False, start__lt=window.end, end__gt=window.start
    )
    sql, params = rows.order_by().values_list(*recountlib.FIELDS).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "annotation_live_span" in plan


def test_the_articles_layers_read_after_a_change_are_as_stored(editor, make_article):
    # Window.changed and recount leave the layers they wrote on the instance (layer_of reads
    # them once a request): they must be what the database holds now.
    article = make_article()
    for label, finished in (("fact", False), ("hype", False), ("hype", True)):
        start, end = article.sentences[2]
        article.tag(editor=editor, start=start, end=end, label=label)
        if finished:
            article.set_finished(editor, True)
        stored = Layer.objects.get(article=article, editor=editor)
        assert article.layer_of(editor).counts == stored.counts
        assert article.layer_of(editor).finished == stored.finished == finished
