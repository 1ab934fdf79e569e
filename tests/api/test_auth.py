"""Who gets in: a token, as its editor; never a session cookie alone; never anonymous."""

from __future__ import annotations

import pytest
from django.test import override_settings

from annotate.api.models import Token
from tests.api.conftest import Api
from tests.conftest import TEXT

pytestmark = pytest.mark.django_db


def test_articles_without_a_token_is_401_json(client):
    response = client.get("/api/v1/articles")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "Authorization: Bearer" in response.json()["detail"]
    assert response["WWW-Authenticate"] == "Bearer"


def test_other_pages_still_redirect_to_login(client, article):
    for url in ["/", f"/articles/{article.pk}/", "/accounts/tokens/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


def test_a_wrong_token_is_401(client, editor, token_for):
    token_for(editor)
    assert Api(client, "ann_not-a-token").get("/articles").status_code == 401
    response = client.get("/api/v1/articles", headers={"Authorization": "Basic YTpi"})
    assert response.status_code == 401


def test_a_session_cookie_alone_writes_nothing(client, editor, article):
    client.force_login(editor)
    body = {"start": 0, "end": 4, "label": "hype"}
    response = client.post(
        f"/api/v1/articles/{article.pk}/annotations", body, content_type="application/json"
    )
    assert response.status_code == 401
    assert client.get("/api/v1/articles").status_code == 401
    assert not article.annotations.exists()


def test_a_token_acts_as_its_editor(api_for, article, editor, other_editor):
    response = api_for(other_editor).post(
        f"/articles/{article.pk}/annotations", {"start": 0, "end": 4, "label": "fact"}
    )
    assert response.status_code == 201
    assert response.json()["editor"] == "bob"
    assert article.annotations.get().editor == other_editor


def test_an_inactive_editors_token_is_401(api, editor):
    assert api.get("/articles").status_code == 200
    editor.is_active = False
    editor.save()
    assert api.get("/articles").status_code == 401


def test_a_revoked_token_is_401(api, editor):
    assert api.get("/articles").status_code == 200
    Token.objects.filter(user=editor).delete()
    assert api.get("/articles").status_code == 401


def test_the_token_is_stored_only_hashed(api, editor):
    token = Token.objects.get(user=editor)
    assert api.token not in {token.digest, token.hint, token.name}
    assert token.hint == api.token[:10]
    assert len(token.digest) == 64


def test_use_sets_last_used(api, editor):
    assert Token.objects.get(user=editor).last_used_at is None
    api.get("/articles")
    assert Token.objects.get(user=editor).last_used_at is not None


@override_settings(API_RATE_PER_MINUTE=3)
def test_past_the_rate_is_429_with_retry_after(api, api_for, other_editor):
    for _ in range(3):
        assert api.get("/articles").status_code == 200
    response = api.get("/articles")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "3 a minute" in response.json()["detail"]
    # Per token: another editor's token is still served.
    assert api_for(other_editor).get("/articles").status_code == 200


@override_settings(API_RATE_PER_MINUTE=2)
def test_refused_writes_write_nothing(api, article):
    url = f"/articles/{article.pk}/annotations"
    api.get("/articles")
    api.get("/articles")
    assert api.post(url, {"start": 0, "end": 4, "label": "hype"}).status_code == 429
    assert not article.annotations.exists()


def test_openapi_and_docs_need_no_token(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/articles/{article_id}/annotations/bulk" in schema.json()["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()
    assert b"/static/ninja/swagger-ui-bundle.js" in docs.content


def test_the_schema_documents_every_error(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "422", "429"} <= codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)


def test_create_token_command_prints_a_working_token(client, editor):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("createtoken", "alice", "--name", "crawler", stdout=out)
    raw = out.getvalue().strip()
    assert Token.objects.get(user=editor).name == "crawler"
    response = Api(client, raw).post("/articles", {"title": "T", "text": TEXT})
    assert response.status_code == 201


def test_create_token_command_refuses_an_unknown_editor(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="No editor is named 'nobody'"):
        call_command("createtoken", "nobody")
