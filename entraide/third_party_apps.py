"""The third-party apps under names the admin can show in Arabic and French.

Their own configs leave the app name to its label ("Axes", "Otp_Totp") or give it in English
only, and some models' names are English only: the admin index, its breadcrumbs and its
titles read them from the app config and the model's `_meta`. Listed in INSTALLED_APPS in
place of the originals; the label, the models and the migrations stay theirs.

A model's names are set at start rather than in a Meta of ours: migrations read a model's
options from `_meta.original_attrs`, which this leaves alone, so no migration of theirs
changes.
"""

from axes.apps import AppConfig as BaseAxesConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as BaseTOTPConfig
from django_tasks_db.apps import TasksAppConfig as BaseTasksConfig


def _rename(model, singular, plural):
    model._meta.verbose_name = singular
    model._meta.verbose_name_plural = plural


class AxesConfig(BaseAxesConfig):
    # Its models already have names in both languages (axes' own catalogues).
    verbose_name = _("Sign-in protection")


class TOTPConfig(BaseTOTPConfig):
    verbose_name = _("Two-step verification")

    def ready(self):
        super().ready()
        _rename(
            self.get_model("TOTPDevice"),
            _("authenticator app"),
            _("authenticator apps"),
        )


class TasksConfig(BaseTasksConfig):
    verbose_name = _("Background tasks")

    def ready(self):
        super().ready()
        _rename(self.get_model("DBTaskResult"), _("background task"), _("background tasks"))
