"""One walk per role, the way a new civil servant does the role's main task: from signing in
to the result they came for, in Arabic first, then the walk's key steps in French.

Each walk saves a screenshot of every key page at desktop size, and at least one at phone
width (390×844), in its folder under test-results/ (out of git): when a page changes, people
look at them. Every walk fails on a server error (5xx) and on a result missing; a page that
scrolls sideways at phone width is a finding, not a failure: the findings are written to
test-results/walk-findings.md and listed at the end of the run, for the layout work to fix.
"""

import datetime
import io
import os
import re
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.functional import Promise
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from beneficiaries.forms import FollowUpForm, NoteForm, ReferralForm, SearchForm
from beneficiaries.models import Beneficiary, Consent, FollowUp, Note, Referral
from centres.forms import ActivityForm
from centres.models import Centre, MonthlyActivity
from entraide.models import GeneratedReport, User
from partnerships.forms import (
    InspectionForm,
    InspectionResultForm,
    PaymentForm,
    RecommendationForm,
)
from partnerships.models import Convention, Inspection, OwedReport
from partnerships.services import blocking_reports
from recruitment.forms import ApplicationForm, CompetitionForm, PostLineForm, StatusCheckForm
from recruitment.models import Application, Competition, Grade, Specialty
from territory.models import OrgUnit, Province
from tests.conftest import load_reference_data
from tests.factories import BeneficiaryFactory, CaseFileFactory

from .conftest import DEMO_PASSWORD, DESKTOP, PHONE

# The test DB is set up as for any test using the database, and each test reads it in a
# transaction rolled back at its end; what the walks need is written, committed, beforehand
# (see `demo`), since the live server reads with a connection of its own.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

KHOURIBGA = "DP-MA-KHO"
REGION = "CR-MA-05"  # Béni Mellal-Khénifra: the coordinator's and partnership officer's
MANAGED = "C-KHO-001"  # the demo centre manager's centre
LANGUAGE_NAMES = {"ar": "العربية", "fr": "Français"}
PDF = b"%PDF-1.4\n%scan\n"
TIMEOUT = 30_000  # ms: a PDF rendered while the page waits

# The elements that stick out of the page on the side it scrolls to (the end of the line: the
# right in French, the left in Arabic), outermost first, leaving out those inside a box that
# scrolls or clips them (a table in its .table-wrap). The skip link waits off screen on the
# other side, where nothing scrolls.
SIDEWAYS = """() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    if (root.scrollWidth <= width + 1) return null;
    const rtl = getComputedStyle(root).direction === "rtl";
    const out = new Set();
    for (const el of document.body.querySelectorAll("*")) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || (rtl ? box.left >= -1 : box.right <= width + 1)) continue;
        let parent = el.parentElement, clipped = false;
        while (parent && parent !== document.body) {
            if (getComputedStyle(parent).overflowX !== "visible") { clipped = true; break; }
            parent = parent.parentElement;
        }
        if (!clipped) out.add(el);
    }
    const describe = el => {
        const id = el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : "";
        const cls = el.classList.length ? "." + [...el.classList].join(".") : "";
        const text = (el.innerText || "").trim().slice(0, 40).replace(/\\s+/g, " ");
        const width = Math.round(el.getBoundingClientRect().width);
        return `${el.tagName.toLowerCase()}${id}${cls} (${width}px) "${text}"`;
    };
    const outermost = [...out].filter(el => !out.has(el.parentElement));
    return {scrollWidth: root.scrollWidth, width, culprits: outermost.slice(0, 4).map(describe)};
}"""

# Two elements with the same id (a label then names another form's field), and two fields of
# one form with the same label (which is which?).
AMBIGUOUS = """() => {
    const ids = {};
    for (const el of document.querySelectorAll("[id]")) ids[el.id] = (ids[el.id] || 0) + 1;
    const found = Object.entries(ids).filter(([, n]) => n > 1).map(([id, n]) => `id ${id} ×${n}`);
    for (const form of document.querySelectorAll("main form")) {
        const labels = {};
        for (const label of form.querySelectorAll("label")) {
            const text = label.innerText.trim();
            if (text) labels[text] = (labels[text] || 0) + 1;
        }
        for (const [text, n] of Object.entries(labels)) {
            if (n > 1) found.push(`label "${text}" ×${n} in one form`);
        }
    }
    return found;
}"""


def translated(lang, text, **params):
    """A message (a msgid or a lazy label) in that language, with its parameters."""
    with translation.override(lang):
        text = str(text) if isinstance(text, Promise) else translation.gettext(text)
    return text % params if params else text


def label(lang, form_class, name):
    """The label of a form's field as the page shows it in that language."""
    return translated(lang, form_class.base_fields[name].label)


def last_month(months=1):
    month = timezone.localdate().replace(day=1)
    for _i in range(months):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month


def pdf_text(path):
    return subprocess.run(  # noqa: S603 - a fixed program on a file of ours
        ["/usr/bin/pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
        timeout=30,
    ).stdout


class Walk:
    """A role's walk through the portal: its language, its screenshots, and the findings on
    the way (pages scrolling sideways on a phone, ambiguous labels)."""

    def __init__(self, page, portal, folder, role, findings):
        self.page = page
        self.portal = portal
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.role = role
        self.findings = findings
        self.lang = "ar"
        self.shots = []
        self.pages_seen = set()
        page.set_viewport_size(DESKTOP)

    def t(self, text, **params):
        return translated(self.lang, text, **params)

    def label(self, form_class, name):
        return label(self.lang, form_class, name)

    def url(self, path):
        return f"{self.portal}/{self.lang}{path}"

    def expect_language(self):
        html = self.page.locator("html")
        expect(html).to_have_attribute("lang", self.lang)
        expect(html).to_have_attribute("dir", "rtl" if self.lang == "ar" else "ltr")

    def shot(self, name, phone=False):
        """Screenshot of the page at desktop size, and at phone width if asked (where the
        page is also checked for sideways scrolling)."""
        self.expect_language()
        number = len({path.name.split("-")[1] for path in self.shots}) + 1
        path = self.folder / f"{self.role}-{number:02d}-{self.lang}-{name}-desktop.png"
        self.page.screenshot(path=path, full_page=True)
        self.keep(path)
        ambiguous = self.page.evaluate(AMBIGUOUS)
        where = self.page.url.split("#")[0]
        if ambiguous and where not in self.pages_seen:
            self.pages_seen.add(where)
            self.findings.append(
                f"{self.role} · {self.lang} · {name}: {self.page.url}: {'; '.join(ambiguous)}"
            )
        if phone:
            self.page.set_viewport_size(PHONE)
            path = self.folder / f"{self.role}-{number:02d}-{self.lang}-{name}-phone.png"
            self.page.screenshot(path=path, full_page=True)
            self.keep(path)
            sideways = self.page.evaluate(SIDEWAYS)
            if sideways:
                self.findings.append(
                    f"{self.role} · {self.lang} · {name}: {self.page.url} is "
                    f"{sideways['scrollWidth']}px wide at {sideways['width']}px "
                    f"({'; '.join(sideways['culprits']) or 'no single culprit'}) "
                    f"· {path.relative_to(self.folder.parent.parent)}"
                )
            self.page.set_viewport_size(DESKTOP)

    def keep(self, path):
        assert path.read_bytes().startswith(b"\x89PNG"), path
        self.shots.append(path)

    def sign_in(self, username, lang):
        self.lang = lang
        page = self.page
        page.goto(self.url("/login/"))
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(DEMO_PASSWORD)
        page.locator("main form").get_by_role("button").click()
        expect(page.get_by_test_id("logout")).to_be_visible()
        self.expect_language()

    def sign_out(self):
        self.page.get_by_test_id("logout").click()
        expect(self.page.locator("input[name=username]")).to_be_visible()

    def switch_to(self, lang):
        """The language switch in the top bar, from the page the user is on."""
        self.page.get_by_role("button", name=LANGUAGE_NAMES[lang]).click()
        self.lang = lang
        self.expect_language()

    def nav(self, name):
        self.page.get_by_test_id("navigation").get_by_role("link", name=self.t(name)).click()
        self.expect_language()

    def message(self):
        return self.page.locator("ul.messages")

    def open_details(self, summary_text):
        """Open the inline form behind its <summary> and return the form."""
        summary = self.page.locator("summary", has_text=self.t(summary_text))
        summary.click()
        form = summary.locator("xpath=..").locator("form")
        expect(form).to_be_visible()
        return form

    def download(self, click):
        with self.page.expect_download(timeout=TIMEOUT) as info:
            click()
        download = info.value
        path = self.folder / download.suggested_filename
        download.save_as(path)
        return download.suggested_filename, path


# What each walk needs beyond the demo, made by the functions registered here.
PREPARE = []


def prepare(function):
    PREPARE.append(function)
    return function


@pytest.fixture(scope="module")
def demo(request, django_db_setup, django_db_blocker):
    """The live server with the reference data, the demo accounts and what each walk needs,
    loaded once for all the walks (the `portal` fixture loads them for each test, then empties
    the database: some 20 seconds a test). The walks do not undo what they do: each has its
    own people, months, conventions and references, so that they run in any order. The
    database is emptied after the last, as after any browser test."""
    addr = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
    server = LiveServer(addr or "localhost")
    server._live_server_modified_settings.enable()
    with django_db_blocker.unblock():
        cache.clear()
        load_reference_data()
        call_command("seed_demo", "--without-people", stdout=io.StringIO())
        prepared = {function.__name__: function() for function in PREPARE}
    yield SimpleNamespace(url=server.url, **prepared)
    with django_db_blocker.unblock():
        call_command("flush", verbosity=0, interactive=False)
        cache.clear()
    server._live_server_modified_settings.disable()
    server.stop()


@pytest.fixture
def walk(page, demo, output_path, request, walk_findings):
    """`walk(role)`: a Walk for this test, on its page. No response may be a server error;
    on failure, the page as it was is saved too."""
    walks = []
    server_errors = []
    page.on(
        "response",
        lambda response: (
            server_errors.append(f"{response.status} {response.request.method} {response.url}")
            if response.status >= 500
            else None
        ),
    )

    def start(role):
        walks.append(Walk(page, demo.url, output_path, role, walk_findings))
        return walks[-1]

    yield start
    failed = getattr(request.node, "rep_call", None)
    if walks and failed is not None and failed.failed:
        page.screenshot(path=Path(output_path) / "FAILED-here.png", full_page=True)
    assert server_errors == [], f"server errors on the way: {server_errors}"


# The social worker ------------------------------------------------------------------------


@prepare
def worker_case():
    """Fatima Zahra Benali's file, her case and her consent to sharing; and a neighbour."""
    worker = User.objects.get(username="worker")
    person = BeneficiaryFactory(
        first_name_ar="فاطمة الزهراء",
        last_name_ar="بنعلي",
        first_name_lat="Fatima Zahra",
        last_name_lat="Benali",
        cin="BE123456",
    )
    BeneficiaryFactory(first_name_ar="خديجة", last_name_ar="الصقلي", first_name_lat="Khadija")
    case = CaseFileFactory(beneficiary=person, number=f"{person.file_number}-1", worker=worker)
    Consent.objects.create(
        beneficiary=person,
        purpose=Consent.Purpose.SHARING,
        given=True,
        given_by="فاطمة الزهراء بنعلي",
        recorded_by=worker,
    )
    return case


def test_social_worker_finds_a_person_notes_her_case_and_refers_her(walk, demo):
    case = demo.worker_case
    person = case.beneficiary
    w = walk("worker")
    page = w.page

    w.sign_in("worker", "ar")
    w.shot("home")
    w.nav("Beneficiaries")
    search = page.get_by_role("search")
    search.get_by_label(w.label(SearchForm, "q")).fill("فاطمة الزهراء")
    search.get_by_role("button", name=w.t("Search")).click()
    results = page.get_by_test_id("person-results")
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results).to_contain_text("فاطمة الزهراء بنعلي")
    w.shot("search-by-arabic-name", phone=True)

    results.get_by_role("link", name=person.file_number).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(person.file_number)
    w.shot("person")
    page.get_by_test_id("cases").get_by_role("link", name=case.number).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.number)

    note = "استقبال أولي: تبحث عن عمل وسكن لائق لأطفالها الثلاثة"
    form = w.open_details("Reception or listening note")
    form.get_by_label(w.label(NoteForm, "kind")).select_option(Note.Kind.RECEPTION.value)
    form.get_by_label(w.label(NoteForm, "text")).fill(note)
    form.get_by_role("button", name=w.t("Add")).click()
    expect(w.message()).to_contain_text(w.t("Added to the timeline."))
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text(note)
    w.shot("case-with-note", phone=True)

    organisation = "جمعية الأمل للتنمية النسائية"
    page.get_by_role("link", name=w.t("Referral"), exact=True).click()
    form = page.get_by_test_id("form-referral")
    form.get_by_label(w.label(ReferralForm, "target_kind")).select_option(
        Referral.TargetKind.ASSOCIATION.value
    )
    form.get_by_label(w.label(ReferralForm, "organisation")).fill(organisation)
    form.get_by_label(w.label(ReferralForm, "reason")).fill("مواكبة في البحث عن عمل")
    w.shot("referral-form")
    form.get_by_role("button", name=w.t("Add")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.number)
    expect(timeline.locator("li.entry-referral")).to_contain_text(organisation)
    expect(page.get_by_test_id("referral-state")).to_have_text(w.t(Referral.State.SENT.label))
    w.shot("case-with-referral")

    # In French: found by her name in Latin letters, a follow-up visit planned.
    w.switch_to("fr")
    w.nav("Beneficiaries")
    search = page.get_by_role("search")
    search.get_by_label(w.label(SearchForm, "q")).fill("benali")
    search.get_by_role("button", name=w.t("Search")).click()
    results = page.get_by_test_id("person-results")
    expect(results).to_contain_text("Fatima Zahra Benali")
    results.get_by_role("link", name=person.file_number).click()
    page.get_by_test_id("cases").get_by_role("link", name=case.number).click()
    visit = "Visite à domicile : les enfants sont scolarisés"
    next_visit = timezone.localdate() + datetime.timedelta(days=14)
    form = w.open_details("Follow-up visit")
    form.get_by_label(w.label(FollowUpForm, "notes")).fill(visit)
    form.get_by_label(w.label(FollowUpForm, "next_date")).fill(next_visit.isoformat())
    form.get_by_role("button", name=w.t("Add")).click()
    expect(w.message()).to_contain_text(w.t("Added to the timeline."))
    expect(timeline).to_contain_text(visit)
    expect(timeline).to_contain_text(organisation)
    w.shot("case-with-follow-up", phone=True)

    case.refresh_from_db()
    assert Note.objects.get(case=case).text == note
    assert Referral.objects.get(case=case).organisation == organisation
    assert FollowUp.objects.get(case=case).next_date == next_visit


# The centre manager, then the delegate ----------------------------------------------------


def enter_month(w, centre, people):
    """The centre manager enters the month from the centre's page and submits it."""
    page = w.page
    form = page.get_by_test_id("activity-form")
    form.get_by_label(w.label(ActivityForm, "people_served"), exact=True).fill(str(people))
    form.get_by_label(w.label(ActivityForm, "new_entries"), exact=True).fill("3")
    form.get_by_label(w.label(ActivityForm, "exits"), exact=True).fill("1")
    form.get_by_label(w.label(ActivityForm, "sessions_held"), exact=True).fill("8")
    cells = page.get_by_test_id("activity-grid").locator("tbody tr").first.locator("input")
    cells.nth(1).fill(str(people - 4))
    cells.nth(5).fill("4")
    w.shot("month-entered")
    form.get_by_role("button", name=w.t("Submit to the delegation")).click()
    expect(w.message()).to_contain_text(w.t("The month has been submitted to the delegation."))
    expect(page.get_by_test_id("activity-status").locator(".badge").first).to_have_text(
        w.t(MonthlyActivity.Status.SUBMITTED.label)
    )


def validate_month(w, centre, month):
    """The delegate finds the month among the returns awaiting validation and validates it."""
    page = w.page
    w.nav("Centres")
    page.get_by_role("link", name=w.t("Monthly returns")).click()
    if month != last_month(1):
        page.get_by_role("link", name=w.t("Previous month")).click()
    awaiting = page.get_by_test_id("awaiting-validation")
    awaiting.get_by_role("link", name=getattr(centre, f"name_{w.lang}")).first.click()
    expect(page.get_by_test_id("activity-status").locator(".badge").first).to_have_text(
        w.t(MonthlyActivity.Status.SUBMITTED.label)
    )
    page.get_by_role("button", name=w.t("Validate and lock")).click()
    expect(page.get_by_test_id("activity-status").locator(".badge").first).to_have_text(
        w.t(MonthlyActivity.Status.VALIDATED.label)
    )


def report_pdf(w, unit):
    """From the delegation's page, its activity report, then its PDF in the page's language."""
    page = w.page
    w.nav("Units")
    name = getattr(unit, f"name_{w.lang}")
    page.locator("main").get_by_role("link", name=name, exact=True).first.click()
    page.get_by_role("link", name=w.t("Activity report")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    w.shot("activity-report", phone=True)
    name = {"ar": "PDF in Arabic", "fr": "PDF in French"}[w.lang]
    page.get_by_role("button", name=w.t(name)).click()
    job = page.get_by_test_id("report-job")
    expect(job.locator("h2")).to_have_text(w.t(GeneratedReport.Status.DONE.label), timeout=TIMEOUT)
    filename, path = w.download(job.get_by_role("link", name=w.t("Download the PDF")).click)
    assert filename.endswith(f"-{w.lang}.pdf"), filename
    assert path.read_bytes().startswith(b"%PDF"), path
    assert unit.name_ar in pdf_text(path)
    w.shot("report-pdf-ready")


@prepare
def manager_months():
    """The demo entered the last two months: the walk starts from months not yet entered."""
    months = [last_month(1), last_month(2)]
    MonthlyActivity.objects.filter(centre__code=MANAGED, month__in=months).delete()
    return months


def test_centre_manager_submits_the_month_and_the_delegate_validates_it_and_reads_the_report(
    walk, demo
):
    centre = Centre.objects.get(code=MANAGED)
    delegation = centre.delegation
    months = demo.manager_months
    w = walk("manager")
    page = w.page

    w.sign_in("manager", "ar")
    w.shot("home")
    w.nav("Centres")
    page.get_by_role("link", name=centre.name_ar, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(centre.name_ar)
    w.shot("centre")
    page.get_by_role("link", name=w.t("Enter last month's activity")).click()
    enter_month(w, centre, people=26)
    w.shot("month-submitted", phone=True)
    w.sign_out()

    d = walk("delegate")
    d.sign_in("delegate", "ar")
    d.shot("home", phone=True)
    validate_month(d, centre, months[0])
    d.shot("month-validated")
    report_pdf(d, delegation)
    d.sign_out()

    # In French: the month before, entered and submitted, validated, and the French PDF. The
    # centre's page offers last month only: the manager types the earlier month's address.
    w.sign_in("manager", "fr")
    month = months[1]
    page.goto(w.url(f"/centres/{MANAGED}/activity/{month.year}/{month.month}/"))
    enter_month(w, centre, people=22)
    w.shot("month-submitted", phone=True)
    w.sign_out()
    d.sign_in("delegate", "fr")
    validate_month(d, centre, months[1])
    d.shot("month-validated", phone=True)
    report_pdf(d, delegation)

    for month in months:
        activity = MonthlyActivity.objects.get(centre=centre, month=month)
        assert activity.status == MonthlyActivity.Status.VALIDATED
        assert activity.submitted_by.username == "manager"
        assert activity.validated_by.username == "delegate"


# The regional coordinator and the central officer -----------------------------------------


def figure_to_list(w, indicator):
    """From the dashboard on the home page, the number of this year's column to its list."""
    page = w.page
    row = page.get_by_test_id("dashboard-figures").locator(f"tr[data-indicator={indicator}]")
    figure = int(re.findall(r"\d+", row.locator("td").nth(1).inner_text())[-1])
    # The year's number, or the indicator's name, leads to the list.
    row.get_by_role("link").last.click()
    w.expect_language()
    rows = page.locator("main table tbody tr").filter(has=page.locator("td a"))
    expect(rows).to_have_count(figure)
    return figure


@prepare
def coordinator_cases():
    """Two cases opened today in Khouribga, to be counted among the region's new cases."""
    worker = User.objects.get(username="worker")
    for first, last in (("زينب", "الحسني"), ("محمد", "الإدريسي")):
        person = BeneficiaryFactory(first_name_ar=first, last_name_ar=last)
        CaseFileFactory(
            beneficiary=person,
            number=f"{person.file_number}-1",
            worker=worker,
            opened_on=timezone.localdate(),
        )


def test_coordinator_and_central_officer_follow_a_figure_to_its_list_and_read_the_report(
    walk, demo
):
    w = walk("coordinator")
    page = w.page

    w.sign_in("coordinator", "ar")
    expect(page.get_by_test_id("dashboard")).to_be_visible()
    w.shot("home-dashboard", phone=True)
    assert figure_to_list(w, "cases_new") >= 2
    expect(page.locator("main")).to_contain_text("زينب الحسني")
    w.shot("new-cases-list", phone=True)
    page.goto(w.url(f"/units/{REGION}/"))
    page.get_by_role("link", name=w.t("Activity report")).click()
    region = OrgUnit.objects.get(code=REGION)
    expect(page.get_by_role("heading", level=1)).to_contain_text(region.name_ar)
    w.shot("region-report", phone=True)
    w.sign_out()

    # In French, the central officer: the nation's figures, the open centres behind one.
    c = walk("central")
    c.sign_in("central", "fr")
    expect(page.get_by_test_id("dashboard")).to_be_visible()
    c.shot("home-dashboard", phone=True)
    open_centres = figure_to_list(c, "centres_open")
    assert open_centres == Centre.objects.filter(status=Centre.Status.OPEN).count()
    c.shot("open-centres-list", phone=True)
    page.goto(c.url(f"/units/{REGION}/"))
    page.get_by_role("link", name=c.t("Activity report")).click()
    c.shot("region-report", phone=True)


# The partnership officer, then the inspector ----------------------------------------------


def payable_convention():
    """A convention of the region in force whose next tranche is due and held by no report."""
    conventions = Convention.objects.in_force().filter(signing_unit__code=KHOURIBGA)
    for convention in conventions.order_by("reference"):
        tranche = convention.tranches.filter(paid_on=None).order_by("number").first()
        if tranche is not None and not blocking_reports(tranche).exists():
            return convention, tranche
    raise AssertionError("the demo has no convention with a tranche to pay")


def test_partnership_officer_pays_a_tranche_and_the_inspector_records_a_control(walk):
    today = timezone.localdate()
    convention, tranche = payable_convention()
    association = convention.associations.order_by("pk").first()
    w = walk("partnerships")
    page = w.page

    w.sign_in("partnerships", "ar")
    w.nav("Partnerships")
    w.shot("work-list", phone=True)
    tabs = page.get_by_test_id("partnership-tabs")
    tabs.get_by_role("link", name=w.t("Associations")).click()
    w.shot("associations")
    page.locator("main").get_by_role("link", name=association.name_ar, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(association.name_ar)
    w.shot("association")
    page.get_by_test_id("association-conventions").get_by_role(
        "link", name=convention.reference
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(convention.title_ar)

    reference = "OV-2026-KHO-0412"
    page.get_by_test_id(f"pay-{tranche.number}").click()
    form = page.get_by_test_id(f"pay-{tranche.number}").locator("xpath=..").locator("form")
    form.get_by_label(w.label(PaymentForm, "paid_on")).fill(today.isoformat())
    form.get_by_label(w.label(PaymentForm, "reference")).fill(reference)
    w.shot("payment-form")
    form.get_by_role("button", name=w.t("Record the payment")).click()
    expect(w.message()).to_contain_text(w.t("The payment of the tranche has been recorded."))
    cell = page.get_by_test_id(f"tranche-{tranche.number}-payment")
    expect(cell).to_contain_text(w.t("paid"))
    expect(cell).to_contain_text(reference)
    w.shot("tranche-paid", phone=True)

    # In French: a report the association owes, added to the convention.
    w.switch_to("fr")
    due = today + datetime.timedelta(days=60)
    form = w.open_details("Add a report owed")
    w.shot("report-owed-form")
    # By name: the convention page repeats its forms' ids (id_kind, id_due_date...), so these
    # labels name the fields of other forms (see the findings).
    form.locator("[name=kind]").select_option(OwedReport.Kind.ACTIVITY.value)
    form.locator("[name=period]").fill(f"S1 {today.year}")
    form.locator("[name=due_date]").fill(due.isoformat())
    form.get_by_role("button", name=w.t("Add")).click()
    expect(page.get_by_test_id("reports")).to_contain_text(f"S1 {today.year}")
    w.shot("report-owed", phone=True)
    w.sign_out()

    tranche.refresh_from_db()
    assert (tranche.paid_on, tranche.payment_reference) == (today, reference)
    assert convention.reports.filter(period=f"S1 {today.year}", due_date=due).exists()

    # The inspector plans a control of the association and records its result.
    i = walk("inspector")
    i.sign_in("inspector", "ar")
    i.nav("Partnerships")
    page.get_by_test_id("partnership-tabs").get_by_role("link", name=i.t("Associations")).click()
    page.locator("main").get_by_role("link", name=association.name_ar, exact=True).click()
    page.get_by_role("link", name=i.t("Plan an inspection")).click()
    form = page.locator("main form")
    expect(form.get_by_label(i.label(InspectionForm, "association"))).to_have_value(
        str(association.pk)
    )
    team = form.get_by_label(i.label(InspectionForm, "team"))
    team.select_option(index=1)
    form.get_by_label(i.label(InspectionForm, "inspectors")).fill("نادية العلوي، عبد الله الفاسي")
    i.shot("inspection-planned-form")
    form.get_by_role("button", name=i.t("Save")).click()
    expect(i.message()).to_contain_text(i.t("The inspection has been planned."))
    expect(page.get_by_test_id("inspection-status")).to_have_text(
        i.t(Inspection.Status.PLANNED.label)
    )
    i.shot("inspection")
    findings = "سجلات الحضور غير محينة منذ ثلاثة أشهر"
    form = page.get_by_test_id("result-form")
    form.get_by_label(i.label(InspectionResultForm, "status")).select_option(
        Inspection.Status.DONE.value
    )
    form.get_by_label(i.label(InspectionResultForm, "done_on")).fill(today.isoformat())
    form.get_by_label(i.label(InspectionResultForm, "conclusion")).select_option(
        Inspection.Conclusion.MINOR.value
    )
    form.get_by_label(i.label(InspectionResultForm, "findings")).fill(findings)
    form.get_by_role("button", name=i.t("Save")).click()
    expect(page.get_by_test_id("conclusion")).to_have_text(i.t(Inspection.Conclusion.MINOR.label))
    expect(page.locator("main")).to_contain_text(findings)
    i.shot("inspection-done", phone=True)

    # In French: the recommendation that follows.
    i.switch_to("fr")
    recommendation = "Tenir à jour les registres de présence"
    form = i.open_details("Add a recommendation")
    form.get_by_label(i.label(RecommendationForm, "text")).fill(recommendation)
    form.get_by_label(i.label(RecommendationForm, "due_date")).fill(
        (today + datetime.timedelta(days=90)).isoformat()
    )
    form.get_by_role("button", name=i.t("Add")).click()
    expect(page.get_by_test_id("recommendations")).to_contain_text(recommendation)
    i.shot("inspection-recommendation", phone=True)

    inspection = Inspection.objects.get(association=association, done_on=today)
    assert inspection.status == Inspection.Status.DONE
    assert inspection.conclusion == Inspection.Conclusion.MINOR
    assert inspection.recommendations.get().text == recommendation


# The recruitment officer, then a candidate without an account ------------------------------


def apply(w, competition, candidate):
    """The public side: from the list of competitions to the receipt number."""
    page = w.page
    page.goto(w.url("/concours/"))
    title = getattr(competition, f"title_{w.lang}")
    page.get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    w.shot("notice")
    page.get_by_test_id("apply").click()
    form = page.get_by_test_id("application-form")
    form.locator("input[name=post_line]").first.check()
    for name in ("cin", "first_name_ar", "last_name_ar", "first_name_lat", "last_name_lat"):
        form.get_by_label(w.label(ApplicationForm, name), exact=True).fill(candidate[name])
    form.get_by_label(w.label(ApplicationForm, "email"), exact=True).fill(candidate["email"])
    form.get_by_label(w.label(ApplicationForm, "sex")).select_option(candidate["sex"])
    form.get_by_label(w.label(ApplicationForm, "birth_date")).fill(candidate["birth_date"])
    form.get_by_label(w.label(ApplicationForm, "phone")).fill(candidate["phone"])
    form.get_by_label(w.label(ApplicationForm, "province")).select_option(
        str(Province.objects.get(code="MA-KHO").pk)
    )
    # The diploma and the copy of it share one label (see the findings): told apart by role.
    diploma = w.label(ApplicationForm, "diploma")
    form.get_by_role("textbox", name=diploma, exact=True).fill(candidate["diploma"])
    form.get_by_label(w.label(ApplicationForm, "specialty")).select_option(
        str(Specialty.objects.get(code="software").pk)
    )
    for name, filename in (("cin_copy", "cin.pdf"), ("diploma_copy", "diplome.pdf")):
        form.get_by_role("button", name=w.label(ApplicationForm, name), exact=True).set_input_files(
            {"name": filename, "mimeType": "application/pdf", "buffer": PDF}
        )
    w.shot("application-form")
    form.get_by_role("button", name=w.t("Send my application")).click()
    expect(page.get_by_test_id("sent-to")).to_have_text(candidate["email"])
    w.shot("application-sent")


def confirm(w, mailoutbox):
    """The link emailed to the candidate, then the receipt number."""
    page = w.page
    link = re.search(r"https?://\S+/confirm/\S+/", mailoutbox[-1].body).group(0)
    page.goto(link)
    page.get_by_test_id("confirm").click()
    number = page.get_by_test_id("receipt-number")
    expect(number).to_have_text(re.compile(r"^[A-Z0-9]{10}$"))
    w.shot("receipt", phone=True)
    return number.inner_text().strip()


def check_status(w, receipt_number, cin):
    page = w.page
    page.goto(w.url("/concours/status/"))
    form = page.locator("main form")
    form.get_by_label(w.label(StatusCheckForm, "receipt_number")).fill(receipt_number)
    form.get_by_label(w.label(StatusCheckForm, "cin")).fill(cin)
    form.get_by_role("button").click()
    expect(page.get_by_test_id("application-status")).to_contain_text(receipt_number)
    expect(page.get_by_test_id("status-value")).to_have_text(
        w.t(Application.Status.SUBMITTED.label)
    )


def test_recruitment_officer_publishes_a_competition_and_a_candidate_applies_and_checks_it(
    walk, mailoutbox
):
    now = timezone.localtime()
    reference = f"CONC-{now.year}-TEC-INF"
    deadline = (now + datetime.timedelta(days=20)).replace(hour=16, minute=0)
    w = walk("recruitment")
    page = w.page

    w.sign_in("recruitment", "ar")
    w.nav("Recruitment")
    w.shot("competitions")
    page.get_by_role("link", name=w.t("New competition")).click()
    form = page.get_by_test_id("competition-form")
    values = {
        "reference": reference,
        "title_ar": "مباراة لتوظيف تقنيين من الدرجة الثالثة تخصص تطوير البرمجيات",
        "title_fr": "Concours de recrutement de techniciens de 3e grade en développement",
        "notice_ar": "تعلن مؤسسة التعاون الوطني عن تنظيم مباراة لتوظيف تقنيين في المعلوميات.",
        "notice_fr": "L'Entraide Nationale organise un concours de techniciens en informatique.",
        "opens_at": (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
        "exam_date": (deadline + datetime.timedelta(days=15)).date().isoformat(),
    }
    for name, value in values.items():
        form.get_by_label(w.label(CompetitionForm, name), exact=True).fill(value)
    form.get_by_label(w.label(CompetitionForm, "unit"), exact=True).select_option(
        str(OrgUnit.objects.get(code="EN-SDAG").pk)
    )
    w.shot("competition-form")
    form.get_by_role("button", name=w.t("Save")).click()
    expect(page.get_by_test_id("competition-status")).to_have_text(
        w.t(Competition.Status.DRAFT.label)
    )

    grade = Grade.objects.get(code="technician-3")
    form = w.open_details("Add a post line")
    form.get_by_label(w.label(PostLineForm, "grade")).select_option(str(grade.pk))
    form.get_by_label(Specialty.objects.get(code="software").name_ar).check()
    form.get_by_label(w.label(PostLineForm, "posts")).fill("5")
    form.get_by_label(w.label(PostLineForm, "diplomas_ar")).fill("دبلوم تقني متخصص في المعلوميات")
    form.get_by_label(w.label(PostLineForm, "diplomas_fr")).fill(
        "Diplôme de technicien spécialisé en informatique"
    )
    form.get_by_role("button").click()
    expect(page.get_by_test_id("lines")).to_contain_text(grade.name_ar)

    status = page.get_by_test_id("status-form")
    status.locator("select").select_option(Competition.Status.PUBLISHED.value)
    status.get_by_role("button", name=w.t("Change the status")).click()
    expect(page.get_by_test_id("competition-status")).to_have_text(
        w.t(Competition.Status.PUBLISHED.label)
    )
    w.shot("competition-published", phone=True)
    w.sign_out()
    competition = Competition.objects.get(reference=reference)

    c = walk("candidate")
    c.lang = "ar"
    candidate = {
        "cin": "BH 234567",
        "first_name_ar": "فاطمة الزهراء",
        "last_name_ar": "بنعلي",
        "first_name_lat": "Fatima Zahra",
        "last_name_lat": "Benali",
        "sex": Application.Sex.FEMALE.value,
        "birth_date": "1998-02-11",
        "email": "fz.benali@exemple.ma",
        "phone": "0662345678",
        "diploma": "Diplôme de technicien spécialisé en développement informatique",
    }
    apply(c, competition, candidate)
    receipt_number = confirm(c, mailoutbox)
    check_status(c, receipt_number, "bh234567")
    c.shot("status", phone=True)

    # In French: the same candidate checks her application, the officer finds it in the list.
    c.lang = "fr"
    check_status(c, receipt_number, "BH234567")
    c.shot("status", phone=True)
    w.sign_in("recruitment", "fr")
    w.nav("Recruitment")
    page.get_by_role("link", name=reference).first.click()
    page.get_by_test_id("applications-link").click()
    expect(page.locator("main")).to_contain_text("Benali")
    w.shot("applications", phone=True)

    application = Application.objects.get(receipt_number=receipt_number)
    assert application.competition == competition
    assert application.cin == "BH234567"
    assert application.status == Application.Status.SUBMITTED
    assert competition.status == Competition.Status.PUBLISHED


# The administrator ------------------------------------------------------------------------

PEOPLE_CSV = (
    "file_number,first_name_ar,last_name_ar,first_name_lat,last_name_lat,sex,birth_date,"
    "birth_year,cin,phone,address,province_code,commune,marital_status,education,"
    "target_groups,disability_type,disability_degree,disability_card,delegation_code,"
    "centre_code\n"
    ",عائشة,المرابط,Aicha,El Mourabit,F,1990-05-17,,BJ765432,0612345678,,MA-KHO,"
    "Oued Zem,married,primary,women,,,,DP-MA-KHO,\n"
    ",عبد الرحيم,الوزاني,Abderrahim,Ouazzani,M,,1954,,,,MA-KHO,Boujad,widowed,,elderly,,,,"
    "DP-MA-KHO,\n"
)


def choose_csv(form):
    """The file format of django-import-export's forms, whatever case its labels use."""
    select = form.locator("select[name=format]")
    option = select.locator("option").filter(has_text=re.compile(r"\bcsv\b", re.I))
    select.select_option(option.first.get_attribute("value"))


def assert_changelist_readable(page):
    """The list of people fits beside its filters at 1280 pixels (no column hidden behind them,
    no scroll of its own), and the portal's footer is under it."""
    table, box = page.evaluate(
        """() => {
            const table = document.querySelector('#result_list');
            const box = table.parentElement;
            return [table.scrollWidth, box.clientWidth];
        }"""
    )
    assert table <= box, (table, box)
    expect(page.locator("#footer a[href$='/legal-notice/']")).to_be_visible()


def test_administrator_imports_a_csv_of_people_and_exports_them(walk):
    w = walk("admin")
    page = w.page

    w.sign_in("admin", "ar")
    w.nav("Administration")
    w.shot("admin-index")
    page.locator("a[href$='/admin/beneficiaries/beneficiary/']").first.click()
    page.locator("a[href*='/admin/beneficiaries/beneficiary/import/']").click()
    form = page.locator("#content form")
    form.locator("input[name=import_file]").set_input_files(
        {"name": "people.csv", "mimeType": "text/csv", "buffer": PEOPLE_CSV.encode("utf-8-sig")}
    )
    choose_csv(form)
    w.shot("import-form")
    form.locator("[type=submit]").first.click()
    w.shot("import-preview", phone=True)
    page.locator("form [type=submit][name=confirm], form input[type=submit]").last.click()
    expect(page.locator("#result_list")).to_contain_text("المرابط")
    w.shot("imported")
    assert_changelist_readable(page)
    assert Beneficiary.objects.filter(cin="BJ765432", last_name_lat="El Mourabit").exists()
    assert Beneficiary.objects.filter(last_name_ar="الوزاني", birth_year=1954).exists()

    # In French: the files exported as CSV. The admin has no language switch of its own: the
    # administrator switches on the portal's home page and comes back.
    page.goto(w.url("/"))
    w.switch_to("fr")
    w.nav("Administration")
    page.locator("a[href$='/admin/beneficiaries/beneficiary/']").first.click()
    w.shot("people-list")
    assert_changelist_readable(page)
    page.locator("a[href*='/admin/beneficiaries/beneficiary/export/']").click()
    form = page.locator("#content form")
    choose_csv(form)
    w.shot("export-form", phone=True)
    filename, path = w.download(form.locator("[type=submit]").first.click)
    assert filename.endswith(".csv"), filename
    text = path.read_text(encoding="utf-8-sig")
    assert "عائشة" in text
    assert "Ouazzani" in text
    assert io.StringIO(text).readline().startswith("file_number")
