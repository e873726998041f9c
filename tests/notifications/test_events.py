"""The events wired so far: an import or a report finished tells whoever asked for it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from entraide.models import GeneratedReport, ImportJob
from notifications.models import Kind, Notification
from reports import documents
from tests.factories import unit

pytestmark = pytest.mark.django_db

HEADER = "first_name_ar,last_name_ar,sex,birth_year,province_code,delegation_code\n"
ROW = "فاطمة,العلوي,F,1990,MA-KHO,DP-MA-KHO\n"


def test_an_import_finished_tells_its_sender(client_for, worker, private_media):
    client = client_for(worker)
    upload = SimpleUploadedFile("registre.csv", (HEADER + ROW).encode(), "text/csv")
    with translation.override("fr"):
        client.post(reverse("import_new"), {"file": upload})
    job = ImportJob.objects.get()
    assert job.status in (ImportJob.Status.SUCCEEDED, ImportJob.Status.FAILED)
    notification = Notification.objects.for_user(worker).get()
    assert notification.kind == Kind.JOB_FINISHED
    assert notification.about == "registre.csv"
    with translation.override("fr"):
        assert notification.url == reverse("import_job", args=[job.pk])
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("import_job", args=[job.pk])


def test_a_report_finished_tells_whoever_asked_for_it(delegate, private_media):
    report = GeneratedReport.objects.create(
        unit=unit("DP-MA-KHO"), period="2026-05", language="ar", created_by=delegate
    )
    documents.generate(report)
    assert report.status == GeneratedReport.Status.DONE
    notification = Notification.objects.for_user(delegate).get()
    assert notification.kind == Kind.JOB_FINISHED
    assert notification.about == "DP-MA-KHO 2026-05"
    with translation.override("ar"):
        assert notification.url == reverse("reports:job", args=[report.pk])


def test_a_report_nobody_asked_for_tells_nobody(private_media):
    report = GeneratedReport.objects.create(unit=unit("DP-MA-KHO"), period="2026-05", language="fr")
    documents.generate(report)
    assert not Notification.objects.exists()
