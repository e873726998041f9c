"""Who may do what with people's files. Where is `visible_to`'s business (entraide.scoping).

Beneficiaries' files are for the staff who work with them: social workers and delegates,
regional coordinators and national roles read them; centre managers, partnership and
recruitment officers do not (law 09-08: only those who need the data see it). A centre's
manager reads the referrals sent to their centres (Referral.objects.received_by) and, of the
person, what the person's consent to sharing allows (the protected fields below).
"""

from entraide.protection import protect
from entraide.roles import NATIONAL_ROLES, Role

ENTRIES = ["note", "assessment", "plangoal", "servicedelivery", "referral", "followup", "mediation"]
MODELS = ["beneficiary", "householdmember", "consent", "casefile", "attachment", *ENTRIES]

VIEW = [f"beneficiaries.view_{m}" for m in MODELS]
WORK = [
    *VIEW,
    *(f"beneficiaries.add_{m}" for m in MODELS),
    *(f"beneficiaries.change_{m}" for m in MODELS),
    "beneficiaries.export_beneficiary",
]

ROLE_PERMISSIONS = {
    Role.CENTRAL_OFFICER: VIEW,
    Role.INSPECTOR: VIEW,
    Role.COORDINATOR: VIEW,
    Role.DELEGATE: [*WORK, "beneficiaries.merge_beneficiary"],
    Role.SOCIAL_WORKER: WORK,
    # The receiving side of referrals: a centre's managers, a partner association's staff.
    Role.CENTRE_MANAGER: ["beneficiaries.answer_referral"],
    Role.PARTNER_STAFF: ["beneficiaries.answer_referral"],
}


def can_see_protection_details(user, case):
    """The circumstances of a child at risk or a woman victim of violence: the assigned
    worker, the delegation's delegate and the roles above, not every colleague."""
    if user.role in NATIONAL_ROLES or user.role in (Role.DELEGATE, Role.COORDINATOR):
        return True
    return case.worker_id is not None and case.worker_id == user.pk


def can_oversee(user):
    """The delegate's overview of cases: delegates, coordinators and national roles. They
    alone assign a case to a worker (whoever is assigned reads its protection details)."""
    return user.role in NATIONAL_ROLES or user.role in (Role.DELEGATE, Role.COORDINATOR)


def _protection_rule(user, case):
    # On no case in particular (a filter, a search, the audit trail): only those who read the
    # details of every case in their scope.
    return can_oversee(user) if case is None else can_see_protection_details(user, case)


protect("beneficiaries.CaseFile", "protection_details", rule=_protection_rule)
protect(
    "beneficiaries.Beneficiary",
    "cin",
    "rsu_id",
    rule=lambda user, person: user.has_perm("beneficiaries.view_beneficiary"),
)

# Who a referral is about, as its receiver may read it: the person's names, age, phone and
# where they live. Those who work with people's files read them (visible_to says whose); the
# receiver of a referral (Referral.objects.received_by, through which its pages fetch), only
# when the person consented to sharing. Their CIN and RSU identifier, never (above).
IDENTITY = [
    "first_name_ar",
    "last_name_ar",
    "first_name_lat",
    "last_name_lat",
    "birth_date",
    "birth_year",
    "phone",
    "address",
    "commune",
]


def _identity_rule(user, person):
    if user.has_perm("beneficiaries.view_beneficiary"):
        return True
    from .models import Consent

    return (
        person is not None
        and user.has_perm("beneficiaries.answer_referral")
        and person.consents_to(Consent.Purpose.SHARING)
    )


protect("beneficiaries.Beneficiary", *IDENTITY, rule=_identity_rule)


# The URL × role matrix (entraide.url_access, tests/entraide/test_url_matrix.py) ------------------

from entraide.url_access import (  # noqa: E402
    BAD_REQUEST,
    FOUND,
    NOBODY,
    NOT_FOUND,
    AdminAccess,
    access,
)

OVERSEERS = (Role.CENTRAL_OFFICER, Role.INSPECTOR, Role.COORDINATOR, Role.DELEGATE)
WORKERS = (Role.DELEGATE, Role.SOCIAL_WORKER)
READERS = (*OVERSEERS, Role.SOCIAL_WORKER)
RECEIVERS = (Role.CENTRE_MANAGER, Role.PARTNER_STAFF)

URL_ACCESS = {
    # Imports of people are for those who add people (beneficiaries.add_beneficiary).
    "import_new": access(WORKERS),
    "import_job": access(WORKERS, record=True),
    "import_errors": access(WORKERS, record=True),
    "beneficiaries:search": access(READERS),
    "beneficiaries:work": access(READERS),
    "beneficiaries:overview": access(OVERSEERS),
    "beneficiaries:reassign": access(OVERSEERS),
    # The lists behind the reports' figures.
    "beneficiaries:cases": access(READERS),
    "beneficiaries:referrals": access(READERS),
    "beneficiaries:follow_ups": access(READERS),
    "beneficiaries:create": access(WORKERS),
    "beneficiaries:detail": access(READERS, record=True),
    "beneficiaries:export_json": access(WORKERS, record=True),
    "beneficiaries:export_pdf": access(WORKERS, record=True),
    "beneficiaries:edit": access(WORKERS, record=True),
    "beneficiaries:consent": access(WORKERS, FOUND, record=True, method="POST"),
    "beneficiaries:attachment_upload": access(WORKERS, FOUND, record=True, method="POST"),
    "beneficiaries:attachment": access(READERS, record=True),
    "beneficiaries:case_open": access(WORKERS, FOUND, record=True, method="POST"),
    "beneficiaries:merge": access([Role.DELEGATE], FOUND, record=True, method="POST"),
    "beneficiaries:case": access(READERS, record=True),
    "beneficiaries:case_edit": access(WORKERS, BAD_REQUEST, record=True, method="POST"),
    "beneficiaries:case_status": access(WORKERS, FOUND, record=True, method="POST"),
    # A note has no page of its own: asked for one, the case's page.
    "beneficiaries:entry_add": access(WORKERS, FOUND, record=True),
    "beneficiaries:referral_state": access(WORKERS, FOUND, record=True, method="POST"),
    # The receiving side: the referrals sent to the centres one manages, whatever delegation
    # sent them. Another centre's referral is a 404, as a missing one.
    # Files that move between delegations: asked by a worker, decided by the other side's
    # delegate; each side reads the requests of its delegation.
    "beneficiaries:transfer_new": access(WORKERS, record=True),
    "beneficiaries:request_elsewhere": access(WORKERS, FOUND, method="POST"),
    "beneficiaries:file_requests": access(READERS),
    "beneficiaries:file_request": access(READERS, record=True),
    # Only to the one granted read access, while it lasts: nobody of the matrix.
    "beneficiaries:shared_file": access(READERS, NOT_FOUND, record=True),
    # Likely duplicates: decided by the delegates who merge, read by the roles above them
    # (each pair by the scope of either of its files).
    "beneficiaries:duplicates": access(OVERSEERS),
    "beneficiaries:duplicate": access(OVERSEERS, record=True),
    "beneficiaries:inbox": access(RECEIVERS),
    "beneficiaries:referral_received": access(RECEIVERS, record=True),
}

# Each model's admin: read by READERS, written by WORKERS; deleted by no one but the
# administrator. Cases are opened, and documents uploaded, on the portal only.
ADMIN_ACCESS = {
    f"beneficiaries.{model}": AdminAccess(view=READERS, change=WORKERS, add=WORKERS)
    for model in MODELS
    if model != "householdmember"  # edited inline, on the person's page
}
ADMIN_ACCESS["beneficiaries.beneficiary"] = AdminAccess(
    view=READERS, change=WORKERS, add=WORKERS, export=WORKERS
)
# Cases of an earlier system come in by import.
ADMIN_ACCESS["beneficiaries.casefile"] = AdminAccess(
    view=READERS, change=WORKERS, add=NOBODY, imports=WORKERS
)
ADMIN_ACCESS["beneficiaries.attachment"] = AdminAccess(view=READERS, change=WORKERS, add=NOBODY)
