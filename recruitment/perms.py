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
# The officer who drafts a notice removes a post line added by mistake (while the competition
# is a draft: services.post_line_delete), and corrects the catalogue of grades and specialties
# the notices are written from (in the admin; a published notice keeps what it said).
DRAFTING = ["recruitment.delete_postline"]
CATALOGUE = [f"recruitment.{action}_{m}" for m in MODELS[-2:] for action in ("add", "change")]

ROLE_PERMISSIONS = {
    Role.RECRUITMENT_OFFICER: [*VIEW, *MANAGE, *DRAFTING, *CATALOGUE, "recruitment.enter_marks"],
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
    FORBIDDEN,
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
    # The matrix's competition is published: its post lines are locked, the officer is sent
    # back to its page with the reason.
    "recruitment:line_edit": access(OFFICERS, FOUND, record=True),
    "recruitment:line_delete": access(OFFICERS, FOUND, record=True, method="POST"),
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
    "recruitment:receipt_pdf": public(FOUND),  # as the receipt page
    "recruitment:confirm": public(NOT_FOUND),  # asked with a token that is no one's
    "recruitment:sent": public(FOUND),  # the address written to comes from the session
    "recruitment:status": public(),
    "recruitment:published_list": public(),
}

ADMIN_ACCESS = {
    "recruitment.grade": AdminAccess(view=READERS, change=OFFICERS, add=OFFICERS, scoped=False),
    "recruitment.specialty": AdminAccess(view=READERS, change=OFFICERS, add=OFFICERS, scoped=False),
    "recruitment.competition": AdminAccess(view=READERS, change=OFFICERS, add=OFFICERS),
    # The matrix's post lines are of a published competition: deleted by no one. The officer,
    # who may delete those of a draft, is answered after the record is looked up: outside
    # their unit, missing.
    "recruitment.postline": AdminAccess(
        view=READERS,
        change=OFFICERS,
        add=OFFICERS,
        delete=NOBODY,
        extra={
            "admin:recruitment_postline_delete": access(
                NOBODY, but={Role.RECRUITMENT_OFFICER: (FORBIDDEN, NOT_FOUND)}, record=True
            )
        },
    ),
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
