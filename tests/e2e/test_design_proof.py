"""The proof of the design, page by page: each page as the role who uses it, in Arabic and in
French, checked by axe-core (the accessibility engine, from the npm registry: package.json),
then measured at a phone's width (360 px) and a desktop's (1280 px).

- axe finds no violation at all, of any impact, and leaves no text whose contrast it could not
  tell (an `incomplete` color-contrast result: text on a gradient or an image).
- No two elements share an id (a label would name another form's field).
- The page never scrolls sideways: its width stays within the viewport's at both widths.
- A full-page screenshot at each width, kept in test-results/design/<lang>-<width>-<page>.png
  (under pytest-playwright's --output) for people to look at.

axe is injected through the DevTools protocol (`page.evaluate`), which the portal's strict
Content-Security-Policy does not govern; the policy itself is left as it is. Each page is
loaded once per language, checked by axe at 1280 px, then narrowed to 360 px.
"""

import io
import json
import os
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from beneficiaries.models import Attachment, CaseFile
from centres.models import MonthlyActivity
from enrolments.models import season_of
from entraide.models import ImportJob, User
from partnerships.models import ControlCampaign, Convention, Inspection
from recruitment.models import Application
from tests.conftest import load_reference_data

from .conftest import DEMO_PASSWORD, DESKTOP
from .test_walks import SIDEWAYS

# No database access from the tests themselves: the module's `demo` writes what they read.
pytestmark = pytest.mark.e2e

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 800}
WIDTHS = (DESKTOP, PHONE)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
OPEN = "CONC-2026-ADM"  # the demo competition open for applications
DONE = "CONC-2025-TEC"  # the demo competition with its results
CENTRE = "C-KHO-001"  # the demo centre manager's centre
DELEGATION = "DP-MA-KHO"

# Two elements with the same id: a label, a link of the error summary or an aria reference
# then names another form's field.
DUPLICATE_IDS = """() => {
    const ids = {};
    for (const el of document.querySelectorAll("[id]")) ids[el.id] = (ids[el.id] || 0) + 1;
    return Object.entries(ids).filter(([, n]) => n > 1).map(([id, n]) => `${id} ×${n}`);
}"""

# axe's results, kept short: each violation with its nodes' selectors and the first's summary,
# and the color-contrast results axe could not decide on text. A lone symbol (an arrow, "nonBmp"
# in axe's words) is not text, and takes the colour of the text around it. The text of a chart's
# SVG axe does not measure ("imgNode"): it is measured here the same way (WCAG's relative
# luminance), its fill against the shape or the box drawn under its middle, 4.5:1 at least.
RUN_AXE = """async () => {
    const channel = v => {
        v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    };
    const luminance = ([r, g, b]) =>
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    const opaque = text => {
        const v = (text.match(/[\\d.]+/g) || []).map(Number);
        return v.length === 3 || (v.length === 4 && v[3] === 1) ? v.slice(0, 3) : null;
    };
    const svgTextContrast = text => {
        const fill = opaque(getComputedStyle(text).fill);
        if (!fill) return 0;
        const box = text.getBoundingClientRect();
        let under = [255, 255, 255];
        const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
        for (const el of document.elementsFromPoint(x, y)) {
            if (el === text) continue;
            const colour = el instanceof SVGElement
                ? el instanceof SVGGeometryElement && opaque(getComputedStyle(el).fill)
                : opaque(getComputedStyle(el).backgroundColor);
            if (colour) { under = colour; break; }
        }
        const [light, dark] = [luminance(fill), luminance(under)].sort((a, b) => b - a);
        return (light + 0.05) / (dark + 0.05);
    };
    const measured = node => {
        const key = node.any[0] && node.any[0].data && node.any[0].data.messageKey;
        if (key === "nonBmp") return true;
        return key === "imgNode" && node.element instanceof SVGTextElement
            && svgTextContrast(node.element) >= 4.5;
    };
    const results = await axe.run(
        document, {resultTypes: ["violations", "incomplete"], elementRef: true}
    );
    const short = rule => ({
        id: rule.id,
        impact: rule.impact,
        help: rule.help,
        nodes: rule.nodes.slice(0, 6).map(node => ({
            target: node.target.join(" "),
            summary: (node.failureSummary || "").slice(0, 300),
            html: node.html.slice(0, 160),
            data: (node.any[0] && node.any[0].data && node.any[0].data.messageKey) || null,
        })),
    });
    return {
        violations: results.violations.map(short),
        contrast: results.incomplete
            .filter(rule => rule.id === "color-contrast")
            .map(rule => ({...rule, nodes: rule.nodes.filter(node => !measured(node))}))
            .filter(rule => rule.nodes.length)
            .map(short),
    };
}"""


@dataclass(frozen=True)
class Page:
    """A page to prove: its name in the screenshots, the role who uses it (None: anyone, with
    no account), its path after the language prefix (or a function of the records), and a
    submit button to press first (a refused submit, for the error summary)."""

    name: str
    role: str | None
    path: object
    submit: str | None = None

    def url(self, records):
        return self.path(records) if callable(self.path) else self.path


PAGES = [
    # Anyone, without an account: the candidates, the legal pages, the sign-in.
    Page("sign-in", None, "/login/"),
    Page("sign-in-refused", None, "/login/", submit="main form button[type=submit]"),
    Page("notices", None, "/concours/"),
    Page("notice", None, f"/concours/{OPEN}/"),
    Page("notice-results", None, f"/concours/{DONE}/"),
    Page("apply", None, f"/concours/{OPEN}/apply/"),
    Page(
        "apply-refused",
        None,
        f"/concours/{OPEN}/apply/",
        submit="[data-testid=application-form] button[type=submit]",
    ),
    Page("status", None, "/concours/status/"),
    Page("status-refused", None, "/concours/status/", submit="main form button[type=submit]"),
    Page("legal-notice", None, "/legal-notice/"),
    Page("personal-data", None, "/personal-data/"),
    Page("accessibility", None, "/accessibility/"),
    Page("contact", None, "/contact/"),
    # The social worker.
    Page("worker-home", "worker", "/"),
    Page("work", "worker", "/beneficiaries/work/"),
    Page("search", "worker", "/beneficiaries/?q=%D8%A7"),
    Page("person", "worker", lambda r: f"/beneficiaries/{r.person.file_number}/"),
    Page("person-new-refused", "worker", "/beneficiaries/new/", submit="[data-testid=save-person]"),
    Page("person-edit", "worker", lambda r: f"/beneficiaries/{r.person.file_number}/edit/"),
    Page("case", "worker", lambda r: f"/beneficiaries/cases/{r.case.number}/"),
    Page(
        "referral-form", "worker", lambda r: f"/beneficiaries/cases/{r.case.number}/add/referral/"
    ),
    Page("cases", "worker", "/beneficiaries/cases/"),
    Page("referrals", "worker", "/beneficiaries/referrals/"),
    Page("follow-ups", "worker", "/beneficiaries/follow-ups/"),
    Page("import", "worker", "/imports/beneficiaries/"),
    Page("import-job", "worker", lambda r: f"/imports/{r.import_job.pk}/"),
    Page("profile", "worker", "/profile/"),
    # The centre manager.
    Page("centre", "manager", f"/centres/{CENTRE}/"),
    Page("activity", "manager", lambda r: r.activity_path),
    Page("centre-edit", "delegate", f"/centres/{CENTRE}/edit/"),
    # The delegate.
    Page("delegate-home", "delegate", "/"),
    Page("centres", "delegate", "/centres/"),
    Page("returns", "delegate", "/centres/returns/"),
    Page("activity-submitted", "delegate", lambda r: r.submitted_path),
    Page("overview", "delegate", "/beneficiaries/overview/"),
    Page("unit", "delegate", f"/units/{DELEGATION}/"),
    Page("report", "delegate", f"/reports/{DELEGATION}/"),
    Page("compare", "delegate", f"/reports/{DELEGATION}/compare/"),
    # The partnership officer and the inspector.
    Page("partnerships", "partnerships", "/partnerships/"),
    Page("associations", "partnerships", "/partnerships/associations/"),
    Page(
        "association", "partnerships", lambda r: f"/partnerships/associations/{r.association.pk}/"
    ),
    Page("conventions", "partnerships", "/partnerships/conventions/"),
    Page("convention", "partnerships", lambda r: f"/partnerships/conventions/{r.convention.pk}/"),
    Page("convention-new", "partnerships", "/partnerships/conventions/new/"),
    Page("partnership-figures", "partnerships", "/partnerships/figures/"),
    Page("inspections", "inspector", "/partnerships/inspections/"),
    Page("inspection", "inspector", lambda r: f"/partnerships/inspections/{r.inspection.pk}/"),
    Page("campaigns", "inspector", "/partnerships/campaigns/"),
    Page("campaign", "inspector", lambda r: f"/partnerships/campaigns/{r.campaign.pk}/"),
    # The recruitment officer.
    Page("competitions", "recruitment", "/concours/staff/"),
    Page("competition", "recruitment", f"/concours/staff/{OPEN}/"),
    Page(
        "competition-new-refused",
        "recruitment",
        "/concours/staff/new/",
        submit="[data-testid=competition-form] button[type=submit]",
    ),
    Page("applications", "recruitment", f"/concours/staff/{OPEN}/applications/"),
    Page("application", "recruitment", lambda r: r.application_path),
    Page("marks", "recruitment", f"/concours/staff/{DONE}/marks/written/"),
    # The national roles.
    Page("central-home", "central", "/"),
    Page("units", "central", "/units/"),
    Page("audit", "inspector", "/audit/"),
]
LANGUAGES = ("ar", "fr")


def records():
    """What the pages need beyond the demo, made once and committed: a person's documents, an
    import refused with its errors, a campaign of inspections, and the records' addresses."""
    worker = User.objects.get(username="worker")
    case = (
        CaseFile.objects.visible_to(worker)
        .filter(referrals__isnull=False)
        .select_related("beneficiary")
        .order_by("number")
        .first()
    )
    person = case.beneficiary
    Attachment.objects.create(
        beneficiary=person,
        kind=Attachment.Kind.ID,
        file=ContentFile(PDF, name="cin.pdf"),
        original_name="carte-nationale.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=worker,
    )
    import_job = ImportJob.objects.create(
        importer=ImportJob.Importer.BENEFICIARIES,
        original_name="personnes-khouribga.csv",
        unit=worker.unit,
        created_by=worker,
        status=ImportJob.Status.FAILED,
        errors=[[2, "CIN: ce numéro existe déjà"], [5, "date de naissance: 31/02/1990"]],
    )
    inspection = Inspection.objects.order_by("pk").first()
    campaign = ControlCampaign.objects.create(
        title="Contrôle des associations 2026", year=2026, unit=inspection.unit
    )
    Inspection.objects.filter(pk=inspection.pk).update(campaign=campaign)
    # Months typed on the centre's page: before this season's register (enrolments), whose
    # months are computed from it.
    typed = MonthlyActivity.objects.filter(
        centre__code=CENTRE, month__lt=season_of(timezone.localdate())[0]
    ).order_by("-month")
    month = typed.first().month
    # A month the centre has submitted, which the delegate validates or returns.
    submitted = typed[1]
    MonthlyActivity.objects.filter(pk=submitted.pk).update(
        status=MonthlyActivity.Status.SUBMITTED, validated_by=None, validated_at=None
    )
    application = Application.objects.filter(competition__reference=DONE).order_by("pk").first()
    convention = Convention.objects.filter(tranches__isnull=False).order_by("pk").distinct().first()
    return SimpleNamespace(
        person=person,
        case=case,
        import_job=import_job,
        inspection=inspection,
        campaign=campaign,
        association=convention.associations.first(),
        convention=convention,
        activity_path=f"/centres/{CENTRE}/activity/{month.year}/{month.month}/",
        submitted_path=(
            f"/centres/{CENTRE}/activity/{submitted.month.year}/{submitted.month.month}/"
        ),
        application_path=f"/concours/staff/{DONE}/applications/{application.pk}/",
    )


@pytest.fixture(scope="module")
def demo(request, django_db_setup, django_db_blocker):
    """The live server with the reference data, the demo (people included) and `records()`,
    loaded once for all the pages; the database is emptied after the last, as after any
    browser test (see test_walks.py, whose way this is). The tests do not touch the database:
    the live server's threads do, for the whole module, and every connection opened here is
    closed here, so that none outlives the test database."""
    addr = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
    server = LiveServer(addr or "localhost")
    server._live_server_modified_settings.enable()
    with django_db_blocker.unblock():
        # This module seeds and then flushes the database it is connected to: never one that
        # is not a test database (DATABASE_URL's own, if the test one was not set up).
        assert connection.settings_dict["NAME"].startswith("test_"), connection.settings_dict
        cache.clear()
        load_reference_data()
        call_command("seed_demo", stdout=io.StringIO())
        made = records()
        connection.close()
        yield SimpleNamespace(url=server.url, records=made)
        server.stop()
        call_command("flush", verbosity=0, interactive=False)
        cache.clear()
        connection.close()
    server._live_server_modified_settings.disable()


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make test does)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def contexts(browser, browser_context_args, demo):
    """One browser context per role, signed in once (the pages' language is in their
    address); None: a visitor without an account."""
    made = {}

    def context_for(role):
        if role not in made:
            context = browser.new_context(**browser_context_args)
            if role is not None:
                page = context.new_page()
                page.goto(f"{demo.url}/fr/login/")
                page.locator("input[name=username]").fill(role)
                page.locator("input[name=password]").fill(DEMO_PASSWORD)
                page.locator("main form button[type=submit]").click()
                expect(page.get_by_test_id("logout")).to_be_visible()
                page.close()
            made[role] = context
        return made[role]

    yield context_for
    for context in made.values():
        context.close()


@pytest.fixture(scope="module")
def shots(pytestconfig):
    folder = Path(pytestconfig.getoption("--output")) / "design"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def describe(rules):
    lines = []
    for rule in rules:
        lines.append(f"{rule['id']} ({rule['impact']}): {rule['help']}")
        for node in rule["nodes"]:
            lines.append(f"    {node['target']}  {node['html']}")
            if node["data"]:
                lines.append(f"      [{node['data']}]")
            elif node["summary"]:
                lines.append("      " + node["summary"].replace("\n", " | "))
    return "\n".join(lines)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("proof", PAGES, ids=[page.name for page in PAGES])
def test_page_passes_axe_and_fits_a_phone(demo, contexts, axe_source, shots, lang, proof):
    context = contexts(proof.role)
    page = context.new_page()
    server_errors = []
    page.on("response", lambda r: r.status >= 500 and server_errors.append(f"{r.status} {r.url}"))
    try:
        page.set_viewport_size(DESKTOP)
        response = page.goto(f"{demo.url}/{lang}{proof.url(demo.records)}")
        assert response.ok, f"{response.status} {response.url}"
        if proof.submit:
            page.locator(proof.submit).first.click()
            expect(page.get_by_test_id("error-summary")).to_be_visible()
        assert page.locator("html").get_attribute("lang") == lang
        problems = []
        duplicates = page.evaluate(DUPLICATE_IDS)
        if duplicates:
            problems.append(f"duplicate ids: {', '.join(duplicates)}")
        page.evaluate(f"() => {{ {axe_source}\n}}")
        found = page.evaluate(RUN_AXE)
        if found["violations"]:
            problems.append("axe violations:\n" + describe(found["violations"]))
        if found["contrast"]:
            problems.append("contrast axe could not tell:\n" + describe(found["contrast"]))
        for size in WIDTHS:
            page.set_viewport_size(size)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > size["width"]:
                sideways = page.evaluate(SIDEWAYS) or {"culprits": []}
                problems.append(
                    f"{width}px wide at {size['width']}px: {'; '.join(sideways['culprits'])}"
                )
            page.screenshot(path=shots / f"{lang}-{size['width']}-{proof.name}.png", full_page=True)
        assert not server_errors, server_errors
        assert not problems, f"{proof.name} ({lang}):\n" + "\n".join(problems)
    finally:
        page.close()


def test_axe_is_pinned_in_package_lock():
    lock = json.loads((Path(settings.BASE_DIR) / "package-lock.json").read_text())
    version = lock["packages"]["node_modules/axe-core"]["version"]
    assert (
        json.loads((Path(settings.BASE_DIR) / "package.json").read_text())["devDependencies"][
            "axe-core"
        ]
        == version
    )


def test_on_a_phone_a_list_turns_into_cards_and_a_grid_scrolls_under_its_first_column(
    demo, contexts
):
    page = contexts("manager").new_page()
    try:
        page.set_viewport_size(PHONE)
        page.goto(f"{demo.url}/ar/centres/")
        # Each centre a card, each value under its column's heading.
        centres = page.get_by_test_id("centre-list")
        heading = centres.locator("thead th").first.inner_text().strip()
        cell = centres.locator("tbody tr").first.locator("td").first
        assert cell.get_attribute("data-label") == heading
        assert cell.evaluate("td => getComputedStyle(td).display") != "table-cell"
        label = cell.evaluate("td => getComputedStyle(td, '::before').content")
        assert heading in label
        # Still a table's cell for screen readers, whatever its display.
        assert cell.get_attribute("role") == "cell"

        # The month's grid scrolls in its box, with the cue, under the services' column.
        page.goto(f"{demo.url}/ar{demo.records.activity_path}")
        grid = page.get_by_test_id("activity-grid")
        wrap = grid.locator("xpath=..")
        assert wrap.evaluate("box => box.scrollWidth > box.clientWidth")
        assert "local" in wrap.evaluate("box => getComputedStyle(box).backgroundAttachment")
        service = grid.locator("tbody th[scope=row]").first
        last = grid.locator("tbody tr").first.locator("td").last
        before = (service.bounding_box()["x"], last.bounding_box()["x"])
        # Right to left: the grid goes on to the left, where scrollLeft is negative.
        wrap.evaluate("box => { box.scrollLeft = -box.scrollWidth; }")
        after = (service.bounding_box()["x"], last.bounding_box()["x"])
        assert after[0] == pytest.approx(before[0], abs=1), "the services' column moved"
        assert after[1] > before[1] + 50, "the grid did not scroll"
        # Cells a thumb can hit: 44 px high at least.
        assert grid.locator("input.cell").first.bounding_box()["height"] >= 44
    finally:
        page.close()
