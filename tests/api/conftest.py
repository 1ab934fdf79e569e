from __future__ import annotations

import json

import pytest

from tests.test_documents import varied  # noqa: F401  (an article with every optional field)


@pytest.fixture(autouse=True)
def _fresh_rate_counts():
    # The rate limit counts in the cache, which outlives a test.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


class Api:
    """The Django test client, speaking JSON with a bearer token: real HTTP handling."""

    def __init__(self, client, token: str | None) -> None:
        self.client, self.token = client, token

    def _headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def get(self, path: str, data=None):
        return self.client.get(f"/api/v1{path}", data, headers=self._headers())

    def post(self, path: str, body=None):
        return self._send("post", path, body)

    def patch(self, path: str, body=None):
        return self._send("patch", path, body)

    def delete(self, path: str):
        return self.client.delete(f"/api/v1{path}", headers=self._headers())

    def _send(self, method: str, path: str, body):
        send = getattr(self.client, method)
        return send(
            f"/api/v1{path}",
            json.dumps(body),
            content_type="application/json",
            headers=self._headers(),
        )


@pytest.fixture
def token_for():
    from annotate.api.models import Token

    def make(user, name: str = "tests") -> str:
        return Token.objects.issue(user=user, name=name)[1]

    return make


@pytest.fixture
def api_for(client, token_for):
    def make(user) -> Api:
        return Api(client, token_for(user))

    return make


@pytest.fixture
def api(api_for, editor) -> Api:
    return api_for(editor)
