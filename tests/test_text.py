from __future__ import annotations

import hashlib
import random

import pytest

from annotate import text as textlib
from annotate.text import (
    MAX_TEXT_LENGTH,
    bad_character,
    codepoint_to_utf16,
    folded,
    normalize,
    paragraph_spans,
    sentence_spans,
    sha256_hex,
    spans_overlapping,
    splits_grapheme,
    trim_span,
    utf16_length,
    utf16_to_codepoint,
)


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


def paragraphs(text: str) -> list[str]:
    return [text[start:end] for start, end in paragraph_spans(text)]


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


# paragraph_spans


def test_paragraph_spans_split_on_blank_lines():
    text = "First para line one.\nLine two.\n\nSecond para.\n\n\n\nThird."
    assert paragraphs(text) == ["First para line one.\nLine two.", "Second para.", "Third."]


def test_paragraph_spans_treat_whitespace_only_lines_as_blank():
    text = "  Indented start.\n \t \nNext block ends in spaces.   \n\u00a0\nLast."
    assert paragraphs(text) == ["Indented start.", "Next block ends in spaces.", "Last."]


def test_paragraph_spans_of_whitespace_only_text_are_empty():
    assert paragraph_spans("") == []
    assert paragraph_spans(" \n\t\n  \n") == []


def test_paragraph_spans_exclude_leading_and_trailing_blank_lines():
    text = "\n\n   \nOnly one.\n\n"
    assert paragraph_spans(text) == [(6, 15)]
    assert paragraphs(text) == ["Only one."]


# sentence_spans: the hard cases


def test_sentence_spans_of_empty_and_whitespace_only_text_are_empty():
    assert sentence_spans("") == []
    assert sentence_spans("   \n\n\t \n ") == []


def test_sentence_spans_keep_abbreviations_inside_sentences():
    text = (
        "Officials in the U.S. and the U.K. backed the plan. Dr. Ortiz of Zentra Inc. "
        "disagreed. Mr. Hale at Brightwave Corp. stayed quiet."
    )
    assert sentences(text) == [
        "Officials in the U.S. and the U.K. backed the plan.",
        "Dr. Ortiz of Zentra Inc. disagreed.",
        "Mr. Hale at Brightwave Corp. stayed quiet.",
    ]


def test_sentence_spans_keep_latin_abbreviations_dates_and_times():
    text = (
        "Some rivals, e.g. small labs, lag behind. Others, i.e. the giants, do not. "
        "The demo starts at 10 a.m. on Thursday. The beta opened in Jan. 2025 for testers."
    )
    assert sentences(text) == [
        "Some rivals, e.g. small labs, lag behind.",
        "Others, i.e. the giants, do not.",
        "The demo starts at 10 a.m. on Thursday.",
        "The beta opened in Jan. 2025 for testers.",
    ]


def test_sentence_spans_split_after_initialism_that_ends_a_sentence():
    text = "The startup moved to the U.K. The relocation cut costs. It left the E.U. But why?"
    assert sentences(text) == [
        "The startup moved to the U.K.",
        "The relocation cut costs.",
        "It left the E.U.",
        "But why?",
    ]


def test_sentence_spans_keep_clock_times_with_zone_and_day():
    text = "Trading halts at 4 p.m. ET on Fridays. The call is at 8 a.m. Monday. Expect delays."
    assert sentences(text) == [
        "Trading halts at 4 p.m. ET on Fridays.",
        "The call is at 8 a.m. Monday.",
        "Expect delays.",
    ]


def test_sentence_spans_keep_approx_and_vs_inside_sentences():
    text = "Each unit costs approx. $40 to build. It is Nimbus vs. Stratus again."
    assert sentences(text) == [
        "Each unit costs approx. $40 to build.",
        "It is Nimbus vs. Stratus again.",
    ]


def test_sentence_spans_keep_decimals_and_money_together():
    text = (
        "The round raised $2.5 billion. Inference is 4.5x cheaper. Margins grew 3.7% this year. "
        "Release v3.1 fixes it."
    )
    assert sentences(text) == [
        "The round raised $2.5 billion.",
        "Inference is 4.5x cheaper.",
        "Margins grew 3.7% this year.",
        "Release v3.1 fixes it.",
    ]


def test_sentence_spans_keep_quote_ending_in_comma_with_its_attribution():
    text = '"This changes everything," the founder claimed. Investors cheered.'
    assert sentences(text) == [
        '"This changes everything," the founder claimed.',
        "Investors cheered.",
    ]


def test_sentence_spans_end_a_sentence_inside_closing_quotes():
    text = 'The coach said "Run faster." Then the team ran.'
    assert sentences(text) == ['The coach said "Run faster."', "Then the team ran."]


def test_sentence_spans_end_a_sentence_inside_curly_quotes():
    text = (
        "He wrote: \u2018Ship it.\u2019 Nobody replied. "
        "She said \u201cWait.\u201d \u201cWhy?\u201d he asked."
    )
    assert sentences(text) == [
        "He wrote: \u2018Ship it.\u2019",
        "Nobody replied.",
        "She said \u201cWait.\u201d",
        "\u201cWhy?\u201d he asked.",
    ]


def test_sentence_spans_keep_question_inside_quotes_mid_sentence():
    text = 'She asked "how soon?" and waited. The answer came.'
    assert sentences(text) == ['She asked "how soon?" and waited.', "The answer came."]


def test_sentence_spans_end_after_parenthesized_sentences():
    text = "(The figures are unaudited.) (They may change.) Shares rose anyway."
    assert sentences(text) == [
        "(The figures are unaudited.)",
        "(They may change.)",
        "Shares rose anyway.",
    ]


def test_sentence_spans_keep_lowercase_after_ellipsis():
    text = "Hold on... really? The launch slipped again."
    assert sentences(text) == ["Hold on... really?", "The launch slipped again."]


def test_sentence_spans_split_on_mixed_question_and_exclamation_marks():
    text = "Seriously?! A folding laptop! Who asked?!? Nobody did."
    assert sentences(text) == ["Seriously?!", "A folding laptop!", "Who asked?!?", "Nobody did."]


def test_sentence_spans_keep_emoji_with_their_sentence():
    text = "The rocket worked 🚀. Engineers 👩\u200d💻 celebrated 🎉! Flags 🇰🇷 flew."
    assert sentences(text) == [
        "The rocket worked 🚀.",
        "Engineers 👩\u200d💻 celebrated 🎉!",
        "Flags 🇰🇷 flew.",
    ]


def test_sentence_spans_split_cjk_on_full_width_stops():
    text = "大阪は暑い。明日は雨ですか？たぶん！"
    assert sentences(text) == ["大阪は暑い。", "明日は雨ですか？", "たぶん！"]


def test_sentence_spans_keep_japanese_quote_inside_its_sentence():
    text = "彼女は「無理だ。」と言った。会議は終わった。"
    assert sentences(text) == ["彼女は「無理だ。」と言った。", "会議は終わった。"]


def test_sentence_spans_split_right_to_left_text():
    text = "الشركة أعلنت النتائج. هل ستنمو؟ ربما. זה עובד. זה מהיר."
    assert sentences(text) == [
        "الشركة أعلنت النتائج.",
        "هل ستنمو؟",
        "ربما.",
        "זה עובד.",
        "זה מהיר.",
    ]


def test_sentence_spans_split_devanagari_on_danda():
    text = "कंपनी ने घोषणा की। शेयर बढ़े।"
    assert sentences(text) == ["कंपनी ने घोषणा की।", "शेयर बढ़े।"]


def test_sentence_spans_keep_combining_marks_intact():
    # Combining marks with no precomposed form survive NFC: offsets must not split them.
    text = normalize("Zoe\u0308 tested q\u0307\u0323. Ne\u0301e was late.")
    got = sentences(text)
    assert got == ["Zoë tested q\u0323\u0307.", "Née was late."]
    assert "".join(got).count("\u0307") == 1


def test_sentence_spans_give_repeated_sentences_their_own_offsets():
    text = "Prices fell. Prices fell. Prices fell."
    assert sentence_spans(text) == [(0, 12), (13, 25), (26, 38)]
    assert sentences(text) == ["Prices fell."] * 3


def test_sentence_spans_treat_tabs_as_white_space():
    text = "Column one.\tColumn two.\n\n\tIndented with a tab."
    assert sentences(text) == ["Column one.", "Column two.", "Indented with a tab."]


def test_sentence_spans_never_cross_a_paragraph_break():
    text = "This sentence has no end\n\nbut this paragraph is new."
    assert sentences(text) == ["This sentence has no end", "but this paragraph is new."]


def test_sentence_spans_join_wrapped_lines_into_one_sentence():
    text = "The board approved the merger\nafter a long debate. It closes\nnext week."
    assert sentences(text) == [
        "The board approved the merger\nafter a long debate.",
        "It closes\nnext week.",
    ]


def test_sentence_spans_make_a_heading_its_own_sentence():
    text = "Quantum Startup Raises Funds\nThe company said it raised $30 million. It plans to hire."
    assert sentences(text) == [
        "Quantum Startup Raises Funds",
        "The company said it raised $30 million.",
        "It plans to hire.",
    ]


def test_sentence_spans_make_a_heading_after_a_sentence_its_own_sentence():
    text = "The first part ends here.\nWhat Comes Next\nMore details follow."
    assert sentences(text) == [
        "The first part ends here.",
        "What Comes Next",
        "More details follow.",
    ]


def test_sentence_spans_do_not_take_wrapped_prose_for_a_heading():
    # A short line whose next line starts in lowercase, or that ends a sentence inside it.
    text = "Regulators said\nthey would review it.\n\nThe deal closed. Then\nShares jumped."
    assert sentences(text) == [
        "Regulators said\nthey would review it.",
        "The deal closed.",
        "Then\nShares jumped.",
    ]


def test_sentence_spans_make_each_list_item_its_own_sentence():
    text = (
        "The update brings:\n"
        "- faster sync\n"
        "* offline mode\n"
        "• a new icon\n"
        "– dark theme\n"
        "1. better search\n"
        "2) fewer crashes\n"
        "a) smaller downloads\n"
        "Rollout starts today."
    )
    assert sentences(text) == [
        "The update brings:",
        "- faster sync",
        "* offline mode",
        "• a new icon",
        "– dark theme",
        "1. better search",
        "2) fewer crashes",
        "a) smaller downloads",
        "Rollout starts today.",
    ]


def test_sentence_spans_keep_an_indented_continuation_with_its_list_item():
    text = "- Battery life doubles\n  on the new model.\n- Price stays the same."
    assert sentences(text) == [
        "- Battery life doubles\n  on the new model.",
        "- Price stays the same.",
    ]


def test_sentence_spans_do_not_take_a_negative_number_for_a_list_item():
    text = "Growth was\n-3% last year, the filing said."
    assert sentences(text) == ["Growth was\n-3% last year, the filing said."]


def test_sentence_spans_of_a_text_without_final_punctuation():
    assert sentences("  no punctuation at all  ") == ["no punctuation at all"]


def test_sentence_spans_offsets_are_code_points_with_emoji_and_cjk():
    text = "見て 👩\u200d💻. Next one."
    assert sentence_spans(text) == [(0, 7), (8, 17)]
    # The browser sees the same boundaries in UTF-16 units: the emoji takes 5 there.
    assert [codepoint_to_utf16(text, i) for i in (0, 7, 8, 17)] == [0, 9, 10, 19]


# sentence_spans: robustness


def test_sentence_spans_fall_back_to_the_rest_of_the_block_when_pysbd_changes_text(monkeypatch):
    class Rewriting:
        def processor(self, chunk):
            class Processor:
                def process(self):
                    return ["First one.", "SOMETHING pysbd made up.", "Third one."]

            return Processor()

    monkeypatch.setattr(textlib, "_SEGMENTER", Rewriting())
    text = "First one. Second one. Third one."
    assert sentences(text) == ["First one.", "Second one. Third one."]


def test_sentence_spans_keep_text_pysbd_skipped(monkeypatch):
    class Skipping:
        def processor(self, chunk):
            class Processor:
                def process(self):
                    return ["Alpha.", "Gamma."]

            return Processor()

    monkeypatch.setattr(textlib, "_SEGMENTER", Skipping())
    assert sentences("Alpha. Beta. Gamma.") == ["Alpha.", "Beta. Gamma."]


def test_sentence_spans_survive_a_pysbd_crash(monkeypatch):
    class Crashing:
        def processor(self, chunk):
            raise RuntimeError("boom")

    monkeypatch.setattr(textlib, "_SEGMENTER", Crashing())
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
