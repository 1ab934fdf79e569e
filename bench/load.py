"""Load and faults: simulated editors against gunicorn and PostgreSQL on 127.0.0.1.

Creates a fresh database of its own (`annotate_load`, on the server DATABASE_URL names,
default postgres://postgres@127.0.0.1:5432), migrates it, seeds editors and articles,
serves the app with gunicorn (DEBUG off), and lets N editors (threads, each logged in
through the login form, with its own session and CSRF cookie) read, tag, relabel,
delete their own tags, export and list, for a bounded time. Every write the server
acknowledged (2xx/3xx) is recorded with its expected final state and checked against
the database at the end; so are the rows' integrity (quote == text[start:end]) and each
article's stored progress count.

    python bench/load.py                      # 10 s, 20 editors
    python bench/load.py --seconds 60         # the figures of the README
    python bench/load.py --seconds 60 --kill  # SIGKILL a gunicorn worker half-way

Exit status 1 when a server error, a lost acknowledged write or a broken row is found.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "annotate_load"
PASSWORD = "load-test-password-not-a-secret"
LABELS = ("fact", "speculation", "hype")
# kind -> weight in the mix
MIX = {"page": 30, "tag": 30, "relabel": 15, "delete": 10, "export": 10, "list": 5}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--editors", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--kill", action="store_true", help="SIGKILL a worker half-way")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    random.seed(args.seed)
    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not server.startswith(("postgres://", "postgresql://")):
        print("bench/load.py needs PostgreSQL: set DATABASE_URL=postgres://...", file=sys.stderr)
        return 2
    db_url = fresh_database(server)
    with tempfile.TemporaryDirectory(prefix="annotate-load-") as tmp:
        env = server_env(Path(tmp), db_url)
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        manage(env, "shell", "-v", "0", "-c", SEED.replace("EDITORS", str(args.editors)))
        with Gunicorn(env, args.workers, Path(tmp)) as gunicorn:
            report = run_load(gunicorn, args)
    report["check"] = verify(db_url, report.pop("expected"))
    print_report(report, args)
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    name = f"load-{'kill' if args.kill else 'normal'}-{int(args.seconds)}s.json"
    (out / name).write_text(json.dumps(report, indent=2) + "\n")
    bad = report["status"].get("5xx", 0) or report["check"]["problems"]
    return 1 if bad else 0


# --- setting up ---------------------------------------------------------------------------


def fresh_database(server: str) -> str:
    import psycopg

    parts = urlsplit(server)
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    return parts._replace(path=f"/{DB_NAME}").geturl()


def server_env(tmp: Path, db_url: str) -> dict[str, str]:
    # Static files collected into the temporary folder, not into the working tree.
    (tmp / "annotate_load_settings.py").write_text(
        f"from annotate.settings import *  # noqa\nSTATIC_ROOT = {str(tmp / 'static')!r}\n"
    )
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "annotate_load_settings",
        "DATABASE_URL": db_url,
        "SECRET_KEY": "load-test-" + os.urandom(24).hex(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "0",
        "LOG_LEVEL": "ERROR",
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


SEED = """
from django.contrib.auth import get_user_model
from annotate.models import Article
User = get_user_model()
users = [User.objects.create_user(f"editor{i}", password=PASSWORD) for i in range(EDITORS)]
for n in range(4):
    paragraphs = []
    for p in range(6):
        paragraphs.append(" ".join(
            f"Vendor {n}-{p}-{s} says its new board is {s + 2} times faster than the last one."
            if s % 3 else f"Analysts at firm {p}{s} expect sales to double by {2027 + s}."
            for s in range(8)
        ))
    Article.objects.create(title=f"Load article {n}", text="\\n\\n".join(paragraphs),
                           created_by=users[n % len(users)])
""".replace("PASSWORD", repr(PASSWORD))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    def __init__(self, env: dict[str, str], workers: int, tmp: Path) -> None:
        self.env, self.workers, self.port = env, workers, free_port()
        self.log = tmp / "gunicorn.log"

    def __enter__(self) -> Gunicorn:
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "annotate.wsgi"),
                *("--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers)),
                *("--timeout", "30", "--graceful-timeout", "5", "--error-logfile", str(self.log)),
            ],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if request(self.port, "GET", "/healthz")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz within 30 s")

    def worker_pids(self) -> list[int]:
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:  # ppid
                pids.append(int(stat.parent.name))
        return sorted(pids)

    def __exit__(self, *exc: object) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# --- the editors --------------------------------------------------------------------------


def request(
    port: int, method: str, path: str, body: dict | None = None, headers: dict | None = None
) -> tuple[int, dict[str, str], bytes]:
    # One connection a request: gunicorn's sync workers close it after each response.
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        payload = None
        headers = dict(headers or {})
        if body is not None:
            payload = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, payload, headers)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


class Editor:
    def __init__(self, port: int, username: str, articles: list[dict]) -> None:
        self.port, self.username, self.articles = port, username, articles
        self.cookies: dict[str, str] = {}
        # annotation id -> (article, start, end, label, version), from the server's answers
        self.mine: dict[int, tuple[int, int, int, str, str]] = {}

    def call(self, method: str, path: str, body: dict | None = None, htmx: bool = False):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        if htmx:
            headers["HX-Request"] = "true"
        status, response_headers, content = request(self.port, method, path, body, headers)
        for match in re.finditer(
            r"(csrftoken|sessionid)=([^;,\s]+)", response_headers.get("set-cookie", "")
        ):
            self.cookies[match.group(1)] = match.group(2)
        return status, content

    def login(self) -> None:
        self.call("GET", "/accounts/login/")
        status, _ = self.call(
            "POST", "/accounts/login/", {"username": self.username, "password": PASSWORD}
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{self.username} could not log in ({status})")


def run_load(gunicorn: Gunicorn, args: argparse.Namespace) -> dict:
    port = gunicorn.port
    editors = [Editor(port, f"editor{i}", []) for i in range(args.editors)]
    for editor in editors:
        editor.login()
    # The articles' text and sentences, from the app's own export.
    status, content = editors[0].call("GET", "/export/?format=json")
    articles = json.loads(content)["articles"]
    for editor in editors:
        editor.articles = [doc["article"] for doc in articles]

    lock = threading.Lock()
    latencies: dict[str, list[float]] = defaultdict(list)
    statuses: Counter[str] = Counter()
    failures: list[str] = []
    # (article id, username, start, end) -> label, None (deleted) or "?" (not acknowledged)
    expected: dict[tuple[int, str, int, int], str | None] = {}
    acknowledged = Counter()
    kill_info: dict = {}
    began = time.monotonic()
    stop = began + args.seconds
    ok_times: list[float] = []

    def note(kind: str, status: int | None, seconds: float, error: str = "") -> None:
        with lock:
            if status is None:
                statuses["connection error"] += 1
                failures.append(f"{kind}: {error}")
                return
            latencies[kind].append(seconds)
            statuses[f"{status // 100}xx"] += 1
            if status >= 400:
                failures.append(f"{kind}: HTTP {status}")
            else:
                ok_times.append(time.monotonic() - began)

    def act(editor: Editor, rng: random.Random) -> None:
        kind = rng.choices(list(MIX), weights=list(MIX.values()))[0]
        article = rng.choice(editor.articles)
        aid = article["id"]
        key = None
        if kind in ("relabel", "delete") and not editor.mine:
            kind = "tag"
        if kind == "page":
            method, path, body = "GET", f"/articles/{aid}/", None
        elif kind == "list":
            method, path, body = "GET", f"/?page={rng.randint(1, 2)}", None
        elif kind == "export":
            method, path, body = "GET", f"/articles/{aid}/export.json", None
        elif kind == "tag":
            start, end = rng.choice(article["sentences"])
            if rng.random() < 0.3:  # a phrase inside the sentence, trimmed as the server does
                start = start + rng.randint(0, (end - start) // 2)
                end = min(end, start + rng.randint(4, 20))
                phrase = article["text"][start:end]
                start += len(phrase) - len(phrase.lstrip())
                end -= len(phrase) - len(phrase.rstrip())
                if start >= end:
                    return
            label = rng.choice(LABELS)
            key = (aid, editor.username, start, end)
            method, path, body = (
                "POST",
                f"/articles/{aid}/annotations/",
                {"start": start, "end": end, "label": label},
            )
        else:
            ann_id = rng.choice(list(editor.mine))
            aid, start, end, old, version = editor.mine[ann_id]
            key = (aid, editor.username, start, end)
            if kind == "relabel":
                label = rng.choice([x for x in LABELS if x != old])
                method, path, body = (
                    "POST",
                    f"/articles/{aid}/annotations/",
                    {"start": start, "end": end, "label": label, "version": version},
                )
            else:
                method, path, body = (
                    "POST",
                    f"/articles/{aid}/annotations/{ann_id}/delete/",
                    {"version": version},
                )
        t0 = time.perf_counter()
        try:
            status, content = editor.call(method, path, body, htmx=method == "POST")
        except (OSError, http.client.HTTPException) as error:
            note(kind, None, 0, f"{type(error).__name__}: {error}")
            if key is not None:
                with lock:
                    expected[key] = "?"  # may or may not have been written
                    acknowledged["not acknowledged"] += 1
            return
        note(kind, status, time.perf_counter() - t0)
        if key is None or not 200 <= status < 400:
            if key is not None and status >= 500:
                with lock:
                    expected[key] = "?"
            return
        with lock:
            acknowledged[kind] += 1
            if kind == "delete":
                expected[key] = None
                editor.mine.pop(ann_id, None)
                return
            expected[key] = label
        # The htmx answer holds the paragraph with our mark: learn its id for later.
        for tag in re.findall(rb"<mark [^>]*>", content):
            attrs = dict(re.findall(rb'([\w-]+)="([^"]*)"', tag))
            if (
                attrs.get(b"data-mine") == b"1"
                and int(attrs[b"data-ann-start"]) == start
                and int(attrs[b"data-ann-end"]) == end
            ):
                version = attrs.get(b"data-version", b"").decode()
                editor.mine[int(attrs[b"data-annotation-id"])] = (aid, start, end, label, version)

    def run(editor: Editor, n: int) -> None:
        rng = random.Random(args.seed * 1000 + n)
        while time.monotonic() < stop:
            act(editor, rng)

    def killer() -> None:
        time.sleep(args.seconds / 2)
        before = gunicorn.worker_pids()
        victim = before[len(before) // 2]
        os.kill(victim, signal.SIGKILL)
        kill_info.update(at=round(time.monotonic() - began, 2), pid=victim, workers=before)
        time.sleep(min(5.0, args.seconds / 4))
        kill_info["workers_after"] = gunicorn.worker_pids()

    threads = [threading.Thread(target=run, args=(e, n)) for n, e in enumerate(editors)]
    if args.kill:
        threads.append(threading.Thread(target=killer))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    ok_times.sort()
    gaps = [b - a for a, b in zip(ok_times, ok_times[1:], strict=False)]
    return {
        "seconds": round(elapsed, 2),
        "editors": args.editors,
        "workers": args.workers,
        "requests": sum(statuses.values()),
        "throughput_rps": round(sum(statuses.values()) / elapsed, 1),
        "status": dict(statuses),
        "latency_ms": {kind: percentiles(values) for kind, values in sorted(latencies.items())},
        "all_latency_ms": percentiles([v for vs in latencies.values() for v in vs]),
        "acknowledged_writes": dict(acknowledged),
        "failures": failures[:20],
        "kill": kill_info,
        "longest_gap_without_success_s": round(max(gaps, default=0), 3),
        "expected": expected,
    }


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    values = sorted(values)

    def at(q: float) -> float:
        return round(1000 * values[min(len(values) - 1, int(q * len(values)))], 1)

    return {"n": len(values), "p50": at(0.50), "p95": at(0.95), "p99": at(0.99)}


# --- checking the database ----------------------------------------------------------------


def verify(db_url: str, expected: dict) -> dict:
    import psycopg

    with psycopg.connect(db_url) as conn:
        rows = conn.execute(
            "SELECT a.article_id, u.username, a.start, a.end, a.label, a.quote"
            " FROM annotate_annotation a JOIN auth_user u ON u.id = a.editor_id"
        ).fetchall()
        articles = {
            pk: (text, sentences, tagged)
            for pk, text, sentences, tagged in conn.execute(
                "SELECT id, text, sentences, sentences_tagged FROM annotate_article"
            )
        }
    stored = {(a, u, s, e): label for a, u, s, e, label, _ in rows}
    problems = []
    checked = uncertain = landed = 0
    for key, label in expected.items():
        if label == "?":  # whole or absent is all we can ask: the integrity checks below
            uncertain += 1
            landed += key in stored
            continue
        checked += 1
        if stored.get(key) != label:
            problems.append(f"acknowledged {key} -> {label}, database has {stored.get(key)}")
    for a, u, s, e, _, quote in rows:
        if articles[a][0][s:e] != quote:
            problems.append(f"broken row {(a, u, s, e)}: quote differs from the text")
    for pk, (_, sentences, tagged) in articles.items():
        spans = [(s, e) for a, _, s, e, _, _ in rows if a == pk]
        actual = sum(1 for ss, se in sentences if any(s < se and e > ss for s, e in spans))
        if actual != tagged:
            problems.append(f"article {pk}: sentences_tagged {tagged}, annotations say {actual}")
    return {
        "annotations": len(rows),
        "acknowledged_keys_checked": checked,
        "keys_not_acknowledged": uncertain,
        "of_which_in_the_database": landed,
        "problems": problems[:20],
    }


def print_report(r: dict, args: argparse.Namespace) -> None:
    print(
        f"\n{r['editors']} editors, {r['workers']} gunicorn workers, {r['seconds']} s"
        + (" (a worker SIGKILLed half-way)" if args.kill else "")
    )
    print(f"requests: {r['requests']}, {r['throughput_rps']} per second; status: {r['status']}")
    print(f"{'kind':<10}{'n':>7}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}")
    for kind, p in [*r["latency_ms"].items(), ("all", r["all_latency_ms"])]:
        print(f"{kind:<10}{p['n']:>7}{p['p50']:>10}{p['p95']:>10}{p['p99']:>10}")
    print(f"acknowledged writes: {r['acknowledged_writes']}")
    if r["kill"]:
        print(f"kill: {r['kill']}")
    print(f"longest gap without a successful response: {r['longest_gap_without_success_s']} s")
    for failure in r["failures"]:
        print(f"  client-side failure: {failure}")
    c = r["check"]
    print(
        f"database: {c['annotations']} annotations; {c['acknowledged_keys_checked']} "
        f"acknowledged spans checked, {c['keys_not_acknowledged']} left uncertain by a "
        f"failed request ({c['of_which_in_the_database']} of them in the database); "
        f"problems: {len(c['problems'])}"
    )
    for problem in c["problems"]:
        print(f"  PROBLEM: {problem}")


if __name__ == "__main__":
    sys.exit(main())
