from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CentresConfig(AppConfig):
    name = "centres"
    verbose_name = _("Centres")

    def ready(self):
        # Tracked here, after modeltranslation has added name_ar and name_fr (see territory).
        from entraide.audit import audited

        from .models import ActivityLine, Centre, CentreType, MonthlyActivity, Service, TargetGroup

        for model in (TargetGroup, Service, CentreType, Centre, MonthlyActivity, ActivityLine):
            audited()(model)
