"""Who may do what with centres. Where is `visible_to`'s business (entraide.scoping)."""

from entraide.roles import Role

VIEW = [
    "centres.view_centre",
    "centres.view_centretype",
    "centres.view_service",
    "centres.view_targetgroup",
    "centres.view_monthlyactivity",
]

ROLE_PERMISSIONS = {
    Role.CENTRAL_OFFICER: VIEW,
    Role.INSPECTOR: VIEW,
    Role.COORDINATOR: VIEW,
    Role.DELEGATE: [
        *VIEW,
        "centres.add_centre",
        "centres.change_centre",
        "centres.change_monthlyactivity",
        "centres.validate_monthlyactivity",
    ],
    Role.CENTRE_MANAGER: [*VIEW, "centres.change_monthlyactivity"],
    Role.SOCIAL_WORKER: VIEW,
    Role.PARTNERSHIP_OFFICER: VIEW,
}


def can_enter_activity(user, centre, activity=None):
    """Enter and submit a centre's month: its delegation, or a manager of that very centre.

    Once submitted, the month is the delegation's to review: it reads it, validates it or
    returns it for correction, and does not change the figures under the centre's name. The
    centre's managers may still take it back (a saved draft) until it is validated; a
    validated month is locked for everyone until the delegation reopens it."""
    if not user.has_perm("centres.change_monthlyactivity"):
        return False
    is_manager = user.role == Role.CENTRE_MANAGER and centre.managers.filter(pk=user.pk).exists()
    if user.role == Role.CENTRE_MANAGER and not is_manager:
        return False
    if activity is None or activity.status == activity.Status.DRAFT:
        return True
    if activity.status == activity.Status.SUBMITTED:
        return is_manager
    return False


def can_validate_activity(user):
    return user.has_perm("centres.validate_monthlyactivity")


# The URL × role matrix (entraide.url_access, tests/entraide/test_url_matrix.py) ------------------

from entraide.url_access import FOUND, AdminAccess, access  # noqa: E402

READERS = tuple(role for role, perms in ROLE_PERMISSIONS.items() if "centres.view_centre" in perms)
ENTERING = (Role.DELEGATE, Role.CENTRE_MANAGER)

URL_ACCESS = {
    "centres:list": access(READERS),
    "centres:export_csv": access(READERS),
    "centres:export_xlsx": access(READERS),
    "centres:missing": access(READERS),
    "centres:create": access([Role.DELEGATE]),
    "centres:detail": access(READERS, record=True),
    "centres:edit": access([Role.DELEGATE], record=True),
    "centres:activity": access(READERS, record=True),
    "centres:activity_validate": access([Role.DELEGATE], FOUND, record=True, method="POST"),
    "centres:activity_reopen": access([Role.DELEGATE], FOUND, record=True, method="POST"),
}

ADMIN_ACCESS = {
    "centres.targetgroup": AdminAccess(view=READERS, scoped=False),
    "centres.service": AdminAccess(view=READERS, scoped=False),
    "centres.centretype": AdminAccess(view=READERS, scoped=False),
    "centres.centre": AdminAccess(view=READERS, change=[Role.DELEGATE], add=[Role.DELEGATE]),
    "centres.monthlyactivity": AdminAccess(view=READERS, change=ENTERING),
    # The lines of a month are entered on the month's page only.
    "centres.activityline": AdminAccess(),
}
