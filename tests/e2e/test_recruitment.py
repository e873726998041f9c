"""Public competitions in a real browser, in Arabic (right to left) and French (left to right):
a candidate without an account applies on time with their documents, confirms from the link
emailed to them, and checks their application with the receipt number and their CIN; an
application sent after the deadline, or a second one with the same CIN, is refused and
nothing is saved; and the recruitment officer computes the results and publishes them, the
admitted list reaching the public as a PDF with the CINs masked."""

import datetime
import re
import subprocess
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.functional import Promise
from playwright.sync_api import expect

from recruitment import services
from recruitment.models import Application, ApplicationDocument, Competition, Specialty
from territory.models import Province
from tests.factories import ApplicationFactory, CompetitionFactory

pytestmark = pytest.mark.e2e

LANGUAGES = pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("fr", "ltr")])

OPEN = "CONC-2026-ADM"  # the demo competition open for applications
PDF = b"%PDF-1.4\n%candidate's scan\n"
CANDIDATE = {
    "first_name_ar": "سلمى",
    "last_name_ar": "البركاني",
    "first_name_lat": "Salma",
    "last_name_lat": "El Berkani",
    "sex": Application.Sex.FEMALE.value,
    "birth_date": "1995-06-14",
    "email": "salma.berkani@exemple.ma",
    "phone": "0661234567",
    "diploma": "Master en psychologie clinique",
}


def expect_language(page, lang, direction):
    html = page.locator("html")
    expect(html).to_have_attribute("lang", lang)
    expect(html).to_have_attribute("dir", direction)


def translated(lang, text, **params):
    """A message (a msgid or a lazy label) in that language, with its parameters."""
    with translation.override(lang):
        text = str(text) if isinstance(text, Promise) else translation.gettext(text)
    return text % params if params else text


def moment(lang, value):
    """A date and hour as the pages and messages write it in that language."""
    with translation.override(lang):
        return services.local(value)


def messages(page):
    return page.locator("ul.messages")


def open_competition():
    return Competition.objects.get(reference=OPEN)


def psychology_line(competition):
    """The demo's second post line, open to social assistance and psychology."""
    return competition.lines.get(specialties__code="psychology")


def document(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def fill_application(page, competition, cin):
    """Fill the whole form for a post of the psychology line, with the two required PDFs."""
    line = psychology_line(competition)
    form = page.get_by_test_id("application-form")
    expect(form).to_be_visible()
    form.locator(f"input[name=post_line][value='{line.pk}']").check()
    form.locator("[name=cin]").fill(cin)
    for name in ("first_name_ar", "last_name_ar", "first_name_lat", "last_name_lat", "email"):
        form.locator(f"[name={name}]").fill(CANDIDATE[name])
    form.locator("[name=sex]").select_option(CANDIDATE["sex"])
    form.locator("[name=birth_date]").fill(CANDIDATE["birth_date"])
    form.locator("[name=phone]").fill(CANDIDATE["phone"])
    form.locator("[name=province]").select_option(str(Province.objects.order_by("code")[0].pk))
    form.locator("[name=diploma]").fill(CANDIDATE["diploma"])
    form.locator("[name=specialty]").select_option(str(Specialty.objects.get(code="psychology").pk))
    form.locator("[name=cin_copy]").set_input_files(document("cin.pdf"))
    form.locator("[name=diploma_copy]").set_input_files(document("diplome.pdf"))
    return form


def submitting(page):
    """Wait for the POST of the application form."""
    return page.expect_response(
        lambda response: response.request.method == "POST" and response.url.endswith("/apply/")
    )


def open_the_form(page, portal, lang, direction, competition):
    page.goto(f"{portal}/{lang}/concours/{competition.reference}/")
    expect_language(page, lang, direction)
    page.get_by_test_id("apply").click()
    expect(page).to_have_url(f"{portal}/{lang}/concours/{competition.reference}/apply/")
    expect_language(page, lang, direction)


def check_status(page, receipt_number, cin):
    form = page.get_by_test_id("status-form")
    form.locator("[name=receipt_number]").fill(receipt_number)
    form.locator("[name=cin]").fill(cin)
    page.get_by_test_id("check").click()
    page.wait_for_load_state()


@LANGUAGES
def test_candidate_applies_on_time_and_checks_the_application_with_receipt_and_cin(
    page, portal, lang, direction, mailoutbox, output_path
):
    competition = open_competition()
    title = getattr(competition, f"title_{lang}")
    cin = "XY 123456" if lang == "ar" else "xy123456"  # tidied to XY123456 by the form
    received = competition.applications.count()

    page.goto(f"{portal}/{lang}/concours/")
    expect_language(page, lang, direction)
    listed = page.get_by_test_id("open-competitions")
    expect(listed.locator("li")).to_have_count(1)
    expect(listed).to_contain_text(OPEN)
    listed.get_by_role("link", name=title, exact=True).click()

    expect(page).to_have_url(f"{portal}/{lang}/concours/{OPEN}/")
    expect_language(page, lang, direction)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_test_id("posts").locator("tbody tr")).to_have_count(
        competition.lines.count()
    )
    expect(page.get_by_test_id("deadline")).to_contain_text(moment(lang, competition.deadline))
    page.get_by_test_id("apply").click()

    expect(page).to_have_url(f"{portal}/{lang}/concours/{OPEN}/apply/")
    expect_language(page, lang, direction)
    fill_application(page, competition, cin)
    page.get_by_test_id("submit-application").click()

    # Nothing is received until the candidate confirms from the email sent to them.
    expect(page).to_have_url(f"{portal}/{lang}/concours/{OPEN}/apply/sent/")
    expect_language(page, lang, direction)
    expect(page.get_by_test_id("sent-to")).to_have_text(CANDIDATE["email"])
    page.screenshot(path=f"{output_path}/confirmation-sent-{lang}.png", full_page=True)
    assert competition.applications.confirmed().count() == received
    [message] = mailoutbox
    assert message.to == [CANDIDATE["email"]]
    link = re.search(r"https?://\S+/confirm/\S+/", message.body).group(0)
    assert link.startswith(f"{portal}/{lang}/concours/{OPEN}/confirm/")
    page.goto(link)
    expect_language(page, lang, direction)
    page.screenshot(path=f"{output_path}/confirmation-ready-{lang}.png", full_page=True)
    page.get_by_test_id("confirm").click()

    expect(page).to_have_url(f"{portal}/{lang}/concours/{OPEN}/receipt/")
    expect_language(page, lang, direction)
    number = page.get_by_test_id("receipt-number")
    expect(number).to_have_text(re.compile(r"^[A-Z0-9]{10}$"))
    receipt_number = number.inner_text().strip()

    application = Application.objects.get(receipt_number=receipt_number)
    assert competition.applications.count() == received + 1
    assert application.competition == competition
    assert application.cin == "XY123456"
    assert application.channel == "online"
    assert application.status == Application.Status.SUBMITTED
    assert application.post_line == psychology_line(competition)
    assert application.specialty.code == "psychology"
    assert (application.first_name_lat, application.last_name_ar) == (
        CANDIDATE["first_name_lat"],
        CANDIDATE["last_name_ar"],
    )
    assert application.birth_date == datetime.date.fromisoformat(CANDIDATE["birth_date"])
    documents = application.documents.order_by("kind")
    assert [d.kind for d in documents] == [
        ApplicationDocument.Kind.CIN,
        ApplicationDocument.Kind.DIPLOMA,
    ]
    for stored in documents:
        assert stored.content_type == "application/pdf"
        assert stored.size == len(PDF)
        with stored.file.open("rb") as file:
            assert file.read() == PDF

    page.locator("main").get_by_role(
        "link", name=translated(lang, "Check my application"), exact=True
    ).click()
    expect(page).to_have_url(f"{portal}/{lang}/concours/status/")
    expect_language(page, lang, direction)
    check_status(page, receipt_number, "xy123456")
    status = page.get_by_test_id("application-status")
    expect(status).to_be_visible()
    expect_language(page, lang, direction)
    expect(status).to_contain_text(receipt_number)
    expect(status).to_contain_text(title)
    expect(page.get_by_test_id("status-value")).to_have_text(
        translated(lang, Application.Status.SUBMITTED.label)
    )
    expect(page.get_by_test_id("eligibility")).to_have_text(
        translated(lang, Application.Eligibility.PENDING.label)
    )
    expect(page.get_by_test_id("status-error")).to_have_count(0)

    # Someone who has the receipt number but not the CIN learns nothing.
    check_status(page, receipt_number, "XY123457")
    expect_language(page, lang, direction)
    expect(page.get_by_test_id("status-error")).to_contain_text(
        translated(lang, "No application matches this receipt number and CIN.")
    )
    expect(page.get_by_test_id("application-status")).to_have_count(0)
    main = page.locator("main")
    expect(main).not_to_contain_text(title)
    expect(main).not_to_contain_text(str(application.post_line.grade))
    expect(page.get_by_test_id("withdraw-form")).to_have_count(0)

    # The receipt survives a reload in the browser that confirmed, its address naming nothing.
    page.goto(f"{portal}/{lang}/concours/{OPEN}/receipt/")
    expect(page.get_by_test_id("receipt-number")).to_have_text(receipt_number)


@LANGUAGES
def test_application_sent_after_the_deadline_is_refused_and_nothing_is_saved(
    page, portal, lang, direction
):
    competition = open_competition()
    cin = "GH654321"
    received = competition.applications.count()
    open_the_form(page, portal, lang, direction, competition)
    form = fill_application(page, competition, cin)

    # The deadline passes while the candidate is filling in the form.
    Competition.objects.filter(pk=competition.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    competition.refresh_from_db()
    with submitting(page) as refused:
        page.get_by_test_id("submit-application").click()
    assert refused.value.status == 403
    expect(page).to_have_url(f"{portal}/{lang}/concours/{OPEN}/apply/")
    expect_language(page, lang, direction)
    closed = translated(
        lang,
        "Applications closed on %(deadline)s: the form is no longer available.",
        deadline=moment(lang, competition.deadline),
    )
    expect(page.get_by_test_id("closed")).to_contain_text(closed)
    expect(form).to_have_count(0)  # the notice only, no form
    assert not Application.objects.filter(cin=cin).exists()
    assert competition.applications.count() == received
    assert not ApplicationDocument.objects.filter(application__cin=cin).exists()

    # The notice no longer offers to apply, and the form says it is closed.
    page.goto(f"{portal}/{lang}/concours/{OPEN}/")
    expect_language(page, lang, direction)
    expect(page.get_by_test_id("apply")).to_have_count(0)
    expect(page.get_by_test_id("deadline")).to_contain_text(moment(lang, competition.deadline))
    page.goto(f"{portal}/{lang}/concours/")
    expect_language(page, lang, direction)
    expect(page.get_by_test_id("open-competitions")).not_to_contain_text(OPEN)
    page.goto(f"{portal}/{lang}/concours/{OPEN}/apply/")
    expect_language(page, lang, direction)
    expect(page.get_by_test_id("closed")).to_contain_text(closed)
    expect(page.get_by_test_id("application-form")).to_have_count(0)


@LANGUAGES
def test_second_application_with_the_same_cin_is_refused(page, portal, lang, direction):
    competition = open_competition()
    first = ApplicationFactory(competition=competition, cin="CD654321")
    received = competition.applications.count()

    open_the_form(page, portal, lang, direction, competition)
    fill_application(page, competition, "cd 654321")  # the same CIN, typed otherwise
    with submitting(page) as refused:
        page.get_by_test_id("submit-application").click()
    assert refused.value.status == 422
    expect_language(page, lang, direction)
    expect(page.get_by_test_id("form-error")).to_contain_text(
        translated(
            lang, "An application with this CIN has already been received for this competition."
        )
    )
    expect(page.get_by_test_id("receipt-number")).to_have_count(0)
    assert list(Application.objects.filter(cin="CD654321")) == [first]
    assert competition.applications.count() == received
    assert not first.documents.exists()


def candidate(competition, cin, first, last, written, oral):
    return ApplicationFactory(
        competition=competition,
        cin=cin,
        first_name_lat=first,
        last_name_lat=last,
        eligibility=Application.Eligibility.ELIGIBLE,
        written_present=True,
        written_mark=Decimal(written),
        called_to_oral=True,
        oral_present=True,
        oral_mark=Decimal(oral),
    )


@LANGUAGES
def test_officer_computes_and_publishes_the_results_and_the_public_reads_the_admitted_list(
    page, portal, sign_in, lang, direction, tmp_path
):
    now = timezone.now()
    competition = CompetitionFactory(
        reference=f"CONC-E2E-{lang.upper()}",
        opens_at=now - datetime.timedelta(days=90),
        deadline=now - datetime.timedelta(days=60),
        status=Competition.Status.ORAL,
        lines__posts=1,
    )
    admitted = candidate(competition, "AB123456", "Amina", "Benali", "16", "15")  # 15.5
    waiting = candidate(competition, "CE234567", "Omar", "Kettani", "14", "12")  # 13
    failed = candidate(competition, "JK345678", "Driss", "Lahlou", "11", "6")  # 8.5
    staff_url = f"{portal}/{lang}/concours/staff/{competition.reference}/"
    notice_url = f"{portal}/{lang}/concours/{competition.reference}/"

    # Nothing is public before the results: the notice lists only the oral's lists.
    page.goto(notice_url)
    expect_language(page, lang, direction)
    expect(page.get_by_test_id("list-oral")).to_be_visible()
    expect(page.get_by_test_id("list-admitted")).to_have_count(0)

    sign_in("recruitment", lang)
    page.goto(staff_url)
    expect_language(page, lang, direction)
    expect(page.get_by_test_id("competition-status")).to_have_text(
        translated(lang, Competition.Status.ORAL.label)
    )
    page.get_by_test_id("compute-results").click()
    with translation.override(lang):
        admitted_message = translation.ngettext(
            "Results computed: %(count)s candidate admitted.",
            "Results computed: %(count)s candidates admitted.",
            1,
        )
    expect(messages(page)).to_contain_text(admitted_message % {"count": 1})
    expect_language(page, lang, direction)
    for application in (admitted, waiting, failed):
        application.refresh_from_db()
    assert (admitted.rank, admitted.result, admitted.final_mark) == (
        1,
        Application.Result.ADMITTED,
        Decimal("15.5"),
    )
    assert (waiting.rank, waiting.result) == (2, Application.Result.WAITING)
    assert (failed.rank, failed.result) == (3, Application.Result.NOT_ADMITTED)

    form = page.get_by_test_id("status-form")
    form.locator("[name=status]").select_option(Competition.Status.RESULTS.value)
    page.get_by_test_id("change-status").click()
    expect(messages(page)).to_contain_text(
        translated(lang, "The competition's status has been changed.")
    )
    expect_language(page, lang, direction)
    expect(page.get_by_test_id("competition-status")).to_have_text(
        translated(lang, Competition.Status.RESULTS.label)
    )
    competition.refresh_from_db()
    assert competition.status == Competition.Status.RESULTS

    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/login/"))

    # Anyone, without an account: the published lists on the notice.
    page.goto(notice_url)
    expect_language(page, lang, direction)
    lists = page.get_by_test_id("published-lists")
    expect(lists).to_be_visible()
    expect(lists.locator("li")).to_have_count(4)
    link = page.get_by_test_id("list-admitted")
    expect(link).to_contain_text(translated(lang, "Candidates admitted"))
    href = link.get_attribute("href")
    assert href == f"/{lang}/concours/{competition.reference}/lists/admitted.pdf"
    response = page.request.get(f"{portal}{href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert f"-admitted-{lang}.pdf" in response.headers["content-disposition"]
    pdf = response.body()
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "admitted.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(  # noqa: S603 - a fixed program on a file of ours
        ["/usr/bin/pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
        timeout=30,
    ).stdout

    assert "Benali" in text
    assert "Amina" in text
    assert admitted.masked_cin() == "AB****56"
    assert "AB****56" in text
    assert "AB123456" not in text
    for other in (waiting, failed):
        assert other.last_name_lat not in text
        assert other.cin not in text and other.masked_cin() not in text

    # The admitted candidate reads their result with their receipt number and CIN.
    page.goto(f"{portal}/{lang}/concours/status/")
    expect_language(page, lang, direction)
    check_status(page, admitted.receipt_number, admitted.cin)
    expect(page.get_by_test_id("application-status")).to_be_visible()
    expect(page.get_by_test_id("result")).to_have_text(
        translated(lang, Application.Result.ADMITTED.label)
    )
    expect(page.get_by_test_id("withdraw-form")).to_have_count(0)
