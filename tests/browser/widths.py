"""Pages at the issue-13 widths: a phone (390 px, touch), a laptop (1366) and a desktop
(1440), each logged in as one user in its own browser context."""

from __future__ import annotations

from contextlib import contextmanager

from tests.conftest import PASSWORD

WIDTHS = {390: 844, 1366: 768, 1440: 900}

# A long article, so that the last sentence is far below the first screen.
LONG_TEXT = "Chips Are Back\n\n" + "\n\n".join(
    f"Paragraph {p} says the chip is faster than the last one. Analysts expect sales to "
    f"grow by {p} percent next year. Rivals plan cheaper parts for data centres."
    for p in range(1, 16)
)


@contextmanager
def page_at(browser, live_server, user, width: int):
    phone = width < 600
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": WIDTHS[width]},
        has_touch=phone,
        is_mobile=phone,
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.page_errors = errors
    if user is not None:
        page.goto("/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/")
    try:
        yield page
    finally:
        context.close()


def open_article(page, article) -> None:
    page.goto(article.get_absolute_url())
    page.wait_for_selector("html[data-ready]")


def rect(page, selector: str) -> dict:
    return page.eval_on_selector(
        selector,
        "el => { const r = el.getBoundingClientRect();"
        " return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }",
    )


def viewport(page) -> dict:
    return page.evaluate("() => ({width: innerWidth, height: innerHeight})")


def scrolls_sideways(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth > innerWidth")
