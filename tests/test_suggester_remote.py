"""SUGGESTER_URL: a newsroom's own suggester, against a small HTTP server the test starts."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from annotate.suggestions import SUGGESTER
from annotate.suggestions.remote import RemoteFailure, checked

pytestmark = pytest.mark.django_db


class Service(BaseHTTPRequestHandler):
    """Answers what the test put in `server.answer`: (status, body bytes, delay)."""

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        self.server.received.append(json.loads(self.rfile.read(length)))
        status, body, delay = self.server.answer
        time.sleep(delay)
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the app gave up waiting: that is the point of the slow case

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def service(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Service)
    server.received, server.answer = [], (200, b"{}", 0)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.SUGGESTER_URL = f"http://127.0.0.1:{server.server_address[1]}/suggest"
    settings.SUGGESTER_TIMEOUT = 0.5
    yield server
    server.shutdown()
    server.server_close()


def answer_for(article, sentence: str, label: str = "hype") -> bytes:
    start = article.text.index(sentence)
    return json.dumps(
        {
            "suggester": "newsroom/7",
            "threshold": 0.6,
            "suggestions": [
                {
                    "start": start,
                    "end": start + len(sentence),
                    "label": label,
                    "score": 0.9,
                    "reasons": [
                        {"text": sentence[:4], "start": start, "end": start + 4, "rule": "x"}
                    ],
                }
            ],
        }
    ).encode()


def get(client_for, editor, article) -> dict:
    response = client_for(editor).get(reverse("annotate:article_suggestions", args=[article.pk]))
    assert response.status_code == 200
    return response.json()


def test_remote_suggester_gets_text_and_sentences_and_its_answer_is_used(
    service, client_for, editor, article
):
    service.answer = (200, answer_for(article, "Analysts expect shipments"), 0)
    body = get(client_for, editor, article)
    assert service.received == [{"text": article.text, "sentences": article.sentences}]
    assert body["suggester"] == "newsroom/7" and body["threshold"] == 0.6
    assert [s["label"] for s in body["suggestions"]] == ["hype"]
    assert "message" not in body


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        ((200, b"{}", 2), "did not answer within 0.5 s"),
        ((500, b"oops", 0), "it answered HTTP 500"),
        ((200, b"<html>", 0), "its answer is not JSON"),
        ((200, b'{"suggestions": [{"start": 0, "end": 99999}]}', 0), "no span inside the text"),
    ],
)
def test_remote_failure_falls_back_to_the_cues_and_says_why(
    service, client_for, editor, article, answer, said
):
    service.answer = answer
    began = time.monotonic()
    body = get(client_for, editor, article)
    assert time.monotonic() - began < 1.5  # the timeout holds
    assert body["suggester"] == SUGGESTER and body["suggestions"]
    assert body["message"].startswith("The newsroom's suggester failed: ")
    assert said in body["message"] and body["message"].endswith("built-in suggestions instead.")


def test_unreachable_remote_still_gives_a_page_and_suggestions(
    settings, client_for, editor, article
):
    settings.SUGGESTER_URL = "http://127.0.0.1:9/nothing-listens-here"
    page = client_for(editor).get(article.get_absolute_url())
    assert page.status_code == 200
    body = get(client_for, editor, article)
    assert "could not be reached" in body["message"] and body["suggestions"]


def test_a_remote_url_that_is_not_http_is_refused(settings, client_for, editor, article):
    settings.SUGGESTER_URL = "file:///etc/passwd"
    body = get(client_for, editor, article)
    assert "not an http:// or https:// address" in body["message"]


def test_checked_refuses_a_reason_outside_its_sentence():
    answer = {
        "suggestions": [
            {
                "start": 0,
                "end": 10,
                "label": "fact",
                "score": 0.5,
                "reasons": [{"start": 8, "end": 12, "rule": "r"}],
            }
        ]
    }
    with pytest.raises(RemoteFailure, match=r"suggestions\[0\].reasons\[0\] is not a span"):
        checked(answer, 20)


def test_checked_takes_a_minimal_answer_with_our_defaults():
    answer = {"suggestions": [{"start": 0, "end": 10, "label": "fact", "score": 1}]}
    assert checked(answer, 20) == {
        "suggester": "remote",
        "threshold": 0.35,
        "suggestions": [{"start": 0, "end": 10, "label": "fact", "score": 1.0, "reasons": []}],
    }
