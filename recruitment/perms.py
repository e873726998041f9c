"""Who may do what with competitions. Candidates need no account: the public pages check the
receipt number and the CIN together."""

from entraide.roles import Role

MODELS = [
    "competition",
    "postline",
    "deadlineextension",
    "reservedshare",
    "application",
    "applicationdocument",
    "grade",
    "specialty",
]
VIEW = [f"recruitment.view_{m}" for m in MODELS]
MANAGE = [f"recruitment.{action}_{m}" for m in MODELS[:-2] for action in ("add", "change")]

ROLE_PERMISSIONS = {
    Role.RECRUITMENT_OFFICER: [*VIEW, *MANAGE, "recruitment.enter_marks"],
    Role.CENTRAL_OFFICER: VIEW,
    Role.INSPECTOR: VIEW,
}
