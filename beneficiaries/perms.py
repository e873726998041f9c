"""Who may do what with people's files. Where is `visible_to`'s business (entraide.scoping).

Beneficiaries' files are for the staff who work with them: social workers and delegates,
regional coordinators and national roles read them; centre managers, partnership and
recruitment officers do not (law 09-08: only those who need the data see it).
"""

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
}


def can_see_protection_details(user, case):
    """The circumstances of a child at risk or a woman victim of violence: the assigned
    worker, the delegation's delegate and the roles above, not every colleague."""
    if user.role in NATIONAL_ROLES or user.role in (Role.DELEGATE, Role.COORDINATOR):
        return True
    return case.worker_id is not None and case.worker_id == user.pk


def can_oversee(user):
    """The delegate's overview of cases: delegates, coordinators and national roles."""
    return user.role in NATIONAL_ROLES or user.role in (Role.DELEGATE, Role.COORDINATOR)
