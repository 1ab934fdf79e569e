from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.http import HttpRequest

from annotate.management.commands.seed_demo import DEMO_ARTICLE_UUID
from annotate.models import Annotation, Article, is_lead

pytestmark = pytest.mark.django_db


def test_createeditor_makes_an_editor_who_can_log_in(client):
    call_command("createeditor", "carol", "--password", "a-long-test-password")
    user = get_user_model().objects.get(username="carol")
    assert not is_lead(user)
    assert client.login(request=HttpRequest(), username="carol", password="a-long-test-password")


def test_createeditor_lead_is_in_leads_group_and_staff():
    call_command("createeditor", "lena", "--lead", "--password", "a-long-test-password")
    user = get_user_model().objects.get(username="lena")
    assert is_lead(user) and user.is_staff


def test_createeditor_refuses_a_weak_password_and_a_taken_name():
    with pytest.raises(CommandError, match="too short"):
        call_command("createeditor", "dan", "--password", "abc")
    assert not get_user_model().objects.filter(username="dan").exists()
    call_command("createeditor", "dan", "--password", "a-long-test-password")
    with pytest.raises(CommandError, match="exists already"):
        call_command("createeditor", "dan", "--password", "a-long-test-password")


def test_seed_demo_is_idempotent_and_prints_the_login(capsys, client):
    call_command("seed_demo")
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "Demo login: demo / annotate-demo" in out
    article = Article.objects.get(uuid=DEMO_ARTICLE_UUID)
    assert Article.objects.count() == 1
    assert Annotation.objects.filter(article=article).count() == 5
    for annotation in article.annotations.all():
        assert article.text[annotation.start : annotation.end] == annotation.quote
    assert client.login(request=HttpRequest(), username="demo", password="annotate-demo")
