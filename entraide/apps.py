from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntraideConfig(AppConfig):
    name = "entraide"
    verbose_name = _("Accounts and audit")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from . import signals  # noqa: F401

        # Each app's perms.py declares its protected fields (entraide.protection): load them
        # all at start, as the admin loads admin.py, so that no path meets an undeclared field.
        autodiscover_modules("perms")
        # Each app's awaiting.py declares what awaits a user on the home page (entraide.awaiting).
        autodiscover_modules("awaiting")
