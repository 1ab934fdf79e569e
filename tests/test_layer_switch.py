"""The annotate page's layer switcher, disputed sentences and blind work, on the page and
in the fragments a tag returns."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from tests.conftest import tag
from tests.test_annotation_views import HTMX, span_of, tag_url

pytestmark = pytest.mark.django_db

SECOND = "The company called it the greatest leap in computing history."
THIRD = "Analysts expect shipments to begin next year."


@pytest.fixture
def two_layers(article, editor, other_editor):
    tag(article, editor, SECOND, "hype")
    tag(article, other_editor, SECOND, "fact")
    tag(article, other_editor, THIRD, "speculation")
    return article


def editors_shown(html: str) -> set[str]:
    return set(re.findall(r'<mark class="ann[^"]*"[^>]* data-editor="(\w+)"', html))


def sentence_tag(html: str, quote_start: int) -> str:
    return re.search(rf'<span class="sentence[^"]*"[^>]*data-start="{quote_start}"[^>]*>', html)[0]


def test_switcher_shows_everyone_by_default_and_one_editor_when_asked(
    client_for, editor, two_layers
):
    client = client_for(editor)
    assert editors_shown(client.get(two_layers.get_absolute_url()).content.decode()) == {
        "alice",
        "bob",
    }
    html = client.get(two_layers.get_absolute_url() + "?layer=bob").content.decode()
    assert editors_shown(html) == {"bob"}
    assert '<option value="bob" selected>' in html
    html = client.get(two_layers.get_absolute_url() + "?layer=mine").content.decode()
    assert editors_shown(html) == {"alice"}
    html = client.get(two_layers.get_absolute_url() + "?layer=nobody").content.decode()
    assert editors_shown(html) == {"alice", "bob"}
    assert '<option value="all" selected>' in html


def test_finished_editors_who_disagree_mark_the_sentence_disputed(
    client_for, editor, other_editor, lead, two_layers
):
    client = client_for(editor)
    start = two_layers.text.index(SECOND)
    html = client.get(two_layers.get_absolute_url()).content.decode()
    assert "disputed" not in sentence_tag(html, start)  # nobody has finished yet
    two_layers.set_finished(editor, True)
    two_layers.set_finished(other_editor, True)
    html = client.get(two_layers.get_absolute_url()).content.decode()
    second = sentence_tag(html, start)
    assert 'class="sentence tagged disputed"' in second
    values = json.loads(unescape(re.search(r"data-values='([^']*)'", second)[1]))
    assert values == [["alice", "hype"], ["bob", "fact"]]
    assert '"layers": {"several": true, "finished": ["alice", "bob"]}' in html
    third = sentence_tag(html, two_layers.text.index(THIRD))
    assert "disputed" in third  # bob's speculation against alice's none
    one = client.get(two_layers.get_absolute_url() + "?layer=bob").content.decode()
    assert "disputed" not in sentence_tag(one, start) and "data-values" not in one
    two_layers.decide(lead=lead, start=start, end=start + len(SECOND), label="hype")
    html = client.get(two_layers.get_absolute_url()).content.decode()
    assert "disputed" not in sentence_tag(html, start)


def test_tag_fragments_draw_the_layer_the_page_shows(client_for, editor, two_layers):
    client = client_for(editor)
    page = client.get(two_layers.get_absolute_url() + "?layer=mine").content.decode()
    assert f'"tagUrl": "{tag_url(two_layers)}?layer=mine"' in page
    response = client.post(
        tag_url(two_layers) + "?layer=mine",
        {**span_of(two_layers, "Analysts expect"), "label": "fact"},
        **HTMX,
    )
    assert response.status_code == 200
    assert editors_shown(response.content.decode()) == {"alice"}
    response = client.post(
        tag_url(two_layers), {**span_of(two_layers, "Analysts expect"), "label": "hype"}, **HTMX
    )
    assert editors_shown(response.content.decode()) == {"alice", "bob"}


def test_blind_editor_sees_only_their_own_layer_whatever_the_switcher_says(
    client_for, editor, lead, two_layers
):
    two_layers.set_blind(True)
    client = client_for(editor)
    for layer in ("", "?layer=all", "?layer=bob"):
        html = client.get(two_layers.get_absolute_url() + layer).content.decode()
        assert editors_shown(html) == {"alice"}, layer
        assert "you see only your own tags" in html and "data-values" not in html
    response = client.post(
        tag_url(two_layers) + "?layer=bob",
        {**span_of(two_layers, "Analysts expect"), "label": "fact"},
        **HTMX,
    )
    assert editors_shown(response.content.decode()) == {"alice"}
    html = client_for(lead).get(two_layers.get_absolute_url() + "?layer=bob").content.decode()
    assert editors_shown(html) == {"bob"}
    two_layers.set_finished(editor, True)
    html = client_for(editor).get(two_layers.get_absolute_url()).content.decode()
    assert editors_shown(html) == {"alice", "bob"}


def test_editor_names_in_sentence_values_are_escaped(client_for, editor, make_user, article):
    odd = make_user("o'<b>x")
    tag(article, editor, SECOND, "hype")
    tag(article, odd, SECOND, "fact")
    html = client_for(editor).get(article.get_absolute_url()).content.decode()
    assert "<b>x" not in html
    raw = re.search(r"data-values='([^']*)'", sentence_tag(html, article.text.index(SECOND)))[1]
    assert json.loads(unescape(raw)) == [["alice", "hype"], ["o'<b>x", "fact"]]
