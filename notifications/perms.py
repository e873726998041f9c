"""Who may read notifications: each person their own, whatever their role. Nobody else, the
administrator included, opens one in the portal: someone else's is a 404, as a missing one.
The admin shows them to the administrator, read only (they are written by `services.notify`
alone)."""

from entraide.roles import Role
from entraide.url_access import (
    ANONYMOUS,
    FOUND,
    LOGIN,
    NOBODY,
    NOT_FOUND,
    Access,
    AdminAccess,
    signed_in,
)

# A notification is its recipient's own, not a unit's: in the matrix, "inside" is one of the
# asking user's own notifications and "outside" someone else's (tests/entraide/
# test_url_matrix.py, OWN_RECORDS). Its recipient is sent where it leads; anyone else, every
# role alike, national or not, gets a 404.
OWN = Access(
    cells={**{role: (FOUND, NOT_FOUND) for role in Role}, ANONYMOUS: (LOGIN, LOGIN)},
    record=True,
)

URL_ACCESS = {
    "notifications:inbox": signed_in(),
    "notifications:mark_all_read": signed_in(FOUND, method="POST"),
    "notifications:preferences": signed_in(),
    "notifications:open": OWN,
}

ADMIN_ACCESS = {
    "notifications.notification": AdminAccess(scoped=False, add=NOBODY, delete=NOBODY),
    "notifications.textmessage": AdminAccess(scoped=False, add=NOBODY, delete=NOBODY),
}
