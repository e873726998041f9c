"""An appointment booked in a browser: a Khouribga social worker opens the booking page from a
person's file, is told what is missing (the centre of an appointment at a centre), books, and
finds the appointment in the week of their agenda, then in the day's list. In Arabic (right to
left) on a phone (360 px), where the week is a list by day, and in French on a desktop
(1280 px), where it is a column per day. Screenshots: test-results/appointments/."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from appointments.models import Appointment
from beneficiaries.models import Consent
from centres.models import Centre
from entraide.models import User
from tests.factories import BeneficiaryFactory, CaseFileFactory

from .conftest import DESKTOP
from .test_design_proof import AXE, RUN_AXE, describe
from .test_walks import SIDEWAYS

pytestmark = pytest.mark.e2e

NARROW = {"width": 360, "height": 800}
CASES = [("ar", "rtl", "360", NARROW), ("fr", "ltr", "1280", DESKTOP)]


def translated(lang, text):
    with translation.override(lang):
        return translation.gettext(text)


def check_page(page, folder, name):
    """No sideways scroll, no axe violation; a full-page screenshot."""
    problems = []
    page.evaluate(f"() => {{ {AXE.read_text(encoding='utf-8')}\n}}")
    found = page.evaluate(RUN_AXE)
    if found["violations"]:
        problems.append("axe violations:\n" + describe(found["violations"]))
    sideways = page.evaluate(SIDEWAYS)
    if sideways:
        problems.append(f"sideways: {'; '.join(sideways['culprits'])}")
    page.screenshot(path=folder / f"{name}.png", full_page=True)
    assert not problems, f"{name}:\n" + "\n".join(problems)


@pytest.mark.parametrize(("lang", "direction", "width", "size"), CASES)
def test_a_worker_books_an_appointment_and_finds_it_in_the_week(
    page, portal, sign_in, pytestconfig, lang, direction, width, size
):
    folder = Path(pytestconfig.getoption("--output")) / "appointments"
    folder.mkdir(parents=True, exist_ok=True)
    worker = User.objects.get(username="worker")
    person = BeneficiaryFactory(
        delegation=worker.unit,
        first_name_ar="زينب",
        last_name_ar="الحسني",
        first_name_lat="Zineb",
        last_name_lat="El Hassani",
        phone="0661234567",
    )
    Consent.objects.create(
        beneficiary=person, purpose=Consent.Purpose.CONTACT, given=True, recorded_by=worker
    )
    case = CaseFileFactory(beneficiary=person, number=f"{person.file_number}-1", worker=worker)
    centre = Centre.objects.open().filter(delegation=worker.unit).order_by("code").first()
    day = timezone.localdate() + datetime.timedelta(days=1)

    page.set_viewport_size(size)
    sign_in("worker", lang)
    page.goto(f"{portal}/{lang}/appointments/book/{person.file_number}/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("html")).to_have_attribute("dir", direction)
    form = page.get_by_test_id("booking-form")
    # The centre is asked only for an appointment at a centre.
    expect(form.locator("[name=centre]")).to_be_hidden()
    form.locator("[name=date]").fill(day.isoformat())
    form.locator("[name=time]").fill("10:30")
    form.locator("[name=duration]").select_option("45")
    form.locator("[name=place]").select_option(Appointment.Place.CENTRE.value)
    expect(form.locator("[name=centre]")).to_be_visible()
    form.locator("[name=case]").select_option(str(case.pk))
    form.locator("[name=notes]").fill("CIN · بطاقة التعريف")
    check_page(page, folder, f"{lang}-{width}-book")

    # Booked without its centre: the error summary says so, linking to the field.
    page.get_by_test_id("book").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.locator("a[href='#id_centre']")).to_have_count(1)
    expect(page).to_have_title(re.compile(f"^{re.escape(translated(lang, 'Error:'))} "))
    check_page(page, folder, f"{lang}-{width}-book-refused")
    form.locator("[name=centre]").select_option(str(centre.pk))
    page.get_by_test_id("book").click()

    # The week of the appointment, in the worker's agenda.
    expect(page).to_have_url(f"{portal}/{lang}/appointments/?date={day.isoformat()}")
    expect(page.locator("ul.messages")).to_contain_text(
        translated(lang, "The appointment has been booked.")
    )
    appointment = Appointment.objects.get(beneficiary=person)
    assert (appointment.worker, appointment.case, appointment.centre) == (worker, case, centre)
    slot = page.get_by_test_id("slot")
    expect(slot).to_have_count(1)
    expect(slot).to_have_attribute("data-appointment", str(appointment.pk))
    expect(slot).to_contain_text("10:30–11:15")
    expect(slot).to_contain_text("زينب الحسني")
    expect(slot).to_contain_text("Zineb El Hassani")
    the_day = page.locator(f"[data-testid=week-day][data-date='{day.isoformat()}']")
    expect(the_day.get_by_test_id("slot")).to_have_count(1)
    days = page.get_by_test_id("week-day")
    first, second = days.nth(0).bounding_box(), days.nth(1).bounding_box()
    if size is NARROW:
        # On a phone the week is a list by day: each day under the one before.
        assert second["y"] >= first["y"] + first["height"]
        assert abs(second["x"] - first["x"]) < 2
    else:
        # On a desktop, a column per day, side by side, in the page's direction.
        assert abs(second["y"] - first["y"]) < 2
        assert second["x"] > first["x"]
    check_page(page, folder, f"{lang}-{width}-week")

    # The day's list, from the day's heading.
    the_day.locator("h3 a").click()
    expect(page).to_have_url(f"{portal}/{lang}/appointments/day/?date={day.isoformat()}")
    row = page.get_by_test_id("day-appointment")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(case.number)
    check_page(page, folder, f"{lang}-{width}-day")

    # Its own page.
    row.locator("a").first.click()
    expect(page).to_have_url(f"{portal}/{lang}/appointments/{appointment.pk}/")
    expect(page.get_by_test_id("appointment-state")).to_have_text(translated(lang, "booked"))
    check_page(page, folder, f"{lang}-{width}-appointment")
