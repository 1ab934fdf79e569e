from __future__ import annotations

import hashlib
import random

import pytest

from annotate.sentences import sentence_spans
from annotate.text import (
    MAX_TEXT_LENGTH,
    bad_character,
    codepoint_to_utf16,
    count_tagged,
    folded,
    normalize,
    sha256_hex,
    spans_overlapping,
    splits_grapheme,
    trim_span,
    utf16_length,
    utf16_to_codepoint,
)
from tests.test_sentences_well_formed import build_article

# normalize


def test_normalize_turns_crlf_and_lone_cr_into_newlines():
    assert normalize("One.\r\nTwo.\rThree.\n") == "One.\nTwo.\nThree.\n"


def test_normalize_composes_to_nfc():
    assert normalize("Cafe\u0301 cre\u0300me") == "Caf\u00e9 cr\u00e8me"


def test_normalize_keeps_tabs_and_surrounding_white_space():
    assert normalize("  \tIndented\tcell \n\n") == "  \tIndented\tcell \n\n"


def test_normalize_leaves_emoji_and_rtl_text_alone():
    text = "Ship it 👩\u200d💻 שלום مرحبا 🇯🇵"
    assert normalize(text) == text


# bad_character


def test_bad_character_finds_nul():
    assert bad_character("ab\x00c") == (2, "NUL (U+0000)")


def test_bad_character_finds_escape_and_names_it():
    assert bad_character("Price \x1b[31m") == (6, "control character U+001B")


def test_bad_character_finds_del_and_c1_controls():
    assert bad_character("a\x7f") == (1, "control character U+007F")
    assert bad_character("ab\x85") == (2, "control character U+0085")
    assert bad_character("\x9f") == (0, "control character U+009F")


def test_bad_character_finds_lone_surrogate():
    assert bad_character("ok \ud800 no") == (3, "lone surrogate U+D800")
    assert bad_character("x\udfff") == (1, "lone surrogate U+DFFF")


def test_bad_character_finds_noncharacters():
    assert bad_character("a\ufffe") == (1, "noncharacter U+FFFE")
    assert bad_character("\uffff") == (0, "noncharacter U+FFFF")


def test_bad_character_reports_the_first_one():
    assert bad_character("a\x01b\x00") == (1, "control character U+0001")


def test_bad_character_allows_newline_tab_and_any_script():
    text = "Line one.\n\tTabbed. 東京 👩\u200d💻 שלום e\u0301 \u00a0 \u200b \ufeff"
    assert bad_character(text) is None
    assert bad_character("") is None


def test_bad_character_rejects_carriage_return_left_unnormalized():
    assert bad_character("a\rb") == (1, "control character U+000D")
    assert bad_character(normalize("a\rb")) is None


def test_max_text_length_is_two_hundred_thousand():
    assert MAX_TEXT_LENGTH == 200_000


# spans_overlapping

SPANS = [(0, 10), (11, 20), (21, 30), (40, 50)]


def test_spans_overlapping_inside_one_span():
    assert spans_overlapping(SPANS, 2, 5) == range(0, 1)


def test_spans_overlapping_across_several_spans():
    assert list(spans_overlapping(SPANS, 5, 25)) == [0, 1, 2]


def test_spans_overlapping_ignore_spans_that_only_touch():
    assert list(spans_overlapping(SPANS, 10, 11)) == []
    assert list(spans_overlapping(SPANS, 20, 21)) == []
    assert list(spans_overlapping(SPANS, 30, 40)) == []
    assert list(spans_overlapping(SPANS, 10, 12)) == [1]


def test_spans_overlapping_at_the_edges_and_beyond():
    assert list(spans_overlapping(SPANS, 0, 1)) == [0]
    assert list(spans_overlapping(SPANS, 49, 99)) == [3]
    assert list(spans_overlapping(SPANS, 50, 99)) == []
    assert list(spans_overlapping(SPANS, 0, 999)) == [0, 1, 2, 3]
    assert list(spans_overlapping([], 0, 5)) == []


def test_spans_overlapping_accept_lists_from_json():
    assert list(spans_overlapping([[0, 10], [11, 20]], 9, 12)) == [0, 1]


def test_spans_overlapping_with_an_inverted_range_are_empty():
    assert list(spans_overlapping(SPANS, 25, 5)) == []


def test_spans_overlapping_agree_with_a_linear_scan():
    text = build_article(2_000)
    spans = sentence_spans(text)
    rng = random.Random(1)
    for _ in range(500):
        start = rng.randrange(len(text))
        end = start + rng.randint(1, 300)
        expected = [i for i, (s, e) in enumerate(spans) if s < end and e > start]
        assert list(spans_overlapping(spans, start, end)) == expected


# trim_span


def test_trim_span_moves_past_white_space():
    text = "  hello \n world\t "
    assert trim_span(text, 0, len(text)) == (2, 15)
    assert text[2:15] == "hello \n world"


def test_trim_span_leaves_a_tight_span_alone():
    assert trim_span("abc def", 4, 7) == (4, 7)


def test_trim_span_of_only_white_space_is_empty():
    start, end = trim_span("a \n\t b", 1, 5)
    assert start == end


def test_trim_span_outside_the_text_raises():
    with pytest.raises(ValueError):
        trim_span("abc", 2, 9)
    with pytest.raises(ValueError):
        trim_span("abc", -1, 2)


# UTF-16 (the browser's offsets)


def test_utf16_length_counts_astral_characters_twice():
    assert utf16_length("") == 0
    assert utf16_length("abc") == 3
    assert utf16_length("東京") == 2
    assert utf16_length("🚀") == 2
    assert utf16_length("👩\u200d💻") == 5
    assert utf16_length("🇯🇵") == 4
    assert utf16_length("e\u0301") == 2
    assert utf16_length("שלום") == 4


def test_utf16_to_codepoint_after_emoji():
    text = "Go 🚀 now"
    assert utf16_to_codepoint(text, 3) == 3
    assert utf16_to_codepoint(text, 5) == 4
    assert text[utf16_to_codepoint(text, 6) :] == "now"


def test_utf16_to_codepoint_inside_a_surrogate_pair_raises():
    with pytest.raises(ValueError, match="surrogate pair"):
        utf16_to_codepoint("Go 🚀 now", 4)


def test_utf16_to_codepoint_past_the_end_or_negative_raises():
    with pytest.raises(ValueError, match="past the end"):
        utf16_to_codepoint("🚀", 3)
    with pytest.raises(ValueError, match="past the end"):
        utf16_to_codepoint("plain", 6)
    with pytest.raises(ValueError):
        utf16_to_codepoint("plain", -1)


def test_utf16_offsets_round_trip_on_mixed_scripts():
    text = "Ship 👩\u200d💻 in 東京, e\u0301 שלום مرحبا 🇰🇷!"
    for index in range(len(text) + 1):
        units = codepoint_to_utf16(text, index)
        assert utf16_to_codepoint(text, units) == index
    assert codepoint_to_utf16(text, len(text)) == utf16_length(text)


def test_codepoint_to_utf16_of_a_sentence_after_emoji():
    text = "🎉🎉 Party. Next."
    start, end = sentence_spans(text)[1]
    assert text[start:end] == "Next."
    assert (codepoint_to_utf16(text, start), codepoint_to_utf16(text, end)) == (12, 17)


def test_codepoint_to_utf16_outside_the_text_raises():
    with pytest.raises(ValueError):
        codepoint_to_utf16("abc", 4)
    with pytest.raises(ValueError):
        codepoint_to_utf16("abc", -1)


# sha256_hex


def test_sha256_hex_of_ascii():
    assert sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_sha256_hex_hashes_utf8_bytes():
    text = "東京 🚀 e\u0301"
    assert sha256_hex(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert sha256_hex(normalize("e\u0301")) != sha256_hex("e\u0301")


# splits_grapheme, folded


@pytest.mark.parametrize(
    "text, inside",
    [
        ("a\u00e9b", []),  # precomposed é: one code point
        ("ae\u0301b", [2]),  # e + combining acute
        ("x\U0001f469\u200d\U0001f469\u200d\U0001f467y", [2, 3, 4, 5]),  # ZWJ family
        ("\U0001f1ef\U0001f1f5\U0001f1fa\U0001f1f8", [1, 3]),  # two flags: JP, US
        ("\U0001f44d\U0001f3fd!", [1]),  # thumbs up, skin tone
        ("\u2764\ufe0f.", [1]),  # heart + emoji variation selector
        ("1\ufe0f\u20e3", [1, 2]),  # keycap one
        ("\u0645\u064e\u0631", [1]),  # Arabic letter + fatha
        ("东京 abc", []),
    ],
)
def test_splits_grapheme_finds_offsets_inside_a_character(text, inside):
    assert [i for i in range(len(text) + 1) if splits_grapheme(text, i)] == inside


def test_splits_grapheme_is_false_at_the_ends():
    assert not splits_grapheme("\u0301", 0)
    assert not splits_grapheme("e\u0301", 2)


def test_folded_joins_white_space_runs():
    assert folded("  a\n\n b\tc ") == "a b c"
    assert folded("a b") != folded("ab")


def test_count_tagged_counts_the_sentences_some_span_overlaps():
    rng = random.Random(17)
    for _ in range(300):
        cuts = sorted(rng.sample(range(1, 400), rng.randint(1, 30)))
        sentences = [(a, b) for a, b in zip([0, *cuts], cuts, strict=False) if rng.random() < 0.8]
        spans = []
        for _ in range(rng.randint(0, 40)):
            start = rng.randrange(0, 399)
            spans.append((start, rng.randint(start + 1, 400)))
        rng.shuffle(spans)  # in any order
        expected = sum(any(s < e2 and e > s2 for s, e in spans) for s2, e2 in sentences)
        assert count_tagged(sentences, iter(spans)) == expected
