"""The agreement measures: published worked examples, independent implementations on
random data, and the edge cases. Pure: runs without Django (pytest -p no:django)."""

from __future__ import annotations

import json
import random

import krippendorff  # test-only (GPL-3.0): requirements-dev.txt, never app code
import numpy as np
import pytest
from nltk.metrics.agreement import AnnotationTask

from annotate import coefficients as co
from annotate.agreement import (
    CATEGORIES,
    LABELS,
    ArticleLayers,
    Layer,
    article_agreement,
    covering_labels,
    layer_values,
    pooled_agreement,
)

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: nominal
# data, 4 observers, 12 units, missing values. Gwet's irrCAC package ships the same
# table as `cac.raw4raters` (Handbook of Inter-Rater Reliability, 4th ed.).
_ = None
KRIPPENDORFF_2011 = list(
    zip(
        [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
        [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
        strict=True,
    )
)


def random_table(seed: int, units: int = 30, coders: int = 4) -> list[list[str | None]]:
    """Sentences x editors over the four categories, a fifth missing, some with one
    dominant category. Uses only random()/choices(), whose output is fixed for a seed."""
    rng = random.Random(seed)
    weights = [rng.random() for _ in CATEGORIES]
    weights[rng.randrange(4)] += 2 * (seed % 3)
    rows = []
    for _ in range(units):
        truth = rng.choices(CATEGORIES, weights)[0]
        row = []
        for _ in range(coders):
            roll = rng.random()
            if roll < 0.2:
                row.append(None)
            else:
                row.append(truth if roll < 0.75 else rng.choices(CATEGORIES, weights)[0])
        rows.append(row)
    return rows


# Published worked examples


def test_alpha_reproduces_krippendorffs_nominal_example_with_missing_data():
    assert round(co.krippendorff_alpha(KRIPPENDORFF_2011), 3) == 0.743


def test_gwet_ac1_reproduces_gwets_example_on_the_same_table():
    # Gwet's irrCAC (the R package of his Handbook, 4th ed.), gwet.ac1.raw(cac.raw4raters):
    # AC1 0.77544, pa 0.81818, pe 0.19032.
    ac1 = co.gwet_ac1(KRIPPENDORFF_2011)
    assert round(ac1, 5) == 0.77544
    assert round(co.percent_agreement(KRIPPENDORFF_2011), 5) == 0.81818
    assert round((0.81818 - ac1) / (1 - ac1), 4) == 0.1903  # the pe it implies


def test_cohen_kappa_reproduces_the_textbook_two_by_two_example():
    # Wikipedia, "Cohen's kappa", worked example: 50 grant proposals, two readers;
    # yes/yes 20, yes/no 5, no/yes 10, no/no 15 -> p_o 0.7, p_e 0.5, kappa 0.4.
    table = [("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10
    table += [("no", "no")] * 15
    assert co.cohen_kappa(table) == pytest.approx(0.4)


def test_percent_agreement_is_the_share_of_agreeing_pairs_averaged_over_sentences():
    table = [("hype", "hype", "fact"), ("fact", "fact", None), ("hype", None, None)]
    assert co.percent_agreement(table) == pytest.approx((1 / 3 + 1) / 2)


# Independent implementations on random data


@pytest.mark.parametrize("seed", range(8))
def test_alpha_matches_the_krippendorff_package_on_random_data(seed):
    table = random_table(seed)
    codes = {c: float(i) for i, c in enumerate(CATEGORIES)}
    data = np.array([[np.nan if v is None else codes[v] for v in row] for row in table]).T
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert co.krippendorff_alpha(table) == pytest.approx(expected)


@pytest.mark.parametrize("seed", range(8))
def test_alpha_and_kappa_match_nltk_on_random_data(seed):
    table = [row for row in random_table(seed, coders=3) if None not in row[:2]]
    triples = [(str(c), str(u), v) for u, row in enumerate(table) for c, v in enumerate(row)]
    task = AnnotationTask(data=[t for t in triples if t[2] is not None])
    assert co.krippendorff_alpha(table) == pytest.approx(task.alpha())
    assert co.cohen_kappa(table, 0, 1) == pytest.approx(task.kappa_pairwise("0", "1"))


# AC1, pa and pe from Gwet's irrCAC (Python port 0.4.4, CAC(ratings,
# categories=the four).gwet()) on random_table(seed), rounded there to 5 decimals.
IRRCAC_AC1 = {
    0: (0.41215, 0.55172),
    1: (0.68479, 0.72414),
    2: (0.82275, 0.83908),
    3: (0.4518, 0.58333),
    4: (0.77473, 0.81111),
    5: (0.66035, 0.71111),
    6: (0.55332, 0.65556),
    7: (0.80394, 0.82759),
}


@pytest.mark.parametrize("seed", range(8))
def test_gwet_ac1_matches_irrcac_on_random_data(seed):
    table = random_table(seed)
    ac1, pa = IRRCAC_AC1[seed]
    assert round(co.gwet_ac1(table, CATEGORIES), 5) == ac1
    assert round(co.percent_agreement(table), 5) == pa


# Edge cases of the coefficients


def test_alpha_is_undefined_when_every_value_is_one_category():
    # No variation: D_e = 0. AC1 and percent agreement still say the editors agree.
    table = [("none", "none")] * 10
    assert co.krippendorff_alpha(table) is None
    assert co.percent_agreement(table) == 1.0
    assert co.gwet_ac1(table, CATEGORIES) == 1.0
    assert co.cohen_kappa(table) is None


def test_measures_are_undefined_without_a_pairable_unit():
    table = [("hype", None), (None, "fact"), (None, None)]
    assert co.krippendorff_alpha(table) is None
    assert co.percent_agreement(table) is None
    assert co.gwet_ac1(table, CATEGORIES) is None
    assert co.cohen_kappa(table) is None
    assert co.krippendorff_alpha([]) is None


def test_ac1_stays_high_where_kappa_collapses_on_a_dominant_label():
    # 90 sentences both say none, 10 where one says hype: agreement is 90%, but kappa,
    # whose chance term is near 1 when one label dominates, falls below zero.
    table = [("none", "none")] * 90 + [("hype", "none")] * 5 + [("none", "hype")] * 5
    assert co.percent_agreement(table) == pytest.approx(0.9)
    assert co.cohen_kappa(table) < 0
    assert co.krippendorff_alpha(table) < 0
    assert co.gwet_ac1(table, CATEGORIES) > 0.85


def test_gwet_ac1_rejects_a_value_outside_the_categories():
    with pytest.raises(ValueError, match="maybe"):
        co.gwet_ac1([("hype", "maybe")], CATEGORIES)


def test_alpha_is_perfect_when_editors_agree_over_several_labels():
    table = [("hype", "hype"), ("fact", "fact"), ("none", "none")]
    assert co.krippendorff_alpha(table) == 1.0
    assert co.cohen_kappa(table) == 1.0


@pytest.mark.parametrize("seed", range(10))
def test_confusions_from_columns_are_those_from_rows(seed):
    table = random_table(seed, coders=2 + seed % 4)
    columns = [list(column) for column in zip(*table, strict=True)]
    from_rows = co.pairwise_confusions(co.tally(table), len(columns))
    from_columns = co.column_confusions(columns)
    assert list(from_columns) == list(from_rows)
    assert from_columns == from_rows


def test_label_alpha_is_alpha_of_that_label_against_the_rest():
    table = random_table(3)
    for label in ("fact", "hype"):
        binary = [[None if v is None else v == label for v in row] for row in table]
        assert co.krippendorff_alpha(co.binarize(table, label)) == pytest.approx(
            co.krippendorff_alpha(binary)
        )


def test_article_agreement_gives_the_measures_of_its_value_table():
    sentences = [[0, 10], [11, 20], [21, 30], [31, 40]]
    layers = [
        Layer("alice", [(0, 10, "hype"), (11, 20, "fact")], finished=True),
        Layer("bob", [(0, 10, "hype"), (21, 30, "fact")], finished=True),
        Layer("carol", [(0, 5, "speculation"), (12, 18, "fact")], finished=True),
    ]
    table = [
        ("hype", "hype", "speculation"),
        ("fact", "none", "fact"),
        ("none", "fact", "none"),
        ("none", "none", "none"),
    ]
    result = article_agreement(sentences, layers)
    assert result["alpha"] == pytest.approx(co.krippendorff_alpha(table))
    assert result["gwet_ac1"] == pytest.approx(co.gwet_ac1(table, CATEGORIES))
    assert result["percent_agreement"] == pytest.approx(co.percent_agreement(table))
    kappas = {tuple(p["editors"]): p["cohen_kappa"] for p in result["pairs"]}
    assert kappas["alice", "carol"] == pytest.approx(co.cohen_kappa(table, 0, 2))
    assert result["disputed"] == [[0, 10], [11, 20], [21, 30]]


# Sentence values, layers and the article's figures

SENTENCES = [[0, 10], [11, 20], [21, 30]]


def test_value_is_the_label_covering_most_of_the_sentence():
    spans = [(0, 3, "hype"), (2, 9, "fact"), (12, 14, "speculation")]
    assert layer_values(SENTENCES, Layer("a", spans)) == ["fact", "speculation", None]


def test_value_ties_go_to_the_span_starting_first_then_to_label_order():
    first = [(0, 4, "hype"), (5, 9, "fact")]
    same = [(0, 4, "hype"), (0, 4, "fact"), (11, 15, "hype"), (11, 15, "speculation")]
    assert layer_values(SENTENCES, Layer("a", first))[0] == "hype"
    assert layer_values(SENTENCES, Layer("a", same))[:2] == ["fact", "speculation"]


def test_values_do_not_depend_on_the_order_of_the_spans():
    rng = random.Random(3)
    spans = [(s, s + rng.randint(1, 12), rng.choice(LABELS)) for s in range(0, 30, 2)]
    expected = layer_values(SENTENCES, Layer("a", spans))
    for _ in range(10):
        rng.shuffle(spans)
        assert layer_values(SENTENCES, Layer("a", spans)) == expected


def covering_by_definition(sentences, spans, default=None):
    """The rule of covering_labels written plainly: per sentence, the overlapping span
    with the largest overlap, then the smallest start, then the label first in order."""
    labels = []
    for s, e in sentences:
        overlapping = [(min(end, e) - max(start, s), start, label) for start, end, label in spans]
        overlapping = [x for x in overlapping if x[0] > 0]
        best = min(overlapping, key=lambda x: (-x[0], x[1], CATEGORIES.index(x[2])), default=None)
        labels.append(default if best is None else best[2])
    return labels


@pytest.mark.parametrize("seed", range(20))
def test_covering_labels_follow_the_rule_on_random_spans(seed):
    rng = random.Random(seed)
    sentences, at = [], 0
    for _ in range(rng.randint(0, 12)):
        at += rng.randint(0, 2)  # sentences may touch or leave a gap
        length = rng.randint(1, 9)
        sentences.append([at, at + length])
        at += length
    spans = []
    for _ in range(rng.randint(0, 40)):
        start = rng.randint(0, at + 2)
        spans.append((start, start + rng.randint(1, 15), rng.choice(LABELS)))
    default = rng.choice([None, "none"])
    expected = covering_by_definition(sentences, spans, default)
    assert covering_labels(sentences, spans, default=default) == expected


def test_span_across_two_sentences_gives_both_its_label():
    assert layer_values(SENTENCES, Layer("a", [(5, 15, "hype")])) == ["hype", "hype", None]


def test_finished_layer_without_spans_says_none_everywhere_and_unfinished_nothing():
    assert layer_values(SENTENCES, Layer("a", [], finished=True)) == ["none"] * 3
    assert layer_values(SENTENCES, Layer("a", [])) == [None] * 3


def test_agreement_has_the_shape_of_agreement_json():
    result = article_agreement(
        SENTENCES, [Layer("a", [(0, 10, "hype")], True), Layer("b", [], True)], blind=True
    )
    assert list(result) == [
        "unit", "blind", "editors", "sentences", "alpha", "gwet_ac1", "percent_agreement",
        "pairs", "labels", "disputed", "reason",
    ]  # fmt: skip
    assert list(result["pairs"][0]) == [
        "editors", "n", "cohen_kappa", "span_f1_exact", "span_f1_overlap",
    ]  # fmt: skip
    assert set(result["labels"]) == {"fact", "speculation", "hype"}
    assert result["unit"] == "sentence" and result["blind"] is True and result["sentences"] == 3
    assert json.loads(json.dumps(result)) == result


def test_agreement_with_one_finished_layer_is_null_with_a_reason():
    layers = [Layer("a", [(0, 10, "hype")], finished=True), Layer("b", [(0, 10, "fact")])]
    result = article_agreement(SENTENCES, layers)
    assert result["editors"] == ["a"]
    assert result["alpha"] is result["gwet_ac1"] is result["percent_agreement"] is None
    assert result["pairs"] == [] and result["disputed"] == []
    assert all(v == {"alpha": None} for v in result["labels"].values())
    assert "fewer than two finished layers" in result["reason"]


def test_unfinished_layers_are_left_out_of_agreement():
    done = [Layer("a", [(0, 10, "hype")], True), Layer("b", [(0, 10, "hype")], True)]
    with_unfinished = article_agreement(SENTENCES, [*done, Layer("c", [(11, 20, "fact")])])
    assert with_unfinished == article_agreement(SENTENCES, done)
    assert with_unfinished["editors"] == ["a", "b"]


def test_agreement_when_every_editor_finds_nothing_to_tag():
    result = article_agreement(SENTENCES, [Layer("a", [], True), Layer("b", [], True)])
    assert result["alpha"] is None and "one category" in result["reason"]
    assert result["percent_agreement"] == 1.0 and result["gwet_ac1"] == 1.0
    assert result["pairs"][0]["n"] == 3
    assert result["pairs"][0]["span_f1_exact"] is None  # no span on either side: 0/0


def test_agreement_of_an_article_without_sentences():
    result = article_agreement([], [Layer("a", [], True), Layer("b", [], True)])
    assert result["sentences"] == 0 and result["alpha"] is None
    assert result["reason"] == "no sentence has values from two finished layers"
    assert result["pairs"][0]["n"] == 0 and result["pairs"][0]["cohen_kappa"] is None


def test_agreement_lists_pairs_with_kappa_and_span_f1():
    a = Layer("a", [(0, 10, "hype"), (11, 20, "fact")], finished=True)
    b = Layer("b", [(0, 10, "hype"), (12, 18, "fact")], finished=True)
    (pair,) = article_agreement(SENTENCES, [a, b])["pairs"]
    assert pair["editors"] == ["a", "b"] and pair["n"] == 3 and pair["cohen_kappa"] == 1.0
    assert pair["span_f1_exact"] == 0.5 and pair["span_f1_overlap"] == 1.0


# Pooled over articles


def test_pooled_agreement_of_one_article_gives_its_measures():
    layers = [
        Layer("a", [(0, 10, "hype"), (11, 20, "fact")], True),
        Layer("b", [(0, 10, "hype"), (21, 30, "fact")], True),
    ]
    one = article_agreement(SENTENCES, layers)
    pooled = pooled_agreement([ArticleLayers(SENTENCES, layers)])
    for key in ("alpha", "gwet_ac1", "percent_agreement", "labels", "pairs", "editors"):
        assert pooled[key] == one[key]
    assert pooled["disputed"] == len(one["disputed"]) == 2


def test_pooled_agreement_pools_the_sentences_of_every_article():
    first = [Layer("a", [(0, 10, "hype")], True), Layer("b", [(0, 10, "hype")], True)]
    second = [Layer("a", [(0, 10, "fact")], True), Layer("c", [(11, 20, "fact")], True)]
    pooled = pooled_agreement(
        [ArticleLayers(SENTENCES, first, blind=True), ArticleLayers(SENTENCES, second)]
    )
    table = [
        ("hype", "hype", None), ("none", "none", None), ("none", "none", None),
        ("fact", None, "none"), ("none", None, "fact"), ("none", None, "none"),
    ]  # fmt: skip
    assert pooled["editors"] == ["a", "b", "c"] and pooled["sentences"] == 6
    assert pooled["alpha"] == pytest.approx(co.krippendorff_alpha(table))
    assert pooled["gwet_ac1"] == pytest.approx(co.gwet_ac1(table, CATEGORIES))
    assert [p["editors"] for p in pooled["pairs"]] == [["a", "b"], ["a", "c"]]  # b, c never met
    assert pooled["blind"] is False and pooled["blind_articles"] == 1


def test_pooled_agreement_gives_each_editors_accuracy_against_verdicts():
    layers = [Layer("a", [(0, 10, "hype")], True), Layer("b", [(0, 10, "fact")], True)]
    verdicts = [(0, 10, "hype"), (11, 20, "none")]
    pooled = pooled_agreement([ArticleLayers(SENTENCES, layers, verdicts)])
    assert pooled["accuracy"] == [
        {"editor": "a", "n": 2, "accuracy": 1.0},
        {"editor": "b", "n": 2, "accuracy": 0.5},
    ]


def test_pooled_agreement_without_finished_layers_says_why():
    pooled = pooled_agreement([ArticleLayers(SENTENCES, [Layer("a", [(0, 10, "hype")])])])
    assert pooled["editors"] == [] and pooled["alpha"] is None and pooled["pairs"] == []
    assert "fewer than two finished layers" in pooled["reason"]
