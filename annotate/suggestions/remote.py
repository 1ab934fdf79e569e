"""A newsroom's own suggester, over HTTP: POST ``{"text", "sentences"}`` as JSON, take back
suggestions in the shape of suggestions.json. Pure (urllib, no Django): every failure, a
slow answer included, is a RemoteFailure whose message an editor can read."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Sequence

from annotate.suggestions.suggester import LABELS, THRESHOLD

MAX_BYTES = 5_000_000


class RemoteFailure(Exception):
    """Why the newsroom's suggester gave nothing usable."""


def fetch(url: str, text: str, sentences: Sequence[Sequence[int]], timeout: float) -> dict:
    """The service's suggestions for ``text``, checked; RemoteFailure otherwise."""
    if not url.startswith(("http://", "https://")):
        raise RemoteFailure("SUGGESTER_URL is not an http:// or https:// address")
    body = json.dumps({"text": text, "sentences": [list(s) for s in sentences]}).encode()
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            raw = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise RemoteFailure(f"it answered HTTP {error.code}") from None
    except TimeoutError:
        raise RemoteFailure(f"it did not answer within {timeout:g} s") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise RemoteFailure(f"it did not answer within {timeout:g} s") from None
        raise RemoteFailure(f"it could not be reached ({error.reason})") from None
    except OSError as error:
        raise RemoteFailure(f"it could not be reached ({error})") from None
    if len(raw) > MAX_BYTES:
        raise RemoteFailure("its answer is larger than 5 MB")
    try:
        answer = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise RemoteFailure("its answer is not JSON") from None
    return checked(answer, len(text))


def checked(answer: object, length: int) -> dict:
    """The answer as suggestions.json has it, or RemoteFailure naming what is wrong."""
    if not isinstance(answer, dict) or not isinstance(answer.get("suggestions"), list):
        raise RemoteFailure('its answer has no "suggestions" list')
    name = answer.get("suggester", "remote")
    threshold = answer.get("threshold", THRESHOLD)
    if not isinstance(name, str) or not name or len(name) > 100:
        raise RemoteFailure('its "suggester" is not a short name')
    if not _number(threshold) or not 0 <= threshold <= 1:
        raise RemoteFailure('its "threshold" is not a number from 0 to 1')
    suggestions = []
    for i, item in enumerate(answer["suggestions"]):
        where = f"suggestions[{i}]"
        if not isinstance(item, dict):
            raise RemoteFailure(f"{where} is not an object")
        start, end = item.get("start"), item.get("end")
        if not (_whole(start) and _whole(end) and 0 <= start < end <= length):
            raise RemoteFailure(f"{where} has no span inside the text (0–{length})")
        if item.get("label") not in LABELS:
            raise RemoteFailure(f"{where}.label is not one of {', '.join(LABELS)}")
        if not _number(item.get("score")) or not 0 <= item["score"] <= 1:
            raise RemoteFailure(f"{where}.score is not a number from 0 to 1")
        reasons = []
        for j, reason in enumerate(item.get("reasons", [])):
            if not isinstance(reason, dict) or not isinstance(reason.get("rule"), str):
                raise RemoteFailure(f"{where}.reasons[{j}] has no rule")
            r_start, r_end = reason.get("start"), reason.get("end")
            if not (_whole(r_start) and _whole(r_end) and start <= r_start < r_end <= end):
                raise RemoteFailure(f"{where}.reasons[{j}] is not a span of its sentence")
            text = reason.get("text", "")
            reasons.append(
                {"text": str(text), "start": r_start, "end": r_end, "rule": reason["rule"][:300]}
            )
        suggestions.append(
            {
                "start": start,
                "end": end,
                "label": item["label"],
                "score": float(item["score"]),
                "reasons": reasons,
            }
        )
    return {"suggester": name, "threshold": float(threshold), "suggestions": suggestions}


def _whole(value: object) -> bool:
    return type(value) is int


def _number(value: object) -> bool:
    return type(value) in (int, float)
