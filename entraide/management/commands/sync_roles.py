"""Create one group per role and give it exactly the permissions declared in code.

Each app may declare a ROLE_PERMISSIONS dict in its `perms.py`; they add to entraide.roles.
"""

from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from entraide.roles import ALL, ROLE_PERMISSIONS, Role


def declared_permissions():
    declared = {role: set() for role in Role}
    sources = [ROLE_PERMISSIONS]
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.perms")
        except ModuleNotFoundError:
            continue
        sources.append(getattr(module, "ROLE_PERMISSIONS", {}))
    for source in sources:
        for role, perms in source.items():
            if perms == ALL or declared[role] == ALL:
                declared[role] = ALL
            else:
                declared[role] |= set(perms)
    return declared


class Command(BaseCommand):
    help = "Create the role groups and apply the permissions declared in code (idempotent)."

    def handle(self, *args, **options):
        every = Permission.objects.select_related("content_type")
        by_name = {f"{p.content_type.app_label}.{p.codename}": p for p in every}
        with transaction.atomic():
            for role, names in declared_permissions().items():
                if names == ALL:
                    perms = list(by_name.values())
                else:
                    missing = sorted(n for n in names if n not in by_name)
                    if missing:
                        raise CommandError(f"{role}: unknown permissions {', '.join(missing)}")
                    perms = [by_name[n] for n in names]
                group, created = Group.objects.get_or_create(name=role.value)
                group.permissions.set(perms)
                state = "created" if created else "updated"
                self.stdout.write(f"{role.value}: {len(perms)} permissions ({state})")
