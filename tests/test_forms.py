"""AnnotationForm.plain_clean: the bulk API's quick path must give what the form gives."""

from __future__ import annotations

import random

import pytest
from django import forms

from annotate.forms import AnnotationForm
from tests.conftest import TEXT

pytestmark = pytest.mark.django_db

NOTES = [None, "", "checked", " padded ", "x" * 500, "x" * 501, "tab\there", "nul\x00", "é👩‍💻",
         "line\nbreak", "\u200b", "bell\x07"]  # fmt: skip
QUOTES = [None, "", "3.5x faster", "3.5x  faster", "nope", "\x00", "東京"]
LABELS = ["fact", "hype", "speculation", "none", "FACT", "", 3]
VERSIONS = [None, 0, 1, 2, -1, True, "2"]


def pick(rng: random.Random, values: list, ordinary: int):
    """One of `values`, mostly one of the first `ordinary` ones."""
    return rng.choice(values[:ordinary] if rng.random() < 0.7 else values)


def random_data(rng: random.Random, text: str) -> dict:
    odd = [True, "7", 1.0, None, -1, len(text) + 1]
    start = rng.randrange(len(text)) if rng.random() < 0.8 else rng.choice(odd)
    if type(start) is int and rng.random() < 0.8:
        end = start + rng.randint(1, 30)
    else:
        end = rng.choice([*odd, rng.randrange(len(text) + 2)])
    data = {"start": start, "end": end, "label": pick(rng, LABELS, 3)}
    for key, values, ordinary in (
        ("note", NOTES, 3),
        ("quote", QUOTES, 1),
        ("version", VERSIONS, 4),
    ):
        value = pick(rng, values, ordinary)
        if value is not None:
            data[key] = value
    if type(start) is int and type(end) is int and rng.random() < 0.3:
        s, e = sorted((max(0, start), min(len(text), end)))
        data["quote"] = text[s:e]  # a quote that matches, sometimes
    return data


def test_plain_clean_gives_the_forms_own_cleaned_data_or_leaves_it_to_the_form(article):
    rng = random.Random(17)
    form = AnnotationForm(article=article)
    accepted = valid = 0
    for _ in range(3000):
        data = random_data(rng, article.text)
        plain = form.plain_clean(data)
        bound = AnnotationForm(data, article=article)
        valid += bound.is_valid()
        if plain is not None:
            accepted += 1
            assert bound.is_valid(), (data, bound.errors)
            assert plain == bound.cleaned_data, data
    assert accepted > valid * 0.8  # the quick path is taken for most spans the form takes


def test_plain_clean_knows_every_field_and_rule_of_the_form(article):
    # A new field or rule on the form must be taught to plain_clean (or make it decline).
    fields = AnnotationForm(article=article).fields
    shape = {
        name: (type(f).__name__, getattr(f, "min_value", None), getattr(f, "max_length", None),
               f.required, getattr(f, "strip", None), len(f.validators))
        for name, f in fields.items()
    }  # fmt: skip
    assert shape == {
        "start": ("IntegerField", 0, None, True, None, 1),
        "end": ("IntegerField", 1, None, True, None, 1),
        "label": ("ChoiceField", None, None, True, None, 0),
        "note": ("CharField", None, 500, False, True, 2),
        "version": ("IntegerField", 1, None, False, None, 1),
        "quote": ("CharField", None, None, False, False, 1),
        "suggested_by": ("RegexField", None, 100, False, False, 3),
    }
    assert [name for name in vars(AnnotationForm) if name.startswith("clean")] == [
        "clean_note", "clean"
    ]  # fmt: skip
    assert isinstance(fields["label"], forms.ChoiceField)


def test_a_span_the_form_refuses_is_left_to_the_form(article):
    form = AnnotationForm(article=article)
    inside = TEXT.index("👩‍💻") + 1  # inside the emoji sequence
    for data in (
        {"start": 0, "end": len(TEXT) + 1, "label": "fact"},
        {"start": inside, "end": inside + 3, "label": "fact"},
        {"start": 19, "end": 21, "label": "fact"},  # white space only
        {"start": 0, "end": 4, "label": "fact", "quote": "Acne"},
    ):
        assert form.plain_clean(data) is None
        assert not AnnotationForm(data, article=article).is_valid()
