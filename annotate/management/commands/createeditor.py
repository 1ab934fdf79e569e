from __future__ import annotations

import getpass

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from annotate.models import LEADS_GROUP


class Command(BaseCommand):
    help = "Create an editor account (a lead with --lead). Prompts for the password if not given."

    def add_arguments(self, parser) -> None:
        parser.add_argument("name")
        parser.add_argument("--lead", action="store_true", help="Add to the leads group.")
        parser.add_argument("--password", help="The password (prompted for when omitted).")
        parser.add_argument("--email", default="")

    def handle(self, *args, name: str, lead: bool, password: str | None, email: str, **opts):
        User = get_user_model()
        user = User(username=name, email=email)
        try:
            # The name first: a NUL must not reach the database (PostgreSQL refuses it).
            user.full_clean(exclude=["password"], validate_unique=False)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        if User.objects.filter(username=name).exists():
            raise CommandError(f"An account named {name!r} exists already.")
        if password is None:
            password = getpass.getpass(f"Password for {name}: ")
            if password != getpass.getpass("Again: "):
                raise CommandError("The passwords differ.")
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user.set_password(password)
        user.is_staff = lead  # leads manage editors and articles in the admin
        user.save()
        if lead:
            user.groups.add(Group.objects.get_or_create(name=LEADS_GROUP)[0])
        role = "lead" if lead else "editor"
        self.stdout.write(self.style.SUCCESS(f"Created {role} {name}."))
