"""Who may do what with competitions. Candidates need no account: the public pages check the
receipt number and the CIN together."""

from entraide.protection import protect
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


# A candidate's CIN is masked on the published lists: unmasked, it is for recruitment staff
# (the audit trail shows it to no one else).
protect(
    "recruitment.Application",
    "cin",
    rule=lambda user, application: user.has_perm("recruitment.view_application"),
)


# The URL × role matrix (entraide.url_access, tests/entraide/test_url_matrix.py) ------------------

from entraide.url_access import (  # noqa: E402
    FOUND,
    NOBODY,
    NOT_FOUND,
    UNPROCESSABLE,
    AdminAccess,
    access,
    public,
)

READERS = (Role.RECRUITMENT_OFFICER, Role.CENTRAL_OFFICER, Role.INSPECTOR)
OFFICERS = (Role.RECRUITMENT_OFFICER,)

URL_ACCESS = {
    "recruitment:competitions": access(READERS),
    "recruitment:competition_create": access(OFFICERS),
    "recruitment:competition": access(READERS, record=True),
    "recruitment:competition_edit": access(OFFICERS, record=True),
    # Asked with an empty form: the page again, with the form's errors.
    "recruitment:competition_action": access(OFFICERS, UNPROCESSABLE, record=True, method="POST"),
    "recruitment:applications": access(READERS, record=True),
    "recruitment:application": access(READERS, record=True),
    "recruitment:application_void": access(OFFICERS, UNPROCESSABLE, record=True, method="POST"),
    "recruitment:document": access(READERS, record=True),
    "recruitment:marks": access(OFFICERS, record=True),
    "recruitment:staff_list": access(READERS, record=True),
    # Candidates have no account: their pages are for everyone.
    "recruitment:notices": public(),
    "recruitment:notice": public(),
    "recruitment:apply": public(),
    "recruitment:receipt": public(FOUND),  # the receipt number comes from the session
    "recruitment:confirm": public(NOT_FOUND),  # asked with a token that is no one's
    "recruitment:sent": public(FOUND),  # the address written to comes from the session
    "recruitment:status": public(),
    "recruitment:published_list": public(),
}

ADMIN_ACCESS = {
    "recruitment.grade": AdminAccess(view=READERS, scoped=False),
    "recruitment.specialty": AdminAccess(view=READERS, scoped=False),
    "recruitment.competition": AdminAccess(view=READERS, change=OFFICERS, add=OFFICERS),
    "recruitment.postline": AdminAccess(view=READERS, change=OFFICERS, add=OFFICERS, delete=NOBODY),
    "recruitment.reservedshare": AdminAccess(
        view=READERS, change=OFFICERS, add=OFFICERS, delete=NOBODY
    ),
    # Written by their own paths alone (the extension of a deadline, the candidate's form).
    "recruitment.deadlineextension": AdminAccess(view=READERS, add=NOBODY, delete=NOBODY),
    # Paper applications and marks come in by import.
    "recruitment.application": AdminAccess(
        view=READERS, change=OFFICERS, add=NOBODY, delete=NOBODY, imports=OFFICERS
    ),
    "recruitment.applicationdocument": AdminAccess(view=READERS, add=NOBODY, delete=NOBODY),
}
