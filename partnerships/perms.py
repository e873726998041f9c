"""Who may do what with partnerships. Where is `visible_to`'s business (entraide.scoping)."""

from entraide.roles import Role

MODELS = [
    "association",
    "convention",
    "partner",
    "commitment",
    "owedreport",
    "tranche",
    "amendment",
    "fieldofaction",
]
CONTROL = ["inspection", "recommendation", "controlcampaign"]

VIEW = [f"partnerships.view_{m}" for m in MODELS + CONTROL]
MANAGE = [f"partnerships.{action}_{m}" for m in MODELS[:-1] for action in ("add", "change")]
INSPECT = [f"partnerships.{action}_{m}" for m in CONTROL for action in ("add", "change")]
# The roles that pay see where the money goes.
PAY = ["partnerships.pay_tranche", "partnerships.view_bank_details"]

ROLE_PERMISSIONS = {
    Role.CENTRAL_OFFICER: VIEW,
    Role.INSPECTOR: [*VIEW, *INSPECT],
    Role.COORDINATOR: VIEW,
    Role.DELEGATE: [
        *VIEW,
        *MANAGE,
        *PAY,
        *INSPECT,
        "partnerships.override_tranche_block",
    ],
    Role.PARTNERSHIP_OFFICER: [*VIEW, *MANAGE, *PAY],
    Role.SOCIAL_WORKER: ["partnerships.view_association", "partnerships.view_fieldofaction"],
}


def can_see_bank_details(user):
    return user.has_perm("partnerships.view_bank_details")
