"""Writes to people's files and cases. Each runs in one transaction; the audit triggers record
what changed, with the acting user (and, where it matters, why) as pghistory context."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import CharField, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entraide.audit import acting_as
from entraide.roles import Role
from entraide.validators import check_upload
from notifications.models import Kind, Notification
from notifications.services import notify
from partnerships.models import Convention
from territory.models import OrgUnit, Province

from .duplicates import pairs_merged
from .models import (  # noqa: F401 - CIN_HELD_ELSEWHERE: the CIN answers are read here
    CIN_HELD_ELSEWHERE,
    Assessment,
    Attachment,
    Beneficiary,
    CaseFile,
    Consent,
    FileNumberCounter,
    FileRequest,
    FollowUp,
    NumberAlias,
    Referral,
)
from .perms import can_oversee
from .signals import files_merged

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Mapping

    from django.core.files.uploadedfile import UploadedFile
    from django.http import HttpRequest

    from entraide.models import User

    from .forms import BeneficiaryForm, EntryForm
    from .models import CaseEntry, HouseholdMember


class ConflictError(Exception):
    """Someone else changed the record since it was read: nothing was saved. The page shows the
    saved version beside the refused changes, and the form again on top of that version."""


CASE_CONFLICT = gettext_lazy(
    "Someone else changed this case while you were editing it. Your changes were not saved: "
    "they are shown below, beside the current version."
)
PERSON_CONFLICT = gettext_lazy(
    "Someone else changed this file while you were editing it. Your changes were not saved: "
    "they are shown below, beside the current version."
)
ASSESSMENT_FIRST = gettext_lazy(
    "A case is assessed once its assessment is recorded: add the assessment to the case's "
    "timeline first, then change the status."
)


# How many CINs held outside their scope a user may be refused in an hour: a worker meets one
# now and then (a person who moved); a run of them is someone mapping who is on file where.
CIN_REFUSALS_PER_HOUR = 20

# What a user is told of a CIN that a file holds (CIN_HELD_ELSEWHERE is the model
# constraint's own message): its number when they may see that file;
# outside their scope, only that the CIN cannot be used here and what to do.
CIN_HELD_HERE = gettext_lazy("Another file already has this CIN: %(number)s.")
CIN_CHECKS_PAUSED = gettext_lazy(
    "Too many CINs were refused to you in the last hour: CINs cannot be checked for now. "
    "Try again later, or ask your delegate."
)


def cin_refusals_left(actor: User) -> int:
    """How many more CINs held elsewhere `actor` may be refused this hour."""
    from entraide.ratelimit import peek

    return max(0, CIN_REFUSALS_PER_HOUR - peek(f"cin-refused:{actor.pk}", seconds=3600))


def cin_checks_paused(actor: User) -> bool:
    """Whether `actor` has used up their hourly allowance of CINs refused elsewhere."""
    return cin_refusals_left(actor) == 0


def cin_refusals_record(
    *, actor: User, cins: Collection[str], where: str, request: HttpRequest | None = None
) -> bool:
    """Record that `cins` were refused to `actor` because files outside their scope hold them;
    whether they are now over their hourly allowance."""
    from entraide.audit import record_access
    from entraide.models import AccessEvent
    from entraide.ratelimit import hit

    record_access(
        action=AccessEvent.Action.CIN_REFUSED,
        request=request,
        actor=actor,
        detail={"where": where, "cins": sorted(cins)[:1000], "count": len(cins)},
    )
    count = hit(f"cin-refused:{actor.pk}", seconds=3600, amount=len(cins))
    return count > CIN_REFUSALS_PER_HOUR


def delegation_prefix(delegation: OrgUnit) -> str:
    # "DP-MA-KHO" -> "KHO": short and readable on paper; in capitals, as every number is
    # written (the search looks numbers up in capitals).
    return delegation.code.rsplit("-", 1)[-1].upper()


def allocate_file_numbers(delegation: OrgUnit, count: int = 1) -> list[str]:
    """`count` new file numbers of the delegation."""
    with transaction.atomic():
        return allocate_file_number_blocks({delegation: count})[delegation]


def allocate_file_number_blocks(counts: Mapping[OrgUnit, int]) -> dict[OrgUnit, list[str]]:
    """{delegation: count} -> {delegation: [file numbers]}, e.g. KHO-2026-000123, for many
    delegations in one statement (an import of the whole country touches every delegation in
    every batch). The counter rows stay locked until the transaction ends, so concurrent
    creations never get the same number, and they only go up, so a number is never given
    twice, even after a file is merged or anonymised."""
    year = timezone.localdate().year
    # Always in the same order: two imports never wait for each other's counters in a cycle.
    ordered = sorted(counts.items(), key=lambda item: item[0].pk)
    table = FileNumberCounter._meta.db_table
    rows = ", ".join(["(%s, %s, %s)"] * len(ordered))
    params = [value for d, count in ordered for value in (d.pk, year, count)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (delegation_id, year, last) VALUES {rows} "  # noqa: S608
            f"ON CONFLICT (delegation_id, year) DO UPDATE SET last = {table}.last + EXCLUDED.last "
            "RETURNING delegation_id, last",
            params,
        )
        last = dict(cursor.fetchall())
    numbers = {}
    for delegation, count in ordered:
        prefix = delegation_prefix(delegation)
        first = last[delegation.pk] - count + 1
        numbers[delegation] = [f"{prefix}-{year}-{n:06d}" for n in range(first, first + count)]
    return numbers


def beneficiary_create(
    *,
    form: BeneficiaryForm,
    actor: User,
    household: Iterable[HouseholdMember] = (),
    acknowledged_duplicates: Collection[str] = (),
) -> Beneficiary:
    """Create a person's file from a validated BeneficiaryForm. When likely duplicates were
    shown and the worker created the file anyway, their numbers are kept in the audit trail."""
    extra = {}
    if acknowledged_duplicates:
        extra["created_despite_duplicates"] = list(acknowledged_duplicates)
    with transaction.atomic(), acting_as(actor, **extra):
        beneficiary = form.save(commit=False)
        beneficiary.file_number = allocate_file_numbers(beneficiary.delegation)[0]
        beneficiary.created_by = actor
        beneficiary.save()
        form.save_m2m()
        for member in household:
            member.beneficiary = beneficiary
            member.save()
        return beneficiary


def beneficiary_update(
    *, form: BeneficiaryForm, actor: User, version: int | None = None
) -> Beneficiary:
    """Save a validated BeneficiaryForm on top of `version` of the file (the one the form was
    shown with): ConflictError if someone saved the file since. `version` None: no check."""
    with transaction.atomic(), acting_as(actor):
        person = form.instance
        # The row stays locked until the end of the transaction: of two concurrent saves of
        # one version, the second waits here, then finds the version gone.
        saved = Beneficiary.objects.select_for_update().filter(pk=person.pk)
        current = saved.values_list("version", flat=True).get()
        if version is not None and version != current:
            raise ConflictError(PERSON_CONFLICT)
        person.version = current + 1
        return form.save()


def consent_record(
    *,
    beneficiary: Beneficiary,
    purpose: str,
    given: bool,
    given_by: str,
    actor: User,
    signed_form: Attachment | None = None,
) -> Consent:
    with transaction.atomic(), acting_as(actor):
        return Consent.objects.create(
            beneficiary=beneficiary,
            purpose=purpose,
            given=given,
            given_by=given_by,
            recorded_by=actor,
            signed_form=signed_form,
        )


def current_consent(beneficiary: Beneficiary, purpose: str) -> Consent | None:
    """The person's latest answer for a purpose, or None."""
    return beneficiary.consents.filter(purpose=purpose).order_by("-recorded_at", "-pk").first()


def attachment_add(
    *,
    beneficiary: Beneficiary,
    upload: UploadedFile,
    kind: str,
    actor: User,
    case: CaseFile | None = None,
) -> Attachment:
    content_type = check_upload(upload)
    with transaction.atomic(), acting_as(actor):
        return Attachment.objects.create(
            beneficiary=beneficiary,
            case=case,
            kind=kind,
            file=upload,
            original_name=upload.name[:200],
            content_type=content_type,
            size=upload.size,
            uploaded_by=actor,
        )


def _check_assignment(*, worker, actor, current=None, opening=False):
    """Only those who oversee assign a case to someone (the assigned worker reads its
    protection details). A social worker who opens a case is assigned to it: they received
    the person and wrote what the case holds."""
    worker_id = getattr(worker, "pk", worker)
    if worker_id == current or can_oversee(actor):
        return
    if opening and worker_id == actor.pk:
        return
    raise PermissionDenied(
        _(
            "Only those who oversee the delegation's cases (the delegate and the levels above) "
            "assign a case to a social worker."
        )
    )


def opening_worker(*, worker: User | None, actor: User | None) -> User | None:
    """Who a case opened by `actor` is assigned to: the worker they chose, if they may choose;
    a social worker who chose no one takes the case on (they received the person)."""
    if worker is None and actor is not None and actor.role == Role.SOCIAL_WORKER:
        worker = actor
    if worker is not None and actor is not None:
        _check_assignment(worker=worker, actor=actor, opening=True)
    return worker


def check_case_status(case: CaseFile, status: str) -> None:
    """The rules of a case's status whatever path sets it (the status action, the admin, an
    import), beyond the order of statuses (CaseFile.TRANSITIONS): a case is assessed only
    once an assessment is on its timeline."""
    if status == CaseFile.Status.ASSESSED and not (
        case.pk and Assessment.objects.filter(case=case.pk).exists()
    ):
        raise ValidationError({"status": ASSESSMENT_FIRST})


def case_open(
    *,
    beneficiary: Beneficiary,
    channel: str,
    problems: Iterable[str],
    risk: str,
    actor: User,
    worker: User | None = None,
    protection_details: str = "",
) -> CaseFile:
    worker = opening_worker(worker=worker, actor=actor)
    with transaction.atomic(), acting_as(actor):
        locked = Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)
        if locked.merged_into_id:
            raise ValidationError(_("Open the case on the file this one was merged into."))
        if locked.anonymised_at:
            raise ValidationError(_("This file is anonymised: open a new file for the person."))
        # Numbered after the person's file; merged-in cases keep their own numbers, so count
        # only this file's own ones and skip any number already taken.
        count = CaseFile.objects.filter(number__startswith=f"{locked.file_number}-").count()
        while CaseFile.objects.filter(number=f"{locked.file_number}-{count + 1}").exists():
            count += 1
        case = CaseFile.objects.create(
            number=f"{locked.file_number}-{count + 1}",
            beneficiary=locked,
            delegation=locked.delegation,
            channel=channel,
            problems=list(problems),
            risk=risk,
            worker=worker,
            protection_details=protection_details,
            created_by=actor,
        )
        _tell_assigned(worker, [case], actor)
        return case


def _save_if_unchanged(case, version, changes):
    """Write `changes` only if the case is still at `version`; raise ConflictError if not."""
    updated = CaseFile.objects.filter(pk=case.pk, version=version).update(
        **changes, version=F("version") + 1, last_activity_at=timezone.now()
    )
    if not updated:
        raise ConflictError(CASE_CONFLICT)
    case.refresh_from_db()
    return case


def case_update(
    *, case: CaseFile, version: int, changes: Mapping[str, Any], actor: User
) -> CaseFile:
    before = case.worker_id
    if "worker" in changes:
        _check_assignment(worker=changes["worker"], actor=actor, current=before)
    with transaction.atomic(), acting_as(actor):
        case = _save_if_unchanged(case, version, changes)
        if case.worker_id != before:
            _tell_assigned(case.worker, [case], actor)
        return case


def _tell_assigned(worker: User | None, cases: list[CaseFile], actor: User | None) -> None:
    """Tell a worker of the cases assigned to them by someone else."""
    if worker is None or (actor is not None and worker.pk == actor.pk):
        return
    for case in cases:
        notify(
            recipients=[worker],
            kind=Kind.CASE_ASSIGNED,
            url=reverse("beneficiaries:case", args=[case.number]),
            about=case.number,
            key=f"case:{case.pk}:assigned:{worker.pk}:{case.version}",
        )


def cases_reassign(*, cases: Iterable[CaseFile], worker: User, actor: User) -> int:
    """A delegate gives many cases to one worker at once (a worker leaves, a caseload is
    rebalanced): each change is a row of the audit trail, the worker is told of each case.
    The worker must see the cases (their delegation's); returns how many changed."""
    if not can_oversee(actor):
        _check_assignment(worker=worker, actor=actor)
    if worker.role not in (Role.SOCIAL_WORKER, Role.DELEGATE) or not worker.is_active:
        raise ValidationError({"worker": _("Choose an active social worker.")})
    pks = [case.pk for case in cases]
    with transaction.atomic(), acting_as(actor):
        locked = list(
            CaseFile.objects.visible_to(actor)
            .select_for_update()
            .filter(pk__in=pks)
            .exclude(worker=worker)
            .order_by("pk")
        )
        reachable = set(
            CaseFile.objects.visible_to(worker)
            .filter(pk__in=[c.pk for c in locked])
            .values_list("pk", flat=True)
        )
        if len(reachable) < len(locked):
            raise ValidationError(
                {"worker": _("This worker does not work in the delegation of every case chosen.")}
            )
        for case in locked:
            case.worker = worker
            case.version += 1
            case.last_activity_at = timezone.now()
            case.save(update_fields=["worker", "version", "last_activity_at"])
        _tell_assigned(worker, locked, actor)
        return len(locked)


def case_change_status(
    *, case: CaseFile, version: int, status: str, actor: User, reason: str = ""
) -> CaseFile:
    if status not in case.next_statuses():
        raise ValidationError(
            _("A case cannot go from “%(from)s” to “%(to)s”.")
            % {"from": case.get_status_display(), "to": CaseFile.Status(status).label}
        )
    check_case_status(case, status)
    changes = {"status": status}
    if status == CaseFile.Status.CLOSED:
        if reason not in CaseFile.ClosureReason.values:
            raise ValidationError(_("Choose why the case is closed."))
        changes.update(closure_reason=reason, closed_on=timezone.localdate())
    elif case.status == CaseFile.Status.CLOSED:
        changes.update(closure_reason="", closed_on=None)
    with transaction.atomic(), acting_as(actor):
        return _save_if_unchanged(case, version, changes)


def entry_add(*, case: CaseFile, form: EntryForm, actor: User) -> CaseEntry:
    """Add a timeline entry from a validated entry form, signed by its author."""
    with transaction.atomic(), acting_as(actor):
        entry = form.save(commit=False)
        entry.case = case
        entry.author = actor
        if isinstance(entry, Referral) and entry.target_kind != Referral.TargetKind.CENTRE:
            consent = current_consent(case.beneficiary, Consent.Purpose.SHARING)
            if consent is None or not consent.given:
                raise ValidationError(
                    _(
                        "A referral to a partner needs the person's consent to sharing: "
                        "record it on the person's file first."
                    )
                )
        entry.full_clean()
        entry.save()
        if isinstance(entry, Referral):
            referral_sent(entry)
        if isinstance(entry, FollowUp):
            # The earlier follow-ups' next dates are met by this one.
            FollowUp.objects.filter(case=case, done=False).exclude(pk=entry.pk).update(done=True)
        CaseFile.objects.filter(pk=case.pk).update(last_activity_at=timezone.now())
        return entry


# Referrals: sent by a case's worker, answered by the receiving centre -----------------------

REFERRAL_ANSWERED_BY_RECEIVER = gettext_lazy(
    "A centre or a partner association answers the referrals sent to it, from its inbox: its "
    "manager or its staff accept or refuse them."
)


def _referring_side(referral: Referral) -> list[User]:
    """Who is told of a referral's answer: whoever recorded it and the case's worker."""
    return [referral.author, referral.case.worker]


def _delegates(delegation_id: int) -> list[User]:
    from entraide.models import User

    return list(User.objects.delegates_of(delegation_id))


def _receivers(referral: Referral) -> list[User]:
    """Who answers a referral from an inbox: those Referral.objects.received_by gives it to
    (the centre's managers, the staff of the association that runs it or it names)."""
    from entraide.models import User

    candidates = User.objects.filter(is_active=True)
    if referral.target_kind == Referral.TargetKind.CENTRE and referral.centre_id is not None:
        candidates = candidates.filter(
            Q(managed_centres=referral.centre_id, role=Role.CENTRE_MANAGER)
            | Q(
                role=Role.PARTNER_STAFF,
                partner_associations__conventions__centres=referral.centre_id,
                partner_associations__conventions__status__in=Convention.ACTIVE,
            )
        )
    elif referral.association_id is not None:
        candidates = candidates.filter(
            role=Role.PARTNER_STAFF, partner_associations=referral.association_id
        )
    else:
        return []
    return list(candidates.distinct())


def _case_url(referral: Referral) -> str:
    return reverse("beneficiaries:case", args=[referral.case.number])


def _stamp_answer(referral: Referral, state: str, actor: User) -> list[str]:
    """Set `state` and its dates on `referral`; the names of the fields changed."""
    now = timezone.now()
    referral.state = state
    fields = ["state"]
    if state in (Referral.State.ACCEPTED, Referral.State.REFUSED):
        referral.answered_at, referral.answered_by = now, actor
        referral.answered_on = timezone.localdate(now)
        fields += ["answered_at", "answered_by", "answered_on"]
    if state == Referral.State.COMPLETED:
        referral.completed_on = timezone.localdate(now)
        fields.append("completed_on")
    return fields


def referral_set_state(*, referral: Referral, state: str, actor: User) -> Referral:
    """The referring side records the answer of an association or an outside institution
    (which have no account: it was told), or withdraws a referral still unanswered. A
    centre answers its referrals itself (referral_accept, _refuse, _complete)."""
    if state not in referral.next_states():
        if state in referral.answers():
            raise ValidationError(REFERRAL_ANSWERED_BY_RECEIVER)
        raise ValidationError(_("This referral cannot take that state now."))
    with transaction.atomic(), acting_as(actor):
        fields = _stamp_answer(referral, state, actor)
        referral.save(update_fields=fields)
        CaseFile.objects.filter(pk=referral.case_id).update(last_activity_at=timezone.now())
        return referral


def _answer(*, referral: Referral, actor: User, state: str, **changes: str) -> Referral:
    """Give the receiving side's answer: on the referral as it now stands (locked, so that
    of two managers answering at once the second finds it answered), if `actor` answers for
    its centre; out of their scope, a 404, as a missing referral. The referring worker is
    told, once per answer."""
    with transaction.atomic(), acting_as(actor):
        locked = (
            Referral.objects.received_by(actor)
            .select_for_update(of=("self",))
            .select_related("case")
            .filter(pk=referral.pk)
            .first()
        )
        if locked is None:
            raise Http404
        if state not in locked.answers():
            raise ValidationError(_("This referral cannot take that state now."))
        fields = _stamp_answer(locked, state, actor)
        for name, value in changes.items():
            setattr(locked, name, value)
            fields.append(name)
        locked.save(update_fields=fields)
        CaseFile.objects.filter(pk=locked.case_id).update(last_activity_at=timezone.now())
        notify(
            recipients=_referring_side(locked),
            kind=Kind.REFERRAL_ANSWERED,
            url=_case_url(locked),
            about=locked.case.number,
            key=f"referral:{locked.pk}:answered:{state}",
        )
        return locked


def referral_accept(*, referral: Referral, actor: User) -> Referral:
    """The receiving centre takes the person on."""
    return _answer(referral=referral, actor=actor, state=Referral.State.ACCEPTED)


def referral_refuse(*, referral: Referral, reason: str, actor: User, note: str = "") -> Referral:
    """The receiving centre refuses, with a coded reason (and a note for "other")."""
    if reason not in Referral.RefusalReason.values:
        raise ValidationError({"refusal_reason": _("Choose why the referral is refused.")})
    note = note.strip()
    if reason == Referral.RefusalReason.OTHER and not note:
        raise ValidationError({"refusal_note": _("Say why the referral is refused.")})
    return _answer(
        referral=referral,
        actor=actor,
        state=Referral.State.REFUSED,
        refusal_reason=reason,
        refusal_note=note,
    )


def referral_complete(*, referral: Referral, actor: User) -> Referral:
    """The receiving centre reports the service done."""
    return _answer(referral=referral, actor=actor, state=Referral.State.COMPLETED)


def referral_sent(referral: Referral) -> None:
    """Tell the receiving centre's managers that a referral reached their inbox (in the
    transaction that records it)."""
    receivers = _receivers(referral)
    if receivers:
        notify(
            recipients=receivers,
            kind=Kind.REFERRAL_RECEIVED,
            url=reverse("beneficiaries:referral_received", args=[referral.pk]),
            about=referral.case.number,
            key=f"referral:{referral.pk}:received",
        )


def referrals_sweep_overdue(*, now: datetime.datetime | None = None) -> int:
    """Tell the referring side (whoever recorded the referral and the case's worker) and
    the delegates of the referring delegation of each referral past its deadline still
    unanswered; returns how many referrals were escalated. Safe to run on every worker at
    once and as often as wanted: each person is told once per referral (the notification's
    key), and a referral someone was already told of is not looked at again."""
    key = Concat(Value("referral:"), Cast(OuterRef("pk"), CharField()), Value(":overdue"))
    told = Notification.objects.filter(key=key)
    overdue = (
        Referral.objects.overdue(now)
        .exclude(Exists(told))
        .select_related("case__worker", "author")
        .order_by("due_at", "pk")
    )
    delegates: dict[int, list[User]] = {}
    escalated = 0
    for referral in overdue.iterator(chunk_size=500):
        delegation = referral.case.delegation_id
        if delegation not in delegates:
            delegates[delegation] = _delegates(delegation)
        with transaction.atomic():
            created = notify(
                recipients=[*_referring_side(referral), *delegates[delegation]],
                kind=Kind.REFERRAL_OVERDUE,
                url=_case_url(referral),
                about=referral.case.number,
                key=f"referral:{referral.pk}:overdue",
            )
        escalated += bool(created)
    return escalated


def beneficiary_merge(*, keep: Beneficiary, duplicate: Beneficiary, actor: User) -> Beneficiary:
    """Fold `duplicate` into `keep`: its cases, consents, attachments and household move over,
    and it stays as a pointer to `keep` so that its number still leads to the person."""
    if keep.pk == duplicate.pk:
        raise ValidationError(_("Choose two different files."))
    if keep.delegation_id != duplicate.delegation_id:
        raise ValidationError(_("Both files must belong to the same delegation."))
    with transaction.atomic(), acting_as(actor, merged=duplicate.file_number):
        locked = {
            b.pk: b
            for b in Beneficiary.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk])
        }
        keep, duplicate = locked[keep.pk], locked[duplicate.pk]
        if duplicate.merged_into_id or keep.merged_into_id:
            raise ValidationError(_("One of these files has already been merged."))
        for related in (duplicate.cases, duplicate.consents, duplicate.attachments):
            related.update(beneficiary=keep)
        duplicate.household.update(beneficiary=keep)
        keep.target_groups.add(*duplicate.target_groups.all())
        files_merged.send(sender=Beneficiary, keep=keep, duplicate=duplicate)
        pairs_merged(keep=keep, duplicate=duplicate, actor=actor)
        cin = duplicate.cin
        duplicate.cin = ""
        duplicate.merged_into = keep
        duplicate.save(update_fields=["cin", "merged_into", "updated_at"])
        fields = ["updated_at"]
        if cin and not keep.cin:
            keep.cin = cin
            fields.append("cin")
        for name in (
            "phone",
            "address",
            "first_name_ar",
            "last_name_ar",
            "first_name_lat",
            "last_name_lat",
        ):
            if not getattr(keep, name) and getattr(duplicate, name):
                setattr(keep, name, getattr(duplicate, name))
                fields.append(name)
        keep.save(update_fields=fields)
        return keep


# Files that move between delegations: transfers and read access ---------------------------------


def _deciders(request: FileRequest) -> list[User]:
    return _delegates(request.deciding_unit_id)


def _request_url(request: FileRequest) -> str:
    return reverse("beneficiaries:file_request", args=[request.pk])


def _check_sharing(beneficiary: Beneficiary, override_reason: str) -> str:
    """The reason for moving a file without the person's consent to sharing: required then,
    kept in the request (and so in the audit trail)."""
    override_reason = override_reason.strip()
    consent = current_consent(beneficiary, Consent.Purpose.SHARING)
    if (consent is None or not consent.given) and not override_reason:
        raise ValidationError(
            {
                "override_reason": _(
                    "The person has not consented to the sharing of their data: say why "
                    "the file must be shared all the same."
                )
            }
        )
    return override_reason


def _ask(request: FileRequest, actor: User) -> FileRequest:
    request.requested_by = actor
    request.full_clean()
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        raise ValidationError(_("Such a request is already awaiting a decision.")) from None
    notify(
        recipients=_deciders(request),
        kind=Kind.TRANSFER_ASKED,
        url=_request_url(request),
        about=request.beneficiary.file_number,
        key=f"file-request:{request.pk}:asked",
    )
    return request


def transfer_request(
    *,
    beneficiary: Beneficiary,
    to: OrgUnit,
    province: Province,
    reason: str,
    actor: User,
    override_reason: str = "",
) -> FileRequest:
    """The owning side asks another delegation to take over a person's file (a family that
    moved): its delegate accepts or refuses. Without the person's consent to sharing, a
    reason for sharing all the same is required."""
    if not Beneficiary.objects.visible_to(actor).filter(pk=beneficiary.pk).exists():
        raise Http404
    if to.kind != OrgUnit.Kind.DELEGATION or to.pk == beneficiary.delegation_id:
        raise ValidationError({"to": _("Choose another delegation.")})
    if province.pk not in to.provinces.values_list("pk", flat=True):
        raise ValidationError({"province": _("This province is not covered by the delegation.")})
    with transaction.atomic(), acting_as(actor):
        return _ask(
            FileRequest(
                kind=FileRequest.Kind.TRANSFER,
                beneficiary=beneficiary,
                owner_id=beneficiary.delegation_id,
                other=to,
                asked_by_owner=True,
                province=province,
                reason=reason.strip(),
                override_reason=_check_sharing(beneficiary, override_reason),
                old_number=beneficiary.file_number,
            ),
            actor,
        )


def file_request_elsewhere(
    *,
    beneficiary: Beneficiary,
    kind: str,
    reason: str,
    asked_about: str,
    actor: User,
    province: Province | None = None,
) -> FileRequest:
    """A worker who found that a file exists in another delegation (and may not see it) asks
    its delegate for it: a transfer to the worker's delegation, or read access. Nothing of
    the file is shown to the asking side before the owner agrees."""
    home = actor.unit
    if home is None or home.kind != OrgUnit.Kind.DELEGATION:
        raise ValidationError(_("Only a delegation's staff may ask for a file."))
    if kind not in FileRequest.Kind.values:
        raise ValidationError(_("Choose what to ask for."))
    if kind == FileRequest.Kind.TRANSFER and (
        province is None or province.pk not in home.provinces.values_list("pk", flat=True)
    ):
        raise ValidationError({"province": _("Choose the province where the person now lives.")})
    with transaction.atomic(), acting_as(actor):
        return _ask(
            FileRequest(
                kind=kind,
                beneficiary=beneficiary,
                owner_id=beneficiary.delegation_id,
                other=home,
                asked_by_owner=False,
                province=province if kind == FileRequest.Kind.TRANSFER else None,
                asked_about=asked_about,
                reason=reason.strip(),
            ),
            actor,
        )


def _decided(request: FileRequest) -> None:
    notify(
        recipients=[request.requested_by],
        kind=Kind.TRANSFER_DECIDED,
        url=_request_url(request),
        about=request.new_number or f"#{request.pk}",
        key=f"file-request:{request.pk}:decided",
    )


def _locked_to_decide(request: FileRequest, actor: User) -> FileRequest:
    locked = (
        FileRequest.objects.to_decide_by(actor)
        .select_for_update(of=("self",))
        .filter(pk=request.pk)
        .first()
    )
    if locked is None:
        raise ValidationError(_("This request is no longer awaiting your decision."))
    return locked


def file_request_accept(
    *, request: FileRequest, actor: User, override_reason: str = ""
) -> FileRequest:
    """The deciding delegate agrees. A transfer moves the file, its cases and their whole
    history to the receiving delegation, under new numbers (the former ones lead to them);
    read access lets the asking delegation read the file for FileRequest.READ_DAYS days. When
    the owner decides and the person has not consented to sharing, a reason is required."""
    with transaction.atomic(), acting_as(actor):
        locked = _locked_to_decide(request, actor)
        person = Beneficiary.objects.select_for_update().get(pk=locked.beneficiary_id)
        if person.delegation_id != locked.owner_id:
            raise ValidationError(_("The file has moved since the request was made."))
        if not locked.asked_by_owner:
            locked.override_reason = _check_sharing(person, override_reason)
        now = timezone.now()
        locked.state, locked.decided_by, locked.decided_at = FileRequest.State.ACCEPTED, actor, now
        if locked.kind == FileRequest.Kind.READ:
            locked.read_until = now + datetime.timedelta(days=FileRequest.READ_DAYS)
        else:
            locked.old_number = person.file_number
            locked.new_number = _move_file(person, locked)
        locked.save()
        _decided(locked)
        return locked


def _move_file(person: Beneficiary, request: FileRequest) -> str:
    """Give the file and its cases to the receiving delegation under its numbers; the former
    numbers become aliases. The cases wait for the receiving delegate to assign them (the
    former worker no longer sees them). Every row changed is in the audit trail."""
    to = request.other
    new_number = allocate_file_numbers(to)[0]
    NumberAlias.objects.create(number=person.file_number, beneficiary=person)
    person.file_number = new_number
    person.delegation = to
    person.province = request.province
    if person.centre_id is not None and person.centre.delegation_id != to.pk:
        person.centre = None
    person.version += 1
    person.save()
    cases = list(CaseFile.objects.filter(beneficiary=person).order_by("opened_on", "pk"))
    NumberAlias.objects.bulk_create([NumberAlias(number=c.number, case=c) for c in cases])
    # Two steps, so that no new number collides with a former one on the way.
    for case in cases:
        case.number = f"moving-{case.pk}"
        case.save(update_fields=["number"])
    for index, case in enumerate(cases, start=1):
        case.number = f"{new_number}-{index}"
        case.delegation = to
        case.worker = None
        case.save(update_fields=["number", "delegation", "worker"])
    return new_number


def file_request_refuse(*, request: FileRequest, actor: User, note: str) -> FileRequest:
    note = note.strip()
    if not note:
        raise ValidationError({"refusal_note": _("Say why the request is refused.")})
    with transaction.atomic(), acting_as(actor):
        locked = _locked_to_decide(request, actor)
        locked.state, locked.decided_by = FileRequest.State.REFUSED, actor
        locked.decided_at, locked.refusal_note = timezone.now(), note
        locked.save()
        _decided(locked)
        return locked


def file_request_cancel(*, request: FileRequest, actor: User) -> FileRequest:
    """Whoever asked withdraws the request while it awaits its decision."""
    with transaction.atomic(), acting_as(actor):
        locked = FileRequest.objects.select_for_update().filter(pk=request.pk).first()
        if locked is None or locked.requested_by_id != actor.pk:
            raise Http404
        if locked.state != FileRequest.State.REQUESTED:
            raise ValidationError(_("This request is no longer awaiting a decision."))
        locked.state = FileRequest.State.CANCELLED
        locked.save(update_fields=["state"])
        return locked


def follow_ups_remind(*, today: datetime.date | None = None) -> int:
    """Tell each case's worker of the follow-up visits due tomorrow; once per visit, however
    often it runs and on however many workers. Returns how many were told."""
    from .models import FollowUp

    tomorrow = (today or timezone.localdate()) + datetime.timedelta(days=1)
    due = (
        FollowUp.objects.filter(done=False, next_date=tomorrow, case__worker__isnull=False)
        .exclude(case__status=CaseFile.Status.CLOSED)
        .select_related("case__worker")
        .order_by("pk")
    )
    told = 0
    for follow_up in due.iterator(chunk_size=500):
        case = follow_up.case
        told += bool(
            notify(
                recipients=[case.worker],
                kind=Kind.FOLLOW_UP_DUE,
                url=reverse("beneficiaries:case", args=[case.number]),
                about=case.number,
                key=f"follow-up:{follow_up.pk}:due:{tomorrow.isoformat()}",
            )
        )
    return told


# The search's lexicon (models.NameWord) -------------------------------------------------------

# The words of the lexicon that no file's names hold (the words index answers, a word at a time):
# among some words (%s), or all.
_FORGET = """
DELETE FROM beneficiaries_nameword n WHERE n.word = ANY(%s) AND NOT EXISTS (
    SELECT 1 FROM beneficiaries_beneficiary b
    WHERE string_to_array(b.search_name, ' ') @> ARRAY[n.word]
)"""
_UNHELD = """
DELETE FROM beneficiaries_nameword n WHERE NOT EXISTS (
    SELECT 1 FROM beneficiaries_beneficiary b
    WHERE string_to_array(b.search_name, ' ') @> ARRAY[n.word]
)"""


def name_words_forget(words: Iterable[str]) -> int:
    """Take out of the lexicon those of `words` that no file's names hold any more (a file
    anonymised: its names must not outlive it, even unlinked). Returns how many went."""
    words = sorted({w for w in words if w})
    if not words:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(_FORGET, [words])
        return cursor.rowcount


def name_words_reconcile() -> dict[str, int]:
    """The lexicon made the words of the files' names, exactly, once each (every night,
    beneficiaries.schedule): out go the words no file holds (a name corrected, a file
    anonymised) and the copies of a word two transactions added at once; in comes any word a
    file holds that is missing (a file written while its word was being taken out: the
    trigger saw the word there). Returns how many words were taken out and added."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM beneficiaries_nameword n USING beneficiaries_nameword m "
            "WHERE n.word = m.word AND n.id > m.id"
        )
        removed = cursor.rowcount
        cursor.execute(_UNHELD)
        removed += cursor.rowcount
    # Added after the removal has committed, so that a word taken out while a file holding it
    # was being written (invisible to the removal) comes back.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO beneficiaries_nameword (word) "
            "SELECT DISTINCT w FROM beneficiaries_beneficiary, "
            "unnest(string_to_array(search_name, ' ')) AS w "
            "WHERE w <> '' AND NOT EXISTS "
            "(SELECT 1 FROM beneficiaries_nameword n WHERE n.word = w)"
        )
        added = cursor.rowcount
    return {"name words taken out": removed, "added": added}
