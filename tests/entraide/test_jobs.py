"""Jobs whose worker is gone (entraide.jobs): marked failed, their files deleted, while the
jobs of live workers are left alone. The worker killed for real is in
tests/beneficiaries/test_faults.py."""

import html

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from entraide.jobs import Lease, reap
from entraide.models import GeneratedReport, ImportJob
from tests.factories import unit

pytestmark = pytest.mark.django_db


def running_import(user, language="fr"):
    job = ImportJob(
        importer=ImportJob.Importer.BENEFICIARIES,
        original_name="registre.csv",
        unit=user.unit,
        created_by=user,
        language=language,
        status=ImportJob.Status.RUNNING,
        rows_total=1000,
        rows_done=400,
    )
    job.file.save("registre.csv", ContentFile(b"first_name_ar\n"), save=False)
    job.save()
    return job


def test_a_running_import_whose_worker_is_gone_is_failed_and_its_file_deleted(
    client_for, worker, private_media
):
    job = running_import(worker)
    path = job.file.path
    assert list(private_media.rglob("*.csv"))
    with translation.override("fr"):
        body = client_for(worker).get(job.get_absolute_url()).content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.finished_at
    assert job.errors == [
        [None, "L'import a été interrompu avec son processus : rien n'a été importé."]
    ]
    assert not job.file and not list(private_media.rglob("*.csv")), path
    assert "rien n'a été importé" in html.unescape(body)
    assert 'http-equiv="refresh"' not in body


def test_the_reason_is_written_in_the_language_of_the_sender(worker, private_media):
    job = running_import(worker, language="ar")
    assert reap(ImportJob) == 1
    job.refresh_from_db()
    assert job.errors == [[None, "توقف الاستيراد بتوقف العملية التي كانت تنفذه: لم يُستورد أي شيء."]]


def test_the_job_of_a_live_worker_is_left_alone(client_for, worker, private_media):
    job = running_import(worker)
    with Lease(job) as lease:
        assert lease.acquire()
        # A second worker cannot take it either.
        assert not Lease(job).acquire()
        client_for(worker).get(job.get_absolute_url())
        call_command("reap_jobs")
        job.refresh_from_db()
        assert job.status == ImportJob.Status.RUNNING and job.file
    # The worker ends without a word (its connection dropped): the next look reaps it.
    call_command("reap_jobs")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and not job.file


def test_finished_and_waiting_jobs_are_never_reaped(worker, private_media):
    done = running_import(worker)
    ImportJob.objects.filter(pk=done.pk).update(status=ImportJob.Status.SUCCEEDED)
    waiting = running_import(worker)
    ImportJob.objects.filter(pk=waiting.pk).update(status=ImportJob.Status.QUEUED)
    assert reap(ImportJob) == 0
    assert set(ImportJob.objects.values_list("status", flat=True)) == {"succeeded", "queued"}


def test_a_report_whose_worker_is_gone_is_failed_and_may_be_asked_again(client_for, delegate):
    report = GeneratedReport.objects.create(
        unit=unit("DP-MA-KHO"),
        period="2026",
        language="fr",
        created_by=delegate,
        status=GeneratedReport.Status.RUNNING,
        progress=45,
    )
    client = client_for(delegate)
    with translation.override("fr"):
        body = client.get(reverse("reports:job", args=[report.pk])).content.decode()
    report.refresh_from_db()
    assert report.status == GeneratedReport.Status.FAILED
    assert report.error == "Le rapport a été interrompu avec son processus : demandez-le à nouveau."
    assert "Le rapport n'a pas pu être généré" in html.unescape(body)
    assert 'http-equiv="refresh"' not in body


def test_the_command_reports_what_it_reaped(worker, private_media, capsys):
    running_import(worker)
    call_command("reap_jobs")
    assert "1" in capsys.readouterr().out
