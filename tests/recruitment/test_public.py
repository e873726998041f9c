"""The public side of a competition: no account, the server's clock, one application per CIN,
the age limits, receipts, status checks that reveal nothing without the CIN, withdrawal, and
abuse limits."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from entraide.models import RateCounter
from recruitment import services
from recruitment.models import Application, Competition
from tests.factories import ApplicationFactory, CompetitionFactory, unit

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%candidate\n"


@pytest.fixture(autouse=True)
def french():
    """Pages and messages in French, whatever an earlier test left active."""
    with translation.override("fr"):
        yield


def says(response, msgid, count=None):
    """The page shows the message (in the page's language): its longest fixed part; with
    `count`, the plural form of that number (msgid as both singular and plural)."""
    import html
    import re

    text = (
        translation.gettext(msgid) if count is None else translation.ngettext(msgid, msgid, count)
    )
    fragment = max(re.split(r"%\(\w+\)s", text), key=len).strip()
    assert fragment in html.unescape(response.content.decode()), fragment
    return True


@pytest.fixture
def competition():
    return CompetitionFactory(reference="CONC-2026-ADM")


def documents():
    return {
        "cin_copy": SimpleUploadedFile("cin.pdf", PDF, "application/pdf"),
        "diploma_copy": SimpleUploadedFile("diplome.pdf", PDF, "application/pdf"),
    }


def form_data(competition, **overrides):
    data = {
        "post_line": competition.lines.first().pk,
        "cin": "ab 123456",
        "first_name_ar": "سلمى",
        "last_name_ar": "البركاني",
        "first_name_lat": "Salma",
        "last_name_lat": "El Berkani",
        "sex": "F",
        "birth_date": "1995-06-14",
        "email": "salma@example.ma",
        "phone": "0661234567",
        "province": unit("DP-MA-KHO").provinces.first().pk,
        "diploma": "Master en finance",
        "specialty": competition.lines.first().specialties.first().pk,
        "category": "",
    }
    data.update(overrides)
    return data


def apply(client, competition, **overrides):
    url = reverse("recruitment:apply", args=[competition.reference])
    return client.post(url, {**form_data(competition, **overrides), **documents()})


def confirmation_link(message):
    """The link of a confirmation email."""
    import re

    return re.search(r"https?://\S+/confirm/\S+/", message.body).group(0)


@pytest.fixture
def apply_and_confirm(client, mailoutbox, django_capture_on_commit_callbacks):
    """Apply, open the link of the email sent (which runs on commit) and confirm: the
    response of the confirmation."""

    def run(competition, **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            response = apply(client, competition, **overrides)
        assert response.status_code == 302, response.context["form"].errors
        return client.post(confirmation_link(mailoutbox[-1]))

    return run


def test_the_public_pages_need_no_account_in_both_languages(client, competition):
    for language in ("ar", "fr"):
        with translation.override(language):
            urls = [
                reverse("recruitment:notices"),
                reverse("recruitment:notice", args=[competition.reference]),
                reverse("recruitment:apply", args=[competition.reference]),
                reverse("recruitment:status"),
            ]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert f'<html lang="{language}"' in response.text
    with translation.override("fr"):
        page = client.get(reverse("recruitment:notice", args=[competition.reference]))
    import html

    assert competition.title_fr in html.unescape(page.text)


def test_a_draft_competition_is_not_public(client):
    draft = CompetitionFactory(status=Competition.Status.DRAFT)
    assert client.get(reverse("recruitment:notice", args=[draft.reference])).status_code == 404
    assert draft.title_ar not in client.get(reverse("recruitment:notices")).text


def test_an_application_on_time_is_received_once_its_email_is_confirmed(
    client, competition, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client, competition)
    assert response.status_code == 302, response.context["form"].errors
    application = Application.objects.get()
    assert application.cin == "AB123456"
    assert application.documents.count() == 2
    assert application.confirmed_at is None
    assert not Application.objects.confirmed().exists()

    # What to do next: the page names the address the link went to and until when.
    sent = client.get(response["Location"])
    assert 'data-testid="confirmation-sent"' in sent.text
    assert "salma@example.ma" in sent.text
    assert application.receipt_number not in sent.text
    [message] = mailoutbox
    assert message.to == ["salma@example.ma"]
    link = confirmation_link(message)
    # Only a digest of the token is stored: a copy of the table confirms nothing.
    assert link.rstrip("/").rsplit("/", 1)[1] not in application.confirmation_key

    # Opening the link (a mail scanner does) confirms nothing; the button does.
    page = client.get(link)
    assert page.status_code == 200 and 'data-testid="confirm"' in page.text
    application.refresh_from_db()
    assert application.confirmed_at is None
    confirmed = client.post(link)
    assert confirmed.status_code == 302
    application.refresh_from_db()
    assert application.confirmed_at and not application.confirmation_key

    receipt = client.get(confirmed["Location"])
    assert application.receipt_number in receipt.text
    # The number is in the session, never in a URL; the page survives a reload.
    assert application.receipt_number not in confirmed["Location"]
    assert application.receipt_number in client.get(confirmed["Location"]).text
    # The link is used up.
    again = client.post(link)
    assert again.status_code == 404
    assert says(again, "This link is not valid or has already been used.")


def test_an_application_after_the_deadline_is_refused(client, competition):
    Competition.objects.filter(pk=competition.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = apply(client, competition)
    assert response.status_code == 403
    assert says(response, "Applications closed on %(deadline)s: the form is no longer available.")
    assert not Application.objects.exists()


def test_the_deadline_is_decided_by_the_servers_clock_at_the_very_second(competition):
    application = ApplicationFactory.build(
        competition=competition, post_line=competition.lines.first()
    )
    files = {
        "cin": SimpleUploadedFile("cin.pdf", PDF),
        "diploma": SimpleUploadedFile("d.pdf", PDF),
    }
    with translation.override("en"), pytest.raises(Exception, match="it has passed"):
        services.application_submit(
            application=application, documents=files, now=competition.deadline
        )
    just_before = competition.deadline - datetime.timedelta(seconds=1)
    files = {
        "cin": SimpleUploadedFile("cin.pdf", PDF),
        "diploma": SimpleUploadedFile("d.pdf", PDF),
    }
    assert services.application_submit(application=application, documents=files, now=just_before)


def test_a_second_application_with_the_same_cin_is_refused(client, competition, apply_and_confirm):
    assert apply_and_confirm(competition).status_code == 302
    response = apply(client, competition, email="other@example.ma")
    assert response.status_code == 422
    assert says(
        response,
        "An application with this CIN has already been received for this competition.",
    )
    assert Application.objects.count() == 1
    # The same CIN may apply to another competition.
    other = CompetitionFactory()
    assert apply_and_confirm(other).status_code == 302


def test_an_application_outside_the_age_limits_is_refused(client, competition):
    response = apply(client, competition, birth_date="1970-01-01")
    assert response.status_code == 422
    assert says(
        response,
        "This post is open to candidates aged %(min)s to %(max)s on %(date)s; you will be %(age)s.",
        count=56,  # born in 1970: 55 or 56, one plural form in every language
    )
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cin.exe", b"MZ\x90\x00", "Attach a PDF, JPEG or PNG file."),
        ("cin.pdf", b"MZ\x90\x00", "The file's content does not match its type."),
        ("cin.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024), "The file is larger than %(size)s MB."),
    ],
)
def test_documents_are_checked_for_type_content_and_size(
    client, competition, name, content, message
):
    url = reverse("recruitment:apply", args=[competition.reference])
    files = {**documents(), "cin_copy": SimpleUploadedFile(name, content)}
    response = client.post(url, {**form_data(competition), **files})
    assert response.status_code == 422
    # The size is counted in megabytes: a plural message.
    assert says(response, message, count=competition.max_upload_mb if "MB" in message else None)
    assert not Application.objects.exists()


def test_a_request_too_large_is_refused_before_it_is_read(client, competition):
    url = reverse("recruitment:apply", args=[competition.reference])
    response = client.post(
        url, {**form_data(competition), **documents()}, CONTENT_LENGTH=str(30 * 1024 * 1024)
    )
    assert response.status_code == 413


def test_an_accommodation_request_needs_its_details(client, competition):
    response = apply(client, competition, accommodation_requested="on")
    assert response.status_code == 422
    assert says(response, "Say what you need for the exams.")
    response = apply(
        client,
        competition,
        accommodation_requested="on",
        accommodation_details="Une salle au rez-de-chaussée et un tiers temps",
    )
    assert response.status_code == 302
    assert Application.objects.get().accommodation_requested


def test_the_status_needs_the_receipt_and_the_cin_together(client, competition):
    # Names no page holds otherwise (a random "Roy" is in "Royaume du Maroc" of every footer).
    mine = ApplicationFactory(competition=competition, cin="AB111111", last_name_lat="Zeghloulix")
    other = ApplicationFactory(competition=competition, cin="CD222222", last_name_lat="Qarnoutix")
    url = reverse("recruitment:status")
    wrong = client.post(url, {"receipt_number": mine.receipt_number, "cin": other.cin})
    assert says(wrong, "No application matches this receipt number and CIN.")
    assert mine.last_name_lat not in wrong.text and other.last_name_lat not in wrong.text
    right = client.post(url, {"receipt_number": mine.receipt_number.lower(), "cin": "ab111111"})
    assert right.context["application"] == mine
    assert other.receipt_number not in right.text


def test_a_candidate_withdraws_and_the_application_is_kept(client, competition, apply_and_confirm):
    mine = ApplicationFactory(competition=competition, cin="AB111111")
    url = reverse("recruitment:status")
    response = client.post(
        url, {"receipt_number": mine.receipt_number, "cin": mine.cin, "withdraw": "on"}
    )
    assert response.status_code == 200
    mine.refresh_from_db()
    assert mine.status == Application.Status.WITHDRAWN and mine.withdrawn_at
    event = Application.pgh_event_model.objects.filter(pgh_obj=mine).latest("pgh_id")
    assert event.pgh_context.metadata["candidate"] == mine.receipt_number
    # Withdrawn is final for that application, and it no longer holds the CIN: the
    # candidate may apply again.
    assert apply_and_confirm(competition, cin="AB111111").status_code == 302
    assert competition.applications.holding_cin().get(cin="AB111111") != mine


def test_abuse_is_rate_limited_per_address(client, competition):
    url = reverse("recruitment:status")
    for _i in range(20):
        assert client.post(url, {"receipt_number": "X", "cin": "Y"}).status_code == 200
    response = client.post(url, {"receipt_number": "X", "cin": "Y"})
    assert response.status_code == 429
    # Until the ten-minute window ends: when the count starts again.
    assert 0 < int(response["Retry-After"]) <= 600
    # Another address is not held back.
    assert (
        client.post(url, {"receipt_number": "X", "cin": "Y"}, REMOTE_ADDR="10.0.0.9").status_code
        == 200
    )
    assert RateCounter.objects.filter(key__startswith="status:").count() == 2


def test_the_forms_require_csrf(competition):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    url = reverse("recruitment:apply", args=[competition.reference])
    assert strict.post(url, form_data(competition)).status_code == 403


def test_an_extended_deadline_is_shown_on_the_notice(client, competition):
    from tests.factories import UserFactory

    officer = UserFactory(username="t-rec", role="recruitment_officer", unit=unit("EN-SDAG"))
    new = competition.deadline + datetime.timedelta(days=5)
    services.deadline_extend(
        competition=competition,
        new_deadline=new,
        reason="Demandes nombreuses",
        decided_on=timezone.localdate(),
        actor=officer,
    )
    extension = competition.extensions.get()
    assert extension.previous_deadline < extension.new_deadline == new
    page = client.get(reverse("recruitment:notice", args=[competition.reference]))
    assert 'data-testid="extended"' in page.text
    assert "Demandes nombreuses" in page.text
    with translation.override("en"), pytest.raises(Exception, match="after the current one"):
        services.deadline_extend(
            competition=competition,
            new_deadline=new - datetime.timedelta(days=1),
            reason="x",
            decided_on=timezone.localdate(),
            actor=officer,
        )
