"""The delegate's home page in a browser: what awaits them comes before the figures, in Arabic
and in French, on a phone (360 px) and on a desktop, and the page never scrolls sideways."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from beneficiaries.models import FollowUp, Referral
from centres.models import MonthlyActivity
from entraide.models import User
from tests.factories import BeneficiaryFactory, CaseFileFactory, CentreFactory

pytestmark = pytest.mark.e2e

SIZES = {"360": {"width": 360, "height": 780}, "1280": {"width": 1280, "height": 800}}


def awaiting_the_delegate():
    """In Khouribga: a case with no worker, a follow-up overdue and a referral unanswered on a
    worker's case, a month submitted (beside what the demo's partnerships already owe)."""
    worker = User.objects.get(username="worker")
    today = timezone.localdate()
    person = BeneficiaryFactory(first_name_ar="زينب", last_name_ar="الحسني")
    CaseFileFactory(beneficiary=person, number=f"{person.file_number}-1", worker=None)
    other = BeneficiaryFactory(first_name_ar="محمد", last_name_ar="الإدريسي")
    case = CaseFileFactory(beneficiary=other, number=f"{other.file_number}-1", worker=worker)
    FollowUp.objects.create(
        case=case, author=worker, notes="Visite", next_date=today - datetime.timedelta(4)
    )
    Referral.objects.create(
        case=case,
        author=worker,
        target_kind=Referral.TargetKind.INSTITUTION,
        organisation="Hôpital provincial de Khouribga",
        reason="Consultation",
        date=today - datetime.timedelta(30),
    )
    last_month = (today.replace(day=1) - datetime.timedelta(1)).replace(day=1)
    MonthlyActivity.objects.create(
        centre=CentreFactory(code="C-T-E2E"),
        month=last_month,
        people_served=12,
        status=MonthlyActivity.Status.SUBMITTED,
    )


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_delegates_home_puts_what_awaits_before_the_figures_at_every_width(
    page, portal, sign_in, output_path, lang
):
    awaiting_the_delegate()
    sign_in("delegate", lang)
    folder = Path(output_path)  # a str in pytest-playwright 0.10
    folder.mkdir(parents=True, exist_ok=True)
    for name, size in SIZES.items():
        page.set_viewport_size(size)
        page.goto(f"{portal}/{lang}/")
        section = page.get_by_test_id("awaiting")
        items = section.get_by_test_id("awaiting-item")
        expect(items.first).to_be_visible()
        keys = items.evaluate_all("items => items.map(item => item.dataset.key)")
        for key in (
            "beneficiaries.follow_ups_overdue",
            "beneficiaries.referrals_unanswered",
            "beneficiaries.cases_without_worker",
            "centres.returns_to_validate",
        ):
            assert key in keys, (key, keys)
        # Late first: every item marked overdue comes before the others.
        overdue = items.evaluate_all(
            "items => items.map(item => item.classList.contains('is-overdue'))"
        )
        assert overdue == sorted(overdue, reverse=True), overdue

        dashboard = page.get_by_test_id("dashboard")
        expect(dashboard).to_be_visible()
        assert section.bounding_box()["y"] < dashboard.bounding_box()["y"]
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"], name
        # Each card lies within the page's width, whatever the direction.
        for box in items.evaluate_all(
            "items => items.map(item => { const r = item.getBoundingClientRect();"
            " return [r.left, r.right]; })"
        ):
            assert 0 <= box[0] and box[1] <= size["width"], (name, box)
        page.screenshot(path=folder / f"home-awaiting-{lang}-{name}.png", full_page=True)

    # A card leads to its list: the cases with no worker, exactly the one.
    page.set_viewport_size(SIZES["360"])
    page.get_by_test_id("awaiting-item").and_(
        page.locator("[data-key='beneficiaries.cases_without_worker']")
    ).get_by_role("link").click()
    rows = page.get_by_test_id("case-list").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("زينب الحسني")
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES["360"]["width"]
