"""Partnerships in a real browser, in Arabic (right to left) and French (left to right): a
convention from its draft to a paid tranche, amounts written as each language writes money;
an overdue report blocking the next tranche until a delegate pays it anyway, saying why; who
sees which associations and their bank details; and the partnership officer's work list."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.functional import Promise
from playwright.sync_api import expect

from entraide.models import User
from entraide.numbers import dirhams
from partnerships.models import Association, Convention, OwedReport, Recommendation, Tranche
from partnerships.services import blocking_reports
from territory.models import OrgUnit

pytestmark = pytest.mark.e2e

LANGUAGES = pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("fr", "ltr")])

KHOURIBGA = "DP-MA-KHO"
RABAT = "DP-MA-RAB"
COORDINATION = "CR-MA-05"  # Béni Mellal-Khénifra: the partnership officer's and coordinator's
LATE_ACRONYM = "ASFK"  # the demo association of Khouribga whose reports are late


def expect_language(page, lang, direction):
    html = page.locator("html")
    expect(html).to_have_attribute("lang", lang)
    expect(html).to_have_attribute("dir", direction)


def translated(lang, text, **params):
    """A message (a msgid or a lazy label) in that language, with its parameters."""
    with translation.override(lang):
        text = str(text) if isinstance(text, Promise) else translation.gettext(text)
    return text % params if params else text


def money(lang, amount):
    """An amount as the pages write it in that language."""
    with translation.override(lang):
        return dirhams(Decimal(amount))


def messages(page):
    return page.locator("ul.messages")


def details_form(page, testid):
    """Open the <details> whose <summary> has this test id and return its form."""
    summary = page.get_by_test_id(testid)
    summary.click()
    form = summary.locator("xpath=..").locator("form")
    expect(form).to_be_visible()
    return form


def expect_convention_status(page, lang, status):
    badge = page.get_by_test_id("convention-status")
    expect(badge).to_have_class(re.compile(rf"\bconvention-{status.value}\b"))
    expect(badge).to_have_text(translated(lang, status.label))


def change_status(page, status, signed_on=None):
    form = page.get_by_test_id("status-form")
    form.locator("[name=status]").select_option(status.value)
    if signed_on is not None:
        form.locator("[name=signed_on]").fill(signed_on.isoformat())
    page.get_by_test_id("change-status").click()


def posting(page, action):
    """Wait for the POST of one of the convention page's small forms."""
    return page.expect_response(
        lambda response: response.request.method == "POST" and response.url.endswith(f"/{action}/")
    )


def sign_out(page):
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/login/"))


def khouribga_association():
    return (
        Association.objects.filter(delegation__code=KHOURIBGA)
        .order_by("registration_number")
        .first()
    )


@LANGUAGES
def test_convention_drafted_signed_put_in_force_and_its_first_tranche_paid(
    page, portal, sign_in, lang, direction
):
    today = timezone.localdate()
    officer = User.objects.get(username="partnerships")
    delegation = OrgUnit.objects.get(code=KHOURIBGA)
    association = khouribga_association()
    reference = f"CONV-E2E-{lang.upper()}-{today.year}-01"
    titles = {
        "ar": "اتفاقية دعم برنامج محاربة الهدر المدرسي",
        "fr": "Convention de soutien au programme contre le décrochage scolaire",
    }
    start = today.replace(day=1)
    end = datetime.date(start.year + 2, start.month, 1) - datetime.timedelta(days=1)

    sign_in("partnerships", lang)
    page.goto(f"{portal}/{lang}/partnerships/conventions/")
    expect_language(page, lang, direction)
    page.get_by_role("link", name=translated(lang, "New convention"), exact=True).click()
    expect(page).to_have_url(f"{portal}/{lang}/partnerships/conventions/new/")
    expect_language(page, lang, direction)

    form = page.get_by_test_id("convention-form")
    form.locator("[name=reference]").fill(reference)
    form.locator("[name=title_ar]").fill(titles["ar"])
    form.locator("[name=title_fr]").fill(titles["fr"])
    form.locator("[name=kind]").select_option(Convention.Kind.PROJECT.value)
    form.locator("[name=signing_unit]").select_option(str(delegation.pk))
    form.locator("[name=associations]").select_option(str(association.pk))
    form.locator("[name=object_ar]").fill("المواكبة المدرسية لـ 120 طفلا")
    form.locator("[name=object_fr]").fill("Accompagnement scolaire de 120 enfants")
    form.locator("[name=start_date]").fill(start.isoformat())
    form.locator("[name=end_date]").fill(end.isoformat())
    form.locator("[name=en_contribution]").fill("300000")
    form.locator("[name=partners_contribution]").fill("50000")
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/{lang}/partnerships/conventions/\d+/$"))
    convention = Convention.objects.get(reference=reference)
    expect(page).to_have_url(f"{portal}/{lang}/partnerships/conventions/{convention.pk}/")
    expect_language(page, lang, direction)
    expect(messages(page)).to_contain_text(translated(lang, "The convention has been saved."))
    expect(page.get_by_role("heading", level=1)).to_have_text(titles[lang])
    expect_convention_status(page, lang, Convention.Status.DRAFT)
    assert (convention.title_ar, convention.title_fr) == (titles["ar"], titles["fr"])
    assert convention.kind == Convention.Kind.PROJECT
    assert convention.signing_unit == delegation
    assert list(convention.associations.all()) == [association]
    assert (convention.start_date, convention.end_date) == (start, end)
    assert convention.en_contribution == Decimal("300000")
    assert convention.partners_contribution == Decimal("50000")
    assert convention.created_by == officer

    change_status(page, Convention.Status.SIGNED, signed_on=today)
    expect_convention_status(page, lang, Convention.Status.SIGNED)
    expect_language(page, lang, direction)
    expect(messages(page)).to_contain_text(
        translated(lang, "The convention's status has been changed.")
    )
    change_status(page, Convention.Status.IN_FORCE)
    expect_convention_status(page, lang, Convention.Status.IN_FORCE)
    convention.refresh_from_db()
    assert convention.status == Convention.Status.IN_FORCE
    assert convention.signed_on == today

    # A first tranche beyond the EN contribution: refused, the amounts written as money.
    form = details_form(page, "add-tranche")
    expect(form).to_have_attribute("data-testid", "tranche-form")
    form.locator("[name=planned_amount]").fill("400000")
    form.locator("[name=planned_date]").fill(today.isoformat())
    with posting(page, "tranche") as refused:
        form.locator("button[type=submit]").click()
    assert refused.value.status == 422
    expect_language(page, lang, direction)
    expect(messages(page)).to_contain_text(
        translated(
            lang,
            "The tranches would add up to %(planned)s, more than the EN contribution of "
            "%(contribution)s. Lower the amount, or record an amendment raising the contribution.",
            planned=money(lang, 400000),
            contribution=money(lang, 300000),
        )
    )
    assert not convention.tranches.exists()
    form = page.get_by_test_id("tranche-form")
    expect(form).to_be_visible()  # left open, with what was typed
    expect(form.locator("[name=planned_amount]")).to_have_value("400000")
    expect(page.get_by_test_id("tranches").locator("tbody tr")).to_have_text(
        [translated(lang, "No tranche planned yet.")]
    )

    form.locator("[name=planned_amount]").fill("120000")
    form.locator("button[type=submit]").click()
    expect(messages(page)).to_contain_text(translated(lang, "The tranche has been planned."))
    expect_language(page, lang, direction)
    rows = page.get_by_test_id("tranches").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td").first).to_have_text("1")
    expect(rows.first.locator("td").nth(2)).to_have_text(money(lang, 120000))
    expect(page.get_by_test_id("remaining")).to_have_text(money(lang, 180000))
    expect(page.get_by_test_id("paid")).to_have_text(money(lang, 0))

    payment_reference = f"OV-E2E-{lang.upper()}-001"
    form = details_form(page, "pay-1")
    expect(form.locator("[name=amount]")).to_have_value(re.compile(r"^120000(\.00)?$"))
    expect(form.locator("[name=override_reason]")).to_have_count(0)  # nothing is overdue
    form.locator("[name=amount]").fill("120000")
    form.locator("[name=paid_on]").fill(today.isoformat())
    form.locator("[name=reference]").fill(payment_reference)
    form.locator("button[type=submit]").click()
    expect(messages(page)).to_contain_text(
        translated(lang, "The payment of the tranche has been recorded.")
    )
    expect_language(page, lang, direction)
    cell = page.get_by_test_id("tranche-1-payment")
    expect(cell.locator(".badge.tranche-paid")).to_have_text(translated(lang, "paid"))
    expect(cell).to_contain_text(payment_reference)
    expect(cell).to_contain_text(money(lang, 120000))
    expect(page.get_by_test_id("pay-1")).to_have_count(0)
    expect(page.get_by_test_id("paid")).to_have_text(money(lang, 120000))

    tranche = convention.tranches.get()
    assert tranche.is_paid
    assert (tranche.number, tranche.planned_amount, tranche.planned_date) == (
        1,
        Decimal("120000"),
        today,
    )
    assert (tranche.paid_amount, tranche.paid_on) == (Decimal("120000"), today)
    assert tranche.payment_reference == payment_reference
    assert tranche.paid_by == officer
    event = Tranche.pgh_event_model.objects.filter(pgh_obj=tranche).latest("pgh_id")
    assert event.paid_on == today
    assert event.payment_reference == payment_reference
    assert event.pgh_context.metadata["user"] == officer.pk

    # Money in Arabic is written with Arabic words, not the French "DH".
    if lang == "ar":
        assert "DH" not in money(lang, 120000)
        expect(page.get_by_test_id("budget")).not_to_contain_text("DH")


@LANGUAGES
def test_overdue_report_blocks_the_next_tranche_until_a_delegate_pays_it_saying_why(
    page, portal, sign_in, lang, direction
):
    today = timezone.localdate()
    convention = Convention.objects.in_force().get(
        signing_unit__code=KHOURIBGA, associations__acronym=LATE_ACRONYM
    )
    # Overdue whatever the day the test runs (the demo's own late report depends on the date).
    OwedReport.objects.create(
        convention=convention,
        kind=OwedReport.Kind.FINANCIAL,
        period=str(today.year - 1),
        due_date=today - datetime.timedelta(days=10),
    )
    tranche = convention.tranches.filter(paid_on=None).order_by("number").first()
    assert tranche is not None
    blocking = list(blocking_reports(tranche))
    assert blocking
    officer = User.objects.get(username="partnerships")
    delegate = User.objects.get(username="delegate")
    url = f"{portal}/{lang}/partnerships/conventions/{convention.pk}/"
    summary = f"pay-{tranche.number}"
    payment_reference = f"OV-BLK-{lang.upper()}-{tranche.number}"

    sign_in("partnerships", lang)
    page.goto(url)
    expect_language(page, lang, direction)
    alert = page.get_by_test_id("blocked")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(
        translated(
            lang,
            "Reports are overdue: the next tranche is blocked until they are received, unless a "
            "delegate pays it anyway.",
        )
    )
    with translation.override(lang):
        names = [str(report) for report in blocking]
    expect(alert.locator("li")).to_have_count(len(blocking))
    for name in names:
        expect(alert).to_contain_text(name)

    # The officer may record payments but not overrule the block: no reason to give.
    form = details_form(page, summary)
    expect(form.locator("[name=override_reason]")).to_have_count(0)
    form.locator("[name=paid_on]").fill(today.isoformat())
    form.locator("[name=reference]").fill(payment_reference)
    with posting(page, "pay") as refused:
        form.locator("button[type=submit]").click()
    assert refused.value.status == 422
    expect_language(page, lang, direction)
    with translation.override(lang):
        listing = ", ".join(f"{r} ({r.due_date:%d/%m/%Y})" for r in blocking)
    expect(messages(page).locator("li.error")).to_contain_text(
        translated(
            lang,
            "This tranche is blocked until these reports are received: %(reports)s. "
            "A delegate may pay it anyway, giving the reason.",
            reports=listing,
        )
    )
    # The form is shown again, open, with what was typed.
    form = page.get_by_test_id(summary).locator("xpath=..").locator("form")
    expect(form).to_be_visible()
    expect(form.locator("[name=reference]")).to_have_value(payment_reference)
    expect(page.get_by_test_id("blocked")).to_be_visible()
    tranche.refresh_from_db()
    assert not tranche.is_paid
    assert tranche.paid_by is None

    sign_out(page)
    sign_in("delegate", lang)
    page.goto(url)
    expect_language(page, lang, direction)
    expect(page.get_by_test_id("blocked")).to_be_visible()
    reason = {
        "ar": "أداء أجور المربيات قبل نهاية الشهر",
        "fr": "Paie des éducatrices avant la fin du mois",
    }[lang]
    form = details_form(page, summary)
    reason_field = form.locator("[name=override_reason]")
    expect(reason_field).to_be_visible()
    expect(form.locator(f"label[for='{reason_field.get_attribute('id')}']")).to_have_text(
        translated(lang, "Reason for paying despite overdue reports")
    )
    form.locator("[name=paid_on]").fill(today.isoformat())
    form.locator("[name=reference]").fill(payment_reference)
    reason_field.fill(reason)
    form.locator("button[type=submit]").click()
    expect(messages(page)).to_contain_text(
        translated(lang, "The payment of the tranche has been recorded.")
    )
    expect_language(page, lang, direction)
    cell = page.get_by_test_id(f"tranche-{tranche.number}-payment")
    expect(cell.locator(".badge.tranche-paid")).to_have_text(translated(lang, "paid"))
    expect(cell.locator(".badge.flag")).to_have_text(
        translated(lang, "paid despite overdue reports")
    )
    expect(cell).to_contain_text(reason)
    expect(cell).to_contain_text(payment_reference)

    tranche.refresh_from_db()
    assert tranche.is_paid
    assert tranche.paid_amount == tranche.planned_amount
    assert tranche.paid_by == delegate
    assert tranche.override_by == delegate
    assert tranche.override_reason == reason
    assert tranche.paid_by != officer
    context = Tranche.pgh_event_model.objects.filter(pgh_obj=tranche).latest("pgh_id").pgh_context
    assert context.metadata["user"] == delegate.pk
    assert context.metadata["override_reason"] == reason
    assert sorted(context.metadata["overdue_reports"]) == sorted(r.pk for r in blocking)


@LANGUAGES
def test_associations_and_their_bank_details_are_seen_only_by_those_concerned(
    page, portal, sign_in, lang, direction
):
    khouribga = khouribga_association()
    assert khouribga.bank_account
    rabat = list(
        Association.objects.filter(delegation__code=RABAT)
        .order_by("name_ar", "pk")
        .values_list("registration_number", flat=True)
    )
    assert rabat
    associations_url = f"{portal}/{lang}/partnerships/associations/"
    khouribga_url = f"{portal}/{lang}/partnerships/associations/{khouribga.pk}/"

    # The Rabat social worker: Rabat's associations only; Khouribga's do not exist for them.
    sign_in("worker2", lang)
    page.goto(associations_url)
    expect_language(page, lang, direction)
    listed = page.get_by_test_id("association-list").locator("tbody tr td:first-child")
    expect(listed).to_have_text(rabat)
    expect(page.get_by_test_id("association-list")).not_to_contain_text(
        khouribga.registration_number
    )
    response = page.goto(khouribga_url)
    assert response.status == 404
    expect_language(page, lang, direction)
    expect(page.get_by_role("heading", level=1)).to_have_text(translated(lang, "Page not found"))
    expect(page.locator("main")).not_to_contain_text(getattr(khouribga, f"name_{lang}"))
    sign_out(page)

    # The partnership officer pays subsidies: they see where the money goes.
    sign_in("partnerships", lang)
    page.goto(khouribga_url)
    expect_language(page, lang, direction)
    expect(page.get_by_role("heading", level=1)).to_have_text(getattr(khouribga, f"name_{lang}"))
    bank = page.get_by_test_id("bank-details")
    expect(bank).to_be_visible()
    expect(bank).to_contain_text(khouribga.bank_name)
    expect(bank).to_contain_text(khouribga.bank_account)
    sign_out(page)

    # The regional coordinator reads the association, not its bank account.
    sign_in("coordinator", lang)
    page.goto(khouribga_url)
    expect_language(page, lang, direction)
    expect(page.get_by_role("heading", level=1)).to_have_text(getattr(khouribga, f"name_{lang}"))
    expect(page.get_by_test_id("bank-details")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text(khouribga.bank_account)


@LANGUAGES
def test_work_list_shows_what_the_partnership_officer_has_to_do(
    page, portal, sign_in, lang, direction
):
    today = timezone.localdate()
    region = OrgUnit.objects.get(code=COORDINATION)
    in_region = {"convention__signing_unit__path__startswith": region.path}
    ending = list(
        Convention.objects.filter(
            signing_unit__path__startswith=region.path,
            status__in=Convention.ACTIVE,
            end_date__gte=today,
            end_date__lte=today + datetime.timedelta(days=90),
        ).order_by("end_date", "reference")
    )
    # The demo's convention with the first Khouribga association ends in 45 days.
    assert [c.end_date for c in ending] == [today + datetime.timedelta(days=45)]
    ending_soon = ending[0]
    assert ending_soon.signing_unit.code == KHOURIBGA
    overdue = OwedReport.objects.filter(**in_region, received_on=None, due_date__lt=today)
    due = Tranche.objects.filter(
        **in_region,
        paid_on=None,
        convention__status__in=Convention.ACTIVE,
        planned_date__lte=today + datetime.timedelta(days=30),
    )
    recommendations = Recommendation.objects.filter(
        inspection__unit__path__startswith=region.path,
        status__in=[Recommendation.Status.OPEN, Recommendation.Status.ONGOING],
    )
    assert recommendations.exists()
    none = translated(lang, "None.")

    sign_in("partnerships", lang)
    page.goto(f"{portal}/{lang}/partnerships/")
    expect_language(page, lang, direction)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        translated(lang, "Partnerships: work list")
    )
    panels = {
        name: page.get_by_test_id(f"work-{name}")
        for name in ("ending", "tranches", "reports", "inspections")
    }
    for panel in panels.values():
        expect(panel).to_be_visible()

    expect(panels["ending"].locator("li")).to_have_count(len(ending))
    expect(panels["ending"].locator("li a")).to_have_text([c.reference for c in ending])
    with translation.override(lang):
        title = str(ending_soon.title)
    expect(panels["ending"].locator("li").first).to_contain_text(title)

    if due.exists():
        expect(panels["tranches"].locator("li")).to_have_count(due.count())
        late = due.filter(convention__reports__in=overdue).distinct().count()
        expect(panels["tranches"].locator(".badge.flag")).to_have_count(late)
    else:
        expect(panels["tranches"].locator("li")).to_have_text([none])
    if overdue.exists():
        expect(panels["reports"].locator("li")).to_have_count(overdue.count())
    else:
        expect(panels["reports"].locator("li")).to_have_text([none])
    for recommendation in recommendations:
        expect(panels["inspections"]).to_contain_text(recommendation.text)

    panels["ending"].get_by_role("link", name=ending_soon.reference).click()
    expect(page).to_have_url(f"{portal}/{lang}/partnerships/conventions/{ending_soon.pk}/")
    expect_language(page, lang, direction)
    expect_convention_status(page, lang, Convention.Status.IN_FORCE)
