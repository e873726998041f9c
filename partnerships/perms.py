"""Who may do what with partnerships. Where is `visible_to`'s business (entraide.scoping)."""

from entraide.protection import protect
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


protect(
    "partnerships.Association",
    "bank_name",
    "bank_account",
    rule=lambda user, association: can_see_bank_details(user),
)


# The URL × role matrix (entraide.url_access, tests/entraide/test_url_matrix.py) ------------------

from entraide.url_access import UNPROCESSABLE, AdminAccess, access  # noqa: E402

READERS = tuple(role for role, perms in ROLE_PERMISSIONS.items() if set(VIEW) <= set(perms))
# Social workers find the associations they send people to.
ASSOCIATION_READERS = (*READERS, Role.SOCIAL_WORKER)
MANAGERS = (Role.DELEGATE, Role.PARTNERSHIP_OFFICER)
INSPECTORS = (Role.INSPECTOR, Role.DELEGATE)

URL_ACCESS = {
    "partnerships:work": access(READERS),
    "partnerships:figures": access(READERS),
    "partnerships:figures_csv": access(READERS),
    "partnerships:figures_xlsx": access(READERS),
    "partnerships:associations": access(ASSOCIATION_READERS),
    "partnerships:associations_csv": access(ASSOCIATION_READERS),
    "partnerships:associations_xlsx": access(ASSOCIATION_READERS),
    "partnerships:association_create": access(MANAGERS),
    "partnerships:association": access(ASSOCIATION_READERS, record=True),
    "partnerships:association_edit": access(MANAGERS, record=True),
    "partnerships:conventions": access(READERS),
    "partnerships:conventions_csv": access(READERS),
    "partnerships:conventions_xlsx": access(READERS),
    "partnerships:convention_create": access(MANAGERS),
    "partnerships:convention": access(READERS, record=True),
    "partnerships:convention_edit": access(MANAGERS, record=True),
    # Asked with an empty form: the page again, with the form's errors.
    "partnerships:convention_action": access(MANAGERS, UNPROCESSABLE, record=True, method="POST"),
    "partnerships:document": access(READERS, record=True),
    "partnerships:inspections": access(READERS),
    "partnerships:inspections_csv": access(READERS),
    "partnerships:inspections_xlsx": access(READERS),
    "partnerships:inspection_create": access(INSPECTORS),
    "partnerships:inspection": access(READERS, record=True),
    "partnerships:inspection_action": access(INSPECTORS, UNPROCESSABLE, record=True, method="POST"),
    "partnerships:campaigns": access(READERS),
    "partnerships:campaign": access(READERS, record=True),
}

ADMIN_ACCESS = {
    "partnerships.fieldofaction": AdminAccess(view=ASSOCIATION_READERS, scoped=False),
    "partnerships.association": AdminAccess(
        view=ASSOCIATION_READERS, change=MANAGERS, add=MANAGERS
    ),
    **{
        f"partnerships.{model}": AdminAccess(view=READERS, change=MANAGERS, add=MANAGERS)
        for model in ("convention", "partner", "commitment", "owedreport", "tranche", "amendment")
    },
    **{
        f"partnerships.{model}": AdminAccess(view=READERS, change=INSPECTORS, add=INSPECTORS)
        for model in CONTROL
    },
}
