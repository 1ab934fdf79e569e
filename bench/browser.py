"""How fast the annotate page is in Chromium, on a 10,000-word article with 2,000 annotations.

    python bench/browser.py [--loads 7] [--tags 15]

Builds its own data (a temporary SQLite database, or the one DATABASE_URL names, where it
removes what it made afterwards), serves the app on 127.0.0.1 at a free port, and drives
Debian's Chromium (/usr/bin/chromium, or CHROMIUM) through Playwright. It prints:

- ready: navigation start to the `annotate:ready` mark that the page's last script
  (static/annotate/page/keys.js) sets once all have initialised (the page answers keys
  from then on);
- the same with suggestions on: ready, and navigation start to the moment the page has
  drawn them (`annotate:suggestions-shown`, set by static/annotate/page/suggestions.js);
- keypress → highlight: the `h` keydown event's timestamp to the moment a
  MutationObserver sees the server's new mark in #article-text, and to the next frame.

Timings are printed, never asserted: they depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import report  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WORDS = 10_000
ANNOTATIONS = 2_000
USERNAME = "bench-browser"
OTHER = "bench-browser-other"

_VOCABULARY = str.split(
    "the company said its new chip runs models faster than last year while analysts "
    "expect shipments to grow next quarter and rivals plan cheaper parts for data "
    "centres across several markets though prices remain unclear according to people "
    "familiar with the matter investors cheered a bold bet on cloud software"
)

_WATCH_JS = """([start, end]) => { window.benchWatch = new Promise((resolve) => {
  // Resolve with the times from the next h keydown to the new mark, and to the next frame.
  const root = document.getElementById("article-text");
  let pressed = null;
  addEventListener("keydown", (e) => { if (e.key === "h") pressed = e.timeStamp; },
                   {capture: true, once: true});
  const sel = `mark[data-mine][data-label="hype"]` +
              `[data-ann-start="${start}"][data-ann-end="${end}"]`;
  const observer = new MutationObserver(() => {
    if (pressed === null || !root.querySelector(sel)) return;
    const shown = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => resolve({dom: shown - pressed,
                                         frame: performance.now() - pressed}));
  });
  observer.observe(root, {childList: true, subtree: true});
}); }"""


_FLOOR_JS = """async (index) => {
  // The least a tag can cost the page: one round trip (GET /healthz, through the same
  // server and middleware) and one swap of the sentence's paragraph (its own HTML again).
  const para = document.getElementById(`s-${index}`).closest("p.para");
  const started = performance.now();
  await (await fetch("/healthz", {cache: "no-store"})).text();
  const html = para.outerHTML;
  const swapped = document.createElement("template");
  swapped.innerHTML = html;
  para.replaceWith(swapped.content.firstElementChild);
  return performance.now() - started;
}"""


def _one_writes(article, user, n: int) -> list[float]:
    """`n` timings of bench/floors.py's one write (a tag's row and its event, committed)."""
    import time

    import floors

    write = floors.one_write(article=article, user=user)
    write(0)
    times = []
    for i in range(n):
        t0 = time.perf_counter()
        write(i + 1)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def _setup_django() -> str:
    """Configure Django unless the caller has; return a name for the database."""
    import django
    from django.apps import apps

    if not apps.ready:
        sys.path.insert(0, str(ROOT))
        if "DATABASE_URL" not in os.environ:
            folder = tempfile.mkdtemp(prefix="annotate-bench-")
            os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
        # The test settings: production-like (DEBUG off) without collectstatic's manifest.
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
        django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    return connection.vendor


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(_VOCABULARY) for _ in range(n)]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _article_text(rng: random.Random) -> str:
    paragraphs, words = [], 0
    while words < WORDS:
        sentences = []
        for _ in range(5):
            n = min(rng.randint(10, 22), WORDS - words)
            if n < 2:
                break
            sentences.append(_sentence(rng, n))
            words += n
        if sentences:
            paragraphs.append(" ".join(sentences))
        if words >= WORDS - 1:
            break
    return "\n\n".join(paragraphs)


def build_data(seed: int = 7):
    """A user, another editor, and the article with exactly ANNOTATIONS annotations."""
    from django.contrib.auth import get_user_model

    from annotate.models import Annotation, Article

    rng = random.Random(seed)
    users = get_user_model().objects
    me = users.create_user(USERNAME, password=None)
    other = users.create_user(OTHER, password=None)
    text = _article_text(rng)
    article = Article.objects.create(title="Bench: a long article", text=text, created_by=me)
    sentences = article.sentences
    spans: dict[tuple[int, int, int], str] = {}
    # Whole sentences: a third by each editor; every third sentence left for the key test.
    for i, (start, end) in enumerate(sentences):
        if i % 3:
            spans[(start, end, (me if i % 3 == 1 else other).pk)] = rng.choice(
                ["fact", "speculation", "hype"]
            )
    # Phrases of one to four words inside sentences, until the total is reached.
    while len(spans) < ANNOTATIONS:
        start, end = rng.choice(sentences)
        words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
        first = rng.randrange(len(words))
        last = min(len(words) - 1, first + rng.randint(0, 3))
        span = (words[first][0], words[last][1], rng.choice([me, other]).pk)
        spans[span] = rng.choice(["fact", "speculation", "hype"])
    Annotation.objects.bulk_create(
        Annotation(article=article, editor_id=editor, start=a, end=b, quote=text[a:b], label=label)
        for (a, b, editor), label in spans.items()
    )
    article.refresh_progress()
    free = [i for i in range(len(sentences)) if i % 3 == 0]
    return me, article, free


def remove_data(*articles) -> None:
    from django.contrib.auth import get_user_model

    from annotate.models import Event

    for article in articles:
        Event.objects.filter(article=article).delete()
        article.annotations.all().delete()
        article.delete()
    get_user_model().objects.filter(username__in=[USERNAME, OTHER]).delete()


class _Gunicorn:
    def __init__(self, process) -> None:
        self.process = process

    def shutdown(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _session_cookie(user, base: str) -> dict:
    from django.test import Client

    client = Client()
    client.force_login(user)
    morsel = client.cookies["sessionid"]
    return {"name": "sessionid", "value": morsel.value, "url": base}


def measure(*, loads: int = 7, tags: int = 15, suggestions: bool = True) -> dict:
    with tempfile.TemporaryDirectory(prefix="annotate-bench-browser-") as tmp:
        return _measure(Path(tmp), loads, tags, suggestions)


def _measure(tmp: Path, loads: int, tags: int, suggestions: bool) -> dict:
    """As bench/run.py serves: gunicorn, in processes of its own (two sync workers, DEBUG
    off, the manifest's static files), on a database of the bench's own."""
    import run
    from server import free_port, start_server

    run.BENCH_DB = "annotate_bench_browser"
    env = run.bench_env(tmp)
    os.environ.update(env)
    vendor = _setup_django()
    from django.core.management import call_command
    from django.db import connections
    from playwright.sync_api import sync_playwright

    call_command("collectstatic", interactive=False, verbosity=0)
    me, article, free = build_data()
    bare = run.copy_of(article, "Bench: the same article, bare", me)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    url = base + article.get_absolute_url()
    cookie = _session_cookie(me, base)
    writes = _one_writes(bare, me, tags)  # the write a tag cannot do without, in process
    connections.close_all()
    server = _Gunicorn(start_server(env, port))
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_cookies([cookie])
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(url)  # warm up: templates, connections, the browser's caches
            ready, bare_ready, server_ms, html_bytes = [], [], [], 0
            for _ in range(loads):
                # The bare copy and the annotated article, turn about, in the same loads.
                page.goto(base + bare.get_absolute_url())
                page.wait_for_function(
                    "() => performance.getEntriesByName('annotate:ready').length"
                )
                bare_ready.append(
                    page.evaluate("performance.getEntriesByName('annotate:ready')[0].startTime")
                )
                page.goto(url)
                page.wait_for_function(
                    "() => performance.getEntriesByName('annotate:ready').length"
                )
                ready.append(
                    page.evaluate("performance.getEntriesByName('annotate:ready')[0].startTime")
                )
                nav = page.evaluate(
                    "(({requestStart, responseStart, transferSize}) =>"
                    " ({requestStart, responseStart, transferSize}))"
                    "(performance.getEntriesByType('navigation')[0])"
                )
                server_ms.append(nav["responseStart"] - nav["requestStart"])
                html_bytes = nav["transferSize"]
            # The same loads with suggestions on (remembered in localStorage, as after `g`):
            # the page fetches suggestions.json once its scripts have run.
            page.evaluate(f"localStorage.setItem('annotate:suggestions:{USERNAME}', '1')")
            ready_on, shown, fetched, drawn = [], [], [], []
            for _ in range(loads if suggestions else 0):
                page.goto(url)
                page.wait_for_function(
                    "() => performance.getEntriesByName('annotate:suggestions-shown').length"
                )
                ready_on.append(
                    page.evaluate("performance.getEntriesByName('annotate:ready')[0].startTime")
                )
                shown.append(
                    page.evaluate(
                        "performance.getEntriesByName('annotate:suggestions-shown')[0].startTime"
                    )
                )
                timing = page.evaluate(
                    "(() => { const r = performance.getEntriesByType('resource')"
                    ".find(e => e.name.endsWith('/suggestions.json'));"
                    " return {start: r.startTime, end: r.responseEnd}; })()"
                )
                fetched.append(timing["end"] - timing["start"])
                drawn.append(shown[-1] - timing["end"])
            suggested = page.locator(".sentence[data-suggested]").count() if suggestions else 0
            page.evaluate(f"localStorage.setItem('annotate:suggestions:{USERNAME}', '0')")
            page.goto(url)
            page.wait_for_function("() => performance.getEntriesByName('annotate:ready').length")
            marks = page.locator("#article-text mark").count()
            dom, frame, post, floor = [], [], [], []
            for index in free[:tags]:
                floor.append(page.evaluate(_FLOOR_JS, index))
                sentence = page.locator(f"#s-{index}")
                start, end = article.sentences[index]
                page.keyboard.press("Escape")  # the toolbar may cover the sentence
                sentence.scroll_into_view_if_needed()
                first_line = sentence.evaluate(
                    "el => { const r = el.getClientRects()[0];"
                    " return {x: r.left + 3, y: r.top + r.height / 2}; }"
                )
                page.mouse.click(first_line["x"], first_line["y"])
                page.evaluate("getSelection().removeAllRanges()")
                page.evaluate(_WATCH_JS, [start, end])
                page.keyboard.press("h")
                times = page.evaluate("window.benchWatch")
                dom.append(times["dom"])
                frame.append(times["frame"])
                post.append(
                    page.evaluate(
                        "performance.getEntriesByType('resource')"
                        ".filter(e => e.name.endsWith('/annotations/')).at(-1).duration"
                    )
                )
            browser_version = browser.version
            browser.close()
    finally:
        server.shutdown()
        remove_data(article, bare)
        run.drop_database()
    if errors:
        raise RuntimeError(f"page errors: {errors}")
    return {
        "words": len(article.text.split()),
        "sentences": len(article.sentences),
        "annotations": ANNOTATIONS,
        "marks": marks,
        "html_bytes": html_bytes,
        "database": vendor,
        "chromium": browser_version,
        "ready_ms": ready,
        "bare_ready_ms": bare_ready,
        "key_floor_ms": floor,
        "write_ms": writes,
        "ready_suggestions_ms": ready_on,
        "suggestions_shown_ms": shown,
        "suggestions_fetch_ms": fetched,
        "suggestions_draw_ms": drawn,
        "suggested": suggested,
        "page_server_ms": server_ms,
        "key_to_dom_ms": dom,
        "key_to_frame_ms": frame,
        "post_ms": post,
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loads", type=int, default=7, help="page loads to time")
    parser.add_argument("--tags", type=int, default=15, help="key tags to time")
    parser.add_argument(
        "--no-suggestions", action="store_true", help="skip the loads with suggestions on"
    )
    # Known arguments only: bench/run.py may call main() with its own command line.
    args, _ = parser.parse_known_args(argv)
    r = measure(loads=args.loads, tags=args.tags, suggestions=not args.no_suggestions)
    title = (
        f"browser: {r['words']:,}-word article, {r['sentences']} sentences, "
        f"{r['annotations']:,} annotations ({r['marks']:,} mark elements), "
        f"{r['html_bytes'] / 1e6:.1f} MB page; {r['database']}; Chromium {r['chromium']}"
    )
    print(report.format_rows(report.rows(figures(r), FIGURES), title))
    return r


FIGURES = {
    "bare_ready": report.Figure("navigation -> ready, bare article (floor)"),
    "ready": report.Figure("navigation -> ready, 2,000 annotations", ("bare_ready",), 300),
    "server": report.Figure("  of which the server (request -> first byte; part)"),
    "ready_suggestions": report.Figure("navigation -> ready, suggestions on", ("ready",)),
    "suggestions_fetched": report.Figure("  their fetch (part)"),
    "suggestions_shown": report.Figure(
        "navigation -> suggestions drawn", ("ready_suggestions", "suggestions_fetched")
    ),
    "key_floor": report.Figure("a round trip (/healthz) + a paragraph swap (floor)"),
    "write": report.Figure("one write, in process (floor)"),
    "key_to_dom": report.Figure("keypress -> highlight", ("key_floor", "write"), 30),
    "key_to_frame": report.Figure("keypress -> next frame", ("key_floor", "write")),
    "post": report.Figure("  the tag POST's round trip (part)"),
}


def figures(r: dict) -> dict:
    """The result's samples as report.rows reads them."""
    samples = {
        "bare_ready": r["bare_ready_ms"], "ready": r["ready_ms"], "server": r["page_server_ms"],
        "ready_suggestions": r["ready_suggestions_ms"],
        "suggestions_fetched": r["suggestions_fetch_ms"],
        "suggestions_shown": r["suggestions_shown_ms"], "key_floor": r["key_floor_ms"],
        "write": r["write_ms"],
        "key_to_dom": r["key_to_dom_ms"], "key_to_frame": r["key_to_frame_ms"],
        "post": r["post_ms"],
    }  # fmt: skip
    out = {}
    for key, values in samples.items():
        if len(values) > 1:
            deciles = statistics.quantiles(values, n=10, method="inclusive")
            out[key] = {"median": statistics.median(values), "p10": deciles[0], "p90": deciles[-1]}
    return out


if __name__ == "__main__":
    main()
