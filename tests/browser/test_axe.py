"""axe-core (the axe-playwright-python package) on every page: no serious or critical
violation, at a phone's width, a laptop's and a desktop's; and the annotate page without a mouse."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import RequestFactory
from django.views.defaults import server_error

from annotate.models import Annotation
from tests.browser.helpers import TEXT, wait_for_count
from tests.browser.widths import open_article, page_at
from tests.conftest import tag

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Axe()


def serious(page) -> list[str]:
    results = AXE.run(page).response
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def shared(editor, other_editor):
    from annotate.models import Article

    article = Article.objects.create(title="Chips Are Back", text=TEXT, created_by=editor)
    tag(article, editor, "Tokyo said the chip is 3.5x faster.", "fact")
    tag(article, other_editor, "the greatest leap ever", "hype")
    tag(article, other_editor, "Shipments are expected to begin next year.", "speculation")
    return article


@pytest.mark.parametrize("width", [390, 1366, 1440])
def test_every_page_has_no_serious_accessibility_violation(
    browser, live_server, lead, shared, width
):
    found = {}
    with page_at(browser, live_server, None, width) as page:
        page.goto("/accounts/login/")
        found["login"] = serious(page)
    with page_at(browser, live_server, lead, width) as page:
        for name, url in {
            "list": "/",
            "paste": "/articles/new/",
            "edit": f"/articles/{shared.pk}/edit/",
            "import": "/import/",
            "404": "/articles/999999/",
        }.items():
            page.goto(url)
            found[name] = serious(page)
        open_article(page, shared)
        found["annotate"] = serious(page)
        page.keyboard.press("j")
        page.keyboard.press("j")  # the toolbar and the focused sentence's box open
        page.wait_for_selector("#focus-details:not([hidden])")
        page.evaluate("document.getElementById('index-details').open = true")
        page.click("#tag-index button[data-only=hype]")
        found["annotate, focused"] = serious(page)
        page.keyboard.press("?")
        found["keys dialog"] = serious(page)
        page.keyboard.press("Escape")
        page.evaluate("window.annotatePage.say('A refusal.', true)")
        found["annotate, error"] = serious(page)
        # The 500 page as the server sends it (DEBUG off), on the app's origin for its CSS.
        page.goto("/")
        page.set_content(server_error(RequestFactory().get("/")).content.decode())
        found["500"] = serious(page)
    assert {name: v for name, v in found.items() if v} == {}


def test_403_page_is_styled_and_clean(browser, live_server, editor):
    with page_at(browser, live_server, editor, 1366) as page:
        response = page.goto("/import/")
        assert response.status == 403
        assert page.is_visible("header.top") and page.is_visible("text=Back to the articles")
        colour = page.eval_on_selector("button, .button, a", "el => getComputedStyle(el).color")
        assert colour != "rgb(0, 0, 238)"  # the stylesheet applies, not the browser's default
        assert serious(page) == []


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Tab forward until `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        if page.evaluate(f"() => document.activeElement.matches({selector!r})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_every_action_on_the_annotate_page_works_without_a_mouse(
    browser, live_server, lead, shared
):
    with page_at(browser, live_server, lead, 1366) as page:
        open_article(page, shared)
        keys = page.keyboard
        keys.press("j")  # the heading: taggable
        keys.press("h")
        wait_for_count(1, editor=lead)
        # The answer's fragments swapped in (the stored row alone does not say so): only
        # then move on, or a slow machine's swap lands in the middle of the next selection.
        page.wait_for_selector(f"mark[data-editor='{lead.username}'][data-label=hype]")
        keys.press("j")
        keys.press("Shift+ArrowRight")  # a phrase, word by word
        keys.press("Shift+ArrowRight")
        page.wait_for_function("() => getSelection().toString().trim().length > 0")
        keys.press("f")
        page.wait_for_selector(f"mark.current[data-editor='{lead.username}'][data-label=fact]")
        keys.press("a")  # cycle through the sentence's tags, back to the phrase
        keys.press("a")
        assert page.get_attribute("mark.current", "data-editor") == lead.username
        keys.press("n")  # a note on it
        keys.type("Check the source")
        keys.press("Enter")
        page.wait_for_function(
            "() => document.querySelector('mark[data-note=\"Check the source\"]')"
        )
        keys.press("]")  # next tag in the article: the editor's fact after the phrase
        assert page.get_attribute("mark.current", "data-editor") == "alice"
        keys.press("x")  # a lead removes another editor's tag
        page.wait_for_function(
            "() => document.getElementById('announce').textContent.includes('Removed')"
        )
        assert not Annotation.objects.filter(editor__username="alice").exists()
        keys.press("?")
        assert page.evaluate("document.getElementById('keys-help').open")
        keys.press("Escape")
        tab_to(page, "#tag-index button[data-only=speculation]")
        keys.press("Enter")
        assert page.get_attribute("#article-text", "data-only") == "speculation"
        tab_to(page, "#status-select")
        keys.press("ArrowDown")
        tab_to(page, "#status button[type=submit]")
        keys.press("Enter")
        page.wait_for_function(
            "() => document.getElementById('announce').textContent.includes('Status set')"
        )
        assert page.page_errors == []
