"""Aid requests: who is eligible to a programme (and why not), the request recorded from a
person's file, the delegation committee's sittings and decisions, the entitlements they give
and their delivery against a signed receipt.

One transaction each, audited by the models' triggers with the acting user as pghistory
context. The views check who may act and what they may see (visible_to); these functions keep
the rules that hold whoever calls them. The rules PostgreSQL keeps (one open request per
person, programme and cycle; one entitlement per cycle; a store never below zero) are refused
here with their own translated message.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from centres.models import TargetGroup
from entraide.audit import acting_as
from entraide.enums import Sex
from entraide.numbers import dirhams, number
from territory.models import OrgUnit, Province

from . import stock
from .models import (
    AidRequest,
    CommitteeMeeting,
    EligibilityRule,
    Entitlement,
    Item,
    Programme,
    this_cycle,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.core.files.uploadedfile import UploadedFile

    from beneficiaries.models import Beneficiary
    from entraide.models import User

Criterion = EligibilityRule.Criterion


def _constraint_message(model, name: str) -> str:
    for constraint in model._meta.constraints:
        if constraint.name == name:
            return str(constraint.violation_error_message)
    raise LookupError(name)


ONE_OPEN_REQUEST = "aidrequest_one_open_per_programme_and_cycle"
ONCE_PER_CYCLE = "entitlement_once_per_cycle"


# Eligibility ---------------------------------------------------------------------------------


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None


def _holds(rule: EligibilityRule, person: Beneficiary, monthly_income, groups: set[str]):
    """(holds, what the person's file or request says), for one rule."""
    value = (rule.value or "").strip()
    match rule.criterion:
        case Criterion.TARGET_GROUP:
            return value in groups, None
        case Criterion.DISABILITY_CARD:
            return bool(person.disability_card), None
        case Criterion.AGE_MIN | Criterion.AGE_MAX:
            age, bound = person.age, _decimal(value)
            if age is None or bound is None:
                return False, age
            holds = age >= bound if rule.criterion == Criterion.AGE_MIN else age <= bound
            return holds, age
        case Criterion.PROVINCE:
            code = person.province.code if person.province_id else None
            return code == value, code
        case Criterion.SEX:
            return person.sex == value, person.sex
        case Criterion.INCOME_MAX:
            bound = _decimal(value)
            if monthly_income is None or bound is None:
                return False, None
            return Decimal(monthly_income) <= bound, str(monthly_income)
    return False, None


def check(programme: Programme, person: Beneficiary, monthly_income=None) -> list[dict]:
    """The programme's rules the person does not meet, as data for AidRequest.unmet:
    [{"criterion", "value", "found"}] (`found`: what the file or the request says, for the
    sentence explaining it). Empty: eligible. Every rule must hold."""
    rules = list(programme.rules.all())
    groups = set()
    if any(rule.criterion == Criterion.TARGET_GROUP for rule in rules):
        groups = set(person.target_groups.values_list("code", flat=True))
    unmet = []
    for rule in rules:
        holds, found = _holds(rule, person, monthly_income, groups)
        if not holds:
            unmet.append({"criterion": rule.criterion, "value": rule.value, "found": found})
    return unmet


class _Names:
    """The names of the target groups and provinces that rules name by code, read once."""

    def __init__(self, entries: Iterable[dict]):
        entries = list(entries)
        codes = {
            criterion: {e["value"] for e in entries if e["criterion"] == criterion}
            | {e.get("found") for e in entries if e["criterion"] == criterion and e.get("found")}
            for criterion in (Criterion.TARGET_GROUP, Criterion.PROVINCE)
        }
        self.groups = dict(
            TargetGroup.objects.filter(code__in=codes[Criterion.TARGET_GROUP]).values_list(
                "code", "name"
            )
            if codes[Criterion.TARGET_GROUP]
            else ()
        )
        self.provinces = dict(
            Province.objects.filter(code__in=codes[Criterion.PROVINCE]).values_list("code", "name")
            if codes[Criterion.PROVINCE]
            else ()
        )

    def group(self, code):
        return self.groups.get(code, code)

    def province(self, code):
        return self.provinces.get(code, code)


def _sex(code) -> str:
    return str(dict(Sex.choices).get(code, code or "—"))


def _why_not(entry: dict, names: _Names) -> str:
    criterion, value, found = entry["criterion"], entry.get("value", ""), entry.get("found")
    bound = _decimal(value)
    match criterion:
        case Criterion.TARGET_GROUP:
            return _("The person does not belong to the target group “%(group)s”.") % {
                "group": names.group(value)
            }
        case Criterion.DISABILITY_CARD:
            return _("The person holds no disability card.")
        case Criterion.AGE_MIN | Criterion.AGE_MAX if bound is not None and found is None:
            return _("The person's age is not known: the programme sets an age limit.")
        case Criterion.AGE_MIN if bound is not None:
            return ngettext(
                "The person is %(age)s years old; the programme asks for at least %(min)s year.",
                "The person is %(age)s years old; the programme asks for at least %(min)s years.",
                int(bound),
            ) % {"age": number(found), "min": number(int(bound))}
        case Criterion.AGE_MAX if bound is not None:
            return ngettext(
                "The person is %(age)s years old; the programme is for people of %(max)s year "
                "at most.",
                "The person is %(age)s years old; the programme is for people of %(max)s years "
                "at most.",
                int(bound),
            ) % {"age": number(found), "max": number(int(bound))}
        case Criterion.PROVINCE:
            return _("The person lives in %(found)s; the programme is for %(wanted)s.") % {
                "found": names.province(found) if found else "—",
                "wanted": names.province(value),
            }
        case Criterion.SEX:
            return _("The programme is for people of the sex “%(wanted)s”.") % {
                "wanted": _sex(value)
            }
        case Criterion.INCOME_MAX if bound is not None and found is None:
            return _(
                "No monthly household income was declared; the programme asks for %(max)s at most."
            ) % {"max": dirhams(bound)}
        case Criterion.INCOME_MAX if bound is not None:
            return _("The declared monthly household income, %(income)s, is above %(max)s.") % {
                "income": dirhams(Decimal(found)),
                "max": dirhams(bound),
            }
    # A rule whose value cannot be read (an administrator's typing): it cannot hold.
    return _("The rule “%(rule)s” cannot be checked: its value “%(value)s” is not valid.") % {
        "rule": Criterion(criterion).label if criterion in Criterion.values else criterion,
        "value": value,
    }


def why_not(unmet: Iterable[dict]) -> list[str]:
    """One translated sentence per rule not met: why the person is not eligible."""
    unmet = list(unmet)
    names = _Names(unmet)
    return [_why_not(entry, names) for entry in unmet]


def rules_in_words(rules: Iterable[EligibilityRule]) -> list[str]:
    """The rules of a programme as sentences, for those who read the programme."""
    rules = list(rules)
    names = _Names({"criterion": r.criterion, "value": r.value} for r in rules)
    words = []
    for rule in rules:
        value = rule.value
        bound = _decimal(value)
        match rule.criterion:
            case Criterion.TARGET_GROUP:
                text = _("Belongs to the target group “%(group)s”.") % {"group": names.group(value)}
            case Criterion.DISABILITY_CARD:
                text = _("Holds a disability card.")
            case Criterion.AGE_MIN if bound is not None:
                text = ngettext(
                    "Is at least %(n)s year old.", "Is at least %(n)s years old.", int(bound)
                ) % {"n": number(int(bound))}
            case Criterion.AGE_MAX if bound is not None:
                text = ngettext(
                    "Is at most %(n)s year old.", "Is at most %(n)s years old.", int(bound)
                ) % {"n": number(int(bound))}
            case Criterion.PROVINCE:
                text = _("Lives in %(province)s.") % {"province": names.province(value)}
            case Criterion.SEX:
                text = _("Is of the sex “%(sex)s”.") % {"sex": _sex(value)}
            case Criterion.INCOME_MAX if bound is not None:
                text = _("Declares a monthly household income of %(max)s at most.") % {
                    "max": dirhams(bound)
                }
            case _unknown:
                text = str(rule)
        words.append(text)
    return words


# Requests ------------------------------------------------------------------------------------


def request_record(
    *,
    programme: Programme,
    person: Beneficiary,
    actor: User,
    need: str = "",
    monthly_income=None,
) -> AidRequest:
    """A person's request to a programme, recorded from their file for their delegation's
    committee, this year's cycle; whether they are eligible, and the rules not met, are kept
    as they were when it was recorded."""
    if not programme.is_open:
        raise ValidationError(_("This programme does not take requests."))
    unmet = check(programme, person, monthly_income)
    aid_request = AidRequest(
        programme=programme,
        person=person,
        delegation_id=person.delegation_id,
        cycle=this_cycle(),
        need=need or "",
        monthly_income=monthly_income,
        eligible=not unmet,
        unmet=unmet,
        recorded_by=actor,
    )
    try:
        with transaction.atomic(), acting_as(actor):
            aid_request.save()
    except IntegrityError as error:
        if ONE_OPEN_REQUEST in str(error):
            raise ValidationError(_constraint_message(AidRequest, ONE_OPEN_REQUEST)) from error
        raise
    return aid_request


# The committee -------------------------------------------------------------------------------


def meeting_open(*, delegation: OrgUnit, held_on, members: str, actor: User) -> CommitteeMeeting:
    """A sitting of the delegation's committee, with the members present."""
    if delegation.kind != OrgUnit.Kind.DELEGATION:
        raise ValidationError(_("A committee sits for a provincial delegation."))
    members = (members or "").strip()
    if not members:
        raise ValidationError({"members": _("Name the members present.")})
    if held_on and held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A meeting is recorded once it has been held.")})
    with transaction.atomic(), acting_as(actor):
        return CommitteeMeeting.objects.create(
            delegation=delegation,
            held_on=held_on or timezone.localdate(),
            members=members,
            created_by=actor,
        )


def decide(
    *,
    request: AidRequest,
    meeting: CommitteeMeeting,
    decision: str,
    reason: str = "",
    actor: User,
    entitlement: dict | None = None,
) -> AidRequest:
    """The committee's decision on a request: approved (with its entitlement, `entitlement`:
    {"item", "quantity"} or {"amount"}), rejected (with the reason), or waiting for budget.
    An ineligible person is approved only with the reason, kept as the exception it is."""
    Status = AidRequest.Status
    reason = (reason or "").strip()
    if decision not in (Status.APPROVED, Status.REJECTED, Status.WAITING_BUDGET):
        raise ValidationError({"decision": _("Choose the committee's decision.")})
    if request.delegation_id != meeting.delegation_id:
        raise ValidationError(_("The committee decides the requests of its own delegation."))
    if decision == Status.REJECTED and not reason:
        raise ValidationError(
            {"reason": _constraint_message(AidRequest, "aidrequest_rejection_has_reason")}
        )
    if decision == Status.APPROVED and not request.eligible and not reason:
        raise ValidationError(
            {
                "reason": _(
                    "The person does not meet the programme's rules: approving anyway takes "
                    "the reason for the exception."
                )
            }
        )
    new_entitlement = None
    if decision == Status.APPROVED:
        new_entitlement = _entitlement(request, entitlement or {})
    with transaction.atomic(), acting_as(actor):
        current = AidRequest.objects.select_for_update().get(pk=request.pk)
        if current.status not in (Status.RECORDED, Status.WAITING_BUDGET):
            raise ValidationError(
                _("This request has already been decided: %(status)s.")
                % {"status": current.get_status_display()}
            )
        current.status = decision
        current.decision_reason = reason
        current.meeting = meeting
        current.save(update_fields=["status", "decision_reason", "meeting", "updated_at"])
        if new_entitlement is not None:
            new_entitlement.request = current
            try:
                with transaction.atomic():
                    new_entitlement.save()
            except IntegrityError as error:
                if ONCE_PER_CYCLE in str(error):
                    raise ValidationError(
                        _constraint_message(Entitlement, ONCE_PER_CYCLE)
                    ) from error
                raise
    request.refresh_from_db()
    return request


def _entitlement(request: AidRequest, given: dict) -> Entitlement:
    item: Item | None = given.get("item")
    amount = given.get("amount")
    quantity = given.get("quantity") or 1
    if (item is None) == (amount is None):
        raise ValidationError(_("Give an item of the catalogue or an amount, not both."))
    if item is not None and quantity < 1:
        raise ValidationError({"quantity": _("Give at least one unit.")})
    if amount is not None and amount <= 0:
        raise ValidationError({"amount": _("Give an amount above zero.")})
    return Entitlement(
        person_id=request.person_id,
        programme_id=request.programme_id,
        cycle=request.cycle,
        item=item,
        quantity=quantity if item is not None else 1,
        amount=amount,
    )


# Delivery ------------------------------------------------------------------------------------


def deliver(*, entitlement: Entitlement, actor: User, receipt_file: UploadedFile) -> Entitlement:
    """Hand over what the entitlement gives, once, against the signed receipt (a PDF, JPEG or
    PNG checked by the model's validator): items come out of the delegation's store in the
    same transaction, the oldest lots first, each movement linked to the entitlement (and the
    entitlement to the first lot); what was handed over is valued as of today."""
    if not receipt_file:
        raise ValidationError({"receipt": _("Attach the signed receipt.")})
    with transaction.atomic(), acting_as(actor):
        current = (
            Entitlement.objects.select_for_update(of=("self",))
            .select_related("request__programme", "request__person", "item")
            .get(pk=entitlement.pk)
        )
        if current.delivered_at is not None:
            raise ValidationError(_("This entitlement has already been delivered."))
        if current.request.status != AidRequest.Status.APPROVED:
            raise ValidationError(_("Only an approved request's entitlement is delivered."))
        current.receipt = receipt_file
        current.full_clean(
            exclude=[f.name for f in Entitlement._meta.fields if f.name != "receipt"],
            validate_unique=False,
            validate_constraints=False,
        )
        if current.item_id:
            taken = stock.take(
                delegation=current.request.delegation,
                item=current.item,
                quantity=current.quantity,
                actor=actor,
                # The programme's name and the file: the store's page says what went where.
                reason=f"{current.request.programme.name} · {current.request.person.file_number}",
                entitlement=current,
            )
            current.lot = taken[0][0]
            current.value = current.item.unit_value * current.quantity
        else:
            current.value = current.amount
        current.delivered_at = timezone.now()
        current.delivered_by = actor
        try:
            current.save()
        except Exception:
            # The file was stored before the row was refused: not kept for nothing.
            if current.receipt.name:
                current.receipt.storage.delete(current.receipt.name)
            raise
    return current
