"""403, 404 and 500 in the app's layout (DEBUG off, as in production), with a way back."""

from __future__ import annotations

from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error


def test_import_page_for_an_editor_is_a_styled_403_that_says_why(client_for, editor):
    response = client_for(editor).get(reverse("annotate:import"))
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Only leads can import articles: ask a lead" in page
    assert 'class="top"' in page  # the app's header
    assert f'href="{reverse("annotate:article_list")}"' in page


def test_editing_someone_elses_article_is_a_styled_403(client_for, article, other_editor):
    response = client_for(other_editor).get(reverse("annotate:article_edit", args=[article.pk]))
    assert response.status_code == 403
    assert "Only the editor who added this article, or a lead" in response.content.decode()
    assert "Back to the articles" in response.content.decode()


def test_unknown_page_is_a_styled_404_naming_the_path(client_for, editor):
    response = client_for(editor).get("/articles/999999/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Nothing here" in page and "/articles/999999/" in page
    assert "Back to the articles" in page


def test_404_escapes_the_path_it_shows(client_for, editor):
    response = client_for(editor).get("/<script>alert(1)</script>/")
    assert response.status_code == 404
    assert "<script>alert(1)" not in response.content.decode()


def test_server_error_page_renders_without_a_request_context(db):
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert "nothing was saved" in page
    assert 'href="/"' in page
