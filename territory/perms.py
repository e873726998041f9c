"""Who may do what with the territory: the permissions are the kernel's (entraide.roles), since
every role reads the tree of units; here, what each URL answers to whom."""

from entraide.roles import Role
from entraide.url_access import EN_STAFF, AdminAccess, access

# The 2015 administrative division is read by national roles; the tree of units by everyone.
DIVISION_READERS = (Role.CENTRAL_OFFICER, Role.INSPECTOR)

URL_ACCESS = {
    "territory:tree": access(EN_STAFF),
    "territory:export": access(EN_STAFF),
    "territory:export_xlsx": access(EN_STAFF),
    "territory:unit": access(EN_STAFF, record=True),
}

ADMIN_ACCESS = {
    "territory.region": AdminAccess(view=DIVISION_READERS, scoped=False),
    "territory.province": AdminAccess(view=DIVISION_READERS, scoped=False),
    "territory.orgunit": AdminAccess(view=EN_STAFF),
}
