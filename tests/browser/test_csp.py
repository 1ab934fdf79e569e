"""The Content-Security-Policy in Chromium: the app and the admin work under it, with no
violation reported, while an editor tags and a lead edits."""

from __future__ import annotations

import pytest

from annotate.models import Annotation, Article
from tests.browser.test_annotate_page import mouse_select
from tests.conftest import PASSWORD, TEXT, tag

pytestmark = pytest.mark.django_db(transaction=True)

# Runs before any page script: every violation the browser reports, whatever blocked it.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture
def watched(page):
    page.add_init_script(RECORD_VIOLATIONS)
    return page


def violations(page) -> list[str]:
    reported = page.evaluate("window.__violations")
    console = [m for m in page.console_errors if "Content Security Policy" in m]
    return reported + console


def log_in(page, username: str, url: str = "/accounts/login/") -> None:
    page.goto(url)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("[type=submit]")
    page.wait_for_load_state()


def test_tagging_on_the_annotate_page_reports_no_violation(watched, editor):
    page = watched
    article = Article.objects.create(title="Chips", text=TEXT, created_by=editor)
    log_in(page, editor.username)
    response = page.goto(article.get_absolute_url())
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_function("() => typeof htmx !== 'undefined'")
    mouse_select(page, "greatest leap")
    page.click('#toolbar button[data-tag="hype"]')  # the toolbar, positioned by script
    page.wait_for_selector('#article-text mark[data-label="hype"]')
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("f")  # by key: htmx request, out-of-band swaps, announcement
    page.wait_for_selector('#article-text mark[data-label="fact"]')
    page.keyboard.press("x")
    page.wait_for_selector('#article-text mark[data-label="fact"]', state="detached")
    page.keyboard.press("?")
    page.wait_for_timeout(200)
    # Read the database once the page is done (SQLite's test database locks while written).
    assert list(Annotation.objects.values_list("label", "quote")) == [("hype", "greatest leap")]
    assert violations(page) == []


def test_the_detector_sees_a_violation(watched, editor):
    # The watcher above would pass on a page that reports nothing: prove it reports.
    page = watched
    log_in(page, editor.username)
    page.evaluate(
        """() => {
        const s = document.createElement("script");
        s.textContent = "window.__ran = true";
        document.body.append(s);
    }"""
    )
    page.wait_for_function("() => window.__violations.length > 0")
    assert page.evaluate("window.__ran") is None
    assert any(v.startswith("script-src") for v in violations(page))


def test_admin_pages_work_under_the_policy(watched, django_user_model, editor):
    page = watched
    root = django_user_model.objects.create_superuser("root", password=PASSWORD)
    article = Article.objects.create(title="Chips", text=TEXT, created_by=editor)
    annotation = tag(article, editor, "greatest leap", "hype")
    log_in(page, root.username, "/admin/login/?next=/admin/")
    page.wait_for_url("**/admin/")
    for url in [
        "/admin/",
        "/admin/annotate/article/",
        "/admin/annotate/annotation/",
        f"/admin/annotate/annotation/{annotation.pk}/change/",
        "/admin/auth/user/add/",
        "/admin/axes/accessattempt/",
    ]:
        assert page.goto(url).status == 200, url
    # The change form's scripts: the date shortcut, and saving.
    page.goto(f"/admin/annotate/article/{article.pk}/change/")
    page.click(".datetimeshortcuts a:has-text('Today')")
    assert page.input_value("#id_published_on") != ""
    page.fill("#id_title", "Chips, edited")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/annotate/article/")
    assert Article.objects.get().title == "Chips, edited"
    # The changelist's action bar (actions.js) selects rows and deletes one.
    page.goto("/admin/annotate/annotation/")
    page.check(f"input.action-select[value='{annotation.pk}']")
    page.select_option("select[name=action]", "delete_selected")
    page.click("button[name=index]")
    page.click("input[type=submit]")  # "Yes, I'm sure"
    page.wait_for_url("**/admin/annotate/annotation/")
    assert not Annotation.objects.exists()
    assert violations(page) == []
