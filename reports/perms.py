"""Who may read the reports: the permission to read the territory is everyone's, so a unit's
report is for every role, each in their scope (out of scope is a 404)."""

from entraide.url_access import EN_STAFF, FOUND, access

URL_ACCESS = {
    "reports:unit": access(EN_STAFF, record=True),
    "reports:compare": access(EN_STAFF, record=True),
    "reports:table": access(EN_STAFF, record=True),
    "reports:generate": access(EN_STAFF, FOUND, record=True, method="POST"),
    "reports:job": access(EN_STAFF, record=True),
    "reports:download": access(EN_STAFF, record=True),
}
