from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = _("Recruitment")

    def ready(self):
        # Tracked here, after modeltranslation has added the _ar and _fr fields (see territory).
        from entraide.audit import audited

        from . import models

        for model in (
            models.Grade,
            models.Specialty,
            models.Competition,
            models.PostLine,
            models.PostLine.specialties.through,
            models.DeadlineExtension,
            models.ReservedShare,
            models.Application,
            models.ApplicationDocument,
        ):
            audited()(model)

        # Staff reads of candidates' applications are recorded (entraide.reads).
        from entraide.reads import track_reads

        track_reads(models.Application)
        track_reads(models.ApplicationDocument, subject="application")
