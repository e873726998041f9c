"""A file that moves between delegations, and the daily digest email, in a browser.

The transfer: a Khouribga social worker asks for a person's file to be transferred to Rabat;
Rabat's delegate is told (the count in the header, the inbox), opens the request, reads who it
is about and accepts it; the file then opens in Rabat under its former Khouribga number, and
no longer in Khouribga. In Arabic at a phone's width (360 px) and in French at a desktop's.

The digest: a worker who chose a daily email for some kinds of notification receives one, in
her language; its HTML, shown in the browser, reads right to left in Arabic and left to right
in French, says its sentences, links to the portal (which leads on to the page), and tells
nothing of the person behind the references.

Screenshots: test-results/transfers/ and test-results/digest/."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.functional import Promise
from playwright.sync_api import expect

from beneficiaries import services as beneficiaries
from beneficiaries.models import CaseFile, Consent, FileRequest, Note
from notifications.models import SENTENCES, Channel, Kind, Notification
from notifications.services import notify, preferences_set
from tests.factories import BeneficiaryFactory, CaseFileFactory, UserFactory, unit

from .conftest import DESKTOP
from .test_design_proof import AXE, RUN_AXE, describe
from .test_walks import SIDEWAYS

pytestmark = pytest.mark.e2e

NARROW = {"width": 360, "height": 800}
PASSWORD = "correct horse battery"  # UserFactory's
RABAT = "DP-MA-RAB"

# Who the person is, and what her case is about: none of it may leave the portal by email.
PERSON = {
    "first_name_ar": "حنان",
    "last_name_ar": "البراضي",
    "first_name_lat": "Hanane",
    "last_name_lat": "Berradi",
    "cin": "BE123456",
    "phone": "0661234567",
    "address": "12 rue des Orangers, Hay Salam",
}
CASE_NOTE = "Violences conjugales répétées, mise à l'abri urgente"
REASON = "La famille a déménagé à Rabat · انتقلت الأسرة إلى الرباط"


def translated(lang, text, **params):
    with translation.override(lang):
        text = str(text) if isinstance(text, Promise) else translation.gettext(text)
    return text % params if params else text


def plural(lang, singular, many, count, **params):
    with translation.override(lang):
        return translation.ngettext(singular, many, count) % params


def expect_language(page, lang, direction):
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("html")).to_have_attribute("dir", direction)


# An email's body is no page of its own: the mail reader gives it its landmarks and headings.
EMAIL_BODY_RULES = ("landmark-one-main", "page-has-heading-one", "region")


def check_and_shoot(page, path, *, axe_ignores=()):
    """No sideways scroll at the page's present width, no axe violation (but those of the
    rules `axe_ignores`); a full-page screenshot."""
    problems = []
    page.evaluate(f"() => {{ {AXE.read_text(encoding='utf-8')}\n}}")
    found = page.evaluate(RUN_AXE)
    violations = [rule for rule in found["violations"] if rule["id"] not in axe_ignores]
    if violations:
        problems.append("axe violations:\n" + describe(violations))
    sideways = page.evaluate(SIDEWAYS)
    if sideways:
        problems.append("sideways: " + "; ".join(sideways["culprits"]))
    page.screenshot(path=path, full_page=True)
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


def person_with_a_case(worker):
    person = BeneficiaryFactory(**PERSON, birth_date=datetime.date(1988, 2, 3))
    Consent.objects.create(
        beneficiary=person, purpose=Consent.Purpose.SHARING, given=True, recorded_by=worker
    )
    case = CaseFileFactory(beneficiary=person, worker=worker, number=f"{person.file_number}-1")
    Note.objects.create(case=case, author=worker, date=timezone.localdate(), text=CASE_NOTE)
    return person, case


def folder_for(pytestconfig, name):
    folder = Path(pytestconfig.getoption("--output")) / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# The transfer -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "direction", "size"),
    [("ar", "rtl", NARROW), ("fr", "ltr", DESKTOP)],
    ids=["ar-360", "fr-1280"],
)
def test_a_khouribga_file_transferred_to_rabat_is_accepted_by_its_delegate(
    page, portal, sign_in, pytestconfig, lang, direction, size
):
    folder = folder_for(pytestconfig, "transfers")
    width = size["width"]
    page.set_viewport_size(size)
    worker = UserFactory(username="t-worker-kho")
    rabat_delegate = UserFactory(username="t-delegate-rab", delegate=True, rabat=True)
    rabat_worker = UserFactory(username="t-worker-rab", rabat=True)
    person, case = person_with_a_case(worker)
    old_file, old_case = person.file_number, case.number
    province = unit(RABAT).provinces.order_by("pk").first()
    # Names of places, in the page's language (read from their column, not through the
    # active language, which another test of the process may have left in any state).
    rabat_name = getattr(unit(RABAT), f"name_{lang}")
    province_name = getattr(province, f"name_{lang}")

    # The Khouribga worker asks for the transfer, from the person's file.
    sign_in(worker.username, lang, PASSWORD)
    page.goto(f"{portal}/{lang}/beneficiaries/{old_file}/")
    expect_language(page, lang, direction)
    page.get_by_test_id("transfer-file").click()
    expect(page).to_have_url(f"{portal}/{lang}/beneficiaries/{old_file}/transfer/")
    expect_language(page, lang, direction)
    # She consented to sharing: no warning, the override reason not needed.
    expect(page.get_by_test_id("transfer-no-consent")).to_have_count(0)
    form = page.get_by_test_id("transfer-form")
    # Her own delegation is not offered.
    expect(form.locator("[name=to] option[value=DP-MA-KHO]")).to_have_count(0)
    form.locator("[name=to]").select_option(RABAT)
    form.locator("[name=province]").select_option(str(province.pk))
    form.locator("[name=reason]").fill(REASON)
    check_and_shoot(page, folder / f"{lang}-{width}-form.png")
    page.get_by_test_id("transfer-submit").click()

    request = FileRequest.objects.get(beneficiary=person)
    request_url = f"{portal}/{lang}/beneficiaries/requests/{request.pk}/"
    expect(page).to_have_url(request_url)
    assert (request.kind, request.state) == (FileRequest.Kind.TRANSFER, "requested")
    assert (request.other.code, request.province, request.old_number) == (
        RABAT,
        province,
        old_file,
    )
    assert request.asked_by_owner and request.requested_by == worker
    expect(page.get_by_test_id("file-request-state")).to_have_class(
        re.compile(r"\breferral-requested\b")
    )
    expect(page.get_by_test_id("file-request-reason")).to_have_text(REASON)
    # The asking side may cancel it, not decide it.
    expect(page.get_by_test_id("request-cancel")).to_be_visible()
    expect(page.get_by_test_id("decision-form")).to_have_count(0)
    check_and_shoot(page, folder / f"{lang}-{width}-asked.png")
    page.get_by_test_id("logout").click()

    # Rabat's delegate is told: one unread notification, which leads to the request.
    notice = Notification.objects.get(recipient=rabat_delegate)
    assert (notice.kind, notice.about) == (Kind.TRANSFER_ASKED, old_file)
    sign_in(rabat_delegate.username, lang, PASSWORD)
    link = page.get_by_test_id("notifications-link")
    expect(link.get_by_test_id("unread-badge")).to_have_text("1")
    expect(link).to_have_accessible_name(
        plural(
            lang,
            "%(counter)s unread notification",
            "%(counter)s unread notifications",
            1,
            counter=1,
        )
    )
    link.click()
    expect(page).to_have_url(f"{portal}/{lang}/notifications/")
    rows = page.get_by_test_id("notification-list").get_by_test_id("notification")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(
        translated(lang, SENTENCES[Kind.TRANSFER_ASKED], about=old_file)
    )
    expect(rows.first.get_by_test_id("unread")).to_have_count(1)
    page.screenshot(path=folder / f"{lang}-{width}-inbox.png", full_page=True)
    rows.first.get_by_role("link").click()

    # The request: who it is about (she consented to sharing), and the decision to take.
    expect(page).to_have_url(request_url)
    expect_language(page, lang, direction)
    expect(link.get_by_test_id("unread-badge")).to_have_count(0)
    facts = page.get_by_test_id("file-request-facts")
    expect(page.get_by_test_id("file-request-person")).to_contain_text(
        "حنان البراضي" if lang == "ar" else "Hanane Berradi"
    )
    expect(facts).to_contain_text(old_file)
    expect(facts).to_contain_text(province_name)
    expect(page.get_by_test_id("file-request-reason")).to_have_text(REASON)
    expect(page.get_by_test_id("decision-form")).to_be_visible()
    expect(page.get_by_test_id("request-cancel")).to_have_count(0)
    check_and_shoot(page, folder / f"{lang}-{width}-request.png")

    page.get_by_test_id("request-accept").click()
    expect(page).to_have_url(request_url)
    expect(page.locator("ul.messages")).to_contain_text(
        translated(lang, "The request is accepted: whoever asked is told.")
    )
    request.refresh_from_db()
    person.refresh_from_db()
    case.refresh_from_db()
    assert request.state == FileRequest.State.ACCEPTED
    assert request.decided_by == rabat_delegate
    assert person.delegation == unit(RABAT) and person.province == province
    assert person.file_number.startswith("RAB-") and request.new_number == person.file_number
    assert case.number == f"{person.file_number}-1" and case.worker is None
    expect(page.get_by_test_id("file-request-state")).to_have_class(
        re.compile(r"\breferral-accepted\b")
    )
    expect(page.get_by_test_id("file-request-state")).to_have_text(
        translated(lang, FileRequest.State.ACCEPTED.label)
    )
    expect(facts).to_contain_text(old_file)
    expect(facts).to_contain_text(person.file_number)
    expect(page.get_by_test_id("decision-form")).to_have_count(0)
    check_and_shoot(page, folder / f"{lang}-{width}-decided.png")
    decided = Notification.objects.get(recipient=worker, kind=Kind.TRANSFER_DECIDED)
    assert decided.about == person.file_number
    page.get_by_test_id("logout").click()

    # A Rabat worker opens the file, and its case, by their former Khouribga numbers.
    sign_in(rabat_worker.username, lang, PASSWORD)
    response = page.goto(f"{portal}/{lang}/beneficiaries/{old_file}/")
    assert response.status == 200
    expect(page.locator("h1")).to_contain_text(person.file_number)
    identity = page.get_by_test_id("identity")
    expect(identity).to_contain_text("Hanane Berradi")
    expect(identity).to_contain_text("BE123456")
    expect(identity).to_contain_text(rabat_name)
    page.screenshot(path=folder / f"{lang}-{width}-file-in-rabat.png", full_page=True)
    response = page.goto(f"{portal}/{lang}/beneficiaries/cases/{old_case}/")
    assert response.status == 200
    expect(page.locator("main")).to_contain_text(CASE_NOTE)
    page.get_by_test_id("logout").click()

    # The Khouribga worker no longer sees it, under either number.
    sign_in(worker.username, lang, PASSWORD)
    for path in (
        f"beneficiaries/{old_file}/",
        f"beneficiaries/{person.file_number}/",
        f"beneficiaries/cases/{old_case}/",
    ):
        response = page.goto(f"{portal}/{lang}/{path}")
        assert response.status == 404, path
    expect(page.locator("main")).not_to_contain_text("Berradi")
    page.screenshot(path=folder / f"{lang}-{width}-gone-from-khouribga.png", full_page=True)
    # She reads the decision on her request: the file's new number, without opening it.
    page.goto(request_url)
    expect(page.get_by_test_id("file-request-state")).to_have_class(
        re.compile(r"\breferral-accepted\b")
    )
    expect(page.get_by_test_id("request-cancel")).to_have_count(0)
    check_and_shoot(page, folder / f"{lang}-{width}-decision-seen-by-asker.png")


# The digest -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("fr", "ltr")])
def test_the_daily_digest_reads_in_its_recipients_language_and_tells_nothing_of_the_person(
    page, portal, sign_in, pytestconfig, settings, mailoutbox, lang, direction
):
    folder = folder_for(pytestconfig, "digest")
    # The links of the email lead to this live server.
    settings.PORTAL_URL = portal
    page.set_viewport_size(NARROW)
    worker = UserFactory(username="t-worker-digest", language=lang)
    rabat_delegate = UserFactory(username="t-delegate-rab", delegate=True, rabat=True)
    preferences_set(
        user=worker,
        choices={Kind.TRANSFER_DECIDED: Channel.DIGEST, Kind.CASE_ASSIGNED: Channel.DIGEST},
    )
    person, case = person_with_a_case(worker)
    other_case = CaseFileFactory(worker=worker, number="KHO-2026-000777-1")

    # Her transfer accepted, a case assigned (both by digest), a file imported (portal only),
    # and an earlier case assignment she has already read.
    request = beneficiaries.transfer_request(
        beneficiary=person,
        to=unit(RABAT),
        province=unit(RABAT).provinces.order_by("pk").first(),
        reason=REASON,
        actor=worker,
    )
    beneficiaries.file_request_accept(request=request, actor=rabat_delegate)
    request.refresh_from_db()
    with translation.override(lang):
        [assigned] = notify(
            recipients=[worker],
            kind=Kind.CASE_ASSIGNED,
            about=other_case.number,
            url=f"/{lang}/beneficiaries/cases/{other_case.number}/",
        )
    notify(recipients=[worker], kind=Kind.JOB_FINISHED, about="registre-khouribga.csv")
    [read] = notify(recipients=[worker], kind=Kind.CASE_ASSIGNED, about="KHO-2026-000001-1")
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    decided = Notification.objects.get(recipient=worker, kind=Kind.TRANSFER_DECIDED)
    assert decided.about == request.new_number
    assert mailoutbox == []  # a digest, not an email at once

    out = io.StringIO()
    call_command("send_digests", stdout=out)
    assert out.getvalue().startswith("digests: 1 sent, 2 notifications")
    [message] = mailoutbox
    assert message.to == [worker.email]
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert message.subject == plural(
        lang,
        "Entraide portal: %(n)s new notification",
        "Entraide portal: %(n)s new notifications",
        2,
        n=2,
    )
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    # Sent once: a second run finds nothing.
    call_command("send_digests", stdout=io.StringIO())
    assert len(mailoutbox) == 1
    assert (
        not Notification.objects.filter(recipient=worker, emailed_at=None)
        .exclude(kind=Kind.JOB_FINISHED)
        .exclude(pk=read.pk)
        .exists()
    )

    # Nothing of the person, her case or the transfer's reason, in any part of the email.
    secrets = [
        *PERSON.values(),
        "Hanane",
        "Berradi",
        CASE_NOTE,
        "Violences",
        "violence",
        REASON.split(" · ")[0],
        REASON.split(" · ")[1],
        str(person.birth_date.year),
        translated(lang, CaseFile.Risk(case.risk).label),
    ]
    for part in (message.subject, message.body, html):
        leaked = [secret for secret in secrets if secret in part]
        assert not leaked, leaked
    # What it does say: the two references, never the portal-only or the read one.
    for part in (message.body, html):
        assert request.new_number in part and other_case.number in part
        assert "registre-khouribga.csv" not in part and "KHO-2026-000001-1" not in part

    # The HTML alternative, shown as a mail reader would.
    sign_in(worker.username, lang, PASSWORD)
    page.set_content(html)
    expect_language(page, lang, direction)
    expect(page.locator("body")).to_have_attribute("dir", direction)
    expect(page).to_have_title(message.subject)
    expect(page.locator("body > p").first).to_have_text(
        plural(
            lang,
            "%(n)s notification awaits you in the portal:",
            "%(n)s notifications await you in the portal:",
            2,
            n=2,
        )
    )
    items = page.locator("ul > li > a")
    expect(items).to_have_count(2)
    # The newest first.
    expect(items.nth(0)).to_have_text(
        translated(lang, SENTENCES[Kind.CASE_ASSIGNED], about=other_case.number)
    )
    expect(items.nth(1)).to_have_text(
        translated(lang, SENTENCES[Kind.TRANSFER_DECIDED], about=request.new_number)
    )
    # The references isolated from the sentence's direction.
    expect(items.nth(0).locator("bdi")).to_have_text(other_case.number)
    expect(items.nth(0)).to_have_attribute("href", f"{portal}/{lang}/notifications/{assigned.pk}/")
    expect(items.nth(1)).to_have_attribute("href", f"{portal}/{lang}/notifications/{decided.pk}/")
    preferences = page.locator("small a")
    expect(preferences).to_have_text(translated(lang, "Change how I am notified"))
    expect(preferences).to_have_attribute("href", f"{portal}/{lang}/notifications/preferences/")
    # Every link of the email leads to the portal, none elsewhere.
    hrefs = page.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all(href.startswith(f"{portal}/{lang}/") for href in hrefs), hrefs
    check_and_shoot(page, folder / f"{lang}-360-digest.png", axe_ignores=EMAIL_BODY_RULES)

    # Followed, a link marks its notification read and leads to the page it is about.
    items.nth(1).click()
    expect(page).to_have_url(f"{portal}/{lang}/beneficiaries/requests/{request.pk}/")
    expect_language(page, lang, direction)
    expect(page.get_by_test_id("file-request-state")).to_have_class(
        re.compile(r"\breferral-accepted\b")
    )
    decided.refresh_from_db()
    assert decided.read_at is not None
    page.screenshot(path=folder / f"{lang}-360-followed.png", full_page=True)
    # The text body says the same, with the same links.
    body = message.body
    assert translated(lang, SENTENCES[Kind.CASE_ASSIGNED], about=other_case.number) in body
    assert f"{portal}/{lang}/notifications/{assigned.pk}/" in body
    assert f"{portal}/{lang}/notifications/preferences/" in body
    assert CaseFile.objects.filter(pk=case.pk, delegation=unit(RABAT)).exists()
