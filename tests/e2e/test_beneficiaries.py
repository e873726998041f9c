"""People's files in a real browser, in Arabic (right to left) and French (left to right):
finding a person however the name is typed, within the user's delegation only; creating a
file despite a likely duplicate (kept in the audit trail); a case from its opening to its
assessment; and a referral to a partner, refused without the person's consent to sharing,
then sent, accepted and completed."""

import datetime
import re

import pytest
from django.utils import timezone, translation
from django.utils.functional import Promise
from pghistory.models import Events
from playwright.sync_api import expect

from beneficiaries.models import Assessment, Beneficiary, CaseFile, Consent, Note, Referral
from entraide.models import User
from tests.factories import BeneficiaryFactory, CaseFileFactory, unit

pytestmark = pytest.mark.e2e

LANGUAGES = pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("fr", "ltr")])

KHOURIBGA = "DP-MA-KHO"
BIRTH_DATE = datetime.date(1988, 3, 2)
WORKER_NAME = {"ar": "سلمى برادة", "fr": "Salma Berrada"}  # the demo social worker, in each script


def expect_language(page, lang, direction):
    html = page.locator("html")
    expect(html).to_have_attribute("lang", lang)
    expect(html).to_have_attribute("dir", direction)


def translated(lang, text, **params):
    """A message (a msgid or a lazy label) in that language, with its parameters."""
    with translation.override(lang):
        text = str(text) if isinstance(text, Promise) else translation.gettext(text)
    return text % params if params else text


def amina(**fields):
    """Amina El Idrissi, on file at the Khouribga delegation."""
    return BeneficiaryFactory(
        first_name_ar="آمنة",
        last_name_ar="الإدريسي",
        first_name_lat="Amina",
        last_name_lat="El Idrissi",
        birth_date=BIRTH_DATE,
        **fields,
    )


def search(page, query):
    form = page.get_by_test_id("person-search")
    form.locator("[name=q]").fill(query)
    form.locator("button[type=submit]").click()


def result_rows(page):
    return page.get_by_test_id("person-results").locator("tbody tr")


def details_form(page, testid):
    """Open the <details> whose <summary> has this test id and return its form."""
    summary = page.get_by_test_id(testid)
    summary.click()
    form = summary.locator("xpath=..").locator("form")
    expect(form).to_be_visible()
    return form


def messages(page):
    return page.locator("ul.messages")


def timeline_entries(page):
    return page.get_by_test_id("timeline").locator("li.card")


@LANGUAGES
def test_search_finds_a_person_however_typed_and_only_in_her_delegation(
    page, portal, sign_in, lang, direction
):
    person = amina(cin="AB123456")
    # Someone else in the same delegation, who must not be found by her name.
    BeneficiaryFactory(
        first_name_ar="خديجة",
        last_name_ar="بناني",
        first_name_lat="Khadija",
        last_name_lat="Bennani",
        cin="CD654321",
    )

    sign_in("worker", lang)
    page.goto(f"{portal}/{lang}/beneficiaries/")
    expect_language(page, lang, direction)

    for query in ("امنة", "EL IDRISSI", "ab123456"):
        search(page, query)
        expect_language(page, lang, direction)
        expect(page.get_by_test_id("person-search").locator("[name=q]")).to_have_value(query)
        rows = result_rows(page)
        expect(rows).to_have_count(1)
        expect(rows.first.locator("td").first).to_have_text(person.file_number)
        expect(rows.first).to_contain_text("آمنة الإدريسي")
        expect(rows.first).to_contain_text("Amina El Idrissi")
        expect(rows.first).to_contain_text("AB123456")

    # The file number leads to her file.
    rows.first.get_by_role("link", name=person.file_number).click()
    expect(page).to_have_url(f"{portal}/{lang}/beneficiaries/{person.file_number}/")
    expect(page.get_by_test_id("identity")).to_contain_text("Amina El Idrissi")

    # The Rabat social worker does not see the Khouribga files.
    page.get_by_test_id("logout").click()
    sign_in("worker2", lang)
    page.goto(f"{portal}/{lang}/beneficiaries/")
    search(page, "amina")
    expect_language(page, lang, direction)
    expect(result_rows(page)).to_have_count(1)
    expect(result_rows(page).first).to_have_text(translated(lang, "Nobody matches this search."))
    expect(page.get_by_test_id("person-results")).not_to_contain_text(person.file_number)
    response = page.goto(f"{portal}/{lang}/beneficiaries/{person.file_number}/")
    assert response.status == 404


@LANGUAGES
def test_new_person_despite_a_likely_duplicate_is_created_and_audited(
    page, portal, sign_in, lang, direction
):
    existing = amina()
    province = unit(KHOURIBGA).provinces.first()

    sign_in("worker", lang)
    page.goto(f"{portal}/{lang}/beneficiaries/")
    page.get_by_test_id("new-person").click()
    expect(page).to_have_url(f"{portal}/{lang}/beneficiaries/new/")
    expect_language(page, lang, direction)

    # The same person written differently: no hamza, taa marbuta as haa, Latin names run on.
    form = page.get_by_test_id("person-form")
    form.locator("[name=first_name_ar]").fill("امنه")
    form.locator("[name=last_name_ar]").fill("الادريسي")
    form.locator("[name=first_name_lat]").fill("Amina")
    form.locator("[name=last_name_lat]").fill("Elidrissi")
    form.locator("[name=sex]").select_option("F")
    form.locator("[name=birth_date]").fill(BIRTH_DATE.isoformat())
    form.locator("[name=province]").select_option(str(province.pk))
    expect(form.locator("[name=delegation]")).to_have_value(str(unit(KHOURIBGA).pk))
    page.get_by_test_id("save-person").click()

    duplicates = page.get_by_test_id("duplicates")
    expect(duplicates).to_be_visible()
    expect_language(page, lang, direction)
    expect(duplicates.locator("li")).to_have_count(1)
    expect(duplicates.get_by_role("link", name=existing.file_number)).to_be_visible()
    assert Beneficiary.objects.count() == 1
    # What was typed is kept.
    expect(form.locator("[name=last_name_lat]")).to_have_value("Elidrissi")

    page.get_by_test_id("create-anyway").check()
    page.get_by_test_id("save-person").click()

    expect(page).to_have_url(re.compile(rf"^{re.escape(portal)}/{lang}/beneficiaries/KHO-"))
    expect_language(page, lang, direction)
    created = Beneficiary.objects.exclude(pk=existing.pk).get()
    assert created.file_number.startswith("KHO-")
    assert created.file_number != existing.file_number
    expect(page).to_have_url(f"{portal}/{lang}/beneficiaries/{created.file_number}/")
    expect(page.locator("h1")).to_contain_text(created.file_number)
    expect(page.get_by_test_id("identity")).to_contain_text("Amina Elidrissi")
    expect(messages(page)).to_contain_text(
        translated(lang, "File %(number)s created.", number=created.file_number)
    )

    assert Beneficiary.objects.count() == 2
    worker = User.objects.get(username="worker")
    assert created.created_by == worker
    assert created.delegation.code == KHOURIBGA
    assert created.birth_date == BIRTH_DATE
    context = Events.objects.tracks(created).get(pgh_label="insert").pgh_context
    assert context["created_despite_duplicates"] == [existing.file_number]
    assert context["user"] == worker.pk


@LANGUAGES
def test_case_opened_noted_assessed_and_moved_on(page, portal, sign_in, lang, direction):
    person = amina()
    worker = User.objects.get(username="worker")
    today = timezone.localdate()

    sign_in("worker", lang)
    page.goto(f"{portal}/{lang}/beneficiaries/{person.file_number}/")
    expect_language(page, lang, direction)
    expect(page.get_by_test_id("cases").locator("tbody tr")).to_have_count(1)

    form = details_form(page, "open-case")
    form.locator("[name=channel]").select_option(CaseFile.Channel.OUTREACH.value)
    form.locator("[name=problems][value=poverty]").check()
    form.locator("[name=problems][value=homelessness]").check()
    form.locator("[name=risk]").select_option(CaseFile.Risk.HIGH.value)
    # Only those who oversee choose the worker: a worker who opens a case takes it on.
    expect(form.locator("[name=worker]")).to_have_count(0)
    form.locator("button[type=submit]").click()

    number = f"{person.file_number}-1"
    expect(page).to_have_url(f"{portal}/{lang}/beneficiaries/cases/{number}/")
    expect_language(page, lang, direction)
    expect(page.locator("h1")).to_contain_text(number)
    expect(messages(page)).to_contain_text(
        translated(lang, "Case %(number)s opened.", number=number)
    )
    status = page.get_by_test_id("case-status")
    expect(status).to_have_class(re.compile(r"\bcase-open\b"))
    expect(status).to_have_text(translated(lang, CaseFile.Status.OPEN.label))
    with translation.override(lang):
        problems = [str(CaseFile.Problem.POVERTY.label), str(CaseFile.Problem.HOMELESSNESS.label)]
    for problem in problems:
        expect(page.locator("main")).to_contain_text(problem)
    case = CaseFile.objects.get(number=number)
    assert (case.channel, case.risk, case.worker) == ("outreach", "high", worker)
    assert sorted(case.problems) == ["homelessness", "poverty"]
    expect(timeline_entries(page)).to_have_count(0)

    note_text = "استقبال أولي: تبحث عن سكن · accueil, cherche un logement"
    form = details_form(page, "add-note")
    form.locator("[name=note-date]").fill(today.isoformat())
    form.locator("[name=note-kind]").select_option(Note.Kind.RECEPTION.value)
    form.locator("[name=note-text]").fill(note_text)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{portal}/{lang}/beneficiaries/cases/{number}/")
    expect(messages(page)).to_contain_text(translated(lang, "Added to the timeline."))
    expect(timeline_entries(page)).to_have_count(1)

    summary = "Logement précaire, sans revenu"
    form = details_form(page, "add-assessment")
    form.locator("[name=assessment-date]").fill(today.isoformat())
    form.locator("[name=assessment-housing]").fill("4")
    form.locator("[name=assessment-income]").fill("3")
    form.locator("[name=assessment-health]").fill("1")
    form.locator("[name=assessment-summary]").fill(summary)
    form.locator("button[type=submit]").click()
    expect_language(page, lang, direction)

    # Newest first, each signed by its author.
    entries = timeline_entries(page)
    expect(entries).to_have_count(2)
    expect(entries.nth(0)).to_have_class(re.compile(r"\bentry-assessment\b"))
    expect(entries.nth(1)).to_have_class(re.compile(r"\bentry-note\b"))
    expect(entries.nth(0)).to_contain_text(summary)
    expect(entries.nth(0).locator("meter")).to_have_count(3)
    expect(entries.nth(0).locator("meter").first).to_have_attribute("value", "4")
    expect(entries.nth(1)).to_contain_text(note_text)
    for i in range(2):
        expect(entries.nth(i).locator(".entry-head")).to_contain_text(WORKER_NAME[lang])

    status_form = page.get_by_test_id("status-form")
    status_form.locator("select[name=status]").select_option(CaseFile.Status.ASSESSED.value)
    page.get_by_test_id("change-status").click()
    expect(status).to_have_class(re.compile(r"\bcase-assessed\b"))
    expect(status).to_have_text(translated(lang, CaseFile.Status.ASSESSED.label))
    expect(messages(page)).to_contain_text(translated(lang, "The case status has been changed."))
    expect_language(page, lang, direction)
    # From "assessed" the case moves on to its plan or is closed.
    expect(status_form.locator("select[name=status] option")).to_have_count(2)

    case.refresh_from_db()
    assert case.status == CaseFile.Status.ASSESSED
    assert case.version == 2
    note = Note.objects.get(case=case)
    assessment = Assessment.objects.get(case=case)
    assert (note.kind, note.text, note.author) == ("reception", note_text, worker)
    assert (assessment.housing, assessment.income, assessment.health) == (4, 3, 1)
    assert assessment.education is None
    assert assessment.author == worker


@LANGUAGES
def test_referral_to_a_partner_needs_consent_then_is_accepted_and_completed(
    page, portal, sign_in, lang, direction
):
    worker = User.objects.get(username="worker")
    person = amina()
    case = CaseFileFactory(beneficiary=person, number=f"{person.file_number}-1", worker=worker)
    case_url = f"{portal}/{lang}/beneficiaries/cases/{case.number}/"
    organisation = "Association Al Amal"
    reason = "Accompagnement vers un logement · مرافقة نحو السكن"

    def refer():
        # Referrals offer centres, so their form has a page of its own.
        page.get_by_test_id("add-referral").click()
        form = page.get_by_test_id("form-referral")
        expect(form).to_be_visible()
        form.locator("[name=referral-target_kind]").select_option(
            Referral.TargetKind.ASSOCIATION.value
        )
        form.locator("[name=referral-organisation]").fill(organisation)
        form.locator("[name=referral-reason]").fill(reason)
        form.locator("button[type=submit]").click()

    sign_in("worker", lang)
    page.goto(case_url)
    expect_language(page, lang, direction)
    refer()

    # No consent to sharing: refused, nothing saved, the form kept open with what was typed.
    form = page.get_by_test_id("form-referral")
    error = form.get_by_role("alert")
    expect(error).to_be_visible()
    expect(error).to_contain_text(
        translated(
            lang,
            "A referral to a partner needs the person's consent to sharing: record it on the "
            "person's file first.",
        )
    )
    expect_language(page, lang, direction)
    expect(form.locator("[name=referral-organisation]")).to_have_value(organisation)
    expect(page.get_by_test_id("referral-state")).to_have_count(0)
    expect(timeline_entries(page)).to_have_count(0)
    assert not Referral.objects.exists()

    # The person agrees to her file being shared with partners.
    page.goto(f"{portal}/{lang}/beneficiaries/{person.file_number}/")
    form = details_form(page, "record-consent")
    form.locator("[name=purpose]").select_option(Consent.Purpose.SHARING.value)
    form.locator("[name=given][value=True]").check()
    form.locator("[name=given_by]").fill("Amina El Idrissi")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{portal}/{lang}/beneficiaries/{person.file_number}/")
    expect_language(page, lang, direction)
    expect(messages(page)).to_contain_text(translated(lang, "The consent has been recorded."))
    consents = page.get_by_test_id("consents")
    sharing = consents.locator("dt").filter(
        has_text=translated(lang, Consent.Purpose.SHARING.label)
    )
    expect(sharing).to_have_count(1)
    expect(sharing.locator("xpath=following-sibling::dd[1]")).to_contain_text("Amina El Idrissi")
    consent = Consent.objects.get(beneficiary=person)
    assert (consent.purpose, consent.given, consent.recorded_by) == ("sharing", True, worker)

    page.get_by_test_id("cases").get_by_role("link", name=case.number).click()
    expect(page).to_have_url(case_url)
    refer()
    expect(page).to_have_url(case_url)
    expect_language(page, lang, direction)
    entries = timeline_entries(page)
    expect(entries).to_have_count(1)
    expect(entries.first).to_have_class(re.compile(r"\bentry-referral\b"))
    expect(entries.first).to_contain_text(organisation)
    expect(entries.first).to_contain_text(reason)
    expect(entries.first).to_contain_text(WORKER_NAME[lang])
    state = page.get_by_test_id("referral-state")
    expect(state).to_have_text(translated(lang, Referral.State.SENT.label))
    expect(state).to_have_class(re.compile(r"\breferral-sent\b"))
    expect(page.get_by_test_id("referral-completed")).to_have_count(0)

    # It waits for an answer on the worker's list.
    page.goto(f"{portal}/{lang}/beneficiaries/work/")
    expect(page.get_by_test_id("referrals-waiting")).to_contain_text(organisation)
    page.get_by_test_id("referrals-waiting").get_by_role("link").first.click()
    expect(page).to_have_url(case_url)

    page.get_by_test_id("referral-accepted").click()
    expect(state).to_have_text(translated(lang, Referral.State.ACCEPTED.label))
    expect(state).to_have_class(re.compile(r"\breferral-accepted\b"))
    expect(messages(page)).to_contain_text(translated(lang, "The referral has been updated."))
    expect(page.get_by_test_id("referral-accepted")).to_have_count(0)
    expect(page.get_by_test_id("referral-refused")).to_have_count(0)

    page.get_by_test_id("referral-completed").click()
    expect(state).to_have_text(translated(lang, Referral.State.COMPLETED.label))
    expect(state).to_have_class(re.compile(r"\breferral-completed\b"))
    expect(page.get_by_test_id("referral-completed")).to_have_count(0)
    expect_language(page, lang, direction)

    referral = Referral.objects.get()
    today = timezone.localdate()
    assert referral.case == case
    assert referral.author == worker
    assert (referral.target_kind, referral.organisation) == ("association", organisation)
    assert referral.state == Referral.State.COMPLETED
    assert (referral.answered_on, referral.completed_on) == (today, today)
