from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Aid programmes")

    def ready(self):
        # Tracked here, after modeltranslation has added the names in both languages.
        from entraide.audit import audited
        from entraide.reads import track_reads

        from . import models

        for model in (
            models.Item,
            models.Programme,
            models.EligibilityRule,
            models.Budget,
            models.CommitteeMeeting,
            models.AidRequest,
            models.Donation,
            models.Lot,
            models.Movement,
            models.Entitlement,
            models.Emergency,
            models.Household,
            models.KitDelivery,
        ):
            audited()(model)
        # Who asked for aid and what they received is personal data: reads of a request or an
        # entitlement are reads of the person's file (entraide.reads).
        track_reads(models.AidRequest, subject="person")
        track_reads(models.Entitlement, subject="person")
        track_reads(models.Household)

        # A merged duplicate's requests follow it to the file kept.
        from beneficiaries.signals import files_merged

        files_merged.connect(_move_requests, dispatch_uid="programmes-follow-merge")


def _move_requests(sender, *, keep, duplicate, **kwargs):
    from .models import AidRequest, Entitlement, Household

    AidRequest.objects.filter(person=duplicate).update(person=keep)
    Entitlement.objects.filter(person=duplicate).update(person=keep)
    Household.objects.filter(head=duplicate).update(head=keep)
