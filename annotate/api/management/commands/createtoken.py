from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from annotate.api.models import Token


class Command(BaseCommand):
    help = "Make an API token for an editor and print it (only this once: it is stored hashed)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="command line", help="What the token is for.")

    def handle(self, *args, username: str, name: str, **options) -> None:
        user = get_user_model().objects.filter(username=username.replace("\x00", "")).first()
        if user is None:
            raise CommandError(f"No editor is named {username!r}.")
        if not user.is_active:
            raise CommandError(f"{username} is inactive: their tokens would not work.")
        if not name.strip() or len(name) > Token._meta.get_field("name").max_length:
            raise CommandError("The name must be 1 to 100 characters.")
        _, raw = Token.objects.issue(user=user, name=name.strip())
        self.stdout.write(raw)
