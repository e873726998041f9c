from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "appointments"
    verbose_name = _("Appointments")

    def ready(self):
        from entraide.audit import audited
        from entraide.reads import track_reads

        from . import models

        audited()(models.Appointment)
        # Who meets a worker, when and where is personal data: every read of an appointment
        # is recorded as a read of the person's file (entraide.reads).
        track_reads(models.Appointment, subject="beneficiary")

        # A merged duplicate's appointments follow its cases to the file kept.
        from beneficiaries.signals import files_merged

        files_merged.connect(_move_appointments, dispatch_uid="appointments-follow-merge")


def _move_appointments(sender, *, keep, duplicate, **kwargs):
    from .models import Appointment

    Appointment.objects.filter(beneficiary=duplicate).update(beneficiary=keep)
