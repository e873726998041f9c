"""The end of a file's retention period (law 09-08): what it is, and anonymising the file.

A person's file is kept while the person is followed and for BENEFICIARY_RETENTION_YEARS
years after their last case was closed (or after the file was created, when no case was ever
opened). Then the identity goes and the statistics stay: sex, year of birth, province,
delegation, target groups, the cases' dates, statuses, problems and risk, the services
delivered and where referrals went, so that the activity reports of past years do not change.
"""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.audit import acting_as

from .models import (
    Assessment,
    Attachment,
    Beneficiary,
    CaseFile,
    Consent,
    FollowUp,
    HouseholdMember,
    Mediation,
    Note,
    PlanGoal,
    Referral,
    ServiceDelivery,
)
from .services import name_words_forget

# The free text of each timeline entry kind: it tells the person's story, so it goes too.
FREE_TEXT = {
    Note: ["text"],
    Assessment: ["summary"],
    PlanGoal: ["goal", "responsible"],
    ServiceDelivery: ["notes"],
    Referral: ["reason", "refusal_note"],
    FollowUp: ["notes"],
    Mediation: ["parties", "notes"],
}


def retention_years():
    return getattr(settings, "BENEFICIARY_RETENTION_YEARS", 10)


def retention_cutoff(now=None, years=None):
    """The moment `years` years before `now`: files quiet since before it are due."""
    now = timezone.localtime(now or timezone.now())
    years = retention_years() if years is None else years
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February, in a year that has none
        return now.replace(year=now.year - years, day=28)


def eligible_for_anonymisation(now=None, *, years=None):
    """Files whose retention period has ended: every case closed before the cutoff (or, with
    no case at all, the file created before it), not yet anonymised, not merged away."""
    cutoff = retention_cutoff(now, years)
    cases = CaseFile.objects.filter(beneficiary=OuterRef("pk"))
    still_kept = cases.filter(~Q(status=CaseFile.Status.CLOSED) | Q(closed_on__gte=cutoff.date()))
    return Beneficiary.objects.filter(
        ~Exists(still_kept),
        Exists(cases) | Q(created_at__lt=cutoff),
        anonymised_at__isnull=True,
        merged_into__isnull=True,
    )


def _merged_into(person):
    """The pks of the files merged into `person`, and into those: the same person's identity."""
    found, frontier = [], [person.pk]
    while frontier:
        frontier = list(
            Beneficiary.objects.filter(merged_into__in=frontier).values_list("pk", flat=True)
        )
        found += frontier
    return found


def beneficiary_anonymise(*, beneficiary, actor=None):
    """Remove the person's identity from their file, keep what the statistics need.

    The files merged into this one are the same person under another number: their
    identity goes too. Attachments are deleted, their files once the transaction commits.
    Every change is recorded by the audit triggers, with the context command="anonymise"."""
    with transaction.atomic(), acting_as(actor, command="anonymise"):
        person = Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)
        if person.anonymised_at is not None:
            return person
        if person.merged_into_id is not None:
            raise ValidationError(
                _("This file was merged into %(number)s: anonymise that file instead.")
                % {"number": person.merged_into.file_number}
            )
        if CaseFile.objects.filter(beneficiary=person).open().exists():
            raise ValidationError(_("Close the person's cases before anonymising the file."))
        files = [person.pk, *_merged_into(person)]
        names = Beneficiary.objects.filter(pk__in=files).values_list("search_name", flat=True)
        # Split as the lexicon's triggers split them (on spaces alone).
        words = {word for name in names for word in name.split(" ") if word}
        now = timezone.now()
        Beneficiary.objects.filter(pk__in=files).update(
            first_name_ar="",
            last_name_ar="",
            first_name_lat="",
            last_name_lat="",
            # Both sides of the assignment read the row as it was: the year survives the date.
            birth_year=Coalesce("birth_year", ExtractYear("birth_date")),
            birth_date=None,
            cin="",
            rsu_id="",
            phone="",
            address="",
            commune="",
            disability_card="",
            anonymised_at=now,
            updated_at=now,
        )
        HouseholdMember.objects.filter(beneficiary__in=files).update(name="")
        Consent.objects.filter(beneficiary__in=files).update(given_by="", signed_form=None)
        CaseFile.objects.filter(beneficiary__in=files).update(protection_details="")
        for model, fields in FREE_TEXT.items():
            model.objects.filter(case__beneficiary__in=files).update(**dict.fromkeys(fields, ""))
        attachments = Attachment.objects.filter(beneficiary__in=files)
        stored = [(a.file.storage, a.file.name) for a in attachments if a.file]
        attachment_ids = [a.pk for a in attachments]
        _scrub_history(files, attachment_ids)
        # The search's lexicon: the words of the names that no other file holds.
        name_words_forget(words)
        attachments.delete()
        # Deleted only once the rows are gone for good: a rollback must not lose documents.
        transaction.on_commit(lambda: _delete_files(stored))
    person.refresh_from_db()
    return person


# What the audit trail's copies of each record lose: the same identity and free text.
HISTORY = {
    Beneficiary: (
        "pk",
        ["first_name_ar", "last_name_ar", "first_name_lat", "last_name_lat", "cin", "rsu_id"]
        + ["phone"]
        + ["address", "commune", "disability_card", "birth_date"],
    ),
    HouseholdMember: ("beneficiary", ["name"]),
    Consent: ("beneficiary", ["given_by"]),
    CaseFile: ("beneficiary", ["protection_details"]),
    **{model: ("case__beneficiary", fields) for model, fields in FREE_TEXT.items()},
}


def _scrub_history(files, attachment_ids):
    """Blank the identity in the audit trail's earlier copies of the person's records too:
    an anonymised file whose history still names the person would not be anonymous. Who did
    what, and when, stays."""
    for model, (path, fields) in HISTORY.items():
        event_model = apps.get_model(model._meta.app_label, f"{model.__name__}Event")
        ids = model.objects.filter(**{f"{path}__in": files}).values("pk")
        values = {}
        for name in fields:
            field = event_model._meta.get_field(name)
            if not getattr(field, "generated", False):
                values[name] = None if field.null else ""
        event_model.objects.filter(pgh_obj__in=ids).update(**values)
    event_model = apps.get_model("beneficiaries", "AttachmentEvent")
    event_model.objects.filter(pgh_obj__in=attachment_ids).update(original_name="", file="")


def _delete_files(stored):
    for storage, name in stored:
        storage.delete(name)
