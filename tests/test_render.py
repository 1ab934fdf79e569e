from __future__ import annotations

import html as htmllib
import random
import re

from annotate import render as render_module
from annotate.render import Mark, paragraphs_touching, render_paragraphs, runs_for

TEXT = "One two three. Four five six.\n\nSeven 👩‍💻 eight. Nine <b>ten</b>."
PARAGRAPHS = [(0, 29), (31, 63)]
SENTENCES = [(0, 14), (15, 29), (31, 47), (48, 63)]


def mark(id: int, quote: str, label: str = "hype", *, mine: bool = True, nth: int = 0) -> Mark:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(quote, start + 1)
    return Mark(id, start, start + len(quote), label, f"{label} · alice", mine)


def render(marks: list[Mark]) -> list[str]:
    return render_paragraphs(TEXT, PARAGRAPHS, SENTENCES, marks)


def plain(html: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", "", html))


def pieces(html: str, id: int) -> list[str]:
    """The text of each mark element of annotation id (innermost text included)."""
    out = []
    for m in re.finditer(rf'<mark [^>]*data-annotation-id="{id}"[^>]*>', html):
        depth, i = 1, m.end()
        while depth:
            nxt = re.search(r"<(/?)mark\b", html[i:])
            depth += -1 if nxt.group(1) else 1
            close_at, i = i + nxt.start(), i + nxt.end()
        out.append(plain(html[m.end() : close_at]))
    return out


def test_runs_cover_each_paragraph_with_sentences_and_gaps():
    runs = runs_for(PARAGRAPHS, SENTENCES)
    assert runs == [
        [(0, 14, 0), (14, 15, None), (15, 29, 1)],
        [(31, 47, 2), (47, 48, None), (48, 63, 3)],
    ]


def test_render_without_marks_keeps_text_exact_and_escaped():
    out = render([])
    assert [plain(p) for p in out] == [TEXT[0:29], TEXT[31:63]]
    assert "&lt;b&gt;ten&lt;/b&gt;" in out[1]
    assert "<b>" not in out[1]
    assert 'data-start="31" data-end="47"' in out[1]


def test_render_nested_marks_keep_both_visible():
    outer, inner = mark(1, "One two three.", "fact"), mark(2, "two", "hype")
    [p, _] = render([inner, outer])
    assert pieces(p, 1) == ["One two three."]
    assert pieces(p, 2) == ["two"]
    assert p.index('data-annotation-id="1"') < p.index('data-annotation-id="2"')
    assert plain(p) == TEXT[0:29]


def test_render_crossing_marks_split_and_badge_only_on_last_piece():
    a = Mark(1, 4, 18, "fact", "t", True)  # "two three. Four"
    b = Mark(2, 8, 24, "hype", "t", False)  # "three. Four five"
    [p, _] = render([a, b])
    assert "".join(pieces(p, 1)) == TEXT[4:18] == "two three. Fou"
    assert "".join(pieces(p, 2)) == TEXT[8:24] == "three. Four five"
    assert plain(p) == TEXT[0:29]
    assert p.count('class="ann ann-end" data-annotation-id="1"') == 1
    assert p.count('class="ann ann-end" data-annotation-id="2"') == 1
    assert 'data-mine="1"' in p


def test_render_mark_across_paragraphs_is_in_both():
    m = Mark(7, 20, 37, "speculation", "t", True)
    first, second = render([m])
    assert pieces(first, 7) == ["five six."]
    assert pieces(second, 7) == ["Seven "]
    assert 'class="ann ann-end"' in second and 'class="ann ann-end"' not in first


def test_render_escapes_tooltip():
    m = Mark(3, 0, 3, "fact", '"><script>alert(1)</script>', True)
    [p, _] = render([m])
    assert "<script>" not in p
    assert "&quot;&gt;&lt;script&gt;" in p


def test_render_only_some_paragraphs_as_out_of_band_swaps():
    out = render_paragraphs(TEXT, PARAGRAPHS, SENTENCES, [], only=[1], oob=True)
    assert len(out) == 1
    assert out[0].startswith(
        '<p class="para" id="para-1" data-start="31" data-end="63" hx-swap-oob="true">'
    )


def test_paragraphs_touching():
    assert paragraphs_touching(PARAGRAPHS, 20, 37) == [0, 1]
    assert paragraphs_touching(PARAGRAPHS, 31, 35) == [1]


def test_many_overlapping_marks_all_render_with_exact_text():
    marks = [
        Mark(i, s, e, "fact", "t", False)
        for i, (s, e) in enumerate(
            [(0, 29), (0, 14), (4, 7), (4, 18), (8, 29), (15, 29), (31, 63), (33, 40), (36, 38)]
        )
    ]
    out = render(marks)
    assert [plain(p) for p in out] == [TEXT[0:29], TEXT[31:63]]
    for m in marks:
        # The pieces of each mark, in page order, spell its text (paragraph breaks aside).
        text = "".join(piece for p in out for piece in pieces(p, m.id))
        assert text == TEXT[m.start : m.end].replace("\n\n", "")
        assert sum(p.count(f'class="ann ann-end" data-annotation-id="{m.id}"') for p in out) == 1


def test_mark_carries_editor_time_and_note_escaped():
    m = Mark(
        1,
        0,
        3,
        "fact",
        "Fact · alice",
        True,
        editor="alice",
        when="2026-11-27 03:00",
        note='"<b>" & more',
    )
    [p, _] = render([m])
    assert 'data-editor="alice" data-when="2026-11-27 03:00"' in p
    assert 'data-note="&quot;&lt;b&gt;&quot; &amp; more"' in p
    assert "<b>" not in p


def test_mark_without_note_has_no_note_attribute():
    [p, _] = render([mark(1, "One")])
    assert "data-note" not in p


def test_quick_walks_give_the_general_ways_html():
    """A run's HTML comes from one of three walks (one mark, marks nested, marks crossing);
    on seeded random marks the first two give the same HTML as the general one."""
    rng = random.Random(17)
    text = "Alpha beta <gamma> & delta. " * 4
    taken = {"one": 0, "nested": 0}
    for _ in range(500):
        marks = []
        for i in range(rng.choice([1, 1, 2, 3, 5])):
            start = rng.randrange(0, 100)
            m = Mark(i + 1, start, start + rng.randint(1, 30), "fact", "t", i % 2 == 0)
            m.attrs = render_module._mark_attributes(m)
            marks.append(m)
        marks.sort(key=render_module._outermost_first)
        start = rng.randrange(0, 60)
        end = start + rng.randint(1, 50)
        marks = [m for m in marks if m.start < end and m.end > start]
        quick = render_module._marks_html(text, start, end, marks)
        assert quick == render_module._split_html(text, start, end, marks)
        if len(marks) == 1:
            taken["one"] += 1
        elif render_module._nested_html(text, start, end, marks) is not None:
            taken["nested"] += 1
    assert taken["one"] > 50 and taken["nested"] > 50  # both quick walks were tried
