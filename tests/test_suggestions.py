"""The cue suggester: each rule on its cue and a counter-case, context, offsets, JSON, figures.

Pure: runs without Django (pytest -p no:django tests/test_suggestions.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotate.suggestions import SUGGESTER, THRESHOLD, suggest, suggestions_json
from annotate.suggestions.measures import NONE, macro_f1, per_label, shown

EVAL = Path(__file__).parent / "data" / "suggest_eval.jsonl"
LABELS = ("hype", "fact", "speculation", NONE)


def one(sentence: str):
    """The suggestion for a one-sentence text, or None."""
    found = suggest(sentence, [[0, len(sentence)]])
    assert len(found) <= 1
    return found[0] if found else None


def label_of(sentence: str) -> str:
    found = one(sentence)
    return found.label if found else NONE


def reason_texts(sentence: str) -> list[str]:
    found = one(sentence)
    return [r.text for r in found.reasons] if found else []


@pytest.mark.parametrize(
    ("sentence", "label", "cue"),
    [
        ("Acme said revenue rose 12% to $3 billion.", "fact", "$3 billion"),
        ("According to the Wall Street Journal, the deal closed.", "fact", "According to"),
        ("Acme shipped the chip on March 3, 2025.", "fact", "March 3, 2025"),
        ("The chip is expected to ship next year.", "speculation", "is expected to"),
        ("Acme aims to double its market share.", "speculation", "aims to"),
        ("The startup could become a rival to the giants.", "speculation", "could become"),
        ("Analysts think shipments will likely slow.", "speculation", "will likely"),
        ("If regulators agree, the merger goes ahead.", "speculation", "If"),
        ("Acme has become a formidable player.", "hype", "formidable"),
        ("The new phone is revolutionary.", "hype", "revolutionary"),
        ("Chipmakers are locked in an arms race.", "hype", "arms race"),
        ("The battle for AI supremacy is on.", "hype", "AI supremacy"),
        ("Acme is the world's leading maker of sensors.", "hype", "the world's leading"),
        ("This is the greatest laptop of the year.", "hype", "greatest"),
    ],
)
def test_cue_suggests_its_label_and_names_the_cue(sentence, label, cue):
    found = one(sentence)
    assert found.label == label
    assert cue in [r.text for r in found.reasons] or any(cue in r.text for r in found.reasons)


@pytest.mark.parametrize(
    ("sentence", "not_label"),
    [
        ("Acme makes phones for schools.", "fact"),
        ("The phone shipped as expected.", "speculation"),
        ("The aim of the chip is to save power.", "speculation"),
        ("In May, Acme opened an office.", "speculation"),
        ("Acme marched on; the market liked it.", "fact"),
        ("According to IDC, Acme is the world's leading maker of sensors.", "hype"),
        ("The chip is not revolutionary.", "hype"),
        ("The chip is far from revolutionary.", "hype"),
        ("Acme is not the world's leading maker.", "hype"),
    ],
)
def test_counter_case_does_not_get_the_label(sentence, not_label):
    assert label_of(sentence) != not_label


def test_exclamation_points_at_hype_and_a_plain_stop_does_not():
    assert reason_texts("The keynote is here!") == ["!"]
    assert one("The keynote is here.") is None


def test_digits_inside_a_name_are_no_number():
    assert one("The A17 chip runs Android.") is None
    assert reason_texts("The chip has 19 billion transistors.") == ["19 billion"]


def test_sentence_without_cues_gets_no_suggestion():
    assert one("Acme makes phones for schools.") is None


def test_rule_is_in_plain_words():
    (reason,) = one("The chip is expected to ship soon.").reasons
    assert reason.rule == "'is expected to': a claim about the future"


def test_negated_hype_cue_is_cancelled():
    assert label_of("The chip is revolutionary.") == "hype"
    assert label_of("The chip is not revolutionary.") == NONE


def test_negated_prediction_stays_speculation_with_a_lower_score():
    plain = one("Acme is expected to ship the chip.")
    negated = one("Acme is not expected to ship the chip.")
    assert negated.label == "speculation"
    assert negated.score < plain.score
    (reason,) = negated.reasons
    assert reason.text == "not expected to"
    assert "negated" in reason.rule


def test_negated_attribution_attests_nothing():
    assert label_of("Acme said the chip works.") == "fact"
    assert label_of("Acme did not say the chip works.") == NONE
    assert label_of("Acme declined to say how the chip works.") == NONE


def test_negation_does_not_reach_across_a_clause():
    assert label_of("It is not cheap, but it is revolutionary.") == "hype"


def test_quoted_hype_stays_hype_weaker_and_its_speech_verb_is_no_fact():
    plain = one("The chip is revolutionary.")
    quoted = one("“The chip is revolutionary,” said Jane Doe, the chief executive.")
    assert quoted.label == "hype"
    assert quoted.score < plain.score
    assert "inside a quote" in quoted.reasons[0].rule
    assert "said" not in [r.text for r in quoted.reasons]


def test_quoted_figures_with_a_speaker_are_fact():
    assert label_of("“We sold 3 million units,” said Jane Doe.") == "fact"


def test_scare_quotes_halve_a_hype_cue():
    plain = one("Critics call it revolutionary.")
    scared = one("Critics call it “revolutionary”.")
    assert scared.label == "hype"
    assert scared.score == pytest.approx(plain.score / 2, abs=0.01)
    assert "scare quotes" in scared.reasons[0].rule


def test_numbers_inside_a_prediction_do_not_make_it_fact():
    assert label_of("Revenue will reach $4 billion next year, the company said.") == "speculation"
    assert label_of("Revenue reached $4 billion last year, the company said.") == "fact"


def test_measured_superlative_counts_less():
    assert label_of("It was the largest deal in the sector, at $69 billion.") == "fact"
    assert label_of("It was the largest deal in the sector.") == "hype"


def test_offsets_are_code_points_after_emoji_and_cjk():
    text = "Engineers 👩‍💻 in 東京 tested it.\nمرحبا. The chip 🚀 is expected to ship in 2027."
    second = text.index("The chip")
    sentences = [[0, text.index("\n")], [text.index("مرحبا"), second - 1], [second, len(text)]]
    (found,) = suggest(text, sentences)
    assert (found.start, found.end) == (second, len(text))
    cue = next(r for r in found.reasons if r.text == "is expected to")
    assert cue.start == text.index("is expected to")
    assert text[cue.start : cue.end] == "is expected to"
    for reason in found.reasons:
        assert text[reason.start : reason.end] == reason.text


def test_one_suggestion_per_sentence_at_most():
    text = "Acme is revolutionary. Acme makes phones. Acme aims to grow."
    sentences = [[0, 22], [23, 41], [42, 60]]
    found = suggest(text, sentences)
    assert [(s.start, s.end, s.label) for s in found] == [
        (0, 22, "hype"),
        (42, 60, "speculation"),
    ]


def test_sentence_outside_the_text_is_refused():
    with pytest.raises(ValueError, match="outside the text"):
        suggest("Short.", [[0, 99]])


def test_json_has_the_contract_shape_and_lists_those_below_the_threshold():
    text = "Acme is revolutionary. There were 3 of them. Acme makes phones."
    body = suggestions_json(text, [[0, 22], [23, 44], [45, 63]])
    assert json.loads(json.dumps(body)) == body
    assert set(body) == {"suggester", "threshold", "suggestions"}
    assert body["suggester"] == SUGGESTER == "cues/1"
    assert body["threshold"] == THRESHOLD
    assert len(body["suggestions"]) == 2
    assert any(s["score"] < THRESHOLD for s in body["suggestions"])
    for item in body["suggestions"]:
        assert set(item) == {"start", "end", "label", "score", "reasons"}
        for reason in item["reasons"]:
            assert set(reason) == {"text", "start", "end", "rule"}
            assert text[reason["start"] : reason["end"]] == reason["text"]


def _rows(split: str | None = None) -> list[dict]:
    with EVAL.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    return [r for r in rows if split is None or r["split"] == split]


def test_scores_are_within_zero_and_one_and_deterministic():
    text = " ".join(r["text"] for r in _rows())
    sentences, at = [], 0
    for r in _rows():
        sentences.append([at, at + len(r["text"])])
        at += len(r["text"]) + 1
    first = suggest(text, sentences)
    assert all(0.0 <= s.score <= 1.0 for s in first)
    assert suggest(text, sentences) == first


def test_evaluation_set_is_labelled_and_split_in_halves():
    rows = _rows()
    assert len(rows) >= 150
    assert len({r["text"] for r in rows}) == len(rows)
    assert all(
        r["label"] in LABELS and r["rationale"] and r["split"] in ("dev", "test") for r in rows
    )
    assert abs(len(_rows("dev")) - len(_rows("test"))) <= 4


def _figures(threshold: float) -> tuple[float, dict]:
    rows = _rows("test")
    gold = [r["label"] for r in rows]
    predicted = []
    for r in rows:
        found = one(r["text"])
        predicted.append(found.label if found and found.score >= threshold else NONE)
    return macro_f1(per_label(gold, predicted, LABELS)), shown(gold, predicted)


def test_test_half_figures_stay_at_what_was_reported():
    # bench/suggest.py reports the figures; this guards them with a margin of 0.03.
    macro, seen = _figures(THRESHOLD)
    assert macro >= REPORTED_MACRO_F1 - 0.03
    assert seen["precision"] >= REPORTED_SHOWN_PRECISION - 0.03


def test_measures_reproduce_scikit_learns_worked_example():
    # sklearn.metrics.precision_recall_fscore_support's docstring example, average="macro":
    # precision 0.22, recall 0.33, F1 0.267.
    gold = ["cat", "dog", "pig", "cat", "dog", "pig"]
    predicted = ["cat", "pig", "dog", "cat", "cat", "dog"]
    figures = per_label(gold, predicted, ["cat", "dog", "pig"])
    assert sum(f["precision"] for f in figures.values()) / 3 == pytest.approx(0.222, abs=0.001)
    assert sum(f["recall"] for f in figures.values()) / 3 == pytest.approx(0.333, abs=0.001)
    assert macro_f1(figures) == pytest.approx(0.267, abs=0.001)


# The test half's figures at THRESHOLD, as bench/suggest.py printed them (cues/1).
REPORTED_MACRO_F1 = 0.89
REPORTED_SHOWN_PRECISION = 0.97
