"""/insights/, insights.json and insights.csv: the numbers by the rule, from the columns."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from annotate.models import Article
from tests.conftest import tag

pytestmark = pytest.mark.django_db

HYPE = "The company called it the greatest leap in computing history."
FACT = "Acme Corp. said on Monday that its chip is 3.5x faster."


@pytest.fixture
def outlets(make_article, editor, other_editor, lead):
    """Loud (two articles, hype), Calm (one, fact, disputed by bob), no outlet (untagged)."""
    loud = [make_article(outlet="Loud", published_on=date(2026, 9, d)) for d in (2, 20)]
    for a in loud:
        tag(a, editor, HYPE, "hype")
    calm = make_article(outlet="Calm", published_on=date(2026, 10, 5))
    tag(calm, editor, FACT, "fact")
    tag(calm, other_editor, FACT, "hype")
    bare = make_article()
    return {"loud": loud, "calm": calm, "bare": bare}


def get_json(client, **query):
    response = client.get(reverse("annotate:insights_json"), query)
    assert response.status_code == 200, response.content
    return response.json()


def test_by_outlet_counts_sentences_by_the_rule(client_for, editor, outlets):
    data = get_json(client_for(editor), by="outlet")
    assert data["by"] == "outlet"
    rows = {r["key"]: r for r in data["rows"]}
    n = outlets["calm"].sentences_total  # the headline is a heading: it is left out
    assert n == len(outlets["calm"].sentences) - 1
    assert rows["Loud"] == {
        "key": "Loud", "articles": 2, "sentences": 2 * n, "words": 2 * outlets["calm"].words,
        "hype": 2, "speculation": 0, "fact": 0, "disputed": 0, "untagged": 2 * n - 2,
        "hype_per_1000_words": round(2000 / (2 * outlets["calm"].words), 1),
    }  # fmt: skip
    assert (rows["Calm"]["disputed"], rows["Calm"]["fact"], rows["Calm"]["hype"]) == (1, 0, 0)
    assert rows[""]["untagged"] == n
    assert [r["key"] for r in data["rows"]][0] == "Loud"  # the most hyped first


def test_a_verdict_settles_a_disputed_sentence(client_for, editor, lead, outlets):
    calm = outlets["calm"]
    start = calm.text.index(FACT)
    calm.decide(lead=lead, start=start, end=start + len(FACT), label="fact")
    row = next(r for r in get_json(client_for(editor))["rows"] if r["key"] == "Calm")
    assert (row["disputed"], row["fact"]) == (0, 1)


def test_by_month_uses_published_else_added(client_for, editor, outlets):
    rows = {r["key"]: r for r in get_json(client_for(editor), by="month")["rows"]}
    added = f"{outlets['bare'].created_at:%Y-%m}"
    assert rows["2026-09"]["articles"] == 2 and rows["2026-10"]["articles"] == 1
    assert rows[added]["articles"] == 1
    assert list(rows) == sorted(rows)


def test_by_editor_counts_each_editor_s_own_layer(client_for, editor, other_editor, outlets):
    rows = {r["key"]: r for r in get_json(client_for(editor), by="editor")["rows"]}
    assert (rows["alice"]["articles"], rows["alice"]["hype"], rows["alice"]["fact"]) == (3, 2, 1)
    assert (rows["bob"]["articles"], rows["bob"]["hype"], rows["bob"]["disputed"]) == (1, 1, 0)
    assert rows["bob"]["untagged"] == outlets["calm"].sentences_total - 1
    only_bob = get_json(client_for(editor), by="editor", editor="bob")["rows"]
    assert [r["key"] for r in only_bob] == ["bob"]


def test_an_editor_who_only_finished_counts_untagged(client_for, editor, lead, outlets):
    outlets["bare"].set_finished(lead, True)
    rows = {r["key"]: r for r in get_json(client_for(editor), by="editor")["rows"]}
    assert rows["lena"]["articles"] == 1
    assert rows["lena"]["untagged"] == outlets["bare"].sentences_total


def test_filters_narrow_insights_like_the_export(client_for, editor, outlets):
    client = client_for(editor)
    assert [r["key"] for r in get_json(client, outlet="Calm")["rows"]] == ["Calm"]
    assert [r["key"] for r in get_json(client, label="fact")["rows"]] == ["Calm"]
    Article.objects.filter(pk=outlets["calm"].pk).update(status="done")
    assert [r["key"] for r in get_json(client, status="done")["rows"]] == ["Calm"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("by=week", "by: Unknown grouping 'week'; use by=outlet, by=month, by=editor."),
        ("status=finished", "status: Select a valid choice."),
        ("editor=nobody", "editor: No editor is named 'nobody'."),
        ("since=2026-13-01", "since: Enter a valid date."),
    ],
)
@pytest.mark.parametrize("name", ["insights", "insights_json", "insights_csv"])
def test_bad_parameters_are_400_with_a_message(client_for, editor, name, query, message):
    response = client_for(editor).get(reverse(f"annotate:{name}") + "?" + query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_csv_has_the_table_s_numbers(client_for, editor, outlets):
    client = client_for(editor)
    response = client.get(reverse("annotate:insights_csv"), {"by": "outlet"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8")
    assert not body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert list(rows[0])[:9] == [
        "key", "articles", "sentences", "words", "hype", "speculation", "fact", "disputed",
        "untagged",
    ]  # fmt: skip
    as_json = get_json(client, by="outlet")["rows"]
    assert [{k: str(v) for k, v in r.items()} for r in as_json] == rows
    with_bom = client.get(reverse("annotate:insights_csv"), {"bom": "1"}).content.decode()
    assert with_bom.startswith("\ufeff")


def test_csv_neutralises_an_outlet_that_looks_like_a_formula(client_for, editor, make_article):
    make_article(outlet='=HYPERLINK("http://evil")')
    body = client_for(editor).get(reverse("annotate:insights_csv")).content.decode()
    (row,) = csv.DictReader(io.StringIO(body))
    assert row["key"] == '\'=HYPERLINK("http://evil")'


def test_page_draws_a_bar_per_outlet_with_title_link_and_table(client_for, editor, outlets):
    html = client_for(editor).get(reverse("annotate:insights")).content.decode()
    assert html.count('<g class="bar"') == 3
    assert 'href="/?outlet=Loud"' in html and 'href="/?outlet=Calm"' in html
    assert "<title>Loud: hype" in html
    assert 'fill="url(#pat-hype)"' in html and 'id="pat-hype"' in html
    assert "style=" not in html and "<style" not in html
    table = html.split('<table class="insight-table">')[1]
    assert '<a href="/?outlet=Loud">Loud</a>' in table and "(no outlet)" in table


@pytest.mark.parametrize("by", ["outlet", "month"])
def test_chart_numbers_stay_svg_numbers_in_a_decimal_comma_language(
    client_for, editor, outlets, settings, by
):
    settings.LANGUAGE_CODE = "de"
    client = client_for(editor)
    with translation.override("de"):
        html = client.get(reverse("annotate:insights"), {"by": by}).content.decode()
    chart = html.split("<svg", 1)[1].split("</figure>")[0]
    numbers = re.findall(r' (?:x|y|x1|x2|y1|y2|width|height)="([^"]*)"', chart)
    assert numbers and not any("," in n for n in numbers), numbers


def test_page_by_month_draws_areas_and_links_each_month(client_for, editor, outlets):
    html = client_for(editor).get(reverse("annotate:insights"), {"by": "month"}).content.decode()
    assert '<path class="area seg-hype"' in html
    assert 'href="/?month=2026-09"' in html and "<title>2026-09: hype" in html


def test_bar_links_keep_the_filters_and_lead_to_those_articles(client_for, editor, outlets):
    client = client_for(editor)
    html = client.get(reverse("annotate:insights"), {"by": "month", "label": "hype"}).content
    link = re.search(r'href="(/\?[^"]*month=2026-09[^"]*)"', html.decode()).group(1)
    listing = client.get(link.replace("&amp;", "&")).content.decode()
    titles = re.findall(r'<td><a href="/articles/(\d+)/">', listing)
    assert sorted(map(int, titles)) == sorted(a.pk for a in outlets["loud"])


@pytest.mark.parametrize("by", ["outlet", "month", "editor"])
@pytest.mark.parametrize("name", ["insights", "insights_json", "insights_csv"])
def test_query_count_does_not_grow_with_articles(
    client_for, editor, other_editor, make_article, by, name
):
    client = client_for(editor)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(f"annotate:{name}"), {"by": by}).status_code == 200
        return len(queries)

    def add(n: int) -> None:
        for i in range(n):
            article = make_article(outlet=f"Outlet {i % 4}", published_on=date(2026, 1 + i % 9, 1))
            tag(article, editor, HYPE, "hype")
            tag(article, other_editor, FACT, "fact")

    add(2)
    client.get(reverse("annotate:insights"))  # the session, once
    few = count()
    add(20)
    assert count() == few


def test_insights_need_a_login(client):
    for name in ("insights", "insights_json", "insights_csv"):
        assert client.get(reverse(f"annotate:{name}")).status_code == 302


def test_insights_leave_out_blind_articles_an_editor_has_not_finished(
    client_for, editor, other_editor, make_article
):
    from tests.conftest import tag

    seen = make_article(title="Open", outlet="Wire")
    hidden = make_article(title="Blind", outlet="Wire")
    for article in (seen, hidden):
        tag(article, editor, "The company called it the greatest leap in computing history.")
    Article.objects.filter(pk=hidden.pk).update(blind=True)
    rows = client_for(other_editor).get(reverse("annotate:insights_json"), {"by": "outlet"}).json()
    assert [(r["key"], r["articles"], r["hype"]) for r in rows["rows"]] == [("Wire", 1, 1)]
    hidden.refresh_from_db()
    hidden.set_finished(other_editor, True)
    rows = client_for(other_editor).get(reverse("annotate:insights_json"), {"by": "outlet"}).json()
    assert [(r["key"], r["articles"]) for r in rows["rows"]] == [("Wire", 2)]
