"""Create the missing entries of the apps' catalogues; idempotent.

Each app that has catalogues to start from publishes them in its `reference` module with a
`load()` that creates the missing entries and returns how many (partnerships: fields of
action; recruitment: grades and specialties). Their migrations load them once; this command
loads them again where a database was emptied (the browser tests' transactional databases)
or after an administrator removed an entry. The kernel names no app: it asks each one."""

from importlib import import_module
from importlib.util import find_spec

import pghistory
from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


def catalogue_loaders():
    """(app label, load) of every installed app whose `reference` module has a `load()`."""
    loaders = []
    for config in apps.get_app_configs():
        if find_spec(f"{config.name}.reference") is None:
            continue
        load = getattr(import_module(f"{config.name}.reference"), "load", None)
        if callable(load):
            loaders.append((config.label, load))
    return loaders


class Command(BaseCommand):
    help = "Seed the apps' catalogues; existing entries are left as edited."

    def handle(self, *args, **options):
        with transaction.atomic(), pghistory.context(command="load_catalogues"):
            created = sum(load() for _label, load in catalogue_loaders())
        self.stdout.write(f"catalogues: {created} entries created (existing entries kept)")
