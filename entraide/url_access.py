"""What every URL answers to whom: the URL × role matrix, declared beside the permissions.

Each app's `perms.py` ends with a `URL_ACCESS` dict (named URL → `Access`) and an
`ADMIN_ACCESS` dict (model label → `AdminAccess`); this module holds the kernel's own. A cell
of the matrix is what one column (a role, or the anonymous visitor) gets for a record inside
their unit and for one outside it: the expected HTTP status, or LOGIN for the redirect to a
sign-in page. tests/entraide/test_url_matrix.py asks every named URL as every column and
fails on any cell that differs, and on any URL without a declaration.

The rules the helpers write down:
- the administrator has every permission and sees the whole country;
- out of scope looks like missing: 404 for those who may reach such a record, never 403
  (which would confirm it exists) nor 200;
- a refused permission is checked before the record is looked up, so it answers 403 inside
  and outside alike: that answer says nothing about the record;
- national roles see the record outside their unit as the one inside.
"""

from dataclasses import dataclass, field

from .roles import NATIONAL_ROLES, Role

OK = 200
FOUND = 302  # a redirect somewhere other than a sign-in page (after an action, a shortcut)
LOGIN = "login"  # a redirect to the sign-in page (the portal's or the admin's)
BAD_REQUEST = 400  # a form posted without the fields it cannot do without
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405
UNPROCESSABLE = 422  # a page's small form shown again with its errors

ANONYMOUS = "anonymous"
COLUMNS = (*Role, ANONYMOUS)
EVERYONE = tuple(Role)
# EN's own staff: the staff of a partner association read no unit's territory or figures.
EN_STAFF = tuple(role for role in Role if role != Role.PARTNER_STAFF)


class Nobody(tuple):
    """Not even the administrator: what the code refuses to everyone (a read-only admin)."""


NOBODY = Nobody()


@dataclass(frozen=True)
class Access:
    """The cells of one URL: for each column, (inside, outside). `record`: the URL names a
    record (inside and outside are both asked); `method`: how the test asks (POST for the
    actions, with an empty form, rolled back)."""

    cells: dict
    record: bool = False
    method: str = "GET"

    def expected(self, column, *, inside=True):
        return self.cells[column][0 if inside else 1]


def _pair(value):
    return value if isinstance(value, tuple) else (value, value)


def access(
    to=(),
    status=OK,
    *,
    others=FORBIDDEN,
    anonymous=LOGIN,
    record=False,
    outside=NOT_FOUND,
    method="GET",
    but=None,
):
    """`to` (and the administrator) get `status` for a record in their scope; outside it,
    `outside` unless their role is national. Every other role gets `others`, inside and
    outside alike. `but`: a column's own answer, one status or (inside, outside)."""
    allowed = set() if isinstance(to, Nobody) else {Role.ADMINISTRATOR, *to}
    cells = {}
    for role in Role:
        if role in allowed:
            cells[role] = (status, status if role in NATIONAL_ROLES or not record else outside)
        else:
            cells[role] = (others, others)
    cells[ANONYMOUS] = (anonymous, anonymous)
    for column, value in (but or {}).items():
        cells[column] = _pair(value)
    return Access(cells=cells, record=record, method=method)


def public(status=OK, **options):
    """Open to everyone, signed in or not."""
    return access(EVERYONE, status, anonymous=status, **options)


def signed_in(status=OK, **options):
    """Every member of staff, whatever the role."""
    return access(EVERYONE, status, **options)


# The admin -----------------------------------------------------------------------------------

# The admin answers a missing record, and so one out of scope, with a 404 (ScopedAdminMixin;
# Django's own admin redirects to its index), the same for both.
ADMIN_MISSING = NOT_FOUND


@dataclass(frozen=True)
class AdminAccess:
    """Which roles may view, change, add and delete a model in the admin (the administrator
    always may). The matrix signs every role in as staff: being staff opens the admin's door,
    the role's permissions and unit decide the rest. `scoped`: the model's records belong to a
    unit (else reference data, the same for all). `extra`: the ModelAdmin's own URLs. NOBODY
    where the ModelAdmin refuses an action to everyone; imports follow `add` unless said."""

    view: tuple = ()
    change: tuple = ()
    add: tuple = ()
    delete: tuple = ()
    scoped: bool = True
    extra: dict = field(default_factory=dict)
    export: tuple | None = None  # who may export, where not every viewer may
    imports: tuple | None = None  # who may import, where not those who add

    def urls(self, prefix, *, importable, exportable, on_site):
        """The expected cells of each URL of the ModelAdmin, by name ("admin:<app>_<model>_…").
        `on_site`: the model has a page of its own, the `r/<ct>/<pk>/` shortcut leads there."""
        viewers = (*self.view, *self.change)
        record = self.scoped
        urls = {
            "changelist": access(viewers),
            "add": access(self.add),
            "change": access(viewers, record=record, outside=ADMIN_MISSING),
            "delete": access(self.delete, record=record, outside=ADMIN_MISSING),
            # The history looks the record up before it asks for the permission.
            "history": access(
                viewers,
                record=record,
                outside=ADMIN_MISSING,
                but={
                    role: (FORBIDDEN, FORBIDDEN if role in NATIONAL_ROLES else ADMIN_MISSING)
                    for role in Role
                    if role not in viewers and role != Role.ADMINISTRATOR and record
                },
            ),
        }
        if exportable:
            urls["export"] = access(viewers if self.export is None else self.export)
        if importable:
            importers = self.add if self.imports is None else self.imports
            urls["import"] = access(importers)
            urls["process_import"] = access(importers, NOT_ALLOWED, others=NOT_ALLOWED)
        names = {f"{prefix}_{suffix}": cell for suffix, cell in urls.items()}
        names.update(self.extra)
        # The shortcut: to the record's own page where it has one, which checks the rest.
        site = FOUND if on_site else NOT_FOUND
        shortcut = access(EVERYONE, site, record=record, anonymous=LOGIN)
        if on_site and not record:
            # Reference data has no scope: the shortcut leads there for those who may read it
            # (admin_site.scoped_shortcut), a 404 for the others.
            shortcut = access(viewers, site, others=NOT_FOUND, anonymous=LOGIN)
        return names, shortcut


# The kernel's own URLs --------------------------------------------------------------------------

# Signed in, the sign-in pages send one on.
SIGN_IN = access(EVERYONE, FOUND, anonymous=OK)

URL_ACCESS = {
    "healthz": public(),
    "set_language": public(FOUND, method="POST"),
    "login": SIGN_IN,
    "logout": public(LOGIN, method="POST"),
    "two_factor_verify": signed_in(FOUND),
    # The footer's pages, for citizens: open to all.
    "legal_notice": public(),
    "privacy": public(),
    "accessibility": public(),
    "contact": public(),
    "home": signed_in(),
    "password_change": signed_in(),
    "profile": signed_in(),
    "two_factor_setup": signed_in(),
    "audit": access([Role.INSPECTOR]),
    # The admin's own pages.
    "admin:login": SIGN_IN,
    "admin:logout": public(LOGIN, method="POST"),
    "admin:index": signed_in(),
    "admin:password_change": signed_in(),
    "admin:password_change_done": signed_in(),
    "admin:jsi18n": signed_in(),
    # Without its parameters; with them, it answers for the fields each user may fill.
    "admin:autocomplete": signed_in(FORBIDDEN),
    # An application's page: for those who read any of its models (asked for beneficiaries).
    "admin:app_list": signed_in(
        but={
            role: NOT_FOUND
            for role in (
                Role.CENTRE_MANAGER,
                Role.PARTNERSHIP_OFFICER,
                Role.RECRUITMENT_OFFICER,
                Role.PARTNER_STAFF,
            )
        }
    ),
}

# The kernel's models and those of the libraries the portal uses.
ADMIN_ACCESS = {
    "entraide.user": AdminAccess(
        view=(Role.CENTRAL_OFFICER, Role.INSPECTOR, Role.COORDINATOR, Role.DELEGATE),
        extra={"admin:auth_user_password_change": access(record=True)},
    ),
    "auth.group": AdminAccess(scoped=False),
    "otp_totp.totpdevice": AdminAccess(
        scoped=False,
        extra={
            "admin:otp_totp_totpdevice_config": access(),
            "admin:otp_totp_totpdevice_qrcode": access(),
        },
    ),
    # Sign-in records are written by axes and by tasks alone.
    "axes.accessattempt": AdminAccess(scoped=False, add=NOBODY),
    "axes.accesslog": AdminAccess(scoped=False, add=NOBODY),
    "axes.accessfailurelog": AdminAccess(scoped=False, add=NOBODY),
    "django_tasks_database.dbtaskresult": AdminAccess(scoped=False, add=NOBODY, delete=NOBODY),
}
