"""A person's whole file, for the right of access of law 09-08: as data (JSON) and as a PDF.

Both come from one read of the file (`load_person_file`): identity, household, target groups,
consents, every case with every timeline entry, the attachments' descriptions (never their
contents) and the numbers of the files merged into this one. Records are walked field by
field, so a field added to a model later appears in the export without anyone remembering to
add it here.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.template.defaultfilters import yesno
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from entraide.models import User
from entraide.pdf import render_pdf
from entraide.protection import may_read

from .models import (
    Assessment,
    Attachment,
    Beneficiary,
    CaseFile,
    FollowUp,
    Mediation,
    Note,
    PlanGoal,
    Referral,
    ServiceDelivery,
)

# Timeline entry kinds, in the order the case page lists its forms, with what to fetch along.
TIMELINE = [
    (Note, []),
    (Assessment, []),
    (PlanGoal, []),
    (ServiceDelivery, ["service", "centre"]),
    (Referral, ["centre"]),
    (FollowUp, []),
    (Mediation, []),
]

# Fields that say nothing about the person, or are said elsewhere in the export (the search
# columns derived from the name and the phone).
INTERNAL = {
    "id",
    "search_name",
    "phone_tail",
    "file",
    "beneficiary",
    "case",
    "merged_into",
    "version",
}
ENTRY_COMMON = {"date", "author", "created_at"}


@dataclass
class PersonFile:
    person: Beneficiary
    merged_files: list
    household: list
    target_groups: list
    consents: list
    cases: list
    attachments: list
    protection_withheld: set = field(default_factory=set)


def merged_file_numbers(person):
    """The numbers of the files merged into this one, and of those merged into them."""
    numbers, frontier = [], [person.pk]
    while frontier:
        rows = list(
            Beneficiary.objects.filter(merged_into__in=frontier)
            .order_by("updated_at", "pk")
            .values_list("pk", "file_number")
        )
        numbers += [number for _pk, number in rows]
        frontier = [pk for pk, _number in rows]
    return numbers


def load_person_file(person, *, viewer=None):
    """Everything the portal holds about `person`, in a fixed number of queries.

    The protection details of a case are withheld unless `viewer` may read them (as on the
    case page): without a viewer, they are withheld from every case."""
    cases = list(
        CaseFile.objects.filter(beneficiary=person)
        .select_related("delegation", "worker", "created_by")
        .order_by("opened_on", "pk")
    )
    by_case = {case.pk: case for case in cases}
    for case in cases:
        case.entries = []
    for model, related in TIMELINE:
        rows = model.objects.filter(case__beneficiary=person).select_related("author", *related)
        for entry in rows:
            entry.entry_type = model._meta.model_name
            by_case[entry.case_id].entries.append(entry)
    for case in cases:
        case.entries.sort(key=lambda e: (e.date, e.created_at, e.pk))
    withheld = {
        case.pk
        for case in cases
        if viewer is None or not may_read(viewer, CaseFile, "protection_details", case)
    }
    return PersonFile(
        person=person,
        merged_files=merged_file_numbers(person),
        household=list(person.household.order_by("pk")),
        target_groups=list(person.target_groups.order_by("position", "code")),
        consents=list(
            person.consents.select_related("recorded_by", "signed_form").order_by(
                "recorded_at", "pk"
            )
        ),
        cases=cases,
        attachments=list(
            Attachment.objects.filter(beneficiary=person)
            .select_related("uploaded_by", "case")
            .order_by("uploaded_at", "pk")
        ),
        protection_withheld=withheld,
    )


# JSON ------------------------------------------------------------------------------------


def _reference(obj):
    """A related record as the person would recognise it."""
    if obj is None:
        return None
    if isinstance(obj, User):
        return str(obj)
    if isinstance(obj, Beneficiary):
        return obj.file_number
    if isinstance(obj, CaseFile):
        return obj.number
    if isinstance(obj, Attachment):
        return {"id": obj.pk, "name": obj.original_name}
    return {"code": obj.code, "name": str(obj)}


def _plain(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _record(obj, *, exclude=()):
    """The record's fields, related records as references, values that JSON can hold."""
    data = {}
    for model_field in obj._meta.concrete_fields:
        if model_field.name in INTERNAL or model_field.name in exclude:
            continue
        if model_field.is_relation:
            data[model_field.name] = _reference(getattr(obj, model_field.name))
        else:
            data[model_field.name] = _plain(model_field.value_from_object(obj))
    return data


def _case_record(case, withheld):
    data = {"number": case.number, **_record(case, exclude={"number"})}
    if case.pk in withheld:
        data["protection_details"] = None
        data["protection_details_withheld"] = True
    data["timeline"] = [
        {"type": entry.entry_type, "id": entry.pk, **_record(entry)} for entry in case.entries
    ]
    return data


def person_file(person, *, viewer=None):
    """The person's whole file as JSON-serialisable data (codes, ISO dates, decimal strings).

    Pass the user who exports it as `viewer`: the protection details of the cases they may
    read are included, the others are marked as withheld."""
    loaded = load_person_file(person, viewer=viewer)
    return {
        "file_number": person.file_number,
        "exported_at": _plain(timezone.now()),
        "merged_into": _reference(person.merged_into),
        "merged_files": loaded.merged_files,
        "identity": _record(person, exclude={"file_number", "anonymised_at"}),
        "anonymised_at": _plain(person.anonymised_at),
        "target_groups": [_reference(group) for group in loaded.target_groups],
        "household": [_record(member) for member in loaded.household],
        "consents": [_record(consent) for consent in loaded.consents],
        "cases": [_case_record(case, loaded.protection_withheld) for case in loaded.cases],
        "attachments": [
            {"id": attachment.pk, "case": _reference(attachment.case), **_record(attachment)}
            for attachment in loaded.attachments
        ],
    }


# PDF -------------------------------------------------------------------------------------


def _shown(obj, model_field):
    """A field's value as a reader wants it: choice labels, yes/no, related names."""
    if model_field.is_relation:
        return getattr(obj, model_field.name)
    value = model_field.value_from_object(obj)
    if model_field.choices and value not in (None, ""):
        return getattr(obj, f"get_{model_field.name}_display")()
    if isinstance(model_field, models.BooleanField):
        return yesno(value)
    if isinstance(model_field, models.DateTimeField) and value is not None:
        return timezone.localtime(value)
    return value


def _details(obj, *, exclude=()):
    """(label, value) pairs of the record's filled-in fields, for the PDF."""
    rows = []
    for model_field in obj._meta.concrete_fields:
        if model_field.name in INTERNAL or model_field.name in exclude:
            continue
        value = _shown(obj, model_field)
        if value not in (None, ""):
            rows.append((model_field.verbose_name, value))
    return rows


IDENTITY_EXCLUDE = {"file_number", "created_by", "updated_at", "anonymised_at"}


def _identity(person):
    """Every identity field, empty ones included: the person sees what is not recorded too."""
    rows = []
    for model_field in person._meta.concrete_fields:
        if model_field.name in INTERNAL or model_field.name in IDENTITY_EXCLUDE:
            continue
        rows.append((model_field.verbose_name, _shown(person, model_field)))
    return rows


def person_pdf(person, request):
    """The person's whole file as a PDF, in the active language, signed by the request's user."""
    loaded = load_person_file(person, viewer=request.user)
    separator = "، " if translation.get_language_bidi() else ", "
    for case in loaded.cases:
        exclude = {"number", "problems", "delegation", "created_by", "last_activity_at"}
        if case.pk in loaded.protection_withheld:
            exclude.add("protection_details")
        case.details = _details(case, exclude=exclude)
        if case.problems:
            label = CaseFile._meta.get_field("problems").verbose_name
            case.details.append((label, separator.join(map(str, case.problem_labels()))))
        for entry in case.entries:
            entry.details = _details(entry, exclude=ENTRY_COMMON)
            entry.type_label = entry._meta.verbose_name
    for attachment in loaded.attachments:
        # The content type is the upload check's business; the file name says what it is.
        attachment.details = _details(attachment, exclude={"original_name", "content_type"})
        if attachment.case:
            label = Attachment._meta.get_field("case").verbose_name
            attachment.details.insert(0, (label, attachment.case.number))
    context = {
        "title": _("Personal data file %(number)s") % {"number": person.file_number},
        "file": loaded,
        "person": person,
        "identity": _identity(person),
        "separator": separator,
    }
    return render_pdf("beneficiaries/pdf/person.html", context, request=request)
