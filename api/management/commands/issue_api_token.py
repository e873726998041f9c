"""Issue an API token from the command line (as the admin does) and print its key, once:

    manage.py issue_api_token --name "RSU (ANR)" --user rsu-system --unit DP-MA-KHO \\
        --scope read_people --days 90 --by admin

The key is printed on standard output and kept nowhere: copy it then."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from api import services
from api.models import DEFAULT_DAYS, ApiToken
from entraide.models import User
from territory.models import OrgUnit


class Command(BaseCommand):
    help = "Issue an API token to a system or a person and print its key (shown once)."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="Who uses the token.")
        parser.add_argument("--user", required=True, help="The account it acts for (username).")
        parser.add_argument("--unit", help="The unit's code (default: the account's unit).")
        parser.add_argument(
            "--scope",
            action="append",
            required=True,
            choices=ApiToken.Scope.values,
            help="A scope (repeat for several).",
        )
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS, help="Days until expiry.")
        parser.add_argument("--by", help="The administrator issuing it (username).")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["user"]).select_related("unit").first()
        if user is None:
            raise CommandError(f"No account named {options['user']!r}.")
        unit = user.unit
        if options["unit"]:
            unit = OrgUnit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"No unit with the code {options['unit']!r}.")
        actor = None
        if options["by"]:
            actor = User.objects.filter(username=options["by"]).first()
            if actor is None:
                raise CommandError(f"No account named {options['by']!r}.")
        if options["days"] < 1:
            raise CommandError("--days must be at least 1.")
        token = ApiToken(
            name=options["name"],
            user=user,
            unit=unit,
            scopes=sorted(set(options["scope"])),
            expires_at=timezone.now() + datetime.timedelta(days=options["days"]),
        )
        try:
            token.full_clean(exclude=["prefix", "key_hash"])
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        with transaction.atomic():
            key = services.token_issue(token=token, actor=actor)
        self.stderr.write(
            f"issued token {token.prefix} to {token.name} (account {user.username}, unit "
            f"{unit.code}, scopes {', '.join(token.scopes)}, expires {token.expires_at:%Y-%m-%d})"
        )
        self.stdout.write(key)
