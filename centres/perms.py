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


def can_enter_activity(user, centre):
    """Enter and submit a centre's month: its delegation, or a manager of that very centre."""
    if not user.has_perm("centres.change_monthlyactivity"):
        return False
    if user.role == Role.CENTRE_MANAGER:
        return centre.managers.filter(pk=user.pk).exists()
    return True


def can_validate_activity(user):
    return user.has_perm("centres.validate_monthlyactivity")
