"""python manage.py train_suggester: learn from gold verdicts and finished layers; keep the
model only when it beats the cue suggester on held-out sentences."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from annotate.suggesting import cue_lexicon
from annotate.training import train


class Command(BaseCommand):
    help = (
        "Fit a logistic regression over word n-grams and cue features on the sentences gold "
        "verdicts and finished layers settle, cross-validate it beside the cue suggester, "
        "and store it (as coefficients) only when its macro-F1 is higher."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--folds", type=int, default=5, help="cross-validation folds")
        parser.add_argument("--dry-run", action="store_true", help="measure, store nothing")

    def handle(self, *args, **options) -> None:
        try:
            figures, row = train(
                cue_lexicon(), folds=options["folds"], store=not options["dry_run"]
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(report(figures))
        learned, cues = figures["learned"]["macro_f1"], figures["cues"]["macro_f1"]
        if row is not None:
            self.stdout.write(f"Stored {row.name}: the pages use it from now on.")
        elif learned <= cues:
            self.stdout.write(
                f"Not stored: macro-F1 {learned:.2f} does not beat the cue suggester's {cues:.2f}."
            )
        else:
            self.stdout.write("Not stored (--dry-run).")


def report(figures: dict) -> str:
    how = "by article" if figures["by_article"] else "by sentence"
    support = ", ".join(f"{k} {v}" for k, v in figures["support"].items())
    lines = [
        f"{figures['sentences']} settled sentences ({support}); "
        f"{figures['folds']}-fold cross-validation, split {how}.",
        f"{'':12}{'learned P':>10}{'R':>6}{'F1':>6}{'cues P':>10}{'R':>6}{'F1':>6}",
    ]
    for label in ("hype", "fact", "speculation", "none"):
        a, b = figures["learned"]["labels"][label], figures["cues"]["labels"][label]
        lines.append(
            f"{label:12}{a['precision']:>10.2f}{a['recall']:>6.2f}{a['f1']:>6.2f}"
            f"{b['precision']:>10.2f}{b['recall']:>6.2f}{b['f1']:>6.2f}"
        )
    lines.append(
        f"{'macro-F1':12}{figures['learned']['macro_f1']:>22.2f}{figures['cues']['macro_f1']:>22.2f}"
    )
    lines.append(
        f"{'shown P':12}{figures['learned']['shown']['precision']:>22.2f}"
        f"{figures['cues']['shown']['precision']:>22.2f}"
    )
    return "\n".join(lines)
