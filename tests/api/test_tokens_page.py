"""/accounts/tokens/: make (shown once), list, revoke; each editor their own."""

from __future__ import annotations

import re

import pytest

from annotate.api.models import Token
from tests.api.conftest import Api

pytestmark = pytest.mark.django_db


def test_made_token_is_shown_once_and_works(client, editor):
    client.force_login(editor)
    response = client.post("/accounts/tokens/", {"name": "crawler"})
    assert response.status_code == 200
    raw = re.search(r'<code id="new-token">([^<]+)</code>', response.content.decode()).group(1)
    assert Token.objects.get().name == "crawler"
    page = client.get("/accounts/tokens/").content.decode()
    assert raw not in page
    assert "crawler" in page and raw[:10] in page
    client.logout()
    assert Api(client, raw).get("/articles").status_code == 200


def test_a_token_needs_a_name(client, editor):
    client.force_login(editor)
    response = client.post("/accounts/tokens/", {"name": ""})
    assert "This field is required." in response.content.decode()
    assert not Token.objects.exists()


def test_revoke_stops_the_token(client, editor):
    token, raw = Token.objects.issue(user=editor, name="old")
    client.force_login(editor)
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    client.logout()
    assert Api(client, raw).get("/articles").status_code == 401


def test_someone_elses_token_is_not_listed_nor_revoked(client, editor, other_editor):
    theirs, _ = Token.objects.issue(user=other_editor, name="bobs-crawler")
    client.force_login(editor)
    assert "bobs-crawler" not in client.get("/accounts/tokens/").content.decode()
    assert client.post(f"/accounts/tokens/{theirs.pk}/revoke/").status_code == 404
    assert Token.objects.filter(pk=theirs.pk).exists()


def test_the_nav_links_to_the_tokens_page(client, editor):
    client.force_login(editor)
    assert 'href="/accounts/tokens/"' in client.get("/").content.decode()
