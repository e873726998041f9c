"""Who may do what with the API. Tokens are issued by administrators alone (no role is given
the model's permissions). What a token may call is its scopes' business and its account's
role's (api.models.ApiToken.PERMISSIONS), checked on each call (api.auth)."""

from beneficiaries.perms import READERS, RECEIVERS
from entraide.url_access import (
    BAD_REQUEST,
    EN_STAFF,
    NOBODY,
    OK,
    UNPROCESSABLE,
    AdminAccess,
    access,
    public,
)

# The URL × role matrix (entraide.url_access, tests/entraide/test_url_matrix.py) -----------------
#
# The matrix asks the API as each role with a token of that role's account, in its unit, with
# every scope; the anonymous visitor sends none (401). A token sees what its account sees in
# the portal: the unit's records, 404 outside it, and 403 where the role may not.

UNAUTHORIZED = 401


def token(to, status=OK, **options):
    return access(to, status, anonymous=UNAUTHORIZED, **options)


URL_ACCESS = {
    "api:api-root": public(),
    "api:openapi-json": public(),
    "api:openapi-view": public(),
    "api:centres": public(),
    # Public records: the same answer whatever delegation they belong to.
    "api:centre": public(record=True, outside=OK),
    "api:competitions": public(),
    "api:competition": public(record=True, outside=OK),
    # Asked without a CIN or an RSU identifier: refused as it stands, by those who may look.
    "api:people": token(READERS, UNPROCESSABLE),
    "api:figures": token(EN_STAFF, record=True),
    "api:referrals": token(RECEIVERS),
    # Posted with a form, not JSON: refused before any referral is looked up, inside or out.
    "api:referral_answer": token(
        RECEIVERS, BAD_REQUEST, record=True, outside=BAD_REQUEST, method="POST"
    ),
}

ADMIN_ACCESS = {
    # Administrators alone; a token is revoked, never deleted (the audit trail names it).
    "api.apitoken": AdminAccess(delete=NOBODY),
}
