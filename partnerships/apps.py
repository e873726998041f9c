from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        # Tracked here, after modeltranslation has added the _ar and _fr fields (see territory).
        from entraide.audit import audited

        from . import models

        for model in (
            models.FieldOfAction,
            models.Association,
            models.Association.fields_of_action.through,
            models.Association.target_groups.through,
            models.Convention,
            models.Convention.associations.through,
            models.Convention.centres.through,
            models.Partner,
            models.Commitment,
            models.OwedReport,
            models.Tranche,
            models.Amendment,
            models.ControlCampaign,
            models.Inspection,
            models.Recommendation,
        ):
            audited()(model)
