"""Browser tests: Playwright (the pip package) driving Debian's Chromium.

Never `playwright install`: it downloads a browser, which this network refuses.
With CI=true a missing Chromium fails the run; elsewhere those tests are skipped.
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import PASSWORD, in_ci

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
# make to set up data are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if in_ci():
            pytest.fail(message + ": CI runs every browser test.", pytrace=False)
        pytest.skip(message + "; skipped outside CI.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture
def logged_in(page, editor):
    page.goto("/accounts/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")
    return page


@pytest.fixture
def article(editor):
    from annotate.models import Article
    from tests.browser.helpers import TEXT

    return Article.objects.create(title="Chips", text=TEXT, created_by=editor)
