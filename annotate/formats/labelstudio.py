"""Label Studio tasks, both ways: `data.text` and `annotations[].result[]` regions.

Offsets are Unicode code points: Label Studio's Text tag has stored code points too
since its frontend fixed emoji offsets (2022). A consumer that counts UTF-16 code units
(JavaScript `String` indices) converts with `len(text[:offset].encode("utf-16-le")) // 2`
in Python, or `[...text].slice(0, offset).join("").length` in JavaScript.

The reader takes back our tasks and Label Studio's own exports; predictions are not
annotations and are not read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from annotate.formats.common import (
    USERNAME_MAX,
    Format,
    Problem,
    check_label,
    check_new_span,
    check_note,
    check_quote,
    check_span,
    check_text,
    dumps,
    extras,
    json_list,
    live,
    require,
    show,
)
from annotate.formats.layers import GOLD, NONE
from annotate.formats.native import document_from_spans

LABELSTUDIO_CONFIG = """<View>
  <Labels name="label" toName="text">
    <Label value="fact" hotkey="f"/>
    <Label value="speculation" hotkey="s"/>
    <Label value="hype" hotkey="h"/>
  </Labels>
  <Text name="text" value="$text"/>
</View>
"""


def _result_id(annotation_uuid: str) -> str:
    # Label Studio's own region ids are 10 characters; the UUID's first 10 hex digits
    # keep the id stable from one export to the next.
    return annotation_uuid.replace("-", "")[:10]


def labelstudio_task(doc: dict) -> dict:
    """A Label Studio task for `LABELSTUDIO_CONFIG`, one annotation per editor.

    `completed_by` is left out: Label Studio reads it as its own user id or an object
    with an `email`, and rejects anything else; it files the annotations under the
    user who imports them. The editor's username goes in `annotate_editor`, which
    Label Studio ignores and `from_labelstudio` reads back. A note becomes the region's
    `meta.text`, Label Studio's own place for a region's note.

    The leads' verdicts that give a label come as one more annotation marked
    `ground_truth: true` (Label Studio's own mark for the reference annotation), the
    deciding lead of each region in `annotate_decided_by`; read back, they are verdicts.
    """
    article = doc["article"]
    by_editor: dict[str, list[dict]] = {}
    for a in live(doc["annotations"]):
        by_editor.setdefault(a["editor"], []).append(_result(a))
    annotations = [
        {"annotate_editor": editor, "result": results, "was_cancelled": False}
        for editor, results in by_editor.items()
    ]
    gold = [v for v in doc.get("verdicts", ()) if v["label"] != NONE]
    if gold:
        annotations.append(
            {
                "ground_truth": True,
                "result": [_result(v) for v in gold],
                "annotate_decided_by": [v["decided_by"] for v in gold],
                "was_cancelled": False,
            }
        )
    return {
        "id": article["id"],
        "data": {
            "text": article["text"],
            "title": article["title"],
            "uuid": article["uuid"],
            "source_url": article["source_url"],
        },
        "annotations": annotations,
    }


def _result(span: dict) -> dict:
    value = {
        "start": span["start"],
        "end": span["end"],
        "text": span["quote"],
        "labels": [span["label"]],
    }
    result = {
        "id": _result_id(span["uuid"]),
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": value,
    }
    if span["note"]:
        result["meta"] = {"text": [span["note"]]}
    return result


def write(docs: Iterable[dict], **_: object) -> Iterator[str]:
    return json_list(dumps(labelstudio_task(doc)) for doc in docs)


def is_task(obj: dict) -> bool:
    return "data" in obj


def from_labelstudio(task: dict, *, sentences: Callable[[str], list] | None = None) -> dict:
    data = require(task, "data", dict, "")
    text = require(data, "text", str, "data")
    title, source_url, uuid = extras(data, text, "data.")
    found = []
    verdicts: list[dict] = []
    spans: set = set()
    for i, annotation in enumerate(require(task, "annotations", list, "", optional=True)):
        field = f"annotations[{i}]"
        if not isinstance(annotation, dict):
            raise Problem(field, f"expected an object, found {show(annotation)}")
        if annotation.get("was_cancelled"):
            continue
        gold = annotation.get("ground_truth") is True
        editor = None if gold else _editor(annotation, field)
        leads = annotation.get("annotate_decided_by") if gold else None
        for j, result in enumerate(require(annotation, "result", list, field, optional=True)):
            rfield = f"{field}.result[{j}]"
            if not isinstance(result, dict) or result.get("type") != "labels":
                kind = result.get("type") if isinstance(result, dict) else result
                raise Problem(
                    rfield, f"is a {show(kind)} result; only text spans ('labels') can be read"
                )
            value = require(result, "value", dict, rfield)
            labels = require(value, "labels", list, f"{rfield}.value")
            if len(labels) != 1:
                raise Problem(
                    f"{rfield}.value.labels",
                    f"has {len(labels)} labels; annotate keeps exactly one label per span",
                )
            start, end = value.get("start"), value.get("end")
            check_span(text, start, end, field=f"{rfield}.value")
            check_label(labels[0], f"{rfield}.value.labels[0]")
            quote = value.get("text", text[start:end])
            check_quote(text, start, end, quote, field=f"{rfield}.value.text")
            # No meta.text: the task says nothing of a note (ours writes one only when
            # there is a note), so an import leaves the stored one.
            meta = result.get("meta") if isinstance(result.get("meta"), dict) else {}
            note = None
            if "text" in meta:
                note = "\n".join(t for t in meta["text"] if isinstance(t, str))
                check_note(note, f"{rfield}.meta.text")
            if gold:
                lead = _lead(leads, j, f"{field}.annotate_decided_by[{j}]")
                check_new_span(spans, (GOLD, start, end), field=rfield)
                verdicts.append(
                    {
                        "start": start,
                        "end": end,
                        "label": labels[0],
                        "note": note,  # None when the region has no meta.text: absent
                        "decided_by": lead,
                    }
                )
                continue
            check_new_span(spans, (editor, start, end), field=rfield)
            found.append((start, end, labels[0], note, editor))
    check_text(text, field="data.text", annotated=bool(found or verdicts))
    return document_from_spans(
        title=title,
        uuid=uuid,
        source_url=source_url,
        text=text,
        found=found,
        sentences=sentences,
        verdicts=verdicts,
    )


def _lead(leads: object, j: int, field: str) -> str | None:
    """The lead who decided region `j` of a ground-truth annotation, when the file says."""
    lead = leads[j] if isinstance(leads, list) and j < len(leads) else None
    if lead is not None and not (isinstance(lead, str) and 0 < len(lead) <= USERNAME_MAX):
        raise Problem(field, "is not a username")
    return lead


def _editor(annotation: dict, field: str) -> str | None:
    # Ours first; then Label Studio's own: a user id (meaningless here) or a user object.
    editor = annotation.get("annotate_editor", annotation.get("completed_by"))
    if isinstance(editor, dict):
        editor = editor.get("username")
    if not isinstance(editor, str):
        return None
    if not editor or len(editor) > USERNAME_MAX:
        raise Problem(f"{field}.annotate_editor", "is not a username")
    return editor


LABELSTUDIO = Format(
    "labelstudio",
    "Label Studio tasks (JSON)",
    "application/json",
    ".json",
    write,
    detect=is_task,
    read=from_labelstudio,
    shape="a Label Studio task (with data.text)",
)
