"""Paragraph and sentence splitting on the cases newsroom text throws at it."""

from __future__ import annotations

from annotate.sentences import paragraph_spans, sentence_spans
from annotate.text import codepoint_to_utf16, normalize


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


def paragraphs(text: str) -> list[str]:
    return [text[start:end] for start, end in paragraph_spans(text)]


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
