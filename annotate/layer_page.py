"""The panel's layer part: whose counts it shows, the editor's own layer, who finished,
and the finished and blind controls. Counts come from the columns every change keeps
(Article.sentence_labels, Layer.counts), never from a sum over editors' tags."""

from __future__ import annotations

from annotate.agreement import DISPUTED, NONE
from annotate.models import Article, Label, is_lead

MISSING = "missing"
NAMES = {**dict(Label.choices), DISPUTED: "Disputed", NONE: "No label", MISSING: "Not yet tagged"}


def said_counts(article: Article, user) -> dict[str, int]:
    """Sentences per label as the panel shows them: what the article says by the one rule
    or, in a blind article the user has not finished, what their own layer says."""
    if article.hides_others_from(user):
        layer = article.layer_of(user)
        counts = layer.counts if layer else {MISSING: article.sentences_total}
        return {key: counts.get(key, 0) for key in (*Label.values, MISSING)}
    said = article.sentence_labels or {NONE: article.sentences_total}
    return {key: said.get(key, 0) for key in (*Label.values, DISPUTED, NONE)}


def _rows(counts: dict[str, int], keys) -> list[dict]:
    return [{"value": key, "name": NAMES[key], "count": counts.get(key, 0)} for key in keys]


def layer_context(article: Article, user) -> dict:
    """What the panel's layer partial shows (templates/annotate/partials/layer_panel.html)."""
    layer = article.layer_of(user)
    hidden = article.hides_others_from(user)
    counts = said_counts(article, user)
    return {
        "hidden": hidden,
        "said_extra": _rows(counts, [MISSING] if hidden else [DISPUTED, NONE]),
        "my_layer": None
        if layer is None or hidden
        else _rows(layer.counts, (*Label.values, NONE, MISSING)),
        "finished": layer is not None and layer.finished,
        "finished_names": [x.editor.get_username() for x in article.editor_layers() if x.finished],
        "can_set_blind": is_lead(user),
    }


def list_rows(articles, user) -> list[dict]:
    """The list page's rows (articles from `ArticleQuerySet.listed`): each article with
    its sentence counts by the one rule (or, blind, the user's own), its progress and
    who has finished it."""
    from annotate.page import progress  # page.py builds on this module: imported here

    return [
        {
            "article": article,
            "hidden": article.hides_others_from(user),
            "said": said_counts(article, user),
            "finished_names": [x.editor.get_username() for x in article.layers.all() if x.finished],
            **progress(article, user),
        }
        for article in articles
    ]
