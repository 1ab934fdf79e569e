"""The stylesheet's colours meet WCAG 2.2 AA, computed from its custom properties."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parent.parent / "static/annotate/annotate.css").read_text()
LABELS = ("hype", "fact", "speculation")
TEXT_AA = 4.5  # normal-size text
NON_TEXT_AA = 3.0  # underlines, outlines (WCAG 1.4.11)


def custom_properties(css: str) -> dict[str, str]:
    root = re.search(r":root\s*{(.*?)}", css, re.S).group(1)
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})\b", root))


COLOURS = custom_properties(CSS)


def rgb(hex_colour: str) -> tuple[float, float, float]:
    return tuple(int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))


def luminance(colour: tuple[float, float, float]) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def var(name: str) -> tuple[float, float, float]:
    return rgb(COLOURS[name])


def darkened(colour: tuple[float, float, float], alpha: float) -> tuple[float, float, float]:
    """colour under a black layer of this opacity (the nested mark's inset shadow)."""
    return tuple(c * (1 - alpha) for c in colour)


def test_contrast_of_known_pairs():
    assert contrast(rgb("#000000"), rgb("#ffffff")) == pytest.approx(21)
    assert contrast(rgb("#767676"), rgb("#ffffff")) == pytest.approx(4.54, abs=0.01)


def test_every_colour_the_checks_read_is_declared():
    for name in ("ink", "muted", "bg", "panel", "accent", "focus", "on-label", "error"):
        assert name in COLOURS, name
    for label in LABELS:
        assert {label, f"{label}-bg"} <= COLOURS.keys()


@pytest.mark.parametrize("label", LABELS)
def test_label_colours_meet_aa(label):
    fg, bg = var(label), var(f"{label}-bg")
    # Article text on the label's highlight, also when focused, hovered or nested.
    for under in (bg, darkened(bg, 0.07)):
        assert contrast(var("ink"), under) >= TEXT_AA
    # The badge in the panel, the toolbar button, the badge after a mark.
    assert contrast(fg, bg) >= TEXT_AA
    assert contrast(fg, var("bg")) >= TEXT_AA
    assert contrast(var("on-label"), fg) >= TEXT_AA
    # The underline and the focus outline drawn on the highlight.
    assert contrast(fg, bg) >= NON_TEXT_AA
    assert contrast(var("focus"), bg) >= NON_TEXT_AA


def test_page_colours_meet_aa():
    for text, background in [
        ("ink", "bg"),
        ("ink", "panel"),
        ("ink", "hover-bg"),
        ("ink", "focus-bg"),
        ("muted", "bg"),
        ("muted", "panel"),
        ("accent", "bg"),
        ("bg", "accent"),  # button text
        ("bg", "ink"),  # the announcement
        ("bg", "error"),  # the announcement of a failure
        ("error", "bg"),
    ]:
        assert contrast(var(text), var(background)) >= TEXT_AA, (text, background)
    assert contrast(var("focus"), var("bg")) >= NON_TEXT_AA


def test_every_block_of_the_stylesheet_is_closed():
    # An unclosed @media block swallows every rule after it, silently (a merge can do it).
    depth = 0
    for char in re.sub(r"/\*.*?\*/", "", CSS, flags=re.S):
        depth += (char == "{") - (char == "}")
        assert depth >= 0
    assert depth == 0
