"""Who may do what with aid programmes. Where is `visible_to`'s business (entraide.scoping):
a request, a meeting, a lot, an emergency belong to a delegation.

Workers record requests from a person's file; the delegation decides in committee, keeps the
store and runs emergencies; those who oversee read; the catalogue and the programmes are the
administrators' (the admin).
"""

from entraide.roles import Role

VIEW = [
    "programmes.view_programme",
    "programmes.view_item",
    "programmes.view_budget",
    "programmes.view_aidrequest",
    "programmes.view_committeemeeting",
    "programmes.view_entitlement",
    "programmes.view_donation",
    "programmes.view_lot",
    "programmes.view_movement",
    "programmes.view_emergency",
    "programmes.view_household",
    "programmes.view_kitdelivery",
]
RECORD = [
    *VIEW,
    "programmes.add_aidrequest",
    "programmes.add_household",
    "programmes.change_household",
    "programmes.add_kitdelivery",
    "programmes.change_entitlement",
]
DECIDE = [
    *RECORD,
    "programmes.change_aidrequest",
    "programmes.add_committeemeeting",
    "programmes.add_entitlement",
    "programmes.add_donation",
    "programmes.add_lot",
    "programmes.add_movement",
    "programmes.add_emergency",
    "programmes.change_emergency",
]

ROLE_PERMISSIONS = {
    Role.CENTRAL_OFFICER: VIEW,
    Role.INSPECTOR: VIEW,
    Role.COORDINATOR: VIEW,
    Role.DELEGATE: DECIDE,
    Role.SOCIAL_WORKER: RECORD,
}


# The URL × role matrix (entraide.url_access, tests/entraide/test_url_matrix.py) ------------------

from entraide.url_access import FOUND, NOBODY, AdminAccess, access  # noqa: E402

READERS = tuple(
    role for role, perms in ROLE_PERMISSIONS.items() if "programmes.view_programme" in perms
)
RECORDERS = (Role.DELEGATE, Role.SOCIAL_WORKER)
DECIDERS = (Role.DELEGATE,)

URL_ACCESS = {
    "programmes:list": access(READERS),
    # Programmes are national: no unit's record.
    "programmes:programme": access(READERS),
    "programmes:requests": access(READERS),
    # Recorded from a person's file: another delegation's person is a 404.
    "programmes:request_new": access(RECORDERS, record=True),
    "programmes:request": access(READERS, record=True),
    "programmes:meeting_new": access(DECIDERS),
    "programmes:meeting": access(READERS, record=True),
    "programmes:minutes": access(READERS, record=True),
    "programmes:deliver": access(RECORDERS, record=True),
    "programmes:receipt": access(READERS, record=True),
    "programmes:stock": access(READERS),
    "programmes:lot_new": access(DECIDERS),
    "programmes:count": access(DECIDERS, record=True),
    "programmes:donations": access(READERS),
    "programmes:donation_new": access(DECIDERS),
    "programmes:donation": access(READERS, record=True),
    "programmes:emergencies": access(READERS),
    "programmes:emergency_new": access(DECIDERS),
    "programmes:emergency": access(READERS, record=True),
    "programmes:household_new": access(RECORDERS, record=True),
    # An empty form (no round) gives nothing and returns to the emergency.
    "programmes:kit": access(RECORDERS, FOUND, record=True, method="POST"),
    "programmes:round_next": access(DECIDERS, FOUND, record=True, method="POST"),
    "programmes:situation": access(READERS, record=True),
    "programmes:situation_xlsx": access(READERS, record=True),
}

# The catalogue and the programmes are the administrators'; requests are decided on the
# portal's pages (the admin corrects them); the store's movements, the entitlements and the
# kits are written by the portal's services only: the admin reads them.
READ_ONLY = {"add": NOBODY, "delete": NOBODY}
ADMIN_ACCESS = {
    "programmes.item": AdminAccess(view=READERS, scoped=False),
    "programmes.programme": AdminAccess(view=READERS, scoped=False),
    "programmes.budget": AdminAccess(view=READERS),
    "programmes.committeemeeting": AdminAccess(view=READERS, add=DECIDERS),
    "programmes.aidrequest": AdminAccess(view=READERS, change=DECIDERS, **READ_ONLY),
    "programmes.donation": AdminAccess(view=READERS, add=DECIDERS),
    "programmes.lot": AdminAccess(view=READERS, **READ_ONLY),
    "programmes.movement": AdminAccess(view=READERS, **READ_ONLY),
    "programmes.entitlement": AdminAccess(view=READERS, **READ_ONLY),
    "programmes.emergency": AdminAccess(view=READERS, change=DECIDERS, add=DECIDERS, delete=NOBODY),
    "programmes.household": AdminAccess(
        view=READERS, change=RECORDERS, add=RECORDERS, delete=NOBODY
    ),
    "programmes.kitdelivery": AdminAccess(view=READERS, **READ_ONLY),
}
