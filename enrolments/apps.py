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
    from django.core.exceptions import ValidationError
    from django.utils.translation import ngettext

    from .models import Enrolment

    # Both files listed in one section: moved, the person would be listed twice there (which
    # enrolment_one_open_per_person_and_section refuses). Which place or request stays is the
    # register's decision, with its reason: a withdrawal or an exit, before the merge.
    both = (
        Enrolment.objects.filter(person=duplicate, status__in=Enrolment.OPEN)
        .filter(
            section__in=Enrolment.objects.filter(person=keep, status__in=Enrolment.OPEN).values(
                "section"
            )
        )
        .order_by("section__name", "section_id")
        .values_list("section__name", "section__centre__code")
    )
    sections = list(dict.fromkeys(both))
    if sections:
        raise ValidationError(
            ngettext(
                "Both files are listed in the section %(sections)s: withdraw one of them from "
                "the waiting list, or record their exit, before merging the files.",
                "Both files are listed in the sections %(sections)s: withdraw one of them from "
                "each waiting list, or record their exit, before merging the files.",
                len(sections),
            )
            % {"sections": ", ".join(f"“{name}” ({code})" for name, code in sections)}
        )
    Enrolment.objects.filter(person=duplicate).update(person=keep)
