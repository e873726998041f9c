"""Issue 15 on the recruitment side, each test written as the attack it stops: blocking a
candidate by applying first with their CIN, hammering the public list PDFs, changing marks
after the results (by a page, an import or raw SQL), adding posts to a published notice, and
names, CINs, phones and documents that bypass the kernel's rules."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from entraide.imports import read_dataset, run_import
from entraide.roles import Role
from recruitment import public, selectors, services
from recruitment.models import (
    Application,
    ApplicationDocument,
    Competition,
    DeadlineExtension,
    ReservedShare,
)
from recruitment.resources import MarksResource, PostLineResource, ReservedShareResource
from tests.factories import ApplicationFactory, CompetitionFactory, UserFactory, unit
from tests.recruitment.test_public import apply, confirmation_link, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


@pytest.fixture
def officer(db):
    return UserFactory(
        username="t-rec", role=Role.RECRUITMENT_OFFICER, unit=unit("EN-SDAG"), is_staff=True
    )


@pytest.fixture
def competition():
    return CompetitionFactory(reference="CONC-2026-ADM")


@pytest.fixture
def send(client, mailoutbox, django_capture_on_commit_callbacks):
    """Apply as a candidate would (the email goes on commit): the confirmation link sent."""

    def run(competition, **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            response = apply(client, competition, **overrides)
        assert response.status_code == 302, response.context["form"].errors
        return confirmation_link(mailoutbox[-1])

    return run


def text_of(response):
    import html

    return html.unescape(response.content.decode())


# 1. Applying first with someone else's CIN ---------------------------------------------------


def test_applying_first_with_someone_elses_cin_blocks_nobody(client, competition, send):
    # The attacker sends the victim's CIN with an address of their own, and never confirms
    # (they cannot read the victim's mail; their own link they simply leave).
    send(competition, cin="AB123456", email="attacker@example.ma")
    send(competition, cin="AB123456", email="attacker2@example.ma")
    # The victim applies later, confirms, and is received.
    link = send(competition, cin="AB123456", email="salma@example.ma")
    assert client.post(link).status_code == 302
    held = competition.applications.holding_cin().get(cin="AB123456")
    assert held.email == "salma@example.ma"
    assert competition.applications.count() == 3
    assert competition.applications.confirmed().count() == 1


def test_of_two_pending_applications_with_one_cin_only_the_first_confirmed_holds_it(
    client, competition, send
):
    first = send(competition, cin="AB123456", email="one@example.ma")
    second = send(competition, cin="AB123456", email="two@example.ma")
    assert client.post(first).status_code == 302
    refused = client.post(second)
    assert refused.status_code == 422
    assert translation.gettext(
        "An application with this CIN has already been received for this competition."
    ) in text_of(refused)
    # ... and what to do if it was not them.
    assert translation.gettext(
        "If someone applied with your CIN without your consent, write to the organising unit: "
        "it can void that application so that you can apply."
    ) in text_of(refused)
    assert competition.applications.holding_cin().get().email == "one@example.ma"


def test_an_unconfirmed_application_expires_after_a_day(client, competition, send):
    link = send(competition)
    application = Application.objects.get()
    assert application.confirmation_deadline == application.submitted_at + datetime.timedelta(
        hours=24
    )
    Application.objects.update(confirmation_deadline=timezone.now() - datetime.timedelta(seconds=1))
    for response in (client.get(link), client.post(link)):
        assert response.status_code == 410
        assert 'data-testid="confirmation-expired"' in response.text
        assert translation.gettext("This link has expired: send your application again.") in (
            text_of(response)
        )
        assert 'data-testid="apply-again"' in response.text
    application.refresh_from_db()
    assert application.confirmed_at is None
    # Nor does the service confirm it, whoever calls it.
    with pytest.raises(Exception, match="."):
        services.application_confirm(application=application)


def test_a_link_for_another_competition_or_made_up_confirms_nothing(client, competition, send):
    link = send(competition)
    other = CompetitionFactory()
    crossed = link.replace(competition.reference, other.reference)
    assert client.post(crossed).status_code == 404
    made_up = reverse("recruitment:confirm", args=[competition.reference, "x" * 43])
    assert client.post(made_up).status_code == 404
    assert not Application.objects.confirmed().exists()


def test_the_confirmation_email_and_pages_speak_the_candidates_language(
    client, competition, mailoutbox, django_capture_on_commit_callbacks
):
    with translation.override("ar"):
        url = reverse("recruitment:apply", args=[competition.reference])
    from tests.recruitment.test_public import documents

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**form_data(competition), **documents()})
    assert response.status_code == 302
    assert response["Location"].startswith("/ar/")
    page = client.get(response["Location"])
    assert '<html lang="ar" dir="rtl"' in page.text
    [message] = mailoutbox
    assert "/ar/concours/" in confirmation_link(message)
    with translation.override("ar"):
        expected = translation.gettext("To send your application, open this link and confirm:")
    assert expected in message.body


def test_unconfirmed_applications_are_not_counted_listed_screened_or_marked(
    client_for, officer, competition, send
):
    pending_link = send(competition, cin="ZZ999999", email="pending@example.ma")
    pending = Application.objects.get()
    received = ApplicationFactory(
        competition=competition, eligibility=Application.Eligibility.ELIGIBLE
    )
    client = client_for(officer)
    page = client.get(reverse("recruitment:applications", args=[competition.reference]))
    assert received.receipt_number in page.text and pending.receipt_number not in page.text
    detail = reverse("recruitment:application", args=[competition.reference, pending.pk])
    assert client.get(detail).status_code == 404
    assert selectors.figures(competition)["total"]["applications"] == 1
    listing = client.get(reverse("recruitment:competitions"))
    assert [c.received for c in listing.context["competitions"]] == [1]
    assert list(services.called_to_written(competition)) == [received]
    # Even screened by a hand that skipped the pages, it is not called nor listed.
    Application.objects.filter(pk=pending.pk).update(eligibility="eligible")
    assert list(services.called_to_written(competition)) == [received]
    assert [a for _line, apps in selectors.stage_list(competition, "written") for a in apps] == [
        received
    ]
    assert pending not in Application.objects.confirmed()
    assert pending_link  # never opened


def test_staff_void_an_application_sent_with_someone_elses_cin_and_the_cin_is_free_again(
    client, client_for, officer, competition, send
):
    impostor = ApplicationFactory(competition=competition, cin="AB123456")
    url = reverse("recruitment:application_void", args=[competition.reference, impostor.pk])
    staff = client_for(officer)
    page = staff.get(reverse("recruitment:application", args=[competition.reference, impostor.pk]))
    assert 'data-testid="void-form"' in page.text

    # A reason is required.
    refused = staff.post(url, {"reason": "", "note": ""})
    assert refused.status_code == 422
    impostor.refresh_from_db()
    assert impostor.status == Application.Status.SUBMITTED

    done = staff.post(url, {"reason": "identity", "note": "Plainte de la titulaire"})
    assert done.status_code == 302
    impostor.refresh_from_db()
    assert impostor.status == Application.Status.VOIDED
    assert impostor.voided_by == officer and impostor.voided_at
    assert (impostor.void_reason, impostor.void_note) == ("identity", "Plainte de la titulaire")
    event = Application.pgh_event_model.objects.filter(pgh_obj=impostor).latest("pgh_id")
    assert event.pgh_context.metadata["user"] == officer.pk
    assert event.pgh_context.metadata["reason"] == "identity"

    # The rightful candidate applies and is received.
    staff.logout()
    link = send(competition, cin="AB123456", email="salma@example.ma")
    assert client.post(link).status_code == 302
    assert competition.applications.holding_cin().get(cin="AB123456").email == "salma@example.ma"


def test_voiding_needs_the_permission_and_the_unit(client_for, competition):
    application = ApplicationFactory(competition=competition)
    url = reverse("recruitment:application_void", args=[competition.reference, application.pk])
    central = UserFactory(username="t-central-rec", role=Role.CENTRAL_OFFICER, unit=unit("EN-SDAG"))
    assert client_for(central).post(url, {"reason": "identity"}).status_code == 403
    elsewhere = UserFactory(
        username="t-rec-rabat", role=Role.RECRUITMENT_OFFICER, unit=unit("DP-MA-KHO")
    )
    assert client_for(elsewhere).post(url, {"reason": "identity"}).status_code == 404
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_an_application_is_not_voided_once_the_results_are_published(officer, competition):
    application = ApplicationFactory(competition=competition)
    Competition.objects.filter(pk=competition.pk).update(status=Competition.Status.RESULTS)
    with translation.override("en"), pytest.raises(Exception, match="results are published"):
        services.application_void(application=application, reason="identity", actor=officer)


def test_the_purge_deletes_only_unconfirmed_applications_long_expired(competition, send):
    send(competition, cin="AB111111", email="old@example.ma")
    send(competition, cin="AB222222", email="recent@example.ma")
    kept = ApplicationFactory(competition=competition)
    old = Application.objects.get(cin="AB111111")
    Application.objects.filter(pk=old.pk).update(
        confirmation_deadline=timezone.now() - datetime.timedelta(days=8)
    )
    out = io.StringIO()
    call_command("purge_unconfirmed_applications", "--dry-run", stdout=out)
    assert "would delete 1 " in out.getvalue()
    assert Application.objects.count() == 3
    call_command("purge_unconfirmed_applications", stdout=out)
    assert "deleted 1 " in out.getvalue()
    assert set(Application.objects.values_list("cin", flat=True)) == {"AB222222", kept.cin}
    assert not ApplicationDocument.objects.filter(application_id=old.pk).exists()
    call_command("purge_unconfirmed_applications", stdout=out)
    assert out.getvalue().splitlines()[-1].startswith("deleted 0 ")


# 2. The public list PDFs: cached and rate-limited ---------------------------------------------


@pytest.fixture
def renders(monkeypatch):
    """Count the renderings of a list; each gives a distinct small PDF."""
    calls = []

    def fake(competition, stage):
        calls.append((stage, translation.get_language()))
        return b"%PDF-1.4 rendering " + str(len(calls)).encode()

    monkeypatch.setattr(public, "_render_list", fake)
    return calls


@pytest.fixture
def published_results():
    competition = CompetitionFactory(
        reference="CONC-RES",
        status=Competition.Status.RESULTS,
        opens_at=timezone.now() - datetime.timedelta(days=90),
        deadline=timezone.now() - datetime.timedelta(days=60),
    )
    admitted = ApplicationFactory(
        competition=competition,
        eligibility="eligible",
        written_present=True,
        written_mark=Decimal(15),
        called_to_oral=True,
        oral_present=True,
        oral_mark=Decimal(14),
        final_mark=Decimal("14.5"),
        rank=1,
        result="admitted",
    )
    return competition, admitted


def list_url(competition, stage, language="fr"):
    with translation.override(language):
        return reverse("recruitment:published_list", args=[competition.reference, stage])


def test_the_public_list_is_rendered_once_per_stage_and_language(
    client, published_results, renders
):
    competition, _admitted = published_results
    first = client.get(list_url(competition, "admitted"))
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    for _i in range(5):
        assert client.get(list_url(competition, "admitted")).content == first.content
    assert renders == [("admitted", "fr")]
    client.get(list_url(competition, "admitted", "ar"))
    client.get(list_url(competition, "waiting"))
    assert renders == [("admitted", "fr"), ("admitted", "ar"), ("waiting", "fr")]


def test_the_public_list_is_rendered_again_when_what_it_shows_changes_on_any_path(
    client, published_results, renders
):
    competition, admitted = published_results
    url = list_url(competition, "admitted")
    before = client.get(url).content
    # A name corrected by raw SQL (no signal, no save): the audit trigger still moves the key.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE recruitment_application SET last_name_lat = %s WHERE id = %s",
            ["Benali-Corrigé", admitted.pk],
        )
    after = client.get(url).content
    assert after != before and len(renders) == 2
    # The competition's own settings (the CIN masked or not) too.
    Competition.objects.filter(pk=competition.pk).update(public_list_masks_cin=False)
    client.get(url)
    assert len(renders) == 3
    # Another competition's change does not.
    ApplicationFactory(last_name_lat="Ailleurs")
    client.get(url)
    assert len(renders) == 3


def test_the_public_list_is_rate_limited_per_address_gets_included(
    client, published_results, renders
):
    competition, _admitted = published_results
    url = list_url(competition, "admitted")
    for _i in range(30):
        assert client.get(url).status_code == 200
    refused = client.get(url)
    assert refused.status_code == 429
    # Until the ten-minute window ends: when the count starts again.
    assert 0 < int(refused["Retry-After"]) <= 600
    assert client.get(url, REMOTE_ADDR="10.0.0.9").status_code == 200
    assert len(renders) == 1


def test_the_real_list_pdf_is_cached_as_rendered(client, published_results):
    competition, admitted = published_results
    response = client.get(list_url(competition, "admitted"))
    assert response.content.startswith(b"%PDF")
    key_part = f"recruitment:list:{competition.pk}:admitted:fr:"
    from django.core.cache import cache

    version = selectors.list_version(competition)
    assert cache.get(key_part + version) == response.content
    assert admitted.masked_cin()  # the list masks the CIN (checked in test_staff)


# 3. Marks are frozen once the results are published, on every path --------------------------


def test_marks_cannot_change_by_raw_sql_once_the_results_are_published(published_results):
    competition, admitted = published_results
    with pytest.raises(IntegrityError, match="marks_frozen_after_results"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE recruitment_application SET written_mark = 20 WHERE id = %s",
                [admitted.pk],
            )
    for column, value in (("rank", 2), ("result", "'waiting'"), ("oral_mark", 0)):
        with pytest.raises(IntegrityError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE recruitment_application SET {column} = {value} "  # noqa: S608
                    "WHERE id = %s",
                    [admitted.pk],
                )
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=admitted.pk).update(final_mark=Decimal(20))
    admitted.refresh_from_db()
    assert (admitted.written_mark, admitted.rank, admitted.result) == (
        Decimal(15),
        1,
        "admitted",
    )
    # What is not a mark may still be corrected (a misspelt name).
    Application.objects.filter(pk=admitted.pk).update(last_name_lat="Benali")


def test_marks_change_freely_before_the_results(competition):
    application = ApplicationFactory(competition=competition)
    Competition.objects.filter(pk=competition.pk).update(status=Competition.Status.ORAL)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE recruitment_application SET written_mark = 12 WHERE id = %s",
            [application.pk],
        )
    application.refresh_from_db()
    assert application.written_mark == 12


def test_a_marks_file_is_refused_once_the_results_are_published(officer, published_results):
    competition, admitted = published_results
    text = f"receipt_number,written_present,written_mark\n{admitted.receipt_number},1,19\n"
    with translation.override("en"):
        report = run_import(MarksResource(user=officer), read_dataset(text.encode(), "m.csv"))
    assert not report.ok
    assert any("results are published" in reason for _line, reason in report.errors)
    admitted.refresh_from_db()
    assert admitted.written_mark == Decimal(15)


def test_the_marks_page_is_refused_once_the_results_are_published(
    client_for, officer, published_results
):
    competition, admitted = published_results
    url = reverse("recruitment:marks", args=[competition.reference, "written"])
    response = client_for(officer).post(
        url, {f"present-{admitted.pk}": "on", f"mark-{admitted.pk}": "19"}
    )
    assert response.status_code == 422
    admitted.refresh_from_db()
    assert admitted.written_mark == Decimal(15)


def raw_sql(sql, params):
    """Run one statement as a shell or a script would, past every page and service."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_competition_cannot_be_taken_back_from_its_results_by_raw_sql(published_results):
    competition, admitted = published_results
    update = "UPDATE recruitment_competition SET status = %s WHERE id = %s"
    # Back to the oral, where marks and ranking open again: refused, as every earlier stage.
    for stage in ("oral", "written", "closed", "published", "draft"):
        with pytest.raises(IntegrityError, match="results_stay_published"):
            raw_sql(update, [stage, competition.pk])
    with pytest.raises(IntegrityError, match="results_stay_published"), transaction.atomic():
        Competition.objects.filter(pk=competition.pk).update(status=Competition.Status.ORAL)
    competition.refresh_from_db()
    assert competition.status == Competition.Status.RESULTS
    # Archived, forward: allowed; and from the archive nothing goes back, not even to results.
    raw_sql(update, ["archived", competition.pk])
    for stage in ("results", "oral", "draft"):
        with pytest.raises(IntegrityError, match="results_stay_published"):
            raw_sql(update, [stage, competition.pk])
    # What is not the stage may still change (whether the lists mask the CIN).
    raw_sql(
        "UPDATE recruitment_competition SET public_list_masks_cin = false WHERE id = %s",
        [competition.pk],
    )
    competition.refresh_from_db()
    assert (competition.status, competition.public_list_masks_cin) == ("archived", False)


def test_the_stages_before_the_results_still_move_as_the_services_move_them(competition):
    update = "UPDATE recruitment_competition SET status = %s WHERE id = %s"
    # An extended deadline opens a closed competition again (services.deadline_extend).
    for stage in ("closed", "published", "closed", "written", "oral", "results"):
        raw_sql(update, [stage, competition.pk])
    competition.refresh_from_db()
    assert competition.status == "results"


def test_an_application_of_published_results_cannot_be_deleted_by_raw_sql(published_results):
    competition, admitted = published_results
    with pytest.raises(IntegrityError, match="applications_kept_after_results"):
        raw_sql("DELETE FROM recruitment_application WHERE id = %s", [admitted.pk])
    with pytest.raises(IntegrityError, match="applications_kept_after_results"):
        raw_sql("DELETE FROM recruitment_application WHERE competition_id = %s", [competition.pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=admitted.pk).delete()
    # Nor by a detour: made unconfirmed (as if never received) or moved to another competition.
    with pytest.raises(IntegrityError, match="applications_kept_after_results"):
        raw_sql(
            "UPDATE recruitment_application SET confirmed_at = NULL, "
            "confirmation_deadline = now() WHERE id = %s",
            [admitted.pk],
        )
    other = CompetitionFactory()
    with pytest.raises(IntegrityError, match="applications_kept_after_results"):
        raw_sql(
            "UPDATE recruitment_application SET competition_id = %s WHERE id = %s",
            [other.pk, admitted.pk],
        )
    admitted.refresh_from_db()
    assert (admitted.competition_id, admitted.rank) == (competition.pk, 1)
    assert admitted.confirmed_at is not None


def test_unconfirmed_applications_are_still_purged_and_others_deleted_before_the_results(
    published_results, competition
):
    results, _admitted = published_results
    # Sent online and never confirmed: never received, so not part of the results.
    expired = ApplicationFactory(
        competition=results,
        confirmed_at=None,
        confirmation_deadline=timezone.now() - datetime.timedelta(days=70),
    )
    assert services.applications_purge_expired(before=timezone.now()) == 1
    assert not Application.objects.filter(pk=expired.pk).exists()
    # Before the results, an application is deleted as before (a test file, a duplicate).
    draft = ApplicationFactory(competition=competition)
    raw_sql("DELETE FROM recruitment_application WHERE id = %s", [draft.pk])
    assert not Application.objects.filter(pk=draft.pk).exists()


# 4. Posts and reserved shares change only in a draft ------------------------------------------


def test_a_crafted_post_adds_no_post_line_nor_share_to_a_published_competition(
    client_for, officer, competition
):
    client = client_for(officer)
    line = competition.lines.get()
    crafted = {
        "grade": line.grade_id,
        "specialties": [s.pk for s in line.specialties.all()],
        "posts": 50,
        "diplomas_fr": "Aucun",
        "min_age": 18,
        "max_age": 45,
    }
    url = reverse("recruitment:competition_action", args=[competition.reference, "line"])
    response = client.post(url, crafted)
    assert response.status_code == 422
    assert translation.gettext(
        "The notice is published: its posts and reserved shares can no longer change."
    ) in text_of(response)
    assert competition.lines.count() == 1
    url = reverse("recruitment:competition_action", args=[competition.reference, "share"])
    assert client.post(url, {"category": "disability", "percent": 50}).status_code == 422
    assert not ReservedShare.objects.filter(competition=competition).exists()

    # In a draft, the same posts are taken.
    draft = CompetitionFactory(status=Competition.Status.DRAFT)
    url = reverse("recruitment:competition_action", args=[draft.reference, "line"])
    assert client.post(url, crafted).status_code == 302
    assert draft.lines.count() == 2


def test_the_admin_shows_posts_and_shares_read_only_once_published(
    client_for, officer, competition
):
    from recruitment.admin import PostLineInline, ReservedShareInline

    admin_user = UserFactory(username="t-admin-rec", administrator=True)
    request = type("Request", (), {"user": admin_user})()
    from django.contrib import admin

    for inline_class in (PostLineInline, ReservedShareInline):
        inline = inline_class(Competition, admin.site)
        assert not inline.has_add_permission(request, competition)
        assert not inline.has_change_permission(request, competition)
        assert not inline.has_delete_permission(request, competition)
    line = competition.lines.get()
    client = client_for(admin_user)
    change = reverse("admin:recruitment_postline_change", args=[line.pk])
    response = client.post(change, {"posts": 99})
    assert response.status_code == 403
    line.refresh_from_db()
    assert line.posts != 99
    draft = CompetitionFactory(status=Competition.Status.DRAFT)
    assert PostLineInline(Competition, admin.site).has_add_permission(request, draft)


def test_an_import_adds_no_post_line_nor_share_to_a_published_competition(officer, competition):
    header = "competition_reference,grade_code,specialties,posts,diplomas,min_age,max_age\n"
    text = header + f"{competition.reference},technician-3,software,3,DTS,18,40\n"
    with translation.override("en"):
        report = run_import(PostLineResource(user=officer), read_dataset(text.encode(), "l.csv"))
        assert any("can no longer change" in reason for _line, reason in report.errors)
        text = f"competition_reference,category,percent\n{competition.reference},disability,7\n"
        report = run_import(
            ReservedShareResource(user=officer), read_dataset(text.encode(), "s.csv")
        )
        assert any("can no longer change" in reason for _line, reason in report.errors)
    assert competition.lines.count() == 1
    assert not ReservedShare.objects.filter(competition=competition).exists()


# 5. One definition of the CIN, the phone, names and documents --------------------------------


def test_the_cin_and_phone_follow_the_kernels_rules(client, competition, send):
    # Seven digits is a CIN for the kernel (and for beneficiaries): recruitment agrees now.
    send(competition, cin="ab 1234567", phone="+212 661-23.45.67")
    application = Application.objects.get()
    assert (application.cin, application.phone) == ("AB1234567", "+212661234567")
    response = apply(client, competition, cin="A1B2", email="x@example.ma")
    assert response.status_code == 422
    assert "cin" in response.context["form"].errors


def test_a_name_with_a_bidi_override_is_stored_clean(client, competition, send):
    send(
        competition,
        first_name_lat="\u202eamlaS",
        last_name_ar="البركاني\u200f",
        diploma="Master\u200b en\u00ad finance",
    )
    application = Application.objects.get()
    assert application.first_name_lat == "amlaS"
    assert application.last_name_ar == "البركاني"
    assert application.diploma == "Master en finance"
    assert not any(
        ch in str(value)
        for value in Application.objects.values_list("first_name_lat", "last_name_ar").get()
        for ch in "\u202e\u200f"
    )
    # A NUL is refused outright, never stored.
    response = apply(client, competition, cin="CD123456", diploma="Master\x00")
    assert response.status_code == 422
    assert Application.objects.count() == 1


def test_a_renamed_executable_is_refused_by_the_document_field_itself(competition):
    application = ApplicationFactory(competition=competition)
    document = ApplicationDocument(
        application=application,
        kind="cv",
        file=SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 not a pdf"),
        original_name="cv.pdf",
        content_type="application/pdf",
        size=12,
    )
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert error.value.error_dict["file"][0].code == "content"


# 6. Who did it is the acting user, never typed nor imported ------------------------------------


def test_who_voided_or_recorded_is_set_by_the_service_never_typed_in_the_admin(
    client_for, officer, competition
):
    admin_user = UserFactory(username="t-admin-rec", administrator=True)
    application = ApplicationFactory(competition=competition)
    services.application_void(application=application, reason="duplicate", actor=officer)
    page = client_for(admin_user).get(
        reverse("admin:recruitment_application_change", args=[application.pk])
    )
    assert page.status_code == 200
    editable = set(page.context["adminform"].form.fields)
    assert not editable & {"voided_by", "void_reason", "status", "confirmed_at", "cin"}
    assert "confirmation_key" not in page.text
    services.deadline_extend(
        competition=competition,
        new_deadline=competition.deadline + datetime.timedelta(days=3),
        reason="Demandes",
        decided_on=timezone.localdate(),
        actor=officer,
    )
    assert DeadlineExtension.objects.get().recorded_by == officer
    # Nor in the admin's extension pages: the history is read only.
    extension = DeadlineExtension.objects.get()
    change = reverse("admin:recruitment_deadlineextension_change", args=[extension.pk])
    client_for(admin_user).post(change, {"recorded_by": admin_user.pk, "reason": "x"})
    extension.refresh_from_db()
    assert (extension.recorded_by, extension.reason) == (officer, "Demandes")
