"""Who may do what with appointments. Where is `visible_to`'s business (entraide.scoping): an
appointment belongs to its person's delegation.

Those who work with people's files book and follow appointments (social workers, delegates);
those who oversee read the agendas of the workers in their scope. Nobody else: an appointment
says who meets a social worker, when and where.
"""

from beneficiaries.perms import can_oversee
from entraide.roles import Role

VIEW = ["appointments.view_appointment"]
WORK = [*VIEW, "appointments.add_appointment", "appointments.change_appointment"]

ROLE_PERMISSIONS = {
    Role.CENTRAL_OFFICER: VIEW,
    Role.INSPECTOR: VIEW,
    Role.COORDINATOR: VIEW,
    Role.DELEGATE: WORK,
    Role.SOCIAL_WORKER: WORK,
}


def may_choose_worker(user):
    """Whose agenda a user reads: their own, or, for those who oversee (the delegate and the
    levels above), any worker's in their scope."""
    return can_oversee(user)


# The URL × role matrix (entraide.url_access, tests/entraide/test_url_matrix.py) ------------------

from entraide.url_access import FOUND, NOBODY, AdminAccess, access  # noqa: E402

OVERSEERS = (Role.CENTRAL_OFFICER, Role.INSPECTOR, Role.COORDINATOR, Role.DELEGATE)
WORKERS = (Role.DELEGATE, Role.SOCIAL_WORKER)
READERS = (*OVERSEERS, Role.SOCIAL_WORKER)

URL_ACCESS = {
    "appointments:week": access(READERS),
    "appointments:day": access(READERS),
    "appointments:to_rebook": access(READERS),
    # Booked from the person's file: another delegation's person is a 404, as a missing one.
    "appointments:book": access(WORKERS, record=True),
    "appointments:detail": access(READERS, record=True),
    "appointments:reschedule": access(WORKERS, record=True),
    # Done, missed or cancelled: an empty form changes nothing and returns to the appointment.
    "appointments:state": access(WORKERS, FOUND, record=True, method="POST"),
}

# Appointments are booked on the portal (services.appointment_book): the admin reads them and
# corrects them, it does not add them.
ADMIN_ACCESS = {
    "appointments.appointment": AdminAccess(view=READERS, change=WORKERS, add=NOBODY),
}
