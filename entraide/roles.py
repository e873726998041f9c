"""Roles: what a person may do. Their unit says where.

Each role is a Django group whose permissions are declared in code, here and in each app's
`perms.py` (a ROLE_PERMISSIONS dict), and applied by `manage.py sync_roles`. A user's role
field is the single source of truth: `RoleBackend` grants the permissions of the group named
after the role, so there is no group membership to keep in step.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("administrator")
    CENTRAL_OFFICER = "central_officer", _("central officer")
    INSPECTOR = "inspector", _("inspector")
    COORDINATOR = "coordinator", _("regional coordinator")
    DELEGATE = "delegate", _("delegate")
    SOCIAL_WORKER = "social_worker", _("social worker")
    CENTRE_MANAGER = "centre_manager", _("centre manager")
    PARTNERSHIP_OFFICER = "partnership_officer", _("partnership officer")
    RECRUITMENT_OFFICER = "recruitment_officer", _("recruitment officer")
    # The staff of a partner association: the referrals sent to it and to the centres it runs,
    # nothing else (beneficiaries.models.ReferralQuerySet.received_by).
    PARTNER_STAFF = "partner_staff", _("partner staff")


# Roles that see the whole country, wherever their unit sits.
NATIONAL_ROLES = frozenset({Role.ADMINISTRATOR, Role.CENTRAL_OFFICER, Role.INSPECTOR})

# Roles that must use a second factor where settings.REQUIRE_TWO_FACTOR is on.
TWO_FACTOR_ROLES = NATIONAL_ROLES

ALL = "__all__"

ROLE_PERMISSIONS = {
    Role.ADMINISTRATOR: ALL,
    Role.CENTRAL_OFFICER: [
        "territory.view_orgunit",
        "territory.view_region",
        "territory.view_province",
        "entraide.view_user",
    ],
    Role.INSPECTOR: [
        "territory.view_orgunit",
        "territory.view_region",
        "territory.view_province",
        "entraide.view_user",
        "entraide.view_audit",
    ],
    Role.COORDINATOR: ["territory.view_orgunit", "entraide.view_user"],
    Role.DELEGATE: ["territory.view_orgunit", "entraide.view_user"],
    Role.SOCIAL_WORKER: ["territory.view_orgunit"],
    Role.CENTRE_MANAGER: ["territory.view_orgunit"],
    Role.PARTNERSHIP_OFFICER: ["territory.view_orgunit"],
    Role.RECRUITMENT_OFFICER: ["territory.view_orgunit"],
    Role.PARTNER_STAFF: [],
}
