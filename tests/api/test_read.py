"""/api/v1 read endpoints: each says what its page's JSON says, with the same blind rules."""

from __future__ import annotations

import pytest

from annotate.models import Layer
from tests.conftest import tag

pytestmark = pytest.mark.django_db

READS = ("layers", "verdicts", "agreement", "suggestions", "history")


@pytest.fixture
def reviewed(world, editor, other_editor, lead):
    article = world["first"]
    for user, quote, label in ((editor, "Engineers", "fact"), (other_editor, "It may", "hype")):
        start = article.text.index(quote)
        article.tag(editor=user, start=start, end=start + len(quote), label=label)
    article.set_finished(editor, True)
    article.set_finished(other_editor, True)
    article.decide(lead=lead, start=world["theirs"].start, end=world["theirs"].end, label="hype")
    return article


def _page(client, user, path: str):
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return response.json()


def test_agreement_is_the_pages_json_for_a_lead(api_for, client, lead, reviewed):
    response = api_for(lead).get(f"/articles/{reviewed.pk}/agreement")
    assert response.status_code == 200
    page = _page(client, lead, f"/articles/{reviewed.pk}/agreement.json")
    assert response.json() == page
    assert page["editors"] == ["alice", "bob"]


def test_history_is_the_pages_json_for_a_lead(api_for, client, lead, reviewed):
    response = api_for(lead).get(f"/articles/{reviewed.pk}/history")
    assert response.status_code == 200
    page = _page(client, lead, f"/articles/{reviewed.pk}/history.json")
    assert response.json() == page
    assert {e["kind"] for e in page} >= {"tag_created", "layer_finished", "verdict_decided"}


def test_history_filters_as_the_page(api_for, client, lead, reviewed):
    query = {"kind": "layer_finished", "editor": "bob"}
    response = api_for(lead).get(f"/articles/{reviewed.pk}/history", query)
    client.force_login(lead)
    page = client.get(f"/articles/{reviewed.pk}/history.json", query).json()
    assert response.json() == page
    assert [(e["who"], e["kind"]) for e in page] == [("bob", "layer_finished")]


def test_suggestions_are_the_pages_json(api_for, client, lead, reviewed):
    response = api_for(lead).get(f"/articles/{reviewed.pk}/suggestions")
    assert response.status_code == 200
    page = _page(client, lead, f"/articles/{reviewed.pk}/suggestions.json")
    assert response.json() == page
    assert page["suggestions"]


@pytest.mark.parametrize("by", ["outlet", "month", "editor"])
def test_insights_are_the_pages_json(api_for, client, lead, reviewed, by):
    query = {"by": by, "status": "draft"} if by == "month" else {"by": by}
    response = api_for(lead).get("/insights", query)
    assert response.status_code == 200
    client.force_login(lead)
    page = client.get("/insights.json", query).json()
    assert response.json() == page
    assert page["by"] == by and page["rows"]


def test_insights_with_a_bad_filter_is_400_with_the_pages_message(api, client, editor):
    response = api.get("/insights", {"since": "2026-12-01", "until": "2026-01-01"})
    client.force_login(editor)
    page = client.get("/insights.json", {"since": "2026-12-01", "until": "2026-01-01"})
    assert page.status_code == 400
    assert response.status_code == 400
    assert response.json()["detail"] == page.json()["error"]


def test_verdicts_are_the_exports(api_for, lead, reviewed):
    lead_api = api_for(lead)
    response = lead_api.get(f"/articles/{reviewed.pk}/verdicts")
    assert response.status_code == 200
    verdicts = response.json()
    assert verdicts == lead_api.get(f"/articles/{reviewed.pk}").json()["verdicts"]
    assert [(v["quote"], v["label"], v["decided_by"]) for v in verdicts] == [
        ("greatest leap", "hype", "lena")
    ]


def test_layers_are_every_editors_for_a_lead(api_for, lead, reviewed):
    response = api_for(lead).get(f"/articles/{reviewed.pk}/layers")
    assert response.status_code == 200
    rows = {layer.editor.username: layer for layer in Layer.objects.filter(article=reviewed)}
    body = response.json()
    assert [row["editor"] for row in body] == ["alice", "bob"]
    for row in body:
        assert row["finished_at"] is not None
        assert row["counts"] == rows[row["editor"]].counts


def test_an_unfinished_layer_has_no_finished_at(api, world):
    response = api.get(f"/articles/{world['first'].pk}/layers")
    assert [(r["editor"], r["finished_at"]) for r in response.json()] == [
        ("alice", None),
        ("bob", None),
    ]


@pytest.fixture
def blind(reviewed, editor, lead):
    reviewed.set_finished(editor, False)
    reviewed.blind = True
    reviewed.save(update_fields=["blind"])
    return reviewed


def test_blind_editor_reads_only_their_own_layer(api, blind):
    response = api.get(f"/articles/{blind.pk}/layers")
    assert [row["editor"] for row in response.json()] == ["alice"]


def test_blind_editor_reads_no_verdicts_as_the_export(api, blind):
    response = api.get(f"/articles/{blind.pk}/verdicts")
    assert response.status_code == 200
    assert response.json() == []
    assert api.get(f"/articles/{blind.pk}").json()["verdicts"] == []


def test_blind_editor_gets_403_for_agreement_as_the_page(api, client, editor, blind):
    from annotate.agreement_views import BLIND

    response = api.get(f"/articles/{blind.pk}/agreement")
    assert response.status_code == 403
    assert response.json()["detail"] == BLIND
    client.force_login(editor)
    assert client.get(f"/articles/{blind.pk}/agreement.json").json() == {"error": BLIND}


def test_blind_editor_reads_the_history_the_page_shows(api, client, editor, blind):
    response = api.get(f"/articles/{blind.pk}/history")
    page = _page(client, editor, f"/articles/{blind.pk}/history.json")
    assert response.json() == page
    assert {e["who"] for e in page if e["annotation"]} == {"alice"}
    assert not any(e["verdict"] for e in page)


def test_blind_editor_who_finished_reads_everything(api, editor, blind):
    blind.set_finished(editor, True)
    assert [r["editor"] for r in api.get(f"/articles/{blind.pk}/layers").json()] == [
        "alice",
        "bob",
    ]
    assert len(api.get(f"/articles/{blind.pk}/verdicts").json()) == 1
    assert api.get(f"/articles/{blind.pk}/agreement").status_code == 200


@pytest.mark.parametrize("read", READS)
def test_read_without_a_token_is_401(client, article, read):
    from tests.api.conftest import Api

    response = Api(client, None).get(f"/articles/{article.pk}/{read}")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_insights_without_a_token_is_401(client):
    from tests.api.conftest import Api

    assert Api(client, None).get("/insights").status_code == 401


@pytest.mark.parametrize("read", READS)
def test_read_of_an_unknown_article_is_404(api, article, read):
    for pk in (article.pk + 1, 2**63):
        response = api.get(f"/articles/{pk}/{read}")
        assert response.status_code == 404
        assert response.json()["detail"] == "No such article."


def test_layers_count_a_new_tag(api, article, editor):
    tag(article, editor, "3.5x faster", "fact")
    [row] = api.get(f"/articles/{article.pk}/layers").json()
    assert row["counts"]["fact"] == 1
