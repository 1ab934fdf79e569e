"""Layers and verdicts in documents: what an article says by the one rule, one layer of a
document (an editor's, or the gold), and the checks of a file's verdicts. Pure, no Django.

A document holds `finished_by` (the usernames whose layer is finished) and `verdicts`
(a lead's decision on a span: a label, or `none`); `summary.sentence_labels` counts what
each sentence says by the rule in `annotate.agreement.sentence_labels`.
"""

from __future__ import annotations

from annotate import agreement
from annotate.formats.common import Problem, check_note, check_quote, check_span, live, show

NONE = agreement.NONE
GOLD = "gold"
VERDICT_LABELS = agreement.CATEGORIES
VERDICT_DEFAULTS = {
    "id": None,
    "uuid": None,
    "note": "",
    "decided_by": None,
    "decided_at": None,
    "agrees_with": None,  # absent: an import leaves the stored one as it is
}


def said(
    sentences: list, annotations: list[dict], finished_by: list[str], verdicts: list[dict]
) -> dict[str, int]:
    """``{"fact", "speculation", "hype", "disputed", "none"}``: sentences by the one rule,
    from a document's own annotations, finished layers and verdicts."""
    spans: dict[str | None, list] = {name: [] for name in finished_by}
    for a in live(annotations):
        spans.setdefault(a.get("editor"), []).append((a["start"], a["end"], a["label"]))
    done = set(finished_by)
    layers = [agreement.Layer(str(e), s, e in done) for e, s in spans.items()]
    gold = [(v["start"], v["end"], v["label"]) for v in verdicts]
    return agreement.count_sentence_labels(agreement.sentence_labels(sentences, layers, gold))


def select_layer(doc: dict, layer: str | None) -> dict:
    """`doc` with one layer only: `gold` keeps the verdicts that give a label (`none` left
    out) and no annotation; a username keeps that editor's annotations and no verdict.
    The summary then counts what the document holds."""
    if not layer:
        return doc
    if layer == GOLD:
        annotations, finished = [], []
        verdicts = [v for v in doc["verdicts"] if v["label"] != NONE]
    else:
        annotations = [a for a in doc["annotations"] if a["editor"] == layer]
        finished = [name for name in doc["finished_by"] if name == layer]
        verdicts = []
    return restricted(doc, annotations=annotations, finished_by=finished, verdicts=verdicts)


def restricted(doc: dict, *, annotations: list, finished_by: list, verdicts: list) -> dict:
    """`doc` holding only what is given, its summary recounted from it."""
    from annotate.formats.native import summary

    sentences = doc["article"]["sentences"]
    headings = doc["article"].get("headings", ())
    body = [s for s in sentences if s not in headings]
    return {
        **doc,
        "annotations": annotations,
        "finished_by": finished_by,
        "verdicts": verdicts,
        "summary": summary(
            text_sentences=sentences,
            annotations=annotations,
            headings=headings,
            sentence_labels=said(body, annotations, finished_by, verdicts),
        ),
    }


def completed_verdicts(doc: dict, text: str) -> list[dict]:
    """A file's verdicts with what it left out filled in (the quote only for a span
    inside the text, so that `check_verdicts` names a span that is not)."""
    verdicts = []
    for given in doc.get("verdicts", []):
        v = {**VERDICT_DEFAULTS, **given}
        if "quote" not in v:
            start, end = v["start"], v["end"]
            v["quote"] = text[start:end] if 0 <= start < end <= len(text) else None
        verdicts.append(v)
    return verdicts


def check_verdicts(text: str, verdicts: list[dict]) -> None:
    """Each verdict on a span of the text, its quote that span's words, one per span."""
    seen: set[tuple[int, int]] = set()
    for i, v in enumerate(verdicts):
        field = f"verdicts[{i}]"
        check_span(text, v["start"], v["end"], field=field)
        check_quote(text, v["start"], v["end"], v["quote"], field=f"{field}.quote")
        if v["label"] not in VERDICT_LABELS:
            raise Problem(
                f"{field}.label", f"{show(v['label'])} is not one of {', '.join(VERDICT_LABELS)}"
            )
        if v["note"] is not None:  # None: the file carries no note (Label Studio's gold)
            check_note(v["note"], f"{field}.note")
        span = (v["start"], v["end"])
        if span in seen:
            raise Problem(field, f"{span[0]}–{span[1]} has two verdicts; a span has one")
        seen.add(span)
