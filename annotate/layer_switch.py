"""Whose tags the annotate page shows: the user's own layer, everyone's, or one editor's
(`?layer=mine|all|<username>`), and, with several editors shown, what each says of every
sentence and where finished editors disagree."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

from annotate import agreement
from annotate.models import Annotation, Article, Label, Layer
from annotate.render import Mark

ALL, MINE = "all", "mine"


@dataclass
class LayerChoice:
    value: str  # ALL, MINE or an editor's username
    options: list[tuple[str, str]]  # (value, name) for the switcher
    hidden: bool  # blind: the user sees only their own layer, whatever they asked for
    layers: list[Layer] = field(default_factory=list)  # every layer, with its editor

    @property
    def query(self) -> str:
        """What the page's requests carry so that their fragments draw the same layer."""
        return "" if self.value == ALL else "?" + urlencode({"layer": self.value})

    @property
    def several(self) -> bool:
        return self.value == ALL and not self.hidden and len(self.layers) > 1


def choose(article: Article, user, asked: str) -> LayerChoice:
    """The layer the page shows for ``asked``: an unknown name shows everyone's."""
    layers = article.editor_layers()
    if article.hides_others_from(user):
        return LayerChoice(MINE, [(MINE, "My tags")], hidden=True, layers=layers)
    options = [(ALL, "Everyone's tags"), (MINE, "My tags")]
    for layer in layers:
        name = layer.editor.get_username()
        if layer.editor_id != user.pk and name not in (ALL, MINE):
            options.append((name, f"{name}'s tags" + (" (finished)" if layer.finished else "")))
    value = asked if asked in {value for value, _ in options} else ALL
    return LayerChoice(value, options, hidden=False, layers=layers)


def shown(choice: LayerChoice, article: Article, user):
    """The annotations the page draws (orphans are listed apart)."""
    rows = Annotation.objects.visible_to(user, article).filter(article=article, orphaned=False)
    if choice.value == MINE:
        return rows.filter(editor=user)
    if choice.value != ALL:
        return rows.filter(editor__username=choice.value)
    return rows


def sentence_extras(
    choice: LayerChoice, article: Article, marks: list[Mark], indices: range | None = None
) -> dict[int, tuple[str, str]]:
    """Per sentence (of those in ``indices``), extra classes and attributes for
    ``render_paragraphs``: each editor's value by name (``data-values``, for the sentence's
    box) and, where finished editors disagree and no verdict settles it, ``disputed``."""
    if not choice.several:
        return {}
    n = len(article.sentences)
    indices = range(n) if indices is None else range(indices.start, min(indices.stop, n))
    sentences = article.sentences[indices.start : indices.stop]
    spans: dict[str, list[agreement.Span]] = {}
    for m in marks:
        spans.setdefault(m.editor, []).append((m.start, m.end, m.label))
    layers = [
        agreement.Layer(x.editor.get_username(), spans.get(x.editor.get_username(), ()), x.finished)
        for x in choice.layers
    ]
    columns = [agreement.layer_values(sentences, layer) for layer in layers]
    # Only finished editors can disagree: with fewer than two, no verdict to look up.
    if sum(layer.finished for layer in layers) > 1:
        verdicts = article.verdicts.values_list("start", "end", "label")
        settled = agreement.verdict_values(sentences, verdicts)
    else:
        settled = [None] * len(sentences)
    # Each [editor, label] pair's JSON, escaped for the attribute, made once, not per sentence.
    pairs = [{label: _attr([x.editor, label]) for label in Label.values} for x in layers]
    finished = [x.finished for x in layers]
    extras = {}
    made: dict[tuple, tuple[str, str] | None] = {}  # sentences saying the same share one
    for i, (index, row) in enumerate(zip(indices, zip(*columns, strict=True), strict=False)):
        key = (row, settled[i] is None)
        if key not in made:
            made[key] = _extra(row, pairs, finished, key[1])
        if made[key] is not None:
            extras[index] = made[key]
    return extras


def _extra(row: tuple, pairs: list[dict], finished: list[bool], unsettled: bool):
    # Labels only: the page knows the finished editors (page_data), whose silence is none.
    given = [pairs[k][value] for k, value in enumerate(row) if value not in NOT_A_LABEL]
    if not given:
        return None
    said = {value for value, done in zip(row, finished, strict=True) if done}
    disputed = len(said) > 1 and unsettled
    return (" disputed" if disputed else "", f" data-values='[{','.join(given)}]'")


NOT_A_LABEL = (None, agreement.NONE)


def _attr(value) -> str:
    """JSON in a single-quoted attribute: its double quotes stay as they are."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("&", "&amp;"), ("'", "&#x27;"), ("<", "&lt;"), (">", "&gt;")):
        text = text.replace(raw, escaped)
    return text


def page_data(choice: LayerChoice) -> dict:
    """What the page's script needs to list each editor's value in a sentence's box."""
    finished = [x.editor.get_username() for x in choice.layers if x.finished]
    return {"several": choice.several, "finished": finished if choice.several else []}
