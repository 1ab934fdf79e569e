"""How good and how fast the cue suggester is, on the project's own evaluation set.

    .venv/bin/python bench/suggest.py [--split test|dev|both] [--runs 20] [--errors]

Per label precision, recall and F1 at the sentence level, and macro-F1 over hype, fact,
speculation and none (a sentence without a suggestion counts as "none"), beside two
baselines: the most frequent label of the dev half; and "fact" for every sentence with a
digit, else the most frequent label of the dev half's sentences without one. Twice: for
every suggestion, and for those the page shows by default (score >= THRESHOLD; the others
count as "none"), with the shown suggestions' precision and coverage. Then the time to
suggest for a generated 10,000-word article (bench/data.py), and the learned suggester's
cross-validated figures on the seeded demo data. Never fails: it reports.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from annotate.suggestions import THRESHOLD, suggest  # noqa: E402
from annotate.suggestions.measures import NONE, macro_f1, per_label, shown  # noqa: E402

EVAL = ROOT / "tests" / "data" / "suggest_eval.jsonl"
LABELS = ("hype", "fact", "speculation", NONE)


def load(split: str) -> list[dict]:
    with EVAL.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [r for r in rows if split == "both" or r["split"] == split]


def predict(text: str, threshold: float = 0.0) -> str:
    found = suggest(text, [[0, len(text)]])
    if found and found[0].score >= threshold:
        return found[0].label
    return NONE


def baselines() -> dict[str, object]:
    dev = load("dev")
    frequent = Counter(r["label"] for r in dev).most_common(1)[0][0]
    wordy = Counter(r["label"] for r in dev if not re.search(r"\d", r["text"]))
    wordy_frequent = wordy.most_common(1)[0][0]
    return {
        f"most frequent ({frequent})": lambda text: frequent,
        f"digit→fact, else {wordy_frequent}": lambda text: (
            "fact" if re.search(r"\d", text) else wordy_frequent
        ),
    }


def evaluate(rows: list[dict], threshold: float) -> dict:
    """The figures of the suggester on ``rows`` (each with "text" and "label")."""
    gold = [r["label"] for r in rows]
    predicted = [predict(r["text"], threshold) for r in rows]
    figures = per_label(gold, predicted, LABELS)
    return {"labels": figures, "macro_f1": macro_f1(figures), "shown": shown(gold, predicted)}


def _print_table(title: str, results: dict[str, dict]) -> None:
    print(f"\n{title}")
    names = list(results)
    print(f"{'':14}" + "".join(f"{name[:26]:>28}" for name in names))
    for label in LABELS:
        cells = "".join(
            "{precision:>10.2f}{recall:>9.2f}{f1:>9.2f}".format(**results[n]["labels"][label])
            for n in names
        )
        print(f"{label:14}{cells}")
    print(f"{'':14}" + f"{'P':>10}{'R':>9}{'F1':>9}" * len(names))
    print(f"{'macro-F1':14}" + "".join(f"{results[n]['macro_f1']:>28.2f}" for n in names))
    print(
        f"{'shown P/cov':14}"
        + "".join(
            "{:>19.2f}{:>9.2f}".format(
                results[n]["shown"]["precision"], results[n]["shown"]["coverage"]
            )
            for n in names
        )
    )


def run_split(split: str, errors: bool) -> None:
    rows = load(split)
    results = {
        "cues (all)": evaluate(rows, 0.0),
        f"cues (>= {THRESHOLD})": evaluate(rows, THRESHOLD),
    }
    for name, guess in baselines().items():
        gold = [r["label"] for r in rows]
        predicted = [guess(r["text"]) for r in rows]
        figures = per_label(gold, predicted, LABELS)
        results[name] = {
            "labels": figures,
            "macro_f1": macro_f1(figures),
            "shown": shown(gold, predicted),
        }
    _print_table(f"{split} half: {len(rows)} sentences", results)
    if errors:
        for r in rows:
            found = suggest(r["text"], [[0, len(r["text"])]])
            got = found[0] if found else None
            label = got.label if got else NONE
            if label != r["label"]:
                reasons = "; ".join(x.rule for x in got.reasons) if got else ""
                score = f"{got.score:.2f}" if got else "-"
                print(f"  {r['label']:>11} ← {label:<11} {score}  {r['text']}  [{reasons}]")


def time_article(runs: int) -> None:
    from data import article_text

    from annotate.sentences import sentence_spans

    text = article_text(10_000)
    sentences = sentence_spans(text)
    suggest(text, sentences)
    wall, cpu = [], []
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        suggest(text, sentences)
        wall.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    # Wall time suffers when other processes share the machine; CPU time much less.
    print(
        f"\n10,000-word article ({len(text.split()):,} words, {len(sentences)} sentences), "
        f"{runs} runs (target < 100 ms):\n"
        f"  wall median {statistics.median(wall):.1f} ms (min {min(wall):.1f}, "
        f"max {max(wall):.1f}); CPU median {statistics.median(cpu):.1f} ms"
    )


def learned_figures() -> None:
    """The learned suggester's cross-validated figures on demo data: the evaluation set, both
    halves, seeded as a newsroom's settled work (tests/suggest_data.py) in a database of
    its own; what `manage.py train_suggester` prints, nothing stored."""
    import os
    import tempfile

    folder = tempfile.mkdtemp(prefix="annotate-suggest-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from annotate.management.commands.train_suggester import report
    from annotate.suggesting import cue_lexicon
    from annotate.training import train
    from tests.suggest_data import seed_settled

    call_command("migrate", verbosity=0)
    users = get_user_model().objects
    seed_settled(users.create_user("bench-editor"), users.create_user("bench-lead", is_staff=True))
    began = time.perf_counter()
    figures, _ = train(cue_lexicon(), store=False)
    print("\nlearned suggester, cross-validated on the seeded demo data (both halves):")
    print(report(figures))
    print(f"  (training and cross-validation took {time.perf_counter() - began:.1f} s)")
    from data import article_text

    from annotate.sentences import sentence_spans
    from annotate.suggestions import learned
    from annotate.training import training_examples

    model = learned.LearnedModel(learned.fit(training_examples()[0]), "learned/bench")
    text = article_text(10_000)
    sentences = sentence_spans(text)
    cpu = []
    for _ in range(5):
        began_cpu = time.process_time()
        model.as_json(text, sentences)
        cpu.append((time.process_time() - began_cpu) * 1000)
    print(
        f"  the learned suggester on the 10,000-word article: CPU median "
        f"{statistics.median(cpu):.1f} ms (min {min(cpu):.1f}), {len(model.coef):,} features"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("test", "dev", "both"), default=None)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--errors", action="store_true", help="list the sentences it gets wrong")
    parser.add_argument("--no-learned", action="store_true", help="skip the learned suggester")
    # Known arguments only: bench/run.py may call main() with its own command line.
    args, _ = parser.parse_known_args(argv)
    print(f"cue suggester, threshold {THRESHOLD}; macro-F1 over {', '.join(LABELS)}")
    for split in [args.split] if args.split else ["test", "dev"]:
        run_split(split, args.errors)
    time_article(args.runs)
    if not args.no_learned:
        learned_figures()


if __name__ == "__main__":
    main()
