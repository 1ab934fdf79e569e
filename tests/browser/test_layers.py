"""Finishing one's layer from the keyboard and the panel, in Chromium."""

from __future__ import annotations

import time

import pytest
from django.db import OperationalError

from annotate.models import Annotation, Layer

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for_finished(editor, finished: bool) -> None:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            layer = Layer.objects.filter(editor=editor).first()
        except OperationalError:  # SQLite's shared in-memory test database, mid-write
            layer = None
        if layer is not None and layer.finished == finished:
            return
        time.sleep(0.05)
    raise AssertionError(f"the layer did not become {'finished' if finished else 'open'}")


def test_shift_f_finishes_the_layer_and_again_reopens_it_without_tagging(
    logged_in, editor, article
):
    page = logged_in
    page.goto(article.get_absolute_url())
    page.wait_for_selector("html[data-ready='1']")
    page.keyboard.press("j")  # a focused sentence: plain f would tag it as fact
    page.keyboard.press("Shift+F")
    page.wait_for_selector("[data-finish-toggle]:has-text('Reopen my layer')")
    wait_for_finished(editor, True)
    assert page.inner_text("#announce").startswith("Your layer is finished")
    assert page.is_visible('[data-finished-by="alice"]')
    page.keyboard.press("Shift+F")
    page.wait_for_selector("[data-finish-toggle]:has-text('I have finished')")
    wait_for_finished(editor, False)
    assert not Annotation.objects.exists()
    assert page.console_errors == []


def test_finished_button_in_the_panel_finishes_the_layer(logged_in, editor, article):
    page = logged_in
    page.goto(article.get_absolute_url())
    page.click("[data-finish-toggle]")
    page.wait_for_selector("[data-finish-toggle]:has-text('Reopen my layer')")
    wait_for_finished(editor, True)
    assert page.console_errors == []
