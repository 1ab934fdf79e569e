"""A text edit keeps every tag whose words are still there, and says which ones moved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from annotate.models import Annotation, Article
from tests.conftest import tag

pytestmark = pytest.mark.django_db

TYPO = (
    "OpensAI Unveils a Scheduling Agent\n\n"
    "OpensAI said on Tuesday that its agent plans a week of meetings in 40 seconds. "
    "The company called it the biggest step for office software since the spreadsheet. "
    "Early testers were less sure."
)


def edit(client, article: Article, text: str):
    data = {"title": article.title, "text": text, "version": article.version}
    return client.post(reverse("annotate:article_edit", args=[article.pk]), data, follow=True)


def aged(*annotations: Annotation) -> None:
    """Timestamps in the past, so that a change made now shows."""
    past = timezone.now() - timedelta(days=3)
    Annotation.objects.filter(pk__in=[a.pk for a in annotations]).update(
        created_at=past, updated_at=past
    )
    for a in annotations:
        a.refresh_from_db()


def test_typo_fix_moves_the_headlines_tag_and_the_page_says_so(client_for, editor, make_article):
    article = make_article(TYPO, title="OpensAI unveils")
    headline = tag(article, editor, "OpensAI Unveils a Scheduling Agent", "hype")
    claim = tag(article, editor, "the biggest step for office software since the spreadsheet")
    aged(headline, claim)
    response = edit(client_for(editor), article, TYPO.replace("OpensAI", "OpenAI"))
    html = response.content.decode()
    assert "1 tag moved to the corrected text" in html
    assert "could not be found" not in html
    headline.refresh_from_db()
    assert not headline.orphaned
    assert headline.quote == "OpenAI Unveils a Scheduling Agent"
    article.refresh_from_db()
    assert article.text[headline.start : headline.end] == headline.quote
    assert headline.reanchored_at is not None
    # The panel lists it for a look, beside the text it now sits on.
    panel = html.split('id="panel"', 1)[1]
    assert f'data-moved-id="{headline.pk}"' in panel
    assert f'data-moved-id="{claim.pk}"' not in panel


def test_moving_a_tag_does_not_change_when_its_editor_last_changed_it(
    client_for, editor, make_article
):
    article = make_article(TYPO, title="OpensAI unveils")
    headline = tag(article, editor, "OpensAI Unveils a Scheduling Agent", "hype")
    shifted = tag(article, editor, "Early testers were less sure.", "fact")
    aged(headline, shifted)
    before = {a.pk: (a.created_at, a.updated_at, a.version) for a in (headline, shifted)}
    edit(client_for(editor), article, TYPO.replace("OpensAI", "OpenAI"))
    for a in (headline, shifted):
        a.refresh_from_db()
        assert (a.created_at, a.updated_at, a.version) == before[a.pk]
    # Shifted by the two letters the edit removed, its words untouched: not "moved".
    assert shifted.reanchored_at is None
    assert article.text.index("Early") - 2 == shifted.start


def test_edit_returns_what_moved_and_what_was_orphaned(editor, make_article):
    article = make_article(TYPO, title="OpensAI unveils")
    headline = tag(article, editor, "OpensAI Unveils a Scheduling Agent", "hype")
    lost = tag(article, editor, "Early testers were less sure.", "fact")
    new = TYPO.replace("OpensAI", "OpenAI").replace(" Early testers were less sure.", "")
    result = article.edit(seen_version=article.version, text=new)
    assert [a.pk for a in result.moved] == [headline.pk]
    assert [a.pk for a in result.orphaned] == [lost.pk]
    assert result.message() == (
        "1 tag moved to the corrected text. 1 tag could not be found in the new text."
    )


def test_a_later_edit_lists_only_what_it_moved(client_for, editor, make_article):
    article = make_article(TYPO, title="OpensAI unveils")
    headline = tag(article, editor, "OpensAI Unveils a Scheduling Agent", "hype")
    sure = tag(article, editor, "Early testers were less sure.", "fact")
    client = client_for(editor)
    edit(client, article, TYPO.replace("OpensAI", "OpenAI"))
    article.refresh_from_db()
    html = edit(client, article, article.text.replace("were less sure", "were lesss sure"))
    panel = html.content.decode().split('id="panel"', 1)[1]
    assert f'data-moved-id="{sure.pk}"' in panel
    assert f'data-moved-id="{headline.pk}"' not in panel
