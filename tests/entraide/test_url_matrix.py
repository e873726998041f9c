"""The URL × role matrix: every named URL, portal and admin, asked as each of the nine roles
and as an anonymous visitor, for a record inside the user's unit and for one outside it.

What each cell should answer is declared beside the permissions (`URL_ACCESS` and
`ADMIN_ACCESS` in each app's perms.py, the kernel's in entraide/url_access.py). The data is
built once and every cell asked in one test, which lists every difference at once.

Each role's user sits in Khouribga's delegation (the coordinator in its regional
coordination, which covers it); the record outside sits in Rabat's, in another region.
Every user is staff, so that the admin's own scoping is tried too: being staff only opens the
admin's door, the role and the unit decide the rest. The JSON API takes no session: each role's
client also sends a token of its account, in its unit, with every scope (api.perms).
"""

import copy
import datetime
from dataclasses import dataclass
from decimal import Decimal
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.signals import request_finished
from django.db import close_old_connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from entraide import url_access
from entraide.models import GeneratedReport, ImportJob, User
from entraide.roles import Role
from entraide.url_access import COLUMNS, LOGIN

from ..factories import (
    ApplicationFactory,
    AssociationFactory,
    BeneficiaryFactory,
    CaseFileFactory,
    CentreFactory,
    CompetitionFactory,
    ConventionFactory,
    EnrolmentFactory,
    MonthlyActivityFactory,
    SectionFactory,
    unit,
)
from .test_url_access import named_patterns

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
INSIDE, OUTSIDE = "DP-MA-KHO", "DP-MA-RAB"

# How each URL's parameters are filled from a place's records (`p`): the URLs not named here
# take no parameter, or only parameters that name no record.
ARGS = {
    "territory:unit": lambda p: {"code": p.unit.code},
    "centres:detail": lambda p: {"code": p.centre.code},
    "centres:edit": lambda p: {"code": p.centre.code},
    **{
        f"centres:{name}": lambda p: {
            "code": p.centre.code,
            "year": p.activity.month.year,
            "month": p.activity.month.month,
        }
        for name in ("activity", "activity_validate", "activity_reopen")
    },
    "beneficiaries:case": lambda p: {"number": p.case.number},
    "beneficiaries:case_edit": lambda p: {"number": p.case.number},
    "beneficiaries:case_status": lambda p: {"number": p.case.number},
    "beneficiaries:entry_add": lambda p: {"number": p.case.number, "kind": "note"},
    "beneficiaries:referral_state": lambda p: {"pk": p.referral.pk},
    "beneficiaries:referral_received": lambda p: {"pk": p.centre_referral.pk},
    "appointments:book": lambda p: {"file_number": p.person.file_number},
    "beneficiaries:transfer_new": lambda p: {"file_number": p.person.file_number},
    "beneficiaries:file_request": lambda p: {"pk": p.file_request.pk},
    "beneficiaries:shared_file": lambda p: {"pk": p.file_request.pk},
    "beneficiaries:duplicate": lambda p: {"pk": p.duplicate.pk},
    **{
        f"appointments:{name}": lambda p: {"pk": p.appointment.pk}
        for name in ("detail", "state", "reschedule")
    },
    "beneficiaries:attachment": lambda p: {"pk": p.attachment.pk},
    **{
        f"beneficiaries:{name}": lambda p: {"file_number": p.person.file_number}
        for name in (
            "detail",
            "edit",
            "consent",
            "attachment_upload",
            "case_open",
            "merge",
            "export_json",
            "export_pdf",
        )
    },
    "partnerships:association": lambda p: {"pk": p.association.pk},
    "partnerships:association_edit": lambda p: {"pk": p.association.pk},
    "partnerships:convention": lambda p: {"pk": p.convention.pk},
    "partnerships:convention_edit": lambda p: {"pk": p.convention.pk},
    "partnerships:convention_action": lambda p: {"pk": p.convention.pk, "action": "status"},
    "partnerships:document": lambda p: {"kind": "convention", "pk": p.convention.pk},
    "partnerships:inspection": lambda p: {"pk": p.inspection.pk},
    "partnerships:inspection_action": lambda p: {"pk": p.inspection.pk, "action": "result"},
    "partnerships:campaign": lambda p: {"pk": p.campaign.pk},
    "recruitment:document": lambda p: {"pk": p.document.pk},
    **{
        f"recruitment:{name}": lambda p: {"reference": p.competition.reference}
        for name in ("competition", "competition_edit", "applications")
    },
    "recruitment:competition_action": lambda p: {
        "reference": p.competition.reference,
        "action": "status",
    },
    **{
        f"recruitment:{name}": lambda p: {
            "reference": p.competition.reference,
            "pk": p.competition.lines.first().pk,
        }
        for name in ("line_edit", "line_delete")
    },
    "recruitment:application": lambda p: {
        "reference": p.competition.reference,
        "pk": p.application.pk,
    },
    "recruitment:application_void": lambda p: {
        "reference": p.competition.reference,
        "pk": p.application.pk,
    },
    "recruitment:confirm": lambda p: {"reference": p.competition.reference, "token": "x"},
    "recruitment:marks": lambda p: {"reference": p.competition.reference, "stage": "written"},
    "recruitment:staff_list": lambda p: {
        "reference": p.competition.reference,
        "stage": "written",
        "fmt": "xlsx",
    },
    **{
        f"recruitment:{name}": lambda p: {"reference": p.competition.reference}
        for name in ("notice", "apply", "receipt", "receipt_pdf", "sent")
    },
    "recruitment:published_list": lambda p: {
        "reference": p.listed_competition.reference,
        "stage": "written",
    },
    **{
        f"enrolments:{name}": lambda p: {"code": p.centre.code}
        for name in ("centre", "section_new", "import")
    },
    **{
        f"enrolments:{name}": lambda p: {"pk": p.section.pk}
        for name in ("section", "section_edit", "wait", "roll_call", "attendance")
    },
    **{
        f"enrolments:{name}": lambda p: {"pk": p.enrolment.pk}
        for name in ("enrolment", "admit", "priority", "withdraw")
    },
    "enrolments:exit": lambda p: {"pk": p.placed.pk},
    "programmes:request_new": lambda p: {"file_number": p.person.file_number},
    "programmes:request": lambda p: {"pk": p.aid_request.pk},
    "programmes:meeting": lambda p: {"pk": p.meeting.pk},
    "programmes:minutes": lambda p: {"pk": p.meeting.pk},
    "programmes:receipt": lambda p: {"pk": p.entitlements[0].pk},
    "programmes:deliver": lambda p: {"pk": p.entitlements[1].pk},
    "programmes:programme": lambda p: {"code": "matrix-aid"},
    **{
        f"programmes:{name}": lambda p: {"pk": p.emergency.pk}
        for name in ("emergency", "household_new", "round_next", "situation", "situation_xlsx")
    },
    "programmes:kit": lambda p: {"pk": p.emergency.pk, "household": p.household.pk},
    "programmes:count": lambda p: {"pk": p.lot.pk},
    "programmes:donation": lambda p: {"pk": p.donation.pk},
    "enrolments:certificate": lambda p: {"pk": p.certified.pk},
    "enrolments:verified": lambda p: {"code": p.certified.certificate_code},
    "enrolments:month": lambda p: {
        "code": p.centre.code,
        "year": timezone.localdate().year,
        "month": timezone.localdate().month,
    },
    "reports:unit": lambda p: {"code": p.unit.code},
    "reports:compare": lambda p: {"code": p.unit.code},
    "reports:generate": lambda p: {"code": p.unit.code},
    "reports:table": lambda p: {"code": p.unit.code, "table": "summary", "fmt": "csv"},
    "reports:job": lambda p: {"pk": p.report.pk},
    "reports:download": lambda p: {"pk": p.report.pk},
    "import_job": lambda p: {"pk": p.import_job.pk},
    "import_errors": lambda p: {"pk": p.import_job.pk},
    "api:centre": lambda p: {"code": p.centre.code},
    "api:competition": lambda p: {"reference": p.competition.reference},
    "api:figures": lambda p: {"unit_code": p.unit.code},
    "api:referral_answer": lambda p: {"referral_id": p.centre_referral.pk},
    "admin:auth_user_password_change": lambda p: {"id": p.staff.pk},
    "admin:app_list": lambda p: {"app_label": "beneficiaries"},
    "admin:otp_totp_totpdevice_config": lambda p: {"pk": p.device.pk},
    "admin:otp_totp_totpdevice_qrcode": lambda p: {"pk": p.device.pk},
}

# The URLs of a person's own records (their notifications), which belong to no unit: asked
# "inside" on the asking user's own record, "outside" on someone else's (the social worker of
# the other place). Filled from the record of each column (`r`).
OWN_RECORDS = {
    "notifications:open": lambda r: {"pk": r.pk},
}


# The declarations -------------------------------------------------------------------------------


def declarations():
    """(URL_ACCESS, ADMIN_ACCESS) of the kernel and of every app, merged."""
    urls, models = dict(url_access.URL_ACCESS), dict(url_access.ADMIN_ACCESS)
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.perms")
        except ModuleNotFoundError:
            continue
        for mine, theirs in ((urls, "URL_ACCESS"), (models, "ADMIN_ACCESS")):
            declared = getattr(module, theirs, {})
            if twice := mine.keys() & declared.keys():
                raise AssertionError(f"{config.name}.perms declares again {sorted(twice)}")
            mine.update(declared)
    return urls, models


@dataclass
class Probe:
    """One URL to ask, with its declaration; `model`: the admin model it is about."""

    name: str
    access: object
    model: type | None = None
    label: str = ""

    def __str__(self):
        return self.label or self.name


def probes():
    """Every named URL with its declaration (None where there is none), and the admin models
    without a declaration."""
    urls, models = declarations()
    names = {name for name, _pattern in named_patterns()}
    admin_urls, shortcuts, undeclared_models = {}, [], []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        declared = models.get(label)
        if declared is None:
            # Asked all the same, as if no role but the administrator had it.
            undeclared_models.append(label)
            declared = url_access.AdminAccess()
        own, shortcut = declared.urls(
            prefix,
            importable=f"{prefix}_import" in names,
            exportable=f"{prefix}_export" in names,
            on_site=bool(model_admin.view_on_site) and hasattr(model, "get_absolute_url"),
        )
        admin_urls.update({name: (cell, model) for name, cell in own.items()})
        shortcuts.append(
            Probe("admin:view_on_site", shortcut, model, f"admin:view_on_site {label}")
        )
    found = []
    for name in sorted(names):
        if name == "admin:view_on_site":
            continue
        if name in admin_urls:
            cell, model = admin_urls[name]
            found.append(Probe(name, cell, model))
        else:
            found.append(Probe(name, urls.get(name)))
    return found + shortcuts, undeclared_models


def test_every_named_url_and_every_admin_model_has_a_declaration():
    found, undeclared_models = probes()
    undeclared = [str(probe) for probe in found if probe.access is None]
    assert not undeclared, f"URLs without a declaration in a perms.py: {undeclared}"
    assert not undeclared_models, f"admin models without ADMIN_ACCESS: {undeclared_models}"
    names = {name for name, _pattern in named_patterns()}
    urls, models = declarations()
    stale = sorted(set(urls) - names)
    assert not stale, f"declarations of URLs that no longer exist: {stale}"
    registered = {model._meta.label_lower for model in admin.site._registry}
    stale = sorted(set(models) - registered)
    assert not stale, f"ADMIN_ACCESS of models the admin no longer shows: {stale}"
    for probe in found:
        assert set(probe.access.cells) == set(COLUMNS), f"{probe}: not every column declared"


# The records ------------------------------------------------------------------------------------


def build_place(code, n):
    """A delegation with one record of every kind that belongs somewhere."""
    from beneficiaries.models import (
        Assessment,
        Attachment,
        Consent,
        FollowUp,
        Mediation,
        Note,
        PlanGoal,
        Referral,
        ServiceDelivery,
    )
    from centres.models import ActivityLine, Service
    from partnerships.models import (
        Amendment,
        Commitment,
        ControlCampaign,
        Inspection,
        OwedReport,
        Partner,
        Recommendation,
        Tranche,
    )
    from recruitment.models import (
        ApplicationDocument,
        Competition,
        DeadlineExtension,
        ReservedShare,
    )

    delegation = unit(code)
    today = timezone.localdate()
    staff = User.objects.create(username=f"mat-staff-{n}", unit=delegation, role=Role.SOCIAL_WORKER)
    p = SimpleNamespace(unit=delegation, staff=staff)
    p.centre = CentreFactory(delegation=delegation)
    p.activity = MonthlyActivityFactory(centre=p.centre)
    ActivityLine.objects.create(
        activity=p.activity,
        service=Service.objects.get(code="reception"),
        sex="F",
        age_band="18-59",
        people=3,
    )
    p.person = BeneficiaryFactory(delegation=delegation)
    p.case = CaseFileFactory(beneficiary=p.person, worker=staff)
    entry = {"case": p.case, "author": staff}
    Note.objects.create(**entry, kind="listening", text="Elle a peur.")
    Assessment.objects.create(**entry, housing=3, summary="Hébergement urgent.")
    PlanGoal.objects.create(**entry, goal="Logement", responsible="Mme Alaoui")
    ServiceDelivery.objects.create(**entry, service=Service.objects.get(code="reception"))
    p.referral = Referral.objects.create(
        **entry, target_kind="institution", organisation="Hôpital", reason="Certificat"
    )
    # To the place's centre: answered by its manager, from the centre's side.
    p.centre_referral = Referral.objects.create(
        **entry, target_kind="centre", centre=p.centre, reason="Hébergement"
    )
    FollowUp.objects.create(**entry, notes="Appel")
    from beneficiaries.models import FileRequest

    # A read access asked of another delegation, awaiting its decision.
    p.file_request = FileRequest.objects.create(
        kind="read",
        beneficiary=p.person,
        owner=delegation,
        other=type(delegation).objects.delegations().exclude(code__in=[INSIDE, OUTSIDE]).first(),
        asked_by_owner=True,
        reason="Suivi",
        requested_by=staff,
    )
    from beneficiaries.models import DuplicatePair

    # Two files of the place that sound alike: a likely duplicate in its delegates' queue.
    p.duplicate = DuplicatePair.objects.create(
        first=p.person,
        second=BeneficiaryFactory(delegation=delegation),
        score=85,
        evidence=["sound", "birth_date"],
    )
    from appointments.models import Appointment

    p.appointment = Appointment.objects.create(
        beneficiary=p.person,
        case=p.case,
        worker=staff,
        booked_by=staff,
        starts_at=timezone.now() + datetime.timedelta(days=1),
        place=Appointment.Place.OFFICE,
    )
    from enrolments.models import Enrolment, RollCall, WaitingListChange

    # The centre's register: a section, a person waiting (first on the list), one attending,
    # one who completed with a certificate, today's roll-call.
    p.section = SectionFactory(centre=p.centre)
    p.enrolment = EnrolmentFactory(section=p.section, person=p.person)
    p.placed = EnrolmentFactory(
        section=p.section, status=Enrolment.Status.ACTIVE, admitted_on=p.section.starts_on
    )
    p.certified = EnrolmentFactory(
        section=p.section,
        status=Enrolment.Status.LEFT,
        admitted_on=p.section.starts_on,
        left_on=today,
        outcome=Enrolment.Outcome.COMPLETED,
        certificate_number=f"EN-AT-{today.year}-M{n:05d}",
        certificate_code=f"MATRIXCODE{n:02d}",
    )
    RollCall.objects.create(section=p.section, day=today, taken_by=staff)
    WaitingListChange.objects.create(enrolment=p.enrolment, kind="added", by=staff)
    from programmes.models import (
        AidRequest,
        Budget,
        CommitteeMeeting,
        Donation,
        Emergency,
        Entitlement,
        Household,
        Item,
        KitDelivery,
        Lot,
        Movement,
        Programme,
    )

    # Aid: a request awaiting the committee, one approved in a meeting whose entitlement was
    # delivered with its receipt, another whose entitlement awaits delivery; an emergency with
    # a household; a lot in the store.
    item, _new = Item.objects.get_or_create(code="matrix-kit", defaults={"name": "Kit"})
    programme, _new = Programme.objects.get_or_create(
        code="matrix-aid", defaults={"name": "Aide", "kind": "emergency"}
    )
    Budget.objects.create(programme=programme, unit=delegation, year=today.year, amount=10000)
    p.meeting = CommitteeMeeting.objects.create(
        delegation=delegation, members="Le délégué", created_by=staff
    )
    common = {"programme": programme, "delegation": delegation, "cycle": today.year}
    p.aid_request = AidRequest.objects.create(**common, person=p.person, recorded_by=staff)
    p.entitlements = []
    for delivered in (True, False):
        person = BeneficiaryFactory(delegation=delegation)
        approved = AidRequest.objects.create(
            **common, person=person, recorded_by=staff, status="approved", meeting=p.meeting
        )
        p.entitlements.append(
            Entitlement.objects.create(
                request=approved,
                person=person,
                programme=programme,
                cycle=today.year,
                item=item,
                delivered_at=timezone.now() if delivered else None,
                delivered_by=staff if delivered else None,
                receipt=ContentFile(PDF, name="receipt.pdf") if delivered else "",
            )
        )
    p.donation = Donation.objects.create(
        delegation=delegation, donor="Fondation", kind="in_kind", amount=1000, recorded_by=staff
    )
    p.lot = Lot.objects.create(delegation=delegation, item=item, donation=p.donation)
    p.emergency = Emergency.objects.create(
        title="Inondations",
        delegation=delegation,
        province=delegation.provinces.first(),
        communes=["Centre"],
        kit=item,
        programme=programme,
    )
    p.household = Household.objects.create(
        emergency=p.emergency, head_name="Ahmed Alami", commune="Centre", registered_by=staff
    )
    KitDelivery.objects.create(household=p.household, round=1, lot=p.lot, delivered_by=staff)
    Movement.objects.create(lot=p.lot, kind="in", quantity=5, by=staff)
    Mediation.objects.create(**entry, parties="Elle et son frère", outcome="agreement")
    Consent.objects.create(beneficiary=p.person, purpose="sharing", given=True, recorded_by=staff)
    p.attachment = Attachment.objects.create(
        beneficiary=p.person,
        kind="id",
        file=ContentFile(PDF, name="id.pdf"),
        original_name="id.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=staff,
    )
    p.association = AssociationFactory(delegation=delegation)
    p.convention = ConventionFactory(
        signing_unit=delegation, associations=[p.association], in_force=True
    )
    p.convention.signed_document.save("signed.pdf", ContentFile(PDF))
    Partner.objects.create(convention=p.convention, name="Commune", kind="other")
    Commitment.objects.create(convention=p.convention, party="EN", description="Verser")
    report = OwedReport.objects.create(
        convention=p.convention, kind="activity", period="2026", due_date=today
    )
    Tranche.objects.create(
        convention=p.convention,
        number=1,
        planned_amount=Decimal("1000"),
        planned_date=today,
        condition_report=report,
    )
    Amendment.objects.create(
        convention=p.convention,
        number=1,
        signed_on=today,
        summary="Prolongation",
        new_end_date=datetime.date(2031, 6, 30),
    )
    p.campaign = ControlCampaign.objects.create(title="Contrôle", year=2026, unit=delegation)
    p.inspection = Inspection.objects.create(
        unit=delegation,
        team=unit("EN-INSP"),
        subject="association",
        association=p.association,
        campaign=p.campaign,
        planned_date=today,
    )
    Recommendation.objects.create(inspection=p.inspection, text="Tenir un registre")
    p.competition = CompetitionFactory(unit=delegation)
    p.listed_competition = CompetitionFactory(unit=delegation, status=Competition.Status.WRITTEN)
    ReservedShare.objects.create(competition=p.competition, category="disability", percent=7)
    DeadlineExtension.objects.create(
        competition=p.competition,
        previous_deadline=p.competition.deadline - datetime.timedelta(days=3),
        new_deadline=p.competition.deadline,
        decided_on=today,
        reason="Grève de la poste",
    )
    p.application = ApplicationFactory(competition=p.competition, cin=f"MX{n}0001")
    p.document = ApplicationDocument.objects.create(
        application=p.application,
        kind=ApplicationDocument.Kind.CIN,
        file=ContentFile(PDF, name="cin.pdf"),
        original_name="cin.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    p.report = GeneratedReport.objects.create(
        unit=delegation,
        period="2026",
        language="fr",
        created_by=staff,
        status=GeneratedReport.Status.DONE,
    )
    p.report.file.save("report.pdf", ContentFile(PDF))
    p.import_job = ImportJob.objects.create(
        importer="beneficiaries",
        original_name="x.csv",
        unit=delegation,
        created_by=staff,
        status=ImportJob.Status.FAILED,
        errors=[[2, "CIN"]],
    )
    return p


def build_world():
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_tasks_db.models import DBTaskResult

    inside, outside = build_place(INSIDE, 1), build_place(OUTSIDE, 2)
    users = {}
    for role in Role:
        home = unit("CR-MA-05") if role == Role.COORDINATOR else inside.unit
        users[role] = User.objects.create(
            username=f"mat-{role.value}",
            unit=home,
            role=role,
            is_staff=True,
            is_superuser=role == Role.ADMINISTRATOR,
        )
    # Everyone's own notification, and one of someone else's.
    from notifications.models import Kind, Notification

    notifications = {
        column: Notification.objects.create(recipient=user, kind=Kind.JOB_FINISHED, url="/")
        for column, user in [*users.items(), (url_access.ANONYMOUS, outside.staff)]
    }
    # The centre manager manages the centre of their delegation (the referrals sent to it).
    inside.centre.managers.add(users[Role.CENTRE_MANAGER])
    # The partner staff work for the association that runs that centre (its convention).
    inside.association.staff.add(users[Role.PARTNER_STAFF])
    inside.convention.centres.add(inside.centre)
    # The libraries' records, the same for everyone.
    inside.device = outside.device = TOTPDevice.objects.create(user=inside.staff, name="t")
    AccessAttempt.objects.create(username="x", ip_address="192.0.2.1", failures_since_start=1)
    AccessLog.objects.create(username="x", ip_address="192.0.2.1")
    AccessFailureLog.objects.create(username="x", ip_address="192.0.2.1")
    DBTaskResult.objects.create(
        task_path="entraide.jobs.nothing",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now(),
    )
    # A text message (notifications.sms), which belongs to no unit: the administrator's alone.
    from notifications.models import TextMessage

    TextMessage.objects.create(to="+212612345678", text="x", language="ar", key="matrix")
    # The API is asked with a token of each role's account, in its unit, with every scope (the
    # role decides the rest); one of the other place's, for the admin's list of tokens.
    from api.models import ApiToken
    from api.services import token_issue

    every = list(ApiToken.Scope.values)
    keys = {
        role: token_issue(
            token=ApiToken(name=f"matrix {role}", user=user, unit=user.unit, scopes=every),
            actor=None,
        )
        for role, user in users.items()
    }
    elsewhere = ApiToken(
        name="matrix outside", user=outside.staff, unit=outside.unit, scopes=["read_people"]
    )
    token_issue(token=elsewhere, actor=None)
    return SimpleNamespace(
        inside=inside, outside=outside, users=users, notifications=notifications, keys=keys
    )


def admin_records(model, world):
    """(inside, outside) records of an admin model: the outside one is None for the models
    whose records belong nowhere."""
    queryset = model._default_manager.order_by("pk")
    if not hasattr(queryset, "visible_to"):
        return queryset.first(), None
    mine = queryset.visible_to(world.inside.staff)
    theirs = queryset.visible_to(world.outside.staff).exclude(pk__in=mine.values("pk"))
    if model is User:  # not a member of staff of the matrix itself
        mine = mine.filter(username=world.inside.staff.username)
    return mine.first(), theirs.first()


# The matrix -------------------------------------------------------------------------------------


def answer(response):
    # A download holds its file open until the response is closed; closing it signals the end
    # of a request, which must not close the test's database connection (as in Django's
    # own test client).
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    if response.status_code in (301, 302) and "login" in response.get("Location", ""):
        return LOGIN
    return response.status_code


def ask(client, method, url):
    if method == "GET":
        return answer(client.get(url))
    # Actions are asked with an empty form, and whatever they did is undone, signing out
    # included.
    cookies = copy.copy(client.cookies)
    with transaction.atomic():
        response = client.post(url, {})
        transaction.set_rollback(True)
    client.cookies = cookies
    return answer(response)


def urls_of(probe, world):
    """{"inside": url, "outside": url} for a probe; one only where the URL names no record.
    A URL may be a dict, column → url, where each column asks its own record (OWN_RECORDS)."""
    own = OWN_RECORDS.get(probe.name)
    if own is not None:
        # The anonymous visitor's "own" is someone else's, as its "outside" is.
        theirs = reverse(probe.name, kwargs=own(world.notifications[url_access.ANONYMOUS]))
        return {
            "inside": {
                column: reverse(probe.name, kwargs=own(record))
                for column, record in world.notifications.items()
            },
            "outside": {column: theirs for column in COLUMNS},
        }
    fill = ARGS.get(probe.name)
    if fill is not None:
        urls = {"inside": reverse(probe.name, kwargs=fill(world.inside))}
        if probe.access.record:
            urls["outside"] = reverse(probe.name, kwargs=fill(world.outside))
        return urls
    if probe.model is not None:
        inside, outside = admin_records(probe.model, world)
        if probe.name == "admin:view_on_site":
            content_type = ContentType.objects.get_for_model(probe.model)
            kwargs = {"content_type_id": content_type.pk}
            key = "object_id"
        elif probe.name.endswith(("_change", "_delete", "_history")):
            kwargs, key = {}, "object_id"
        else:
            return {"inside": reverse(probe.name)}
        found = {}
        for where, record in (("inside", inside), ("outside", outside)):
            if where == "outside" and not probe.access.record:
                continue
            if record is None:
                found[where] = f"no {probe.model._meta.label} {where} to ask"
                continue
            found[where] = reverse(probe.name, kwargs={**kwargs, key: record.pk})
        return found
    return {"inside": reverse(probe.name)}


@pytest.mark.django_db
def test_every_url_answers_each_role_as_declared(private_media, settings, monkeypatch):
    # A report asked for is queued, not printed: its PDF is not what the matrix is about.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    monkeypatch.setattr("reports.views.runs_at_once", lambda unit, period: False)
    # The matrix asks the API's public operations more often than a client would in a minute.
    settings.API_CALLS_PER_MINUTE = settings.API_PUBLIC_CALLS_PER_MINUTE = 100_000
    world = build_world()
    clients = {column: Client(raise_request_exception=False) for column in COLUMNS}
    for role, user in world.users.items():
        clients[role].force_login(user)
        # The API takes no session: each role calls it with its own token.
        clients[role].defaults["HTTP_AUTHORIZATION"] = f"Bearer {world.keys[role]}"
    found, undeclared_models = probes()
    mismatches, undeclared = [], []
    for probe in found:
        try:
            urls = urls_of(probe, world)
        except Exception as error:  # noqa: BLE001 - a URL we cannot fill is a finding too
            mismatches.append(f"{probe}: cannot build its URL ({error})")
            continue
        for where, each in urls.items():
            url_for = each.get if isinstance(each, dict) else lambda column, url=each: url
            url = url_for(COLUMNS[0])
            if not url.startswith("/"):
                mismatches.append(f"{probe}: {url}")
                continue
            if probe.access is None:
                got = {column: ask(clients[column], "GET", url_for(column)) for column in COLUMNS}
                undeclared.append(f"{probe} GET {url} ({where}) answered {got}")
                continue
            for column in COLUMNS:
                expected = probe.access.expected(column, inside=where == "inside")
                url = url_for(column)
                got = ask(clients[column], probe.access.method, url)
                if got != expected:
                    mismatches.append(
                        f"{probe} {probe.access.method} {url} as {column} ({where}): "
                        f"expected {expected}, got {got}"
                    )
    report = [f"{len(mismatches)} cells differ from their declaration:", *mismatches]
    if undeclared:
        report += [f"{len(undeclared)} URLs without a declaration:", *undeclared]
    if undeclared_models:
        report += [
            f"admin models without ADMIN_ACCESS (asked as the administrator's alone): "
            f"{undeclared_models}"
        ]
    assert not mismatches and not undeclared and not undeclared_models, "\n".join(report)
