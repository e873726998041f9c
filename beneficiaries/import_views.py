"""Background imports: send a file, watch its progress, download its error report.

The import itself runs as a task (tasks.py); these pages only store the file,
queue the job and show how it goes. A job is seen by the units above its sender's, like any
record: out of scope is a 404.
"""

from django import forms
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entraide.audit import record_access
from entraide.exports import csv_response
from entraide.jobs import check, reap
from entraide.models import AccessEvent, ImportJob
from entraide.scoping import get_visible_or_404
from entraide.validators import check_import_file

from .bulk import COLUMNS
from .tasks import import_job_start

# The page lists the first errors; the downloadable report has them all.
ERRORS_SHOWN = 200


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "A .csv file (UTF-8 or Windows-1256) or an .xlsx workbook, its first line naming "
            "the columns."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_import_file(upload)
        return upload


@permission_required("beneficiaries.add_beneficiary", raise_exception=True)
def import_new(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = import_job_start(upload=form.cleaned_data["file"], actor=request.user)
        return redirect(job)
    reap(ImportJob)
    jobs = (
        ImportJob.objects.visible_to(request.user)
        .filter(importer=ImportJob.Importer.BENEFICIARIES)
        .select_related("created_by")[:10]
    )
    context = {"form": form, "jobs": jobs, "columns": COLUMNS}
    return render(request, "entraide/import_new.html", context)


@permission_required("beneficiaries.add_beneficiary", raise_exception=True)
def import_job(request, pk):
    job = get_visible_or_404(ImportJob.objects.select_related("created_by"), request.user, pk=pk)
    check(job)
    context = {"job": job, "errors": job.errors[:ERRORS_SHOWN], "shown": ERRORS_SHOWN}
    return render(request, "entraide/import_job.html", context)


@permission_required("beneficiaries.add_beneficiary", raise_exception=True)
def import_errors(request, pk):
    job = get_visible_or_404(ImportJob, request.user, pk=pk)
    record_access(
        action=AccessEvent.Action.DOWNLOAD,
        request=request,
        obj=job,
        detail={"what": "import errors", "rows": len(job.errors)},
    )
    rows = ([line or "", reason] for line, reason in job.errors)
    return csv_response(f"import-{job.pk}-errors.csv", [_("line"), _("reason")], rows)
