from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "territory"
    verbose_name = _("Territory")

    def ready(self):
        # The audit triggers must see the translated name fields (name_ar, name_fr), which
        # modeltranslation adds in its own ready(), earlier in INSTALLED_APPS: track here.
        from entraide.audit import audited

        from .models import OrgUnit, Province, Region

        for model in (Region, Province, OrgUnit):
            audited()(model)
