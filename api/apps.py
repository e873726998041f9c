from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self):
        from entraide.audit import audited

        from . import models

        # Issuing, changing and revoking a token are in the audit trail; its use is not a
        # change of it (each call is an access event of its own, api.audit).
        audited(exclude=["last_used_at"])(models.ApiToken)
