"""The JSON Schemas of our own format (formats/schemas/), and what they say in words.

The files are the export's contract: every field present, as every export writes them.
An import file may leave out what the app derives, so imports are checked against an
"input" variant made from the same files with only the fields a script must write
required (`INPUT_REQUIRED`): one source for every type and limit, two lists of what
is required. `plainly_valid` is a fast yes for the bulk of a full export; `describe`
turns the schema's complaint into a field path and a message an editor can act on.
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from annotate.formats.common import LABELS, NOTE_MAX, TYPES, USERNAME_MAX, show

SCHEMA_DIR = Path(__file__).parent / "schemas"
SCHEMAS = {
    "article": "article-v1.schema.json",
    "export": "export-v1.schema.json",
    "article-input": "article-v1.input.schema.json",
    "export-input": "export-v1.input.schema.json",
}
# What an import file must hold, by the schema's $defs (None: the document itself).
INPUT_REQUIRED = {
    "article-v1.schema.json": {
        None: ["format", "article"],
        "article": ["title", "text"],
        "annotation": ["start", "end", "label"],
        "verdict": ["start", "end", "label"],
        "summary": ["fact", "speculation", "hype", "sentences", "sentences_tagged"],
        "event": ["uuid", "at", "kind"],
    },
    "export-v1.schema.json": {None: ["format", "articles"]},
}


def input_variant(contents: dict) -> dict:
    """The schema with only `INPUT_REQUIRED` required, and its $refs to the input variants."""
    required = INPUT_REQUIRED[contents["$id"]]
    variant = copy.deepcopy(contents)
    variant["$id"] = contents["$id"].replace(".schema.json", ".input.schema.json")
    variant["required"] = required[None]
    for name, keys in required.items():
        if name is not None:
            variant["$defs"][name]["required"] = keys
    if "articles" in variant["properties"]:
        variant["properties"]["articles"]["items"]["$ref"] = SCHEMAS["article-input"]
    return variant


@cache
def schema_registry() -> Registry:
    resources = []
    for name in (SCHEMAS["article"], SCHEMAS["export"]):
        contents = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
        for schema in (contents, input_variant(contents)):
            resources.append((schema["$id"], Resource.from_contents(schema)))
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    """The validator for the "article" or "export" schema (as exports are), or for its
    "-input" variant (as imports may be), with its $refs resolved."""
    registry = schema_registry()
    return Draft202012Validator(registry.contents(SCHEMAS[name]), registry=registry)


_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?Z")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
SUGGESTER_MAX = 100
_SUGGESTER = re.compile(r"[\w.:/@+-]+")  # as the schema's suggested_by pattern
_ANNOTATION_KEYS = {
    "id", "uuid", "start", "end", "quote", "label", "note", "editor", "created_at", "updated_at"
}  # fmt: skip


def plainly_valid(doc: dict) -> bool:
    """True when the document certainly passes the article schema: the schema checks the
    article and summary, and this the many annotations and sentences, some 20 times faster
    than jsonschema would. False only means "ask the schema", which names the fault."""
    annotations = doc.get("annotations")
    article = doc.get("article")
    if not isinstance(annotations, list) or not isinstance(article, dict):
        return False
    sentences = article.get("sentences")
    if not isinstance(sentences, list) or not all(map(_is_pair, sentences)):
        return False
    if not all(map(_is_annotation, annotations)):
        return False
    head = {**doc, "annotations": [], "article": {**article, "sentences": []}}
    return validator("article").is_valid(head)


def _is_pair(value: object) -> bool:
    return (
        type(value) is list
        and len(value) == 2
        and type(value[0]) is int
        and type(value[1]) is int
        and value[0] >= 0
        and value[1] >= 0
    )


def _is_annotation(a: object) -> bool:
    return (
        type(a) is dict
        and (a.keys() == _ANNOTATION_KEYS or _suggested(a))
        and type(a["id"]) is int
        and a["id"] >= 1
        and type(a["uuid"]) is str
        and _UUID.fullmatch(a["uuid"]) is not None
        and type(a["start"]) is int
        and type(a["end"]) is int
        and a["start"] >= 0
        and a["end"] >= 0
        and type(a["quote"]) is str
        and a["quote"] != ""
        and a["label"] in LABELS
        and type(a["label"]) is str
        and type(a["note"]) is str
        and len(a["note"]) <= NOTE_MAX
        and type(a["editor"]) is str
        and 1 <= len(a["editor"]) <= USERNAME_MAX
        and type(a["created_at"]) is str
        and _TIMESTAMP.fullmatch(a["created_at"]) is not None
        and type(a["updated_at"]) is str
        and _TIMESTAMP.fullmatch(a["updated_at"]) is not None
    )


def _suggested(a: dict) -> bool:
    """An annotation accepted from a suggestion: the usual keys and its suggester's name."""
    name = a.get("suggested_by")
    return (
        type(name) is str
        and 1 <= len(name) <= SUGGESTER_MAX
        and _SUGGESTER.fullmatch(name) is not None
        and a.keys() == _ANNOTATION_KEYS | {"suggested_by"}
    )


def describe(error: ValidationError) -> tuple[str, str]:
    """A schema error as (field path, message for an editor)."""
    field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    field = field.lstrip(".")
    keyword, value, instance = error.validator, error.validator_value, error.instance
    if keyword == "required":
        missing = next(key for key in value if key not in instance)
        return _join(field, missing), "is missing"
    if keyword == "additionalProperties":
        known = error.schema.get("properties", {})
        extra = sorted(key for key in instance if key not in known)[0]
        return _join(field, extra), "is not a field of this format"
    if keyword == "enum":
        return field, f"{show(instance)} is not one of {', '.join(map(str, value))}"
    if keyword == "const":
        return field, f"is {show(instance)}; expected {show(value)}"
    if keyword == "type":
        wanted = " or ".join(
            TYPES.get(t, t) for t in ([value] if isinstance(value, str) else value)
        )
        return field, f"expected {wanted}, found {show(instance)}"
    if keyword == "minimum":
        return field, f"must be {value} or more, found {show(instance)}"
    if keyword == "minLength":
        return field, "must not be empty"
    if keyword == "maxLength":
        return field, f"is {len(instance)} characters long; the limit is {value}"
    if keyword in ("pattern", "items", "minItems") and "description" in error.schema:
        return field, f"{show(instance)} is not {error.schema['description']}"
    return field, error.message


def _join(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key
