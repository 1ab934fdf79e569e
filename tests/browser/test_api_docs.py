"""The API's docs page (Swagger UI from ninja's own static files) under the strict CSP."""

from __future__ import annotations

import pytest

from tests.browser.test_csp import RECORD_VIOLATIONS, violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_api_docs_render_with_no_violation(page):
    page.add_init_script(RECORD_VIOLATIONS)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    response = page.goto("/api/v1/docs")
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # Swagger UI drew the operations from the schema: its script ran.
    bulk = page.locator("#operations-annotations-annotate_api_annotations_annotation_bulk")
    bulk.wait_for()
    bulk.locator(".opblock-summary").click()
    page.wait_for_selector("text=Up to 5,000 tags in one request")
    page.wait_for_timeout(300)
    assert violations(page) == []
    assert all(url.startswith(page.url.split("/api/")[0]) for url in requests), requests
