"""Who may do what with the register of a centre. Where is `visible_to`'s business
(entraide.scoping): a section, its enrolments and roll-calls belong to the centre's delegation.

Those who run a centre keep its register: its managers (for the centres they manage, not the
others of their delegation) and the delegation. Those who oversee and the social workers read
it: a social worker also places a person on a waiting list (the person they follow).
"""

from entraide.roles import Role

VIEW = [
    "enrolments.view_section",
    "enrolments.view_enrolment",
    "enrolments.view_rollcall",
    "enrolments.view_waitinglistchange",
]
KEEP = [
    *VIEW,
    "enrolments.add_section",
    "enrolments.change_section",
    "enrolments.add_enrolment",
    "enrolments.change_enrolment",
    "enrolments.admit_enrolment",
    "enrolments.add_rollcall",
    "enrolments.change_rollcall",
]

ROLE_PERMISSIONS = {
    Role.CENTRAL_OFFICER: VIEW,
    Role.INSPECTOR: VIEW,
    Role.COORDINATOR: VIEW,
    Role.DELEGATE: KEEP,
    Role.CENTRE_MANAGER: KEEP,
    Role.SOCIAL_WORKER: [*VIEW, "enrolments.add_enrolment"],
}


def manages(user, centre):
    """Whether `user` keeps `centre`'s register: its delegation (scope checked by the caller),
    or one of the centre's own managers."""
    if user.role == Role.CENTRE_MANAGER:
        return centre.managers.filter(pk=user.pk).exists()
    return True


def can_keep(user, centre, permission="enrolments.change_enrolment"):
    return user.has_perm(permission) and manages(user, centre)


# The URL × role matrix (entraide.url_access, tests/entraide/test_url_matrix.py) ------------------

from entraide.url_access import (  # noqa: E402
    FOUND,
    NOBODY,
    OK,
    UNPROCESSABLE,
    AdminAccess,
    access,
    public,
)

READERS = tuple(
    role for role, perms in ROLE_PERMISSIONS.items() if "enrolments.view_section" in perms
)
KEEPERS = (Role.DELEGATE, Role.CENTRE_MANAGER)
PLACERS = (*KEEPERS, Role.SOCIAL_WORKER)

URL_ACCESS = {
    "enrolments:centre": access(READERS, record=True),
    "enrolments:section_new": access(KEEPERS, record=True),
    "enrolments:import": access(KEEPERS, record=True),
    "enrolments:section": access(READERS, record=True),
    "enrolments:section_edit": access(KEEPERS, record=True),
    "enrolments:wait": access(PLACERS, record=True),
    "enrolments:enrolment": access(READERS, record=True),
    # The first on the list is admitted without a reason; a withdrawal takes one, and an empty
    # form is shown again with its error.
    "enrolments:admit": access(KEEPERS, FOUND, record=True, method="POST"),
    "enrolments:withdraw": access(KEEPERS, UNPROCESSABLE, record=True, method="POST"),
    "enrolments:priority": access(KEEPERS, record=True),
    "enrolments:exit": access(KEEPERS, record=True),
    "enrolments:certificate": access(READERS, record=True),
    "enrolments:roll_call": access(READERS, record=True),
    "enrolments:attendance": access(READERS, record=True),
    "enrolments:absent": access(READERS),
    "enrolments:month": access(READERS, record=True),
    # A certificate checked by anyone holding its code, wherever it was delivered.
    "enrolments:verify": public(),
    "enrolments:verified": public(record=True, outside=OK),
}

# The register is kept on the portal's pages; the admin reads and corrects it, imports and
# exports it. Nobody deletes an enrolment there: a person withdraws or leaves, with the date.
ADMIN_ACCESS = {
    "enrolments.section": AdminAccess(view=READERS, change=KEEPERS, add=KEEPERS),
    "enrolments.enrolment": AdminAccess(view=READERS, change=KEEPERS, add=KEEPERS, delete=NOBODY),
    "enrolments.rollcall": AdminAccess(view=READERS, add=NOBODY, delete=NOBODY),
    "enrolments.waitinglistchange": AdminAccess(view=READERS, add=NOBODY, delete=NOBODY),
}
