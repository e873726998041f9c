"""A centre's register in a browser, from the waiting list to the delegation's validation of the
month it gives. A centre manager signs in and finds the register's panel on the home page; opens
the section; admits the first person on the waiting list (no reason needed), then one with a
person before her (a reason needed: refused without one, then given); calls the roll on a phone
(two people marked absent by a tap each); records a trainee's exit with outcome "completed",
downloads the certificate and has it checked on the public page by someone without an account;
opens the centre's month computed from the register, corrects a figure with a reason and submits
it. The delegate of the centre's delegation validates the month, which is then locked.

In Arabic (the default, right to left) and French; the roll-call and the enrolment pages at a
phone's width too (390 and 360 px), with no sideways scrolling. Every page passes axe.
Screenshots: test-results/enrolments/."""

import datetime
import re
import subprocess
from pathlib import Path

import pytest
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from playwright.sync_api import expect

from centres.models import MonthlyActivity, TargetGroup
from enrolments.models import Attendance, Enrolment, MonthCorrection, RollCall, WaitingListChange
from entraide.roles import Role
from tests.factories import (
    BeneficiaryFactory,
    CentreFactory,
    EnrolmentFactory,
    SectionFactory,
    UserFactory,
)

from .conftest import DESKTOP
from .test_design_proof import AXE, RUN_AXE, describe
from .test_walks import SIDEWAYS

pytestmark = pytest.mark.e2e

LANGUAGES = pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("fr", "ltr")])
PASSWORD = "correct horse battery"  # UserFactory's
PHONE = {"width": 390, "height": 844}
PHONE_WIDTHS = (390, 360)
SECTION_NAMES = {"ar": "الخياطة والطرز", "fr": "Couture et broderie"}


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
        # From the end of the page: a bar stuck to the bottom of the screen (the roll-call's
        # counts) then shows where it ends, not over the first people of the list.
        page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
        suffix = f"-{width}" if width else ""
        page.screenshot(path=folder / f"{name}{suffix}.png", full_page=True)
    page.set_viewport_size(size)
    assert not problems, f"{name}:\n" + "\n".join(problems)


def pdf_text(path):
    return subprocess.run(  # noqa: S603 - a fixed program on a file of ours
        ["/usr/bin/pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
        timeout=30,
    ).stdout


def sign_out(page):
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/login/"))


def person(first_ar, last_ar, first_lat, last_lat, sex, section):
    return BeneficiaryFactory(
        first_name_ar=first_ar,
        last_name_ar=last_ar,
        first_name_lat=first_lat,
        last_name_lat=last_lat,
        sex=sex,
        delegation=section.centre.delegation,
    )


def a_register(lang):
    """A Khouribga centre managed by a new centre manager, a section of the season with six
    places, four people attending and three waiting, each first by another rule of the order:
    Zineb by her target group (one the section serves first), Khalid by his vulnerability,
    Salma, who asked first, last."""
    today = timezone.localdate()
    women = TargetGroup.objects.get(code="women")
    manager = UserFactory(
        username="t-manager-kho", role=Role.CENTRE_MANAGER, arabic_names=True, language=lang
    )
    delegate = UserFactory(username="t-delegate-kho", delegate=True, language=lang)
    centre = CentreFactory(capacity=100)
    centre.managers.add(manager)
    centre.target_groups.add(women)
    section = SectionFactory(centre=centre, name=SECTION_NAMES[lang], places=6)
    section.priority_groups.add(women)

    def attending(*names, group=None):
        return EnrolmentFactory(
            section=section,
            person=person(*names, section),
            status=Enrolment.Status.ACTIVE,
            requested_on=section.starts_on,
            admitted_on=section.starts_on,
            target_group=group,
        )

    def waiting(*names, days, group=None, vulnerability=Enrolment.Vulnerability.ORDINARY):
        return EnrolmentFactory(
            section=section,
            person=person(*names, section),
            requested_on=today - datetime.timedelta(days=days),
            target_group=group,
            priority_group=group == women,
            vulnerability=vulnerability,
        )

    placed = {
        "amina": attending("أمينة", "بنعلي", "Amina", "Benali", "F", group=women),
        "hamid": attending("حميد", "الرامي", "Hamid", "Rami", "M"),
        "naima": attending("نعيمة", "التازي", "Naima", "Tazi", "F", group=women),
        "youssef": attending("يوسف", "العلوي", "Youssef", "Alaoui", "M"),
    }
    queue = {
        "zineb": waiting("زينب", "الحسني", "Zineb", "El Hassani", "F", days=10, group=women),
        "khalid": waiting(
            "خالد",
            "الإدريسي",
            "Khalid",
            "Idrissi",
            "M",
            days=5,
            vulnerability=Enrolment.Vulnerability.URGENT,
        ),
        "salma": waiting("سلمى", "برادة", "Salma", "Berrada", "F", days=20),
    }
    section.refresh_from_db()
    assert (section.places, section.taken) == (6, 4)
    return manager, delegate, centre, section, placed, queue


# The scenario ---------------------------------------------------------------------------------


@LANGUAGES
def test_a_centre_manager_keeps_the_register_and_the_delegate_validates_its_month(
    page, portal, sign_in, browser, browser_context_args, pytestconfig, tmp_path, lang, direction
):
    folder = Path(pytestconfig.getoption("--output")) / "enrolments"
    folder.mkdir(parents=True, exist_ok=True)
    manager, delegate, centre, section, placed, queue = a_register(lang)
    zineb, khalid, salma = queue["zineb"], queue["khalid"], queue["salma"]
    today = timezone.localdate()
    section_url = f"{portal}/{lang}/enrolments/sections/{section.pk}/"
    page.set_viewport_size(DESKTOP)

    # 1. The manager's home page: the register's panel, with the section of the season.
    sign_in(manager.username, lang, PASSWORD)
    page.goto(f"{portal}/{lang}/")
    expect_language(page, lang, direction)
    panel = page.get_by_test_id("centres-today")
    expect(panel).to_be_visible()
    expect(panel.get_by_test_id("panel-waiting-total")).to_have_text("3")
    expect(panel.get_by_test_id("panel-free-total")).to_have_text("2")
    expect(panel.get_by_test_id("panel-to-call")).to_have_text("1")
    row = panel.locator(f"[data-testid=panel-section][data-section='{section.pk}']")
    expect(row).to_contain_text(section.name)
    expect(row.get_by_test_id("panel-waiting")).to_have_text("3")
    expect(row.get_by_test_id("panel-free")).to_have_text(
        translated(lang, "%(free)s of %(places)s", free="2", places="6")
    )
    expect(row.get_by_test_id("panel-roll").locator("a.button")).to_have_text(
        translated(lang, "Call the roll")
    )
    check_page(page, folder, f"{lang}-01-home")

    # The section, from the panel: four people placed, three waiting in the list's order.
    row.locator("th a").click()
    expect(page).to_have_url(section_url)
    expect(page.locator("h1")).to_have_text(section.name)
    expect(page.get_by_test_id("places")).to_contain_text(
        translated(
            lang,
            "%(counter)s place: %(taken)s taken, %(free)s free",
            "%(counter)s places: %(taken)s taken, %(free)s free",
            6,
            counter="6",
            taken="4",
            free="2",
        )
    )
    expect(page.get_by_test_id("placed").locator("tbody tr")).to_have_count(4)
    waiting_rows = page.get_by_test_id("waiting").locator("tbody tr")
    expect(waiting_rows).to_have_count(3)
    for position, enrolment in enumerate((zineb, khalid, salma), start=1):
        expect(waiting_rows.nth(position - 1)).to_have_attribute(
            "data-testid", f"waiting-{enrolment.pk}"
        )
        expect(waiting_rows.nth(position - 1).get_by_test_id("position")).to_have_text(
            str(position)
        )
    expect(waiting_rows.nth(0)).to_contain_text(translated(lang, "served first"))
    expect(waiting_rows.nth(1)).to_contain_text(
        translated(lang, Enrolment.Vulnerability.URGENT.label)
    )
    check_page(page, folder, f"{lang}-02-section")

    # The first on the list: why she is there, and admitted without a reason.
    waiting_rows.nth(0).locator("a").first.click()
    expect(page).to_have_url(f"{portal}/{lang}/enrolments/enrolled/{zineb.pk}/")
    expect(page.get_by_test_id("enrolment-status")).to_have_text(
        translated(lang, Enrolment.Status.WAITING.label)
    )
    standing = page.get_by_test_id("standing")
    expect(standing.get_by_test_id("position")).to_have_text(
        translated(
            lang,
            "Position %(position)s of %(counter)s person waiting.",
            "Position %(position)s of %(counter)s people waiting.",
            3,
            position="1",
            counter="3",
        )
    )
    expect(standing.get_by_test_id("why")).to_have_text(
        translated(lang, "Nobody comes before: this person is first on the list.")
    )
    # Nothing to explain: no reason asked for.
    expect(page.get_by_test_id("admit-form").locator("[name=reason]")).to_have_count(0)
    check_page(page, folder, f"{lang}-03-first-waiting")
    page.get_by_test_id("admit").click()
    expect(page).to_have_url(f"{portal}/{lang}/enrolments/enrolled/{zineb.pk}/")
    expect_message(page, translated(lang, "The person has been admitted."))
    expect(page.get_by_test_id("enrolment-status")).to_have_text(
        translated(lang, Enrolment.Status.ADMITTED.label)
    )
    expect(page.get_by_test_id("standing")).to_have_count(0)
    admitted = page.get_by_test_id("changes").get_by_test_id("change-admitted")
    expect(admitted.get_by_test_id("position-before")).to_have_text("1")
    zineb.refresh_from_db()
    assert (zineb.status, zineb.admitted_on) == (Enrolment.Status.ADMITTED, today)

    # Salma, now second behind Khalid, who is more vulnerable: admitting her takes a reason.
    page.goto(section_url)
    page.get_by_test_id(f"waiting-{salma.pk}").locator("a").first.click()
    expect(page).to_have_url(f"{portal}/{lang}/enrolments/enrolled/{salma.pk}/")
    standing = page.get_by_test_id("standing")
    expect(standing.get_by_test_id("position")).to_have_text(
        translated(
            lang,
            "Position %(position)s of %(counter)s person waiting.",
            "Position %(position)s of %(counter)s people waiting.",
            2,
            position="2",
            counter="2",
        )
    )
    expect(standing.get_by_test_id("why")).to_have_text(
        translated(
            lang,
            "%(counter)s person comes before because they are more vulnerable.",
            "%(counter)s people come before because they are more vulnerable.",
            1,
            counter="1",
        )
    )
    reason = page.get_by_test_id("admit-form").locator("[name=reason]")
    expect(reason).to_be_visible()
    check_page(page, folder, f"{lang}-04-second-waiting", phone=True)
    page.get_by_test_id("admit").click()
    expect(page.locator("#admit_reason_error")).to_have_text(
        translated(lang, "Say why this person is admitted first.")
    )
    expect(page.get_by_test_id("enrolment-status")).to_have_text(
        translated(lang, Enrolment.Status.WAITING.label)
    )
    salma.refresh_from_db()
    assert salma.status == Enrolment.Status.WAITING
    check_page(page, folder, f"{lang}-05-admission-refused", phone=True)
    why = "Elle reprend la formation commencée l'an dernier · تستأنف تكوينها"
    page.get_by_test_id("admit-form").locator("[name=reason]").fill(why)
    page.get_by_test_id("admit").click()
    expect(page).to_have_url(f"{portal}/{lang}/enrolments/enrolled/{salma.pk}/")
    expect_message(page, translated(lang, "The person has been admitted."))
    admitted = page.get_by_test_id("changes").get_by_test_id("change-admitted")
    expect(admitted).to_contain_text(why)
    expect(admitted.get_by_test_id("position-before")).to_have_text("2")
    salma.refresh_from_db()
    assert salma.status == Enrolment.Status.ADMITTED
    change = WaitingListChange.objects.get(enrolment=salma, kind=WaitingListChange.Kind.ADMITTED)
    assert (change.position_before, change.reason, change.by) == (2, why, manager)

    # The section is full now; Khalid waits, first.
    page.goto(section_url)
    expect(page.get_by_test_id("places")).to_contain_text(translated(lang, "full"))
    expect(page.get_by_test_id("placed").locator("tbody tr")).to_have_count(6)
    expect(page.get_by_test_id("waiting").locator("tbody tr")).to_have_count(1)
    expect(page.get_by_test_id(f"waiting-{khalid.pk}").get_by_test_id("position")).to_have_text("1")

    # 2. The roll-call on a phone: everyone present, two tapped absent, saved.
    page.set_viewport_size(PHONE)
    page.get_by_test_id("roll-call").click()
    roll_url = f"{portal}/{lang}/enrolments/sections/{section.pk}/roll-call/"
    expect(page).to_have_url(roll_url)
    expect_language(page, lang, direction)
    expect(page.get_by_test_id("roll-new")).to_be_visible()
    toggles = page.get_by_test_id("roll-toggle")
    expect(toggles).to_have_count(6)
    for index in range(6):
        expect(toggles.nth(index)).to_be_checked()
    counts = page.get_by_test_id("roll-counts")
    expect(counts.locator("[data-count=present]")).to_have_text("6")
    expect(counts.locator("[data-count=absent]")).to_have_text("0")
    check_page(page, folder, f"{lang}-06-roll-call", phone=True)
    absent = [placed["hamid"], placed["youssef"]]
    for enrolment in absent:
        toggle = page.locator(f"[data-testid=roll-toggle][value='{enrolment.pk}']")
        page.locator(f"label[for='{toggle.get_attribute('id')}']").click()
        expect(toggle).not_to_be_checked()
    expect(counts.locator("[data-count=present]")).to_have_text("4")
    expect(counts.locator("[data-count=absent]")).to_have_text("2")
    check_page(page, folder, f"{lang}-07-roll-call-two-absent", phone=True)
    page.get_by_test_id("save-roll").click()
    expect(page).to_have_url(f"{roll_url}?day={today.isoformat()}")
    with translation.override(lang):
        saved = translation.ngettext(
            "The roll of %(day)s is saved: %(present)s present out of %(count)s person called.",
            "The roll of %(day)s is saved: %(present)s present out of %(count)s people called.",
            6,
        ) % {"day": formats.date_format(today, "SHORT_DATE_FORMAT"), "present": 4, "count": 6}
    expect_message(page, saved)
    # The saved marks: the roll called, the two absent unticked, the counts.
    expect(page.get_by_test_id("roll-called")).to_be_visible()
    for enrolment in absent:
        expect(
            page.locator(f"[data-testid=roll-toggle][value='{enrolment.pk}']")
        ).not_to_be_checked()
    for enrolment in (placed["amina"], placed["naima"], zineb, salma):
        expect(page.locator(f"[data-testid=roll-toggle][value='{enrolment.pk}']")).to_be_checked()
    expect(counts.locator("[data-count=present]")).to_have_text("4")
    expect(counts.locator("[data-count=absent]")).to_have_text("2")
    check_page(page, folder, f"{lang}-08-roll-call-saved", phone=True)
    roll_call = RollCall.objects.get(section=section, day=today)
    marks = dict(
        Attendance.objects.filter(roll_call=roll_call).values_list("enrolment_id", "present")
    )
    assert marks == {
        **{e.pk: True for e in (placed["amina"], placed["naima"], zineb, salma)},
        **{e.pk: False for e in absent},
    }
    # Those admitted and present now attend.
    assert set(
        Enrolment.objects.filter(pk__in=[zineb.pk, salma.pk]).values_list("status", flat=True)
    ) == {Enrolment.Status.ACTIVE}
    page.set_viewport_size(DESKTOP)

    # 3. Amina completes the training: her exit, its certificate, checked by anyone.
    amina = placed["amina"]
    page.goto(section_url)
    page.get_by_test_id(f"placed-{amina.pk}").locator("a").first.click()
    expect(page).to_have_url(f"{portal}/{lang}/enrolments/enrolled/{amina.pk}/")
    page.get_by_test_id("exit").click()
    expect(page).to_have_url(f"{portal}/{lang}/enrolments/enrolled/{amina.pk}/exit/")
    form = page.get_by_test_id("exit-form")
    expect(form.locator("[name=left_on]")).to_have_value(today.isoformat())
    form.locator("[name=outcome]").select_option(Enrolment.Outcome.COMPLETED.value)
    check_page(page, folder, f"{lang}-09-exit")
    page.get_by_test_id("save-exit").click()
    expect(page).to_have_url(f"{portal}/{lang}/enrolments/enrolled/{amina.pk}/")
    amina.refresh_from_db()
    assert (amina.status, amina.outcome, amina.left_on) == (
        Enrolment.Status.LEFT,
        Enrolment.Outcome.COMPLETED,
        today,
    )
    number, code = amina.certificate_number, amina.certificate_code
    assert re.fullmatch(rf"EN-AT-{today.year}-\d{{6}}", number)
    assert len(code) == 12
    expect_message(
        page,
        translated(
            lang,
            "The exit has been recorded. Certificate %(number)s has been issued.",
            number=number,
        ),
    )
    expect(page.get_by_test_id("outcome")).to_have_text(
        translated(lang, Enrolment.Outcome.COMPLETED.label)
    )
    certificate = page.get_by_test_id("certificate")
    expect(certificate).to_contain_text(number)
    link = certificate.get_by_test_id("certificate-pdf")
    expect(link).to_have_text(translated(lang, "Download the certificate (PDF)"))
    check_page(page, folder, f"{lang}-10-certificate", phone=True)

    href = link.get_attribute("href")
    assert href == f"/{lang}/enrolments/enrolled/{amina.pk}/certificate.pdf"
    response = page.request.get(f"{portal}{href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert f'filename="{number}.pdf"' in response.headers["content-disposition"]
    path = tmp_path / f"{number}.pdf"
    path.write_bytes(response.body())
    assert path.read_bytes().startswith(b"%PDF")
    text = pdf_text(path)
    assert number in text
    printed = "-".join(code[i : i + 4] for i in range(0, 12, 4))
    assert printed in text
    assert "Benali" in text
    assert section.name in text

    # Someone without an account types the code as printed (lower case even): genuine.
    context = browser.new_context(**browser_context_args)
    try:
        public = context.new_page()
        public.goto(f"{portal}/{lang}/enrolments/verify/")
        expect_language(public, lang, direction)
        expect(public).to_have_url(f"{portal}/{lang}/enrolments/verify/")
        check_page(public, folder, f"{lang}-11-verify", phone=True)
        public.get_by_test_id("verify-form").locator("[name=code]").fill(printed.lower())
        public.get_by_test_id("check").click()
        expect(public).to_have_url(f"{portal}/{lang}/enrolments/verify/{code}/")
        expect(public.get_by_test_id("genuine")).to_be_visible()
        expect(public.locator("h1")).to_have_text(translated(lang, "Genuine certificate"))
        facts = public.get_by_test_id("certificate")
        expect(facts).to_contain_text(number)
        expect(facts).to_contain_text("Amina Benali")
        expect(facts).to_contain_text(section.name)
        # Nothing else of her: no file number.
        expect(facts).not_to_contain_text(amina.person.file_number)
        expect(public.get_by_test_id("logout")).to_have_count(0)
        check_page(public, folder, f"{lang}-12-verified", phone=True)
    finally:
        context.close()

    # 4. The centre's month, from its activity page: the register's figures, one corrected.
    month = today.replace(day=1)
    activity_url = f"{portal}/{lang}/centres/{centre.code}/activity/{month.year}/{month.month}/"
    month_url = f"{portal}/{lang}/enrolments/centre/{centre.code}/month/{month.year}/{month.month}/"
    page.goto(activity_url)
    expect(page.get_by_test_id("computed-not-started")).to_be_visible()
    page.get_by_test_id("computed-month-link").click()
    expect(page).to_have_url(month_url)
    expect_language(page, lang, direction)
    # Served: those present at least once when the roll was called (today's the month's only
    # one): Amina and Naima, Zineb and Salma; not Hamid and Youssef, absent. Entries: the
    # people served admitted this month; exits: Amina; sessions: today's roll-call.
    entries = 2 + sum(
        enrolment.admitted_on >= month for enrolment in (placed["amina"], placed["naima"])
    )
    figures = {"people_served": 4, "new_entries": entries, "exits": 1, "sessions_held": 1}
    form = page.get_by_test_id("month-form")
    for name, value in figures.items():
        expect(form.locator(f"input[name={name}]")).to_have_value(str(value))
        expect(page.get_by_test_id(f"computed-{name}")).to_have_text(
            translated(lang, "From the register: %(count)s", count=value)
        )
    expect(page.get_by_test_id("no-corrections")).to_be_visible()
    check_page(page, folder, f"{lang}-13-month")
    # A session held outside, without a roll-call: corrected, first without a reason.
    form.locator("input[name=sessions_held]").fill("2")
    page.get_by_test_id("submit-month").click()
    expect(page.locator("#id_reason_error")).to_have_text(
        translated(lang, "Say why the figures are corrected.")
    )
    assert not MonthlyActivity.objects.filter(centre=centre, month=month).exists()
    check_page(page, folder, f"{lang}-14-month-refused")
    because = "Sortie au souk sans appel · خرجة إلى السوق"
    page.get_by_test_id("month-form").locator("[name=reason]").fill(because)
    page.get_by_test_id("submit-month").click()
    expect(page).to_have_url(month_url)
    expect_message(page, translated(lang, "The month has been submitted to the delegation."))
    expect(page.get_by_test_id("month-status")).to_contain_text(
        translated(lang, MonthlyActivity.Status.SUBMITTED.label)
    )
    corrections = page.get_by_test_id("month-corrections").locator("tbody tr")
    expect(corrections).to_have_count(1)
    expect(corrections.nth(0)).to_contain_text(because)
    expect(corrections.nth(0)).to_contain_text(
        translated(lang, MonthCorrection.Figure.SESSIONS_HELD.label)
    )
    expect(page.get_by_test_id("month-form").locator("input[name=sessions_held]")).to_have_value(
        "2"
    )
    check_page(page, folder, f"{lang}-15-month-submitted")
    activity = MonthlyActivity.objects.get(centre=centre, month=month)
    assert activity.status == MonthlyActivity.Status.SUBMITTED
    assert (activity.people_served, activity.new_entries, activity.exits) == (4, entries, 1)
    assert activity.sessions_held == 2
    correction = MonthCorrection.objects.get(activity=activity)
    assert (correction.figure, correction.computed, correction.corrected) == (
        MonthCorrection.Figure.SESSIONS_HELD,
        1,
        2,
    )
    assert (correction.reason, correction.by) == (because, manager)
    sign_out(page)

    # 5. The delegate validates the month on the centre's activity page: locked.
    sign_in(delegate.username, lang, PASSWORD)
    page.goto(activity_url)
    expect_language(page, lang, direction)
    expect(page.get_by_test_id("activity-computed")).to_be_visible()
    expect(page.get_by_test_id("activity-notice")).to_be_visible()
    expect(page.get_by_test_id("activity-group-lines").locator("tbody tr")).to_have_count(2)
    check_page(page, folder, f"{lang}-16-delegate-month")
    page.get_by_test_id("validate-month").click()
    expect(page).to_have_url(activity_url)
    expect_message(page, translated(lang, "The month is validated and locked."))
    expect(page.get_by_test_id("activity-status")).to_contain_text(
        translated(lang, MonthlyActivity.Status.VALIDATED.label)
    )
    expect(page.get_by_test_id("validate-month")).to_have_count(0)
    expect(page.get_by_test_id("reopen-month")).to_be_visible()
    check_page(page, folder, f"{lang}-17-validated")
    activity.refresh_from_db()
    assert (activity.status, activity.validated_by) == (MonthlyActivity.Status.VALIDATED, delegate)

    # The month computed from the register no longer changes: read-only, no button to send.
    page.get_by_test_id("computed-month-link").click()
    expect(page).to_have_url(month_url)
    expect(page.get_by_test_id("month-form").locator("input[name=sessions_held]")).to_be_disabled()
    expect(page.get_by_test_id("submit-month")).to_have_count(0)
    expect(page.get_by_test_id("save-draft")).to_have_count(0)
    check_page(page, folder, f"{lang}-18-month-locked")
