"""Who may read the reports: the permission to read the territory is everyone's, so a unit's
report is for every role, each in their scope (out of scope is a 404)."""

from entraide.url_access import EVERYONE, FOUND, access

URL_ACCESS = {
    "reports:unit": access(EVERYONE, record=True),
    "reports:compare": access(EVERYONE, record=True),
    "reports:table": access(EVERYONE, record=True),
    "reports:generate": access(EVERYONE, FOUND, record=True, method="POST"),
    "reports:job": access(EVERYONE, record=True),
    "reports:download": access(EVERYONE, record=True),
}
