from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrolmentsConfig(AppConfig):
    name = "enrolments"
    verbose_name = _("Enrolments")

    def ready(self):
        from entraide.audit import audited
        from entraide.reads import track_reads

        from . import models

        for model in (
            models.Section,
            models.Enrolment,
            models.RollCall,
            models.Attendance,
            models.MonthCorrection,
        ):
            audited()(model)
        # Who attends which centre, and how often, is personal data: every read of an
        # enrolment is recorded as a read of the person's file (entraide.reads).
        track_reads(models.Enrolment, subject="person")

        # A merged duplicate's enrolments follow it to the file kept.
        from beneficiaries.signals import files_merged

        files_merged.connect(_move_enrolments, dispatch_uid="enrolments-follow-merge")


def _move_enrolments(sender, *, keep, duplicate, **kwargs):
    from .models import Enrolment

    Enrolment.objects.filter(person=duplicate).update(person=keep)
