"""The invariants every caller of sentence_spans relies on, whatever the text: spans in
order, trimmed, each inside one paragraph, covering all non-space text; on odd, random and
huge inputs, and when pysbd fails."""

from __future__ import annotations

import random

import pytest

from annotate import sentences as sentencelib
from annotate.sentences import paragraph_spans, sentence_spans
from tests.test_sentences import sentences


def assert_well_formed(text: str) -> None:
    """The invariants every caller relies on, whatever the text."""
    spans = sentence_spans(text)
    paras = paragraph_spans(text)
    covered = set()
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text), (text, spans)
        assert not text[start].isspace() and not text[end - 1].isspace()
        inside = [p for p in paras if p[0] <= start and end <= p[1]]
        assert len(inside) == 1, f"{text[start:end]!r} is not inside exactly one paragraph"
        covered.update(range(start, end))
        previous_end = end
    missing = [i for i, char in enumerate(text) if not char.isspace() and i not in covered]
    assert missing == [], f"uncovered: {[text[i] for i in missing]}"
    for start, end in paras:
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert "\n\n" not in text[start:end].replace(" ", "").replace("\t", "")


# sentence_spans: robustness


def test_sentence_spans_fall_back_to_the_rest_of_the_block_when_pysbd_changes_text(monkeypatch):
    class Rewriting:
        def processor(self, chunk):
            class Processor:
                def process(self):
                    return ["First one.", "SOMETHING pysbd made up.", "Third one."]

            return Processor()

    monkeypatch.setattr(sentencelib, "_SEGMENTER", Rewriting())
    text = "First one. Second one. Third one."
    assert sentences(text) == ["First one.", "Second one. Third one."]


def test_sentence_spans_keep_text_pysbd_skipped(monkeypatch):
    class Skipping:
        def processor(self, chunk):
            class Processor:
                def process(self):
                    return ["Alpha.", "Gamma."]

            return Processor()

    monkeypatch.setattr(sentencelib, "_SEGMENTER", Skipping())
    assert sentences("Alpha. Beta. Gamma.") == ["Alpha.", "Beta. Gamma."]


def test_sentence_spans_survive_a_pysbd_crash(monkeypatch):
    class Crashing:
        def processor(self, chunk):
            raise RuntimeError("boom")

    monkeypatch.setattr(sentencelib, "_SEGMENTER", Crashing())
    assert sentences("One. Two.\n\nThree.") == ["One. Two.", "Three."]


def test_sentence_spans_cover_a_huge_single_paragraph():
    words = ["growth", "chip", "model", "cloud", "said", "users", "market", "rally"]
    rng = random.Random(7)
    parts = []
    while len(parts) < 600:
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(4, 14)))
        parts.append(sentence.capitalize() + ".")
    text = " ".join(parts)
    assert_well_formed(text)
    assert sentences(text)[:3] == parts[:3]
    assert len(sentence_spans(text)) == len(parts)


def test_sentence_spans_cover_a_long_run_without_spaces():
    text = "x" * 7_000 + ". Short tail."
    assert_well_formed(text)
    assert sentences(text)[-1] == "Short tail."


PROPERTY_TEXTS = [
    "",
    " ",
    "\n\n\n",
    "One.",
    "One",
    ".",
    "?!",
    "…",
    "🎉",
    "\u200b",
    "a\n\nb\n\nc",
    "Alpha beta.\n \nGamma delta.\n\t\n",
    "  Leading and trailing spaces.   Another one.  ",
    "Tab\tseparated\tcells.\tNext.",
    "Heading Line\nBody text follows here. And more.",
    "Heading Line\n\nBody as its own paragraph.",
    "- one\n- two\n- three",
    "1. First.\n2. Second.\n3. Third.",
    "Intro:\n• alpha\n• beta\nOutro.",
    "Wrapped line one\nwrapped line two\nwrapped line three.",
    "The U.S.\n\nThe U.K.",
    "Ends with abbreviation Inc.",
    "Mr. Dr. Mrs. Ms. Prof. Inc. Corp. Ltd.",
    "a.m. p.m. e.g. i.e. vs. approx.",
    "$1.5 $2.25 3.5x 4.2% v2.0 1,000.00",
    '"Quoted." "Quoted again." (Parens.) [Brackets.]',
    "\u201cCurly.\u201d \u2018Single.\u2019 \u00abGuillemets.\u00bb",
    "He said \u201cno.\u201d\n\nShe said \u2018yes.\u2019",
    "Wait... what... why...",
    ". . . . .",
    "!!! ??? ?!?!",
    "東京。大阪。\n\n京都？",
    "「始め。」終わり。",
    "مرحبا. שלום. नमस्ते।",
    "e\u0301e\u0301e\u0301. \u0301Leading combining mark.",
    "👩\u200d👩\u200d👧\u200d👦 family. 🇺🇳 flag. 👍🏽 thumbs.",
    "It works. It works.\nIt works.\n\nIt works.",
    ") Starts with a closer. ] Another.",
    "x. y. z. a) b) c)",
    "Hello ___ world. Underscores vanish in pysbd.",
    "A sentence with &amp; entity. Another & one.",
    "Links like https://ex.am/ple.html?a=1. Email a.b@c.io. Done.",
    "\u00a0Non-breaking\u00a0spaces.\u00a0Around.\u00a0",
    "\u3000Ideographic space.\u3000Next.",
    "Line\u2028separator inside. Paragraph\u2029separator inside.",
    "*\n*\n*",
    "-\n\n*",
    "Title Case Line\nanother line in lowercase\nThird Line Here",
    "\n".join(["Short"] * 20),
]


@pytest.mark.parametrize("text", PROPERTY_TEXTS)
def test_sentence_spans_are_well_formed(text):
    assert_well_formed(text)


def test_sentence_spans_are_well_formed_on_random_mixtures():
    pieces = PROPERTY_TEXTS + [
        "The U.S. firm grew 4.2%.",
        '"Big," he said.',
        "Really?!",
        "\n",
        "\n\n",
        "\t",
        "  ",
        "東京は大きい。",
        "👩\u200d💻",
        "- item",
        "Heading",
    ]
    rng = random.Random(2024)
    for _ in range(300):
        text = "".join(rng.choice(pieces) + rng.choice(["", " ", "\n", "\n\n"]) for _ in range(8))
        assert_well_formed(text)


def build_article(words: int) -> str:
    """About `words` words of varied sentences in paragraphs of about 100 words."""
    templates = [
        "The U.S. chipmaker {0} Inc. said revenue rose {1}.{2}% to ${1}.{2} billion.",
        '"This is the future of {3}," said Dr. {0}, who leads the lab.',
        "Analysts expect {0}, e.g. its v{1}.{2} model, to ship at 9 a.m. on Jan. {1}.",
        "Wait... what?",
        "Really?!",
        "Critics said the {3} benchmarks were cherry-picked by {0} Corp. staff.",
        "{0} could reshape {3} within a year, according to people familiar with it.",
        "東京の{0}は大きい。",
        "Engineers 👩\u200d💻 at {0} called it {1}.{2}x faster.",
        "The rollout in the U.K. starts next week. Pricing was not disclosed.",
    ]
    names = ["Acmetron", "Novalith", "Brightwave", "Zentra", "Orbix"]
    topics = ["computing", "search", "robotics", "cloud gaming"]
    rng = random.Random(42)
    paragraphs_, count = [], 0
    while count < words:
        paragraph = " ".join(
            rng.choice(templates).format(
                rng.choice(names), rng.randint(1, 9), rng.randint(0, 9), rng.choice(topics)
            )
            for _ in range(rng.randint(7, 13))
        )
        count += len(paragraph.split())
        paragraphs_.append(paragraph)
    return "\n\n".join(paragraphs_)


def test_sentence_spans_of_a_ten_thousand_word_article_are_well_formed():
    text = build_article(10_000)
    assert len(text.split()) >= 10_000
    assert 90 <= len(paragraph_spans(text)) <= 130
    assert_well_formed(text)
    assert all(
        "\n" not in text[start:end] for start, end in sentence_spans(text)
    )  # paragraphs here have no wrapped lines
