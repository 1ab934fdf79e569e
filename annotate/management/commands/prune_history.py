from __future__ import annotations

from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from annotate.models import Event, Import, Kind, is_lead, record


class Command(BaseCommand):
    help = (
        "Delete the history events from before a date (leads only). The article as it was "
        "before that date can no longer be shown, nor those changes undone; the prune itself "
        "is recorded."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--before", required=True, help="A date, YYYY-MM-DD (not included).")
        parser.add_argument(
            "--as", required=True, dest="username", help="The lead who prunes (recorded)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Count, delete nothing.")

    def handle(self, *args, before: str, username: str, dry_run: bool, **opts) -> None:
        try:
            day = date.fromisoformat(before)
        except ValueError:
            raise CommandError(f"--before {before!r} is not a date like 2026-01-01.") from None
        user = get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: username})
        user = user.first()
        if user is None or not is_lead(user):
            raise CommandError(f"{username!r} is not a lead: only leads prune history.")
        bound = timezone.make_aware(datetime.combine(day, time.min))
        old = Event.objects.filter(at__lt=bound).exclude(kind=Kind.HISTORY_PRUNED)
        if dry_run:
            self.stdout.write(f"Would delete {old.count():,} events from before {day}.")
            return
        with transaction.atomic():
            deleted = old.delete()[0]
            imports = Import.objects.filter(at__lt=bound, events__isnull=True).delete()[0]
            record(
                article=None, who=user, kind=Kind.HISTORY_PRUNED,
                after={"before": day.isoformat(), "events": deleted, "imports": imports},
            )  # fmt: skip
        self.stdout.write(f"Deleted {deleted:,} events and {imports:,} imports from before {day}.")
