"""A referral answered by the receiver, in a browser: a Khouribga social worker refers a person
to the demo manager's centre, with the service and urgency asked for; the centre's manager
signs in, finds it in the inbox (what the person's consent to sharing allows of her), refuses
nothing, accepts it; the worker is told and reads the answer on the case. In Arabic (right to
left) and French, at a phone's width (360 px) and a desktop's. Screenshots:
test-results/referrals/."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.functional import Promise
from playwright.sync_api import expect

from beneficiaries.models import Consent, Referral
from centres.models import Centre, Service
from entraide.models import User
from notifications.models import Kind, Notification
from tests.factories import BeneficiaryFactory, CaseFileFactory

from .conftest import DESKTOP
from .test_design_proof import AXE, RUN_AXE, describe
from .test_walks import SIDEWAYS

pytestmark = pytest.mark.e2e

LANGUAGES = pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("fr", "ltr")])
NARROW = {"width": 360, "height": 800}
SIZES = (("360", NARROW), ("1280", DESKTOP))
CENTRE = "C-KHO-001"  # the demo centre manager's centre


def translated(lang, text, **params):
    with translation.override(lang):
        text = str(text) if isinstance(text, Promise) else translation.gettext(text)
    return text % params if params else text


def expect_language(page, lang, direction):
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("html")).to_have_attribute("dir", direction)


def fits_and_passes_axe(page, name, folder, lang):
    """No sideways scroll at either width, no axe violation; a full-page screenshot of each."""
    problems = []
    page.evaluate(f"() => {{ {AXE.read_text(encoding='utf-8')}\n}}")
    found = page.evaluate(RUN_AXE)
    if found["violations"]:
        problems.append("axe violations:\n" + describe(found["violations"]))
    for width, size in SIZES:
        page.set_viewport_size(size)
        sideways = page.evaluate(SIDEWAYS)
        if sideways:
            problems.append(f"{width}px: {'; '.join(sideways['culprits'])}")
        page.screenshot(path=folder / f"{lang}-{width}-{name}.png", full_page=True)
    page.set_viewport_size(DESKTOP)
    assert not problems, f"{name} ({lang}):\n" + "\n".join(problems)


@LANGUAGES
def test_a_khouribga_referral_to_a_centre_is_accepted_by_its_manager(
    page, portal, sign_in, pytestconfig, lang, direction
):
    folder = Path(pytestconfig.getoption("--output")) / "referrals"
    folder.mkdir(parents=True, exist_ok=True)
    worker = User.objects.get(username="worker")
    manager = User.objects.get(username="manager")
    centre = Centre.objects.get(code=CENTRE)
    assert centre.managers.filter(pk=manager.pk).exists()
    person = BeneficiaryFactory(
        first_name_ar="زينب",
        last_name_ar="الحسني",
        first_name_lat="Zineb",
        last_name_lat="El Hassani",
        cin="BH765432",
        phone="0661234567",
    )
    Consent.objects.create(
        beneficiary=person, purpose=Consent.Purpose.SHARING, given=True, recorded_by=worker
    )
    case = CaseFileFactory(beneficiary=person, number=f"{person.file_number}-1", worker=worker)
    case_url = f"{portal}/{lang}/beneficiaries/cases/{case.number}/"
    service = Service.objects.get(code="child-protection")
    reason = "Mise à l'abri de ses deux enfants · إيواء طفليها"

    # The worker refers her to the centre, urgently.
    sign_in("worker", lang)
    page.goto(case_url)
    expect_language(page, lang, direction)
    page.get_by_test_id("add-referral").click()
    form = page.get_by_test_id("form-referral")
    form.locator("[name=referral-target_kind]").select_option(Referral.TargetKind.CENTRE.value)
    form.locator("[name=referral-centre]").select_option(str(centre.pk))
    form.locator("[name=referral-service]").select_option(str(service.pk))
    form.locator("[name=referral-urgency]").select_option(Referral.Urgency.URGENT.value)
    form.locator("[name=referral-reason]").fill(reason)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(case_url)
    state = page.get_by_test_id("referral-state")
    expect(state).to_have_text(translated(lang, Referral.State.SENT.label))
    expect(page.get_by_test_id("referral-due")).to_be_visible()
    # The centre answers it: the worker may withdraw it, no longer accept or refuse it.
    expect(page.get_by_test_id("referral-accepted")).to_have_count(0)
    expect(page.get_by_test_id("referral-withdrawn")).to_be_visible()
    referral = Referral.objects.get(case=case)
    assert (referral.urgency, referral.service) == ("urgent", service)
    assert referral.due_at - referral.sent_at == datetime.timedelta(hours=12)
    page.get_by_test_id("logout").click()

    # Another referral to the centre, ten days old: past its deadline, about a man who did
    # not consent to his data being shared.
    other = BeneficiaryFactory(first_name_lat="Hamid", last_name_lat="Rami", sex="M")
    late = Referral.objects.create(
        case=CaseFileFactory(beneficiary=other, number=f"{other.file_number}-1", worker=worker),
        author=worker,
        target_kind=Referral.TargetKind.CENTRE,
        centre=centre,
        reason="Formation en menuiserie",
        date=referral.date - datetime.timedelta(days=10),
    )

    # The manager finds them in the inbox, the late one first; the woman named (she consented
    # to sharing), never her CIN; the man not named.
    sign_in("manager", lang)
    waiting = page.get_by_test_id("awaiting").locator(
        "[data-key='beneficiaries.referrals_received']"
    )
    expect(waiting.locator(".figure")).to_have_text("2")
    page.get_by_test_id("nav-inbox").click()
    expect(page).to_have_url(f"{portal}/{lang}/beneficiaries/referrals/received/")
    expect_language(page, lang, direction)
    expect(page.locator("h1")).to_have_text(translated(lang, "Referrals received"))
    expect(page.get_by_test_id("inbox-overdue")).to_be_visible()
    cards = page.get_by_test_id("inbox-list").get_by_test_id("received-referral")
    expect(cards).to_have_count(2)
    first = cards.first
    expect(first).to_have_attribute("data-referral", str(late.pk))
    expect(first.get_by_test_id("received-overdue")).to_be_visible()
    expect(first.get_by_test_id("received-withheld")).to_be_visible()
    expect(first).not_to_contain_text("Hamid")
    card = cards.nth(1)
    expect(card).to_contain_text(case.number)
    expect(card.get_by_test_id("received-person")).to_contain_text("Zineb El Hassani")
    expect(card.get_by_test_id("received-person")).to_contain_text("زينب الحسني")
    expect(card.get_by_test_id("received-phone")).to_have_text("0661234567")
    expect(card).not_to_contain_text("BH765432")
    expect(card).to_contain_text(service.name_fr if lang == "fr" else service.name_ar)
    expect(card.get_by_test_id("received-reason")).to_have_text(reason)
    expect(card.get_by_test_id("received-state")).to_have_text(
        translated(lang, Referral.State.SENT.label)
    )
    # The refusal form opens in place, its reasons coded.
    card.get_by_test_id("answer-refuse-open").click()
    refusal = card.get_by_test_id("refusal-form")
    expect(refusal).to_be_visible()
    expect(refusal.locator("select option")).to_have_count(len(Referral.RefusalReason) + 1)
    fits_and_passes_axe(page, "inbox", folder, lang)

    # The referral's own page.
    card.get_by_role("link").first.click()
    expect(page).to_have_url(f"{portal}/{lang}/beneficiaries/referrals/received/{referral.pk}/")
    expect_language(page, lang, direction)
    fits_and_passes_axe(page, "referral", folder, lang)

    page.get_by_test_id("answer-accept").click()
    expect(page).to_have_url(f"{portal}/{lang}/beneficiaries/referrals/received/")
    expect(page.locator("ul.messages")).to_contain_text(
        translated(lang, "The referral has been accepted: the referring worker is told.")
    )
    expect(cards).to_have_count(1)
    expect(cards.first).to_have_attribute("data-referral", str(late.pk))
    page.get_by_test_id("inbox-tab-accepted").click()
    expect(cards).to_have_count(1)
    expect(cards.first.get_by_test_id("received-state")).to_have_text(
        translated(lang, Referral.State.ACCEPTED.label)
    )
    expect(cards.first.get_by_test_id("answer-complete")).to_be_visible()
    fits_and_passes_axe(page, "inbox-accepted", folder, lang)
    referral.refresh_from_db()
    assert (referral.state, referral.answered_by) == ("accepted", manager)
    notice = Notification.objects.get(recipient=worker, kind=Kind.REFERRAL_ANSWERED)
    assert notice.about == case.number
    page.get_by_test_id("logout").click()

    # The worker reads the answer on the case.
    sign_in("worker", lang)
    page.goto(case_url)
    expect(state).to_have_text(translated(lang, Referral.State.ACCEPTED.label))
    expect(page.get_by_test_id("referral-answered")).to_contain_text(
        re.compile("Khadija Ouazzani|خديجة الوزاني")
    )
    page.set_viewport_size(NARROW)
    page.screenshot(path=folder / f"{lang}-360-case.png", full_page=True)

    # The delegate reads the centres' response times in the month's activity report.
    page.get_by_test_id("logout").click()
    sign_in("delegate", lang)
    page.goto(f"{portal}/{lang}/reports/DP-MA-KHO/")
    table = page.get_by_test_id("report-response-times")
    expect(table.locator("tbody tr", has_text=CENTRE)).to_have_count(1)
    for width, size in SIZES:
        page.set_viewport_size(size)
        assert not page.evaluate(SIDEWAYS), width
        page.screenshot(path=folder / f"{lang}-{width}-report.png", full_page=True)
