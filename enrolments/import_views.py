"""Enrolment lists imported from CSV or XLSX, from a centre's register: all or nothing, every bad
line reported with its column and reason (entraide.imports, enrolments.resources).

The import runs while its sender waits, as the centres' imports do: a centre's list is a few
hundred lines at most (resources.LIST_MAX_ROWS), a second or two, where the background jobs of
beneficiaries.tasks serve files of people by the hundred thousand.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from beneficiaries.import_views import ImportForm
from beneficiaries.models import Beneficiary
from centres.models import Centre
from entraide.imports import FileError, read_dataset, run_import
from entraide.numbers import number
from entraide.protection import may_read
from entraide.scoping import get_visible_or_404

from .perms import can_keep
from .resources import LIST_MAX_ROWS, EnrolmentResource

# The columns of a list, as the page explains them: (name, required, what to write).
COLUMNS = [
    ("section", True, _("The section's name, as it is named in this centre this season.")),
    (
        "file_number",
        True,
        _("The person's file number, as KHO-2026-000123."),
    ),
    ("cin", False, _("The person's CIN, instead of their file number (leave it empty).")),
    (
        "status",
        False,
        _("waiting (empty: waiting), admitted, or active for someone already attending."),
    ),
    ("requested_on", False, _("The date the place was asked for, as 2026-09-15 (empty: today).")),
    (
        "admitted_on",
        False,
        _("For those admitted or attending: the date of admission, as 2026-09-15 (empty: today)."),
    ),
    ("target_group", False, _("The code of the person's target group: women, children…")),
    ("vulnerability", False, _("ordinary (empty), high or urgent.")),
    ("note", False, _("A note kept with the enrolment.")),
]


# Those who keep a register (a social worker places one person at a time, on the section's
# page); asked before the centre is looked up.
@permission_required(
    ["enrolments.add_enrolment", "enrolments.change_enrolment"], raise_exception=True
)
def import_list(request, code):
    centre = get_visible_or_404(
        Centre.objects.select_related("delegation"), request.user, code=code
    )
    if not can_keep(request.user, centre, "enrolments.add_enrolment"):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            dataset = read_dataset(upload.read(), upload.name)
        except FileError as error:
            form.add_error("file", str(error))
        else:
            resource = EnrolmentResource(user=request.user, centre=centre)
            report = run_import(resource, dataset, actor=request.user)
            if report.ok:
                messages.success(
                    request,
                    ngettext(
                        "The list is imported: %(count)s person placed on the register.",
                        "The list is imported: %(count)s people placed on the register.",
                        report.new,
                    )
                    % {"count": number(report.new)},
                )
                return redirect("enrolments:centre", code=centre.code)
            # The error summary links to the file; the table below says what to correct.
            form.add_error("file", _refusal(report))
    context = {
        "centre": centre,
        "form": form,
        "reasons": _reasons(report) if report else [],
        # The CIN is read, and so looked for, only by those who may read it.
        "columns": [
            column
            for column in COLUMNS
            if column[0] != "cin" or may_read(request.user, Beneficiary, "cin")
        ],
        "max_rows": LIST_MAX_ROWS,
    }
    return render(request, "enrolments/import.html", context)


def _refusal(report):
    lines = len({error.line for error in report.errors if error.line})
    if not lines:
        return ngettext(
            "Nothing was imported: the file has an error.",
            "Nothing was imported: the file has errors.",
            len(report.errors),
        )
    return ngettext(
        "Nothing was imported: %(count)s line of the file has errors.",
        "Nothing was imported: %(count)s lines of the file have errors.",
        lines,
    ) % {"count": number(lines)}


def _reasons(report):
    """(line, column, reason) of each error, as the admin's import page shows them: the kit
    writes a column's reason after the column's name (entraide.imports.BadRow)."""
    names = {name for name, _required, _help in COLUMNS}
    rows = []
    for line, reason in report.errors:
        column, _sep, rest = reason.partition(": ")
        if column in names and rest:
            rows.append((line, column, rest))
        else:
            rows.append((line, None, reason))
    return rows
