"""Two people edit one case at once, in a real browser (issue 16): the second is shown what the
first saved beside their own changes, keeps them in the form, and saves on top of the saved
version when they send the form again. Screenshots at desktop and phone width."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from beneficiaries import services
from beneficiaries.models import CaseFile
from entraide.models import User
from tests.e2e.conftest import DESKTOP, PHONE
from tests.factories import BeneficiaryFactory, CaseFileFactory

pytestmark = pytest.mark.e2e


def label(text):
    with translation.override("fr"):
        return str(text)


def test_the_second_editor_of_a_case_sees_the_saved_version_and_saves_on_top_of_it(
    page, portal, sign_in, output_path
):
    worker = User.objects.get(username="worker")
    delegate = User.objects.get(username="delegate")
    person = BeneficiaryFactory(first_name_lat="Amina", last_name_lat="El Idrissi")
    case = CaseFileFactory(beneficiary=person, worker=worker, risk=CaseFile.Risk.MEDIUM)

    sign_in("worker", "fr")
    page.goto(f"{portal}/fr/beneficiaries/cases/{case.number}/")
    page.get_by_test_id("edit-case").click()
    form = page.get_by_test_id("case-form")
    form.locator("[name=channel]").select_option(CaseFile.Channel.HOTLINE.value)

    # Meanwhile the delegate raises the risk level and saves.
    services.case_update(
        case=case, version=case.version, changes={"risk": CaseFile.Risk.HIGH}, actor=delegate
    )

    form.locator("button[type=submit]").click()
    conflict = page.get_by_test_id("conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("Fatima Zahraoui")
    rows = conflict.get_by_test_id("difference")
    expect(rows).to_have_count(2)
    channel = conflict.locator("tr[data-field=channel] td")
    expect(channel.nth(0)).to_have_text(label(CaseFile.Channel.HOTLINE.label))
    expect(channel.nth(1)).to_have_text(label(CaseFile.Channel.WALK_IN.label))
    risk = conflict.locator("tr[data-field=risk] td")
    expect(risk.nth(0)).to_have_text(label(CaseFile.Risk.MEDIUM.label))
    expect(risk.nth(1)).to_have_text(label(CaseFile.Risk.HIGH.label))
    # My change is still in the form, which carries the saved version.
    form = page.get_by_test_id("case-form")
    expect(form).to_be_visible()
    expect(form.locator("[name=channel]")).to_have_value(CaseFile.Channel.HOTLINE.value)
    expect(form.locator("[name=version]")).to_have_value("2")

    for size, viewport in (("1280x800", DESKTOP), ("390x844", PHONE)):
        page.set_viewport_size(viewport)
        conflict.scroll_into_view_if_needed()
        page.screenshot(path=f"{output_path}/case-conflict-fr-{size}.png", full_page=True)
    page.set_viewport_size(DESKTOP)

    # I keep the delegate's risk level and my channel, and save again.
    form.locator("[name=risk]").select_option(CaseFile.Risk.HIGH.value)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/fr/beneficiaries/cases/{case.number}/$"))
    with translation.override("fr"):
        saved = translation.gettext("The case has been saved.")
    expect(page.locator("ul.messages")).to_contain_text(saved)
    expect(page.get_by_test_id("conflict")).to_have_count(0)
    case.refresh_from_db()
    assert (case.channel, case.risk, case.version) == ("hotline", "high", 3)
