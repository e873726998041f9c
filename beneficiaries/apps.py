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
            models.NumberAlias,
            models.FileRequest,
            models.DuplicatePair,
        ):
            audited()(model)

        # Every read of a person's file or a case is recorded (entraide.reads): the file
        # and the case are the subjects; what hangs off them is read as part of them.
        from entraide.reads import track_reads

        track_reads(models.Beneficiary)
        track_reads(models.CaseFile)
        for model in (models.HouseholdMember, models.Consent, models.Attachment):
            track_reads(model, subject="beneficiary")
        for model in (
            models.Note,
            models.Assessment,
            models.PlanGoal,
            models.ServiceDelivery,
            models.Referral,
            models.FollowUp,
            models.Mediation,
        ):
            track_reads(model, subject="case")
