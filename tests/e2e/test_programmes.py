"""Aid programmes in a browser, on the catalogue that `seed_demo --without-people` leaves.

A technical-aid request walked from its record to its delivery: a social worker of Khouribga
opens a person's file and records her request to the technical-aids programme (the page says she
is eligible), then another person's (the page says why he is not); the delegate records a
committee meeting, approves the first with a wheelchair of the store, refuses to reject the
second without a reason and rejects it with one, downloads the minutes and finds both decisions
in them in the page's language; the worker delivers the wheelchair against a scanned receipt
(a file that is not an image first refused) and the store's page shows one wheelchair less.

An emergency round on a phone (390 px, then 360, never scrolling sideways): the worker registers
households in two communes; a CIN already registered is refused with a link to its household; a
head whose name sounds like one registered (another spelling, another script) is warned of and
registered on confirming; the kits of round 1 are handed out of the store, and the situation
report read back from its PDF counts the households, people and kits.

In Arabic (the default, right to left) and French. Every page passes axe. Screenshots:
test-results/programmes/."""

import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.functional import Promise
from playwright.sync_api import expect

from centres.models import TargetGroup
from demo.programmes import receipt_png
from entraide import numbers
from entraide.roles import Role
from programmes import emergencies, stock
from programmes import requests as services
from programmes.models import (
    AidRequest,
    CommitteeMeeting,
    Entitlement,
    Household,
    Item,
    KitDelivery,
    Programme,
)
from territory.models import OrgUnit
from tests.factories import BeneficiaryFactory, UserFactory

from .conftest import DESKTOP
from .test_design_proof import AXE, RUN_AXE, describe
from .test_walks import SIDEWAYS

pytestmark = pytest.mark.e2e

LANGUAGES = pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("fr", "ltr")])
PASSWORD = "correct horse battery"  # UserFactory's
PHONE = {"width": 390, "height": 844}
PHONE_WIDTHS = (390, 360)


# Helpers --------------------------------------------------------------------------------------


def translated(lang, text, plural=None, n=None, **params):
    """A message (a msgid or a lazy label) in that language, its plural form for `n` when
    `plural` is given, with its parameters."""
    with translation.override(lang):
        if isinstance(text, Promise):
            text = str(text)
        elif plural is not None:
            text = translation.ngettext(text, plural, n)
        else:
            text = translation.gettext(text)
    return text % params if params else text


def expect_language(page, lang, direction):
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("html")).to_have_attribute("dir", direction)


def expect_message(page, text):
    expect(page.locator("ul.messages")).to_contain_text(text)


def check_page(page, folder, name, *, phone=False):
    """No axe violation; no sideways scrolling (at 390 and 360 px for a page used on a phone,
    at the current size otherwise); a full-page screenshot at each width."""
    problems = []
    page.evaluate(f"() => {{ {AXE.read_text(encoding='utf-8')}\n}}")
    found = page.evaluate(RUN_AXE)
    if found["violations"]:
        problems.append("axe violations:\n" + describe(found["violations"]))
    size = page.viewport_size
    for width in PHONE_WIDTHS if phone else (None,):
        if width:
            page.set_viewport_size({"width": width, "height": PHONE["height"]})
        scroll, client = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            sideways = page.evaluate(SIDEWAYS) or {}
            culprits = "; ".join(sideways.get("culprits", []))
            problems.append(
                f"{width or size['width']}px: scrolls sideways ({scroll}px): {culprits}"
            )
        suffix = f"-{width}" if width else ""
        page.screenshot(path=folder / f"{name}{suffix}.png", full_page=True)
    page.set_viewport_size(size)
    assert not problems, f"{name}:\n" + "\n".join(problems)


# The marks pdftotext puts around runs of another direction.
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pdf_text(path):
    """The PDF's text, its bidirectional marks taken out and its lines joined: a table's cell
    that wraps reads as one phrase."""
    text = subprocess.run(  # noqa: S603 - a fixed program on a file of ours
        ["/usr/bin/pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
        timeout=30,
    ).stdout
    return " ".join(BIDI_MARKS.sub("", text).split())


def pdf_rows(path, names, direction):
    """The figures of the table's rows, read from the PDF laid out as printed (a row on one
    line), in the order of the table's columns: {key: figures} for `names`, {key: [the row's
    heading, or its other forms]} (a heading in both languages is on two lines, its figures
    beside one of them)."""
    text = subprocess.run(  # noqa: S603 - a fixed program on a file of ours
        ["/usr/bin/pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
        timeout=30,
    ).stdout
    rows = {}
    for line in BIDI_MARKS.sub("", text).splitlines():
        for key, forms in names.items():
            figures = [int(n) for n in re.findall(r"\b\d+\b", line)]
            if figures and any(form in line for form in forms):
                # Right to left, the first column is printed rightmost.
                rows[key] = figures[::-1] if direction == "rtl" else figures
    return rows


def download(page, portal, href, path):
    response = page.request.get(f"{portal}{href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    path.write_bytes(response.body())
    assert path.read_bytes().startswith(b"%PDF")
    return pdf_text(path)


def sign_out(page):
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/login/"))


def folder_for(pytestconfig):
    folder = Path(pytestconfig.getoption("--output")) / "programmes"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def png(label):
    upload = receipt_png(label)
    return {"name": upload.name, "mimeType": "image/png", "buffer": upload.read()}


# 1. A technical aid, from the request to the delivery -----------------------------------------


def an_aid_case(lang):
    """Khouribga: a worker and a delegate; Nadia, of the target group of people with a
    disability, who declares 1,200 MAD a month; Karim, of no target group; three wheelchairs
    bought into the delegation's store."""
    kho = OrgUnit.objects.get(code="DP-MA-KHO")
    worker = UserFactory(
        username="t-worker-kho", role=Role.SOCIAL_WORKER, arabic_names=True, language=lang
    )
    delegate = UserFactory(username="t-delegate-kho", delegate=True, language=lang)
    nadia = BeneficiaryFactory(
        first_name_ar="نادية",
        last_name_ar="الشرقاوي",
        first_name_lat="Nadia",
        last_name_lat="Cherkaoui",
        sex="F",
        delegation=kho,
    )
    nadia.target_groups.add(TargetGroup.objects.get(code="disability"))
    karim = BeneficiaryFactory(
        first_name_ar="كريم",
        last_name_ar="الفاسي",
        first_name_lat="Karim",
        last_name_lat="Fassi",
        sex="M",
        delegation=kho,
    )
    chair = Item.objects.get(code="wheelchair")
    stock.lot_in(delegation=kho, item=chair, quantity=3, purchase="BC-2026-07", actor=delegate)
    return kho, worker, delegate, nadia, karim, chair


def record_request(page, portal, lang, person, programme, income, need):
    """From the person's file: the request form, its eligibility checked, then recorded."""
    page.goto(f"{portal}/{lang}/beneficiaries/{person.file_number}/")
    page.get_by_test_id("request-aid").click()
    expect(page).to_have_url(f"{portal}/{lang}/programmes/requests/new/{person.file_number}/")
    form = page.get_by_test_id("request-form")
    form.locator("[name=programme]").select_option(str(programme.pk))
    form.locator("[name=monthly_income]").fill(income)
    form.locator("[name=need]").fill(need)
    page.get_by_test_id("check").click()
    expect(page.get_by_test_id("eligibility")).to_be_visible()


@LANGUAGES
def test_a_technical_aid_is_requested_decided_in_committee_and_delivered_from_the_store(
    page, portal, sign_in, pytestconfig, lang, direction
):
    folder = folder_for(pytestconfig)
    kho, worker, delegate, nadia, karim, chair = an_aid_case(lang)
    aids = Programme.objects.get(code="technical-aids")
    with translation.override(lang):
        aids_name, chair_name = aids.name, chair.name
        group = TargetGroup.objects.get(code="disability").name
        budget = numbers.dirhams(aids.budgets.get(unit=kho, year=timezone.localdate().year).amount)
    page.set_viewport_size(DESKTOP)

    # The programmes, as the catalogue of the demo has them: rules in words, this year's budget.
    sign_in(worker.username, lang, PASSWORD)
    page.get_by_test_id("nav-programmes").click()
    expect(page).to_have_url(f"{portal}/{lang}/programmes/")
    expect_language(page, lang, direction)
    card = page.get_by_test_id("programme-technical-aids")
    expect(card.locator("h2")).to_have_text(aids_name)
    expect(card.get_by_test_id("rules").locator("li")).to_have_count(2)
    expect(card.get_by_test_id("rules")).to_contain_text(group)
    expect(card.get_by_test_id("budget")).to_have_text(budget)
    check_page(page, folder, f"{lang}-a01-programmes")

    # Nadia's request: she meets every rule; recorded for the committee.
    need = "Fauteuil roulant pour se rendre au centre · كرسي متحرك للتنقل إلى المركز"
    record_request(page, portal, lang, nadia, aids, "1200", need)
    expect(page.get_by_test_id("eligible")).to_have_text(
        translated(lang, "The person meets every rule of the programme.")
    )
    expect(page.get_by_test_id("why-not")).to_have_count(0)
    assert not AidRequest.objects.exists()  # checking saves nothing
    check_page(page, folder, f"{lang}-a02-request-eligible")
    page.get_by_test_id("record").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/programmes/requests/\d+/$"))
    nadia_request = AidRequest.objects.get(person=nadia)
    expect(page).to_have_url(f"{portal}/{lang}/programmes/requests/{nadia_request.pk}/")
    expect_message(page, translated(lang, "The request has been recorded."))
    expect(page.get_by_test_id("request-status")).to_have_text(
        translated(lang, AidRequest.Status.RECORDED.label)
    )
    expect(page.get_by_test_id("request-facts")).to_contain_text(need)
    check_page(page, folder, f"{lang}-a03-request-recorded")
    assert (nadia_request.eligible, nadia_request.unmet, nadia_request.recorded_by) == (
        True,
        [],
        worker,
    )
    assert nadia_request.monthly_income == Decimal("1200")

    # Karim's: not of the target group; the page says so, and records it all the same.
    record_request(page, portal, lang, karim, aids, "1500", "Béquilles · عكازات")
    with translation.override(lang):
        why = services.why_not(services.check(aids, karim, Decimal("1500")))
    assert why == [
        translated(lang, "The person does not belong to the target group “%(group)s”.", group=group)
    ]
    expect(page.get_by_test_id("why-not").locator("li")).to_have_text(why)
    expect(page.get_by_test_id("eligible")).to_have_count(0)
    check_page(page, folder, f"{lang}-a04-request-not-eligible")
    page.get_by_test_id("record").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/programmes/requests/\d+/$"))
    karim_request = AidRequest.objects.get(person=karim)
    expect(page).to_have_url(f"{portal}/{lang}/programmes/requests/{karim_request.pk}/")
    expect(page.get_by_test_id("why-not").locator("li")).to_have_text(why)
    assert (karim_request.eligible, karim_request.status) == (False, AidRequest.Status.RECORDED)
    sign_out(page)

    # The delegate records the committee's meeting from the programmes page.
    sign_in(delegate.username, lang, PASSWORD)
    page.goto(f"{portal}/{lang}/programmes/")
    page.get_by_test_id("meeting-new-link").click()
    expect(page).to_have_url(f"{portal}/{lang}/programmes/committee/new/")
    form = page.get_by_test_id("meeting-form")
    expect(form.locator("[name=delegation]")).to_have_value(str(kho.pk))
    expect(form.locator("[name=held_on]")).to_have_value(timezone.localdate().isoformat())
    members = "Fatima Zahraoui, déléguée\nسلمى برادة، مساعدة اجتماعية"
    form.locator("[name=members]").fill(members)
    check_page(page, folder, f"{lang}-a05-meeting-new")
    page.get_by_test_id("save-meeting").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/programmes/committee/\d+/$"))
    meeting = CommitteeMeeting.objects.get(delegation=kho)
    expect(page).to_have_url(f"{portal}/{lang}/programmes/committee/{meeting.pk}/")
    expect_message(page, translated(lang, "The meeting has been recorded."))
    expect(page.get_by_test_id(f"pending-{nadia_request.pk}")).to_be_visible()
    pending = page.get_by_test_id(f"pending-{karim_request.pk}")
    with translation.override(lang):
        not_eligible = translation.pgettext("an aid request", "not eligible")
    expect(pending).to_contain_text(not_eligible)
    expect(pending).to_contain_text(why[0])
    check_page(page, folder, f"{lang}-a06-meeting")

    # Nadia's request approved: a wheelchair of the store.
    decide = page.get_by_test_id(f"decide-{nadia_request.pk}")
    prefix = f"r{nadia_request.pk}"
    decide.locator(f"[name={prefix}-decision][value=approved]").check()
    decide.locator(f"[name={prefix}-item]").select_option(str(chair.pk))
    decide.locator(f"[name={prefix}-quantity]").fill("1")
    decide.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{portal}/{lang}/programmes/committee/{meeting.pk}/")
    expect_message(
        page,
        translated(lang, "The decision on %(number)s has been recorded.", number=nadia.file_number),
    )
    decided = page.get_by_test_id(f"decided-{nadia_request.pk}")
    expect(decided.get_by_test_id("request-status")).to_have_text(
        translated(lang, AidRequest.Status.APPROVED.label)
    )
    expect(decided).to_contain_text(chair_name)
    expect(page.get_by_test_id(f"pending-{nadia_request.pk}")).to_have_count(0)

    # Karim's rejected: refused without a reason, then with one.
    decide = page.get_by_test_id(f"decide-{karim_request.pk}")
    prefix = f"r{karim_request.pk}"
    decide.locator(f"[name={prefix}-decision][value=rejected]").check()
    decide.locator("button[type=submit]").click()
    expect(page.locator(f"#id_{prefix}-reason_error")).to_have_text(
        translated(lang, "A rejection gives its reason.")
    )
    karim_request.refresh_from_db()
    assert karim_request.status == AidRequest.Status.RECORDED
    check_page(page, folder, f"{lang}-a07-rejection-refused")
    reason = "Hors public cible du programme · خارج الفئة المستهدفة"
    decide = page.get_by_test_id(f"decide-{karim_request.pk}")
    decide.locator(f"[name={prefix}-decision][value=rejected]").check()
    decide.locator(f"[name={prefix}-reason]").fill(reason)
    decide.locator("button[type=submit]").click()
    expect_message(
        page,
        translated(lang, "The decision on %(number)s has been recorded.", number=karim.file_number),
    )
    decided = page.get_by_test_id(f"decided-{karim_request.pk}")
    expect(decided.get_by_test_id("request-status")).to_have_text(
        translated(lang, AidRequest.Status.REJECTED.label)
    )
    expect(decided).to_contain_text(reason)
    expect(page.get_by_test_id("decided").locator("tbody tr")).to_have_count(2)
    check_page(page, folder, f"{lang}-a08-decisions")
    for aid_request in (nadia_request, karim_request):
        aid_request.refresh_from_db()
        assert aid_request.meeting == meeting
    assert (nadia_request.status, karim_request.status) == ("approved", "rejected")
    assert karim_request.decision_reason == reason
    entitlement = Entitlement.objects.get(request=nadia_request)
    assert (entitlement.item, entitlement.quantity, entitlement.delivered_at) == (chair, 1, None)

    # The minutes: both decisions, in the page's language (and the other's).
    href = page.get_by_test_id("minutes").get_attribute("href")
    assert href == f"/{lang}/programmes/committee/{meeting.pk}/minutes.pdf"
    text = download(page, portal, href, folder / f"{lang}-a08-minutes.pdf")
    assert translated(lang, "Minutes of the aid committee") in text
    assert translated(lang, "Decisions taken") in text
    for label in (AidRequest.Status.APPROVED.label, AidRequest.Status.REJECTED.label):
        assert translated(lang, label) in text
    for aid_request in (nadia_request, karim_request):
        assert aid_request.person.file_number in text
    assert aids_name in text
    assert chair_name in text
    assert "Hors public cible du programme" in text
    assert "Nadia Cherkaoui" in text and "نادية الشرقاوي" in text

    # The store, from the programmes page: three wheelchairs held, one promised.
    page.get_by_test_id("nav-programmes").click()
    page.get_by_test_id("stock-link").click()
    expect(page).to_have_url(f"{portal}/{lang}/programmes/stock/")
    row = page.get_by_test_id("item-wheelchair")
    expect(row.get_by_test_id("held")).to_have_text("3")
    expect(row.get_by_test_id("promised")).to_have_text("1")
    expect(row.get_by_test_id("remaining")).to_have_text("2")
    check_page(page, folder, f"{lang}-a09-store-promised")
    sign_out(page)

    # The worker hands the wheelchair over against the signed receipt, scanned.
    sign_in(worker.username, lang, PASSWORD)
    page.goto(f"{portal}/{lang}/programmes/requests/{nadia_request.pk}/")
    page.get_by_test_id("deliver").click()
    expect(page).to_have_url(f"{portal}/{lang}/programmes/entitlements/{entitlement.pk}/deliver/")
    expect(page.get_by_test_id("held")).to_have_text("3")
    form = page.get_by_test_id("deliver-form")
    # A text file named like an image: refused, nothing taken out of the store.
    form.locator("[name=receipt]").set_input_files(
        {"name": "recu.png", "mimeType": "image/png", "buffer": b"not an image at all"}
    )
    page.get_by_test_id("save-delivery").click()
    expect(page.locator("#id_receipt_error")).to_have_text(
        translated(lang, "The file's content does not match its type.")
    )
    assert stock.held(kho, chair) == 3
    check_page(page, folder, f"{lang}-a10-receipt-refused")
    page.get_by_test_id("deliver-form").locator("[name=receipt]").set_input_files(png("recu"))
    page.get_by_test_id("save-delivery").click()
    expect(page).to_have_url(f"{portal}/{lang}/programmes/requests/{nadia_request.pk}/")
    expect_message(page, translated(lang, "The delivery has been recorded."))
    expect(page.get_by_test_id("deliver")).to_have_count(0)
    receipt = page.get_by_test_id("receipt")
    expect(receipt).to_have_text(translated(lang, "signed receipt"))
    check_page(page, folder, f"{lang}-a11-delivered")
    entitlement.refresh_from_db()
    assert entitlement.delivered_by == worker and entitlement.delivered_at is not None
    assert entitlement.lot.purchase == "BC-2026-07"
    response = page.request.get(f"{portal}{receipt.get_attribute('href')}")
    assert response.status == 200
    assert response.headers["content-type"] == "image/png"
    assert response.body().startswith(b"\x89PNG\r\n\x1a\n")

    # One wheelchair less in the store, nothing promised; the movement listed.
    page.get_by_test_id("nav-programmes").click()
    page.get_by_test_id("stock-link").click()
    expect(page).to_have_url(f"{portal}/{lang}/programmes/stock/")
    expect_language(page, lang, direction)
    row = page.get_by_test_id("item-wheelchair")
    expect(row.get_by_test_id("held")).to_have_text("2")
    expect(row.get_by_test_id("promised")).to_have_text("0")
    expect(row.get_by_test_id("remaining")).to_have_text("2")
    movements = page.get_by_test_id("movements").locator("tbody tr")
    expect(movements.nth(0)).to_contain_text(translated(lang, "delivered"))
    expect(movements.nth(0)).to_contain_text(nadia.file_number)
    check_page(page, folder, f"{lang}-a12-store-after")
    assert stock.held(kho, chair) == 2


# 2. An emergency round on a phone -------------------------------------------------------------

COMMUNES = {"ar": ["وادي زم", "بوجنيبة"], "fr": ["Oued Zem", "Boujniba"]}
TITLES = {"ar": "فيضانات وادي زم", "fr": "Inondations d'Oued Zem"}
# The heads of household as the worker types them, in the page's script; the one who sounds
# like the first is typed in the other script, another spelling.
HEADS = {
    "ar": ["محمد بناني", "فاطنة الكبيري", "أحمد التازي", "خديجة العلمي", "Mohammed Benani"],
    "fr": ["Mohamed Bennani", "Fatna Kabiri", "Ahmed Tazi", "Khadija Alami", "محمد بنّاني"],
}


def an_emergency(lang):
    """Floods in two communes of Khouribga, the demo's emergency kit and programme, forty kits
    bought into the store; a worker of the delegation."""
    kho = OrgUnit.objects.get(code="DP-MA-KHO")
    worker = UserFactory(
        username="t-worker-kho", role=Role.SOCIAL_WORKER, arabic_names=True, language=lang
    )
    delegate = UserFactory(username="t-delegate-kho", delegate=True, language=lang)
    kit = Item.objects.get(code="emergency-kit")
    stock.lot_in(delegation=kho, item=kit, quantity=40, purchase="M-3-2026", actor=delegate)
    emergency = emergencies.emergency_create(
        title=TITLES[lang],
        delegation=kho,
        province=kho.provinces.get(code="MA-KHO"),
        communes=COMMUNES[lang],
        started_on=timezone.localdate(),
        kit=kit,
        programme=Programme.objects.get(code="emergency-relief"),
        actor=delegate,
    )
    return kho, worker, emergency, kit


def fill_household(page, *, head, commune, members, cin="", phone=""):
    form = page.get_by_test_id("household-form")
    form.locator("[name=head_name]").fill(head)
    form.locator("[name=commune]").select_option(commune)
    form.locator("[name=members]").fill(str(members))
    form.locator("[name=cin]").fill(cin)
    form.locator("[name=phone]").fill(phone)
    return form


@LANGUAGES
def test_a_worker_registers_households_on_a_phone_and_hands_the_kits_of_round_one(
    page, portal, sign_in, pytestconfig, lang, direction
):
    folder = folder_for(pytestconfig)
    kho, worker, emergency, kit = an_emergency(lang)
    first, second = COMMUNES[lang]
    heads = HEADS[lang]
    register_url = f"{portal}/{lang}/programmes/emergencies/{emergency.pk}/register/"
    emergency_url = f"{portal}/{lang}/programmes/emergencies/{emergency.pk}/"
    page.set_viewport_size(PHONE)

    sign_in(worker.username, lang, PASSWORD)
    page.get_by_test_id("nav-programmes").click()
    page.get_by_test_id("emergencies-link").click()
    expect(page).to_have_url(f"{portal}/{lang}/programmes/emergencies/")
    expect_language(page, lang, direction)
    page.get_by_role("link", name=TITLES[lang]).click()
    expect(page).to_have_url(emergency_url)
    check_page(page, folder, f"{lang}-b01-emergency-empty", phone=True)
    page.get_by_test_id("register-household").click()
    expect(page).to_have_url(register_url)
    check_page(page, folder, f"{lang}-b02-register", phone=True)

    # Three households, one after the other: the form comes back empty after each.
    registered = [
        (heads[0], first, 5, "BE612345", "06 61 23 45 67"),
        (heads[1], first, 3, "BE623456", ""),
        (heads[2], second, 4, "", "0662345602"),
    ]
    for head, commune, members, cin, phone in registered:
        fill_household(page, head=head, commune=commune, members=members, cin=cin, phone=phone)
        page.get_by_test_id("register").click()
        expect(page).to_have_url(register_url)
        expect_message(
            page, translated(lang, "The household of %(name)s has been registered.", name=head)
        )
        expect(page.get_by_test_id("household-form").locator("[name=head_name]")).to_have_value("")
    check_page(page, folder, f"{lang}-b03-registered", phone=True)
    bennani = Household.objects.get(emergency=emergency, cin="BE612345")
    assert (bennani.head_name, bennani.members, bennani.phone) == (heads[0], 5, "0661234567")

    # The same CIN again: refused, with a link to the household registered with it.
    fill_household(page, head=heads[3], commune=second, members=2, cin="be 612345")
    page.get_by_test_id("register").click()
    expect(page.get_by_test_id("cin-registered")).to_contain_text(
        translated(lang, "A household with this CIN is already registered.")
    )
    link = page.get_by_test_id("existing-household")
    expect(link).to_contain_text(heads[0])
    check_page(page, folder, f"{lang}-b04-cin-registered", phone=True)
    assert Household.objects.filter(emergency=emergency).count() == 3
    link.click()
    expect(page).to_have_url(
        re.compile(rf"/programmes/emergencies/{emergency.pk}/\?.*#household-{bennani.pk}$")
    )
    rows = page.get_by_test_id("households").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(page.get_by_test_id(f"household-{bennani.pk}")).to_contain_text(heads[0])

    # A head whose name sounds like Bennani's, typed in the other script: warned, then
    # registered once the worker confirms it is another household.
    page.goto(register_url)
    fill_household(page, head=heads[4], commune=first, members=2)
    page.get_by_test_id("register").click()
    warning = page.get_by_test_id("likely-same")
    expect(warning).to_be_visible()
    expect(warning.get_by_test_id(f"alike-{bennani.pk}")).to_contain_text(heads[0])
    assert Household.objects.filter(emergency=emergency).count() == 3
    check_page(page, folder, f"{lang}-b05-sounds-alike", phone=True)
    form = page.get_by_test_id("household-form")
    expect(form.locator("[name=head_name]")).to_have_value(heads[4])
    form.locator("label[for=id_confirmed]").click()
    expect(form.locator("[name=confirmed]")).to_be_checked()
    page.get_by_test_id("register").click()
    expect(page).to_have_url(register_url)
    expect_message(
        page, translated(lang, "The household of %(name)s has been registered.", name=heads[4])
    )
    assert Household.objects.filter(emergency=emergency).count() == 4

    # The kits of round 1: handed to three households, out of the store.
    page.goto(emergency_url)
    expect(page.get_by_test_id("households").locator("tbody tr")).to_have_count(4)
    for head in heads[:3]:
        household = Household.objects.get(emergency=emergency, head_name=head)
        row = page.get_by_test_id(f"household-{household.pk}")
        row.get_by_test_id("give-kit").click()
        expect_message(
            page,
            translated(
                lang,
                "The kit of round %(round)s has been handed to %(name)s.",
                round=1,
                name=head,
            ),
        )
        expect(
            page.get_by_test_id(f"household-{household.pk}").get_by_test_id("kit-given")
        ).to_be_visible()
    expect(page.get_by_test_id("stock-left")).to_have_text("37")
    total = page.get_by_test_id("situation-total")
    expect(total.locator("td").nth(0)).to_have_text("4")  # households
    expect(total.locator("td").nth(1)).to_have_text("14")  # people
    expect(total.locator("td").nth(2)).to_have_text("3")  # kits of round 1
    check_page(page, folder, f"{lang}-b06-kits-handed", phone=True)
    assert KitDelivery.objects.filter(household__emergency=emergency, round=1).count() == 3
    assert stock.held(kho, kit) == 37

    # The situation report, read back: the counts by commune and in all.
    href = page.get_by_test_id("situation-pdf").get_attribute("href")
    assert href == f"/{lang}/programmes/emergencies/{emergency.pk}/situation.pdf"
    path = folder / f"{lang}-b07-situation.pdf"
    text = download(page, portal, href, path)
    assert translated(lang, "Daily situation report") in text
    assert TITLES[lang] in text
    total = [translated(language, "Total") for language in ("ar", "fr")]
    rows = pdf_rows(path, {first: [first], second: [second], "total": total}, direction)
    # Households, people, kits of round 1 and that day, kits and kits that day.
    assert rows == {
        first: [3, 10, 2, 2, 2, 2],
        second: [1, 4, 1, 1, 1, 1],
        "total": [4, 14, 3, 3, 3, 3],
    }, text
    assert re.search(r"\b37\b", text)  # the kits left in the store
    report = emergencies.situation(emergency)
    assert (report.total.households, report.total.people, report.total.kits_total) == (4, 14, 3)
