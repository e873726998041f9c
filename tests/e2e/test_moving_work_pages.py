"""The pages of work that moves, in a browser, as the role who uses each, in Arabic at a phone's
width (360 px) and in French at a desktop's (1280 px):

1. Khouribga's delegate reads the cases overview, opens the caseload of one worker and gives two
   of her cases to a colleague;
2. a Rabat worker searches for a CIN held by a Khouribga file: told only that a file exists
   elsewhere, he asks for read access;
3. Khouribga's delegate finds the request in the requests about files, reads it and accepts;
4. the Rabat worker reads the shared file;
5. the staff of a partner association finds a referral to it in the referral inbox, and
   accepts it.

Each page: axe finds no violation, no two elements share an id, the page does not scroll
sideways, and a full-page screenshot is kept in
test-results/moving-work/<lang>-<width>-<page>.png."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from beneficiaries.models import CaseFile, Consent, FileRequest, Referral
from entraide.models import AccessEvent, User
from notifications.models import Kind, Notification
from partnerships.models import Association
from tests.factories import BeneficiaryFactory, CaseFileFactory, UserFactory, unit

from .conftest import DESKTOP
from .test_design_proof import AXE, RUN_AXE, describe
from .test_walks import AMBIGUOUS, SIDEWAYS

pytestmark = pytest.mark.e2e

NARROW = {"width": 360, "height": 800}
SIZES = pytest.mark.parametrize(
    ("lang", "direction", "size"),
    [("ar", "rtl", NARROW), ("fr", "ltr", DESKTOP)],
    ids=["ar-360", "fr-1280"],
)
KHOURIBGA, RABAT = "DP-MA-KHO", "DP-MA-RAB"

# The page is no wider than the window: nothing to scroll sideways.
WIDTHS = "() => [document.scrollingElement.scrollWidth, window.innerWidth]"


def translated(lang, text, **params):
    with translation.override(lang):
        text = translation.gettext(text)
    return text % params if params else text


def assigned_message(lang, n, worker):
    with translation.override(lang):
        text = translation.ngettext(
            "%(n)s case assigned to %(worker)s.", "%(n)s cases assigned to %(worker)s.", n
        )
    return text % {"n": n, "worker": worker}


def name_in(lang, user):
    with translation.override(lang):
        return user.display_name


def expect_language(page, lang, direction):
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("html")).to_have_attribute("dir", direction)


def expect_message(page, text):
    expect(page.locator("ul.messages")).to_contain_text(text)


class Shots:
    """Checks each page as it stands and keeps its screenshot. What a page gets wrong is kept
    until `assert_clean`, at the test's end: the walk goes on to the next pages, so that one
    run finds every page's problems and takes every screenshot. Server errors are watched for
    the whole test."""

    def __init__(self, page, folder, lang, width):
        self.page, self.folder, self.lang, self.width = page, folder, lang, width
        self.server_errors = []
        self.problems = []
        page.on(
            "response",
            lambda r: r.status >= 500 and self.server_errors.append(f"{r.status} {r.url}"),
        )

    def check(self, name):
        page = self.page
        path = self.folder / f"{self.lang}-{self.width}-{name}.png"
        problems = []
        page.evaluate(f"() => {{ {AXE.read_text(encoding='utf-8')}\n}}")
        found = page.evaluate(RUN_AXE)
        if found["violations"]:
            problems.append("axe violations:\n" + describe(found["violations"]))
        ambiguous = page.evaluate(AMBIGUOUS)
        if ambiguous:
            problems.append("ambiguous: " + ", ".join(ambiguous))
        scroll_width, window_width = page.evaluate(WIDTHS)
        if scroll_width > window_width:
            sideways = page.evaluate(SIDEWAYS) or {"culprits": []}
            problems.append(
                f"{scroll_width}px wide in a {window_width}px window: "
                + "; ".join(sideways["culprits"])
            )
        page.screenshot(path=path, full_page=True)
        assert not self.server_errors, self.server_errors
        if problems:
            self.problems.append(f"{path.name} ({page.url}):\n" + "\n".join(problems))

    def assert_clean(self):
        assert not self.problems, "\n\n".join(self.problems)


@pytest.fixture
def shots(page, pytestconfig, lang, size):
    folder = Path(pytestconfig.getoption("--output")) / "moving-work"
    folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(size)
    return Shots(page, folder, lang, size["width"])


def khouribga_person(worker, **names):
    person = BeneficiaryFactory(**names)
    Consent.objects.create(
        beneficiary=person, purpose=Consent.Purpose.SHARING, given=True, recorded_by=worker
    )
    case = CaseFileFactory(beneficiary=person, worker=worker, number=f"{person.file_number}-1")
    return person, case


# 1. The overview and the caseloads ---------------------------------------------------------------


@SIZES
def test_the_delegate_gives_two_cases_of_a_worker_to_a_colleague(
    page, portal, sign_in, shots, lang, direction, size
):
    worker = User.objects.get(username="worker")
    colleague = UserFactory(username="t-colleague", arabic_names=True)
    cases = [khouribga_person(worker)[1] for _ in range(3)]
    worker_name, colleague_name = name_in(lang, worker), name_in(lang, colleague)

    sign_in("delegate", lang)
    page.goto(f"{portal}/{lang}/beneficiaries/overview/")
    expect_language(page, lang, direction)
    expect(page.locator("h1")).to_have_text(translated(lang, "Cases overview"))
    row = page.get_by_test_id("cases-by-worker").locator("tbody tr").filter(has_text=worker_name)
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(1)).to_have_text("3")
    shots.check("overview")

    row.get_by_test_id("reassign-link").click()
    reassign_url = f"{portal}/{lang}/beneficiaries/overview/reassign/?from={worker.pk}"
    expect(page).to_have_url(reassign_url)
    expect(page.locator("h1")).to_have_text(translated(lang, "Reassign cases"))
    expect(page.locator("#id_from")).to_have_value(str(worker.pk))
    listed = page.get_by_test_id("reassign-cases").locator("input[type=checkbox]")
    expect(listed).to_have_count(3)
    shots.check("reassign")

    form = page.get_by_test_id("reassign-form")
    for case in cases[:2]:
        form.locator(f"input[name=cases][value='{case.number}']").check()
    form.locator("select[name=worker]").select_option(str(colleague.pk))
    page.get_by_test_id("reassign-submit").click()
    expect(page).to_have_url(reassign_url)
    expect_message(
        page,
        assigned_message(lang, 2, colleague_name),
    )
    # What is left of the worker's caseload: the third case.
    expect(listed).to_have_count(1)
    expect(listed.first).to_have_value(cases[2].number)
    assert sorted(CaseFile.objects.filter(worker=colleague).values_list("pk", flat=True)) == sorted(
        case.pk for case in cases[:2]
    )
    assert CaseFile.objects.get(pk=cases[2].pk).worker == worker
    told = Notification.objects.filter(recipient=colleague, kind=Kind.CASE_ASSIGNED)
    assert sorted(told.values_list("about", flat=True)) == sorted(c.number for c in cases[:2])
    shots.check("reassigned")
    shots.assert_clean()


# 2-4. Read access to a file held elsewhere -------------------------------------------------------


@SIZES
def test_a_rabat_worker_asks_to_read_a_khouribga_file_and_reads_it_once_granted(
    page, portal, sign_in, shots, lang, direction, size
):
    worker = User.objects.get(username="worker")
    rabat_worker = User.objects.get(username="worker2")
    delegate = User.objects.get(username="delegate")
    person, case = khouribga_person(
        worker,
        first_name_ar="سعاد",
        last_name_ar="المنصوري",
        first_name_lat="Souad",
        last_name_lat="Mansouri",
        cin="BK482913",
        birth_date=datetime.date(1985, 6, 9),
    )
    secrets = (person.file_number, "Souad", "Mansouri", "سعاد", "المنصوري")
    reason = "Elle se présente à Rabat pour un hébergement · تقدمت إلى الرباط لطلب الإيواء"

    # 2. Rabat searches the CIN: a file exists elsewhere, nothing more.
    sign_in(rabat_worker.username, lang)
    page.goto(f"{portal}/{lang}/beneficiaries/?q={person.cin}")
    expect_language(page, lang, direction)
    offer = page.get_by_test_id("file-elsewhere")
    expect(offer).to_be_visible()
    expect(offer.locator("h2")).to_have_text(
        translated(lang, "A file exists in another delegation")
    )
    for secret in secrets:
        expect(page.locator("main")).not_to_contain_text(secret)
    shots.check("search-elsewhere")

    offer.locator("input[name=elsewhere-kind][value=read]").check()
    offer.locator("[name=elsewhere-reason]").fill(reason)
    page.get_by_test_id("elsewhere-submit").click()
    request = FileRequest.objects.get(beneficiary=person)
    request_url = f"{portal}/{lang}/beneficiaries/requests/{request.pk}/"
    expect(page).to_have_url(request_url)
    expect_message(
        page, translated(lang, "Your request is sent to the delegation that holds the file.")
    )
    assert (request.kind, request.state) == (FileRequest.Kind.READ, FileRequest.State.REQUESTED)
    assert (request.owner.code, request.other.code) == (KHOURIBGA, RABAT)
    assert not request.asked_by_owner and request.requested_by == rabat_worker
    assert request.asked_about == person.cin and request.province is None
    expect(page.get_by_test_id("file-request-reason")).to_have_text(reason)
    expect(page.get_by_test_id("request-cancel")).to_be_visible()
    expect(page.get_by_test_id("decision-form")).to_have_count(0)
    for secret in secrets:
        expect(page.locator("main")).not_to_contain_text(secret)
    shots.check("request-sent")
    page.get_by_test_id("logout").click()

    # 3. Khouribga's delegate finds it among the requests about files, and accepts it.
    assert Notification.objects.filter(recipient=delegate, kind=Kind.TRANSFER_ASKED).exists()
    sign_in(delegate.username, lang)
    page.goto(f"{portal}/{lang}/beneficiaries/requests/")
    expect_language(page, lang, direction)
    expect(page.locator("h1")).to_have_text(translated(lang, "Requests about files"))
    to_decide = page.get_by_test_id("requests-to-decide").get_by_test_id("file-request")
    expect(to_decide).to_have_count(1)
    expect(to_decide).to_have_attribute("data-state", FileRequest.State.REQUESTED)
    shots.check("file-requests")

    to_decide.get_by_role("link").click()
    expect(page).to_have_url(request_url)
    expect(page.get_by_test_id("file-request-person")).to_contain_text(
        f"{person.first_name_ar} {person.last_name_ar}"
    )
    expect(page.get_by_test_id("file-request-person")).to_contain_text("Souad Mansouri")
    expect(page.get_by_test_id("file-request-facts")).to_contain_text(person.file_number)
    expect(page.get_by_test_id("file-request-facts")).to_contain_text(person.cin)
    expect(page.get_by_test_id("decision-form")).to_be_visible()
    shots.check("file-request")

    page.get_by_test_id("request-accept").click()
    expect(page).to_have_url(request_url)
    expect_message(page, translated(lang, "The request is accepted: whoever asked is told."))
    request.refresh_from_db()
    assert request.state == FileRequest.State.ACCEPTED and request.decided_by == delegate
    granted_for = request.read_until - timezone.now()
    assert datetime.timedelta(days=29) < granted_for <= datetime.timedelta(days=30)
    expect(page.get_by_test_id("file-request-state")).to_have_class(
        re.compile(r"\breferral-accepted\b")
    )
    expect(page.get_by_test_id("decision-form")).to_have_count(0)
    shots.check("file-request-accepted")
    page.get_by_test_id("logout").click()

    # 4. The Rabat worker reads the file, read-only; the file itself stays Khouribga's.
    assert Notification.objects.filter(recipient=rabat_worker, kind=Kind.TRANSFER_DECIDED).exists()
    sign_in(rabat_worker.username, lang)
    page.goto(request_url)
    page.get_by_test_id("read-shared-file").click()
    expect(page).to_have_url(f"{request_url}file/")
    expect_language(page, lang, direction)
    expect(page.locator("h1")).to_contain_text("Souad Mansouri")
    expect(page.get_by_test_id("shared-file-notice")).to_be_visible()
    facts = page.get_by_test_id("shared-file")
    expect(facts).to_contain_text(person.file_number)
    expect(page.locator("main")).to_contain_text(case.number)
    shots.check("shared-file")
    assert AccessEvent.objects.filter(
        actor=rabat_worker, object_id=str(person.pk), path__endswith=f"/{request.pk}/file/"
    ).exists()
    response = page.goto(f"{portal}/{lang}/beneficiaries/{person.file_number}/")
    assert response.status == 404
    person.refresh_from_db()
    assert person.delegation == unit(KHOURIBGA)
    shots.assert_clean()


# 5. The partner staff's referral inbox -----------------------------------------------------------


@SIZES
def test_the_partner_staff_accept_a_referral_to_their_association(
    page, portal, sign_in, shots, lang, direction, size
):
    worker = User.objects.get(username="worker")
    partner = User.objects.get(username="partner")
    association = Association.objects.staffed_by(partner).get()
    person, case = khouribga_person(
        worker,
        first_name_ar="نعيمة",
        last_name_ar="الفاسي",
        first_name_lat="Naima",
        last_name_lat="Fassi",
        cin="BJ300417",
    )
    referral = Referral.objects.create(
        case=case,
        author=worker,
        target_kind=Referral.TargetKind.ASSOCIATION,
        association=association,
        reason="Accompagnement psychologique · مواكبة نفسية",
    )

    sign_in(partner.username, lang)
    page.get_by_test_id("nav-inbox").click()
    expect(page).to_have_url(f"{portal}/{lang}/beneficiaries/referrals/received/")
    expect_language(page, lang, direction)
    expect(page.locator("h1")).to_have_text(translated(lang, "Referrals received"))
    cards = page.get_by_test_id("inbox-list").get_by_test_id("received-referral")
    expect(cards).to_have_count(1)
    card = cards.first
    expect(card).to_have_attribute("data-referral", str(referral.pk))
    expect(card).to_have_attribute("data-state", Referral.State.SENT)
    expect(card.get_by_test_id("received-association")).to_have_text(
        getattr(association, f"name_{lang}")
    )
    expect(card.get_by_test_id("received-person")).to_contain_text("Naima Fassi")
    # What the person's consent to sharing allows, never her CIN.
    expect(card).not_to_contain_text(person.cin)
    shots.check("inbox")

    card.get_by_test_id("answer-accept").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/beneficiaries/referrals/received/"))
    expect_message(
        page, translated(lang, "The referral has been accepted: the referring worker is told.")
    )
    referral.refresh_from_db()
    assert referral.state == Referral.State.ACCEPTED and referral.answered_by == partner
    assert Notification.objects.filter(recipient=worker, kind=Kind.REFERRAL_ANSWERED).exists()
    expect(page.get_by_test_id("inbox-empty")).to_be_visible()
    shots.check("inbox-answered")

    page.get_by_test_id("inbox-tab-accepted").click()
    expect(cards).to_have_count(1)
    expect(cards.first).to_have_attribute("data-state", Referral.State.ACCEPTED)
    shots.check("inbox-accepted")
    shots.assert_clean()
