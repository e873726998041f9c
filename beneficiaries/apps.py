from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BeneficiariesConfig(AppConfig):
    name = "beneficiaries"
    verbose_name = _("Beneficiaries")

    def ready(self):
        from entraide.audit import audited

        from . import models

        for model in (
            models.Beneficiary,
            models.BeneficiaryTargetGroup,
            models.HouseholdMember,
            models.Consent,
            models.CaseFile,
            models.Note,
            models.Assessment,
            models.PlanGoal,
            models.ServiceDelivery,
            models.Referral,
            models.FollowUp,
            models.Mediation,
            models.Attachment,
        ):
            audited()(model)
