"""Referrals answered by the receiver: a referral to a centre lands in its manager's inbox, who
sees of the person what their consent to sharing allows, accepts it, refuses it with a coded
reason or reports the service done; the referring worker is told. Each referral has a deadline
set by the service catalogue and its urgency; past it, it is overdue on the referring side's
lists and escalated to the delegate, once. Response times are figures of the activity report."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from beneficiaries import services
from beneficiaries.models import Beneficiary, Consent, Referral
from centres.models import Service
from entraide.protection import may_read
from entraide.roles import Role
from notifications.models import Kind, Notification
from reports.figures import unit_figures
from reports.periods import Period
from tests.factories import BeneficiaryFactory, CaseFileFactory, CentreFactory, UserFactory, unit

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def at(year, month, day, hour=0):
    """That hour of that day in Morocco."""
    return datetime.datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def person():
    return BeneficiaryFactory(
        first_name_ar="زينب",
        last_name_ar="الحسني",
        first_name_lat="Zineb",
        last_name_lat="El Hassani",
        cin="BH765432",
        phone="0661234567",
        birth_date=datetime.date(1991, 4, 9),
    )


@pytest.fixture
def case(person, worker):
    return CaseFileFactory(beneficiary=person, worker=worker, number=f"{person.file_number}-1")


@pytest.fixture
def centre(centre_manager):
    centre = CentreFactory(code="C-T-INBOX")
    centre.managers.add(centre_manager)
    return centre


def refer(case, centre, *, author=None, **fields):
    return Referral.objects.create(
        case=case,
        author=author or case.worker,
        target_kind=Referral.TargetKind.CENTRE,
        centre=centre,
        reason=fields.pop("reason", "Hébergement d'urgence pour la nuit"),
        **fields,
    )


def share(person, given=True):
    Consent.objects.create(
        beneficiary=person,
        purpose=Consent.Purpose.SHARING,
        given=given,
        recorded_by=person_author(),
    )


def person_author():
    return UserFactory(username="t-consent-recorder")


def told(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind))


def received_page(client, referral):
    return client.get(reverse("beneficiaries:referral_received", args=[referral.pk]))


def answer(client, referral, value, **data):
    return client.post(
        reverse("beneficiaries:referral_received", args=[referral.pk]), {"answer": value, **data}
    )


# Sent, received, answered ---------------------------------------------------------------------


def test_a_referral_to_a_centre_lands_in_its_managers_inbox_and_they_are_told(
    client_for, worker, case, centre, centre_manager
):
    service = Service.objects.get(code="reception")
    response = client_for(worker).post(
        reverse("beneficiaries:entry_add", args=[case.number, "referral"]),
        {
            "referral-date": timezone.localdate().isoformat(),
            "referral-target_kind": "centre",
            "referral-centre": centre.pk,
            "referral-service": service.pk,
            "referral-urgency": "urgent",
            "referral-reason": "Mise à l'abri ce soir",
        },
    )
    assert response.status_code == 302
    referral = case.referrals.get()
    assert (referral.service, referral.urgency, referral.state) == (service, "urgent", "sent")
    (notice,) = told(centre_manager, Kind.REFERRAL_RECEIVED)
    assert notice.about == case.number
    assert notice.key == f"referral:{referral.pk}:received"
    assert notice.url.endswith(reverse("beneficiaries:referral_received", args=[referral.pk])[3:])

    inbox = client_for(centre_manager).get(reverse("beneficiaries:inbox"))
    assert inbox.status_code == 200
    assert [r.pk for r in inbox.context["page"]] == [referral.pk]


def test_the_manager_accepts_and_the_referring_worker_is_told(
    client_for, worker, case, centre, centre_manager
):
    referral = refer(case, centre)
    client = client_for(centre_manager)
    response = answer(client, referral, "accept")
    assert response.status_code == 302
    assert response["Location"] == reverse("beneficiaries:inbox")
    referral.refresh_from_db()
    assert referral.state == Referral.State.ACCEPTED
    assert referral.answered_by == centre_manager
    assert referral.answered_on == timezone.localdate()
    assert referral.answered_at is not None
    (notice,) = told(worker, Kind.REFERRAL_ANSWERED)
    assert notice.about == case.number  # never the person's name
    assert notice.key == f"referral:{referral.pk}:answered:accepted"
    assert notice.url == case.get_absolute_url()
    # The answer is in the audit trail, in the manager's name.
    event = Referral.pgh_event_model.objects.filter(pgh_obj=referral).order_by("pgh_id").last()
    assert event.state == "accepted"
    assert event.pgh_context.metadata["user"] == centre_manager.pk


def test_the_manager_refuses_with_a_coded_reason(client_for, worker, case, centre, centre_manager):
    referral = refer(case, centre)
    client = client_for(centre_manager)
    prefix = f"refuse-{referral.pk}"
    # No reason: the form again, with its error at the top of the page.
    response = answer(client, referral, "refuse", **{f"{prefix}-refusal_reason": ""})
    assert response.status_code == 400
    assert response.context["refusal"].errors
    # "Other": a note is needed.
    response = answer(client, referral, "refuse", **{f"{prefix}-refusal_reason": "other"})
    assert response.status_code == 400
    assert "refusal_note" in response.context["refusal"].errors
    referral.refresh_from_db()
    assert referral.state == Referral.State.SENT
    assert not told(worker, Kind.REFERRAL_ANSWERED)

    response = answer(
        client,
        referral,
        "refuse",
        **{f"{prefix}-refusal_reason": "no_place", f"{prefix}-refusal_note": "Complet ce mois"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.state, referral.refusal_reason) == ("refused", "no_place")
    assert referral.refusal_note == "Complet ce mois"
    (notice,) = told(worker, Kind.REFERRAL_ANSWERED)
    assert notice.key == f"referral:{referral.pk}:answered:refused"
    # The referring worker reads why on the case's page.
    page = client_for(worker).get(case.get_absolute_url()).content.decode()
    with translation.override("ar"):
        assert str(Referral.RefusalReason.NO_PLACE.label) in page


def test_the_manager_reports_the_service_done_once_accepted(
    client_for, worker, case, centre, centre_manager
):
    referral = refer(case, centre)
    client = client_for(centre_manager)
    # Not before it is accepted.
    answer(client, referral, "complete")
    referral.refresh_from_db()
    assert referral.state == Referral.State.SENT
    answer(client, referral, "accept")
    answer(client, referral, "complete")
    referral.refresh_from_db()
    assert referral.state == Referral.State.COMPLETED
    assert referral.completed_on == timezone.localdate()
    keys = sorted(n.key for n in told(worker, Kind.REFERRAL_ANSWERED))
    assert keys == [
        f"referral:{referral.pk}:answered:accepted",
        f"referral:{referral.pk}:answered:completed",
    ]


def test_a_refused_referral_cannot_then_be_reported_done(client_for, case, centre, centre_manager):
    referral = refer(case, centre)
    services.referral_refuse(referral=referral, reason="no_place", actor=centre_manager)
    answer(client_for(centre_manager), referral, "complete")
    referral.refresh_from_db()
    assert referral.state == Referral.State.REFUSED
    with pytest.raises(ValidationError):
        services.referral_complete(referral=referral, actor=centre_manager)


def test_an_answer_given_meanwhile_by_another_manager_is_not_given_twice(
    client_for, case, centre, centre_manager
):
    colleague = UserFactory(username="t-manager-2", role=Role.CENTRE_MANAGER)
    centre.managers.add(colleague)
    referral = refer(case, centre)
    services.referral_accept(referral=referral, actor=colleague)
    response = answer(client_for(centre_manager), referral, "accept")
    assert response.status_code == 302  # back to the referral, with the reason
    referral.refresh_from_db()
    assert referral.answered_by == colleague


# Who may answer ---------------------------------------------------------------------------------


def test_a_manager_of_another_delegation_gets_404(client_for, case, centre):
    rabat_manager = UserFactory(username="t-manager-rabat", role=Role.CENTRE_MANAGER, rabat=True)
    CentreFactory(code="C-T-RABAT", rabat=True).managers.add(rabat_manager)
    referral = refer(case, centre)
    client = client_for(rabat_manager)
    assert received_page(client, referral).status_code == 404
    assert answer(client, referral, "accept").status_code == 404
    assert list(client.get(reverse("beneficiaries:inbox")).context["page"]) == []
    referral.refresh_from_db()
    assert referral.state == Referral.State.SENT
    with pytest.raises(Http404):
        services.referral_accept(referral=referral, actor=rabat_manager)


def test_a_manager_of_another_centre_of_the_same_delegation_gets_404(client_for, case, centre):
    neighbour = UserFactory(username="t-manager-next-door", role=Role.CENTRE_MANAGER)
    CentreFactory(code="C-T-NEXT").managers.add(neighbour)
    referral = refer(case, centre)
    assert received_page(client_for(neighbour), referral).status_code == 404


def test_a_centre_in_another_delegation_of_the_region_receives_a_khouribga_referral(
    client_for, case
):
    """The receiving side's scope is its centres, whichever delegation sent the referral."""
    manager = UserFactory(
        username="t-manager-bem", role=Role.CENTRE_MANAGER, unit=unit("DP-MA-BEM")
    )
    bem = CentreFactory(code="C-T-BEM", delegation=unit("DP-MA-BEM"))
    bem.managers.add(manager)
    referral = refer(case, bem)
    assert received_page(client_for(manager), referral).status_code == 200


@pytest.mark.parametrize("role", ["worker", "delegate", "central"])
def test_those_who_answer_for_no_centre_get_403(request, client_for, role, case, centre):
    user = request.getfixturevalue(role)
    referral = refer(case, centre)
    client = client_for(user)
    assert client.get(reverse("beneficiaries:inbox")).status_code == 403
    assert received_page(client, referral).status_code == 403


def test_the_referring_side_no_longer_answers_for_a_centre_but_may_withdraw(
    client_for, worker, case, centre, centre_manager
):
    referral = refer(case, centre)
    client = client_for(worker)
    url = reverse("beneficiaries:referral_state", args=[referral.pk])
    response = client.post(url, {"state": "accepted"}, follow=True)
    referral.refresh_from_db()
    assert referral.state == Referral.State.SENT
    assert str(services.REFERRAL_ANSWERED_BY_RECEIVER) in response.content.decode()
    client.post(url, {"state": "withdrawn"})
    referral.refresh_from_db()
    assert referral.state == Referral.State.WITHDRAWN
    inbox = client_for(centre_manager).get(reverse("beneficiaries:inbox"))
    assert list(inbox.context["page"]) == []
    closed = client_for(centre_manager).get(reverse("beneficiaries:inbox"), {"state": "closed"})
    assert [r.pk for r in closed.context["page"]] == [referral.pk]


def test_the_referring_worker_is_warned_when_nobody_can_answer_for_the_centre(
    client_for, worker, case, centre
):
    refer(case, centre)
    page = client_for(worker).get(case.get_absolute_url()).content.decode()
    assert 'data-testid="referral-no-receiver"' not in page
    refer(case, CentreFactory(code="C-T-NOBODY"))  # no manager's account
    page = client_for(worker).get(case.get_absolute_url()).content.decode()
    assert page.count('data-testid="referral-no-receiver"') == 1


def test_an_association_referral_is_still_answered_by_the_referring_side(client_for, worker, case):
    referral = Referral.objects.create(
        case=case,
        author=worker,
        target_kind=Referral.TargetKind.ASSOCIATION,
        organisation="Association Annajda",
        reason="Accompagnement",
    )
    client_for(worker).post(
        reverse("beneficiaries:referral_state", args=[referral.pk]), {"state": "accepted"}
    )
    referral.refresh_from_db()
    assert (referral.state, referral.answered_by) == ("accepted", worker)


# What the manager sees of the person --------------------------------------------------------------


def test_without_consent_to_sharing_the_manager_sees_the_referral_not_who_it_is_about(
    client_for, person, case, centre, centre_manager
):
    referral = refer(case, centre)
    share(person, given=False)
    response = received_page(client_for(centre_manager), referral)
    assert response.status_code == 200
    page = response.content.decode()
    for secret in ("Zineb", "زينب", "Hassani", "0661234567", "BH765432", "1991"):
        assert secret not in page, secret
    assert "Hébergement d" in page  # what is asked, and why
    assert referral.case.number in page
    assert response.context["referral"].shared["withheld"]
    assert not may_read(centre_manager, Beneficiary, "first_name_lat", person)


def test_with_consent_to_sharing_the_manager_sees_who_it_is_about_but_never_the_cin(
    client_for, person, case, centre, centre_manager
):
    referral = refer(case, centre)
    share(person, given=True)
    page = received_page(client_for(centre_manager), referral).content.decode()
    for shown in ("Zineb", "زينب", "0661234567"):
        assert shown in page, shown
    assert "BH765432" not in page
    assert may_read(centre_manager, Beneficiary, "phone", person)
    assert not may_read(centre_manager, Beneficiary, "cin", person)
    # On no record in particular (a filter, a search): nothing.
    assert not may_read(centre_manager, Beneficiary, "first_name_lat")


def test_a_consent_withdrawn_since_hides_the_person_again(
    client_for, person, case, centre, centre_manager
):
    referral = refer(case, centre)
    share(person, given=True)
    share(person, given=False)
    page = received_page(client_for(centre_manager), referral).content.decode()
    assert "Zineb" not in page


def test_the_inbox_runs_a_fixed_number_of_queries(client_for, worker, centre, centre_manager):
    client = client_for(centre_manager)
    url = reverse("beneficiaries:inbox")

    def queries():
        client.get(url)  # sessions, caches, first reads
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    first = CaseFileFactory(worker=worker)
    refer(first, centre)
    share(first.beneficiary)
    one = queries()
    for _n in range(4):
        other = CaseFileFactory(worker=worker)
        refer(other, centre, urgency="urgent")
        share(other.beneficiary, given=bool(_n % 2))
    assert queries() == one


# Deadlines --------------------------------------------------------------------------------------


def test_deadlines_follow_the_service_catalogue_and_the_urgency(case, centre):
    child = Service.objects.get(code="child-protection")
    assert (child.urgent_response_hours, child.response_days) == (12, 1)
    reception = Service.objects.get(code="reception")
    assert (reception.urgent_response_hours, reception.response_days) == (24, 7)

    def delay(**fields):
        referral = refer(case, centre, **fields)
        return referral.due_at - referral.sent_at

    assert delay(service=child) == DAY
    assert delay(service=child, urgency="urgent") == 12 * HOUR
    assert delay(service=reception) == 7 * DAY
    assert delay(service=reception, urgency="urgent") == 24 * HOUR
    # Without a service: the normal default.
    assert delay() == 7 * DAY
    assert delay(urgency="urgent") == 24 * HOUR
    # The catalogue changed in the admin: the referrals sent from then on follow it.
    reception.response_days = 3
    reception.save()
    assert delay(service=reception) == 3 * DAY


def test_the_clock_starts_on_the_referrals_date(case, centre):
    today = timezone.localdate()
    recorded_late = refer(case, centre, date=today - 10 * DAY)
    assert timezone.localdate(recorded_late.sent_at) == today - 10 * DAY
    assert recorded_late.is_overdue
    assert not refer(case, centre).is_overdue


def test_overdue_referrals_show_on_the_workers_and_the_delegates_lists(
    client_for, worker, delegate, case, centre
):
    late = refer(case, centre, date=timezone.localdate() - 10 * DAY)
    on_time = refer(case, centre)
    refer(case, centre, date=timezone.localdate() - 10 * DAY, state="accepted")
    work = client_for(worker).get(reverse("beneficiaries:work"))
    assert list(work.context["referrals"]) == [late, on_time]  # the overdue one first
    assert "overdue" in work.content.decode() or "متأخر" in work.content.decode()
    listed = client_for(delegate).get(reverse("beneficiaries:referrals"), {"overdue": "1"})
    assert [r.pk for r in listed.context["page"]] == [late.pk]
    home = client_for(delegate).get("/fr/")
    (item,) = [i for i in home.context["awaiting"] if i.key == "beneficiaries.referrals_unanswered"]
    assert item.count == 1


def test_the_managers_home_page_counts_what_awaits_their_answer(
    client_for, case, centre, centre_manager
):
    refer(case, centre, date=timezone.localdate() - 10 * DAY)
    refer(case, centre)
    home = client_for(centre_manager).get("/fr/")
    found = {item.key: item for item in home.context["awaiting"]}
    assert found["beneficiaries.referrals_received"].count == 2
    late = found["beneficiaries.referrals_received_overdue"]
    assert late.count == 1
    listed = client_for(centre_manager).get(late.url)
    assert len(listed.context["page"]) == 1


def test_the_overdue_sweep_notifies_once_even_when_run_twice(worker, delegate, case, centre):
    author = UserFactory(username="t-author-delegate", role=Role.DELEGATE)
    late = refer(case, centre, author=author, date=timezone.localdate() - 10 * DAY)
    refer(case, centre)  # within its deadline
    refer(case, centre, date=timezone.localdate() - 10 * DAY, state="refused")  # answered
    rabat_delegate = UserFactory(username="t-delegate-rabat", role=Role.DELEGATE, rabat=True)
    output = io.StringIO()
    call_command("sweep_overdue_referrals", stdout=output)
    call_command("sweep_overdue_referrals", stdout=output)
    assert "escalated now: 1" in output.getvalue()
    assert "escalated now: 0" in output.getvalue()
    overdue = Notification.objects.filter(kind=Kind.REFERRAL_OVERDUE)
    # The case's worker, who recorded nothing here, and the delegation's delegates, among
    # them the author: each once.
    assert sorted(overdue.values_list("recipient__username", flat=True)) == sorted(
        [worker.username, delegate.username, author.username]
    )
    assert set(overdue.values_list("key", flat=True)) == {f"referral:{late.pk}:overdue"}
    assert set(overdue.values_list("about", flat=True)) == {case.number}
    assert not told(rabat_delegate, Kind.REFERRAL_OVERDUE)


def test_earlier_referrals_keep_the_fifteen_day_rule(case, centre):
    from importlib import import_module

    migration = import_module(
        "beneficiaries.migrations.0008_referral_deadlines_of_earlier_referrals"
    )
    referral = refer(case, centre, date=datetime.date(2026, 3, 1))
    Referral.objects.filter(pk=referral.pk).update(
        sent_at=None, due_at=None, answered_on=datetime.date(2026, 3, 10)
    )

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.earlier_rule(None, editor)
    referral.refresh_from_db()
    assert timezone.localtime(referral.sent_at) == timezone.localtime(at(2026, 3, 1))
    # Overdue from the 16th day on, as the home page's former rule counted.
    assert timezone.localtime(referral.due_at) == timezone.localtime(at(2026, 3, 17))
    assert timezone.localdate(referral.answered_at) == datetime.date(2026, 3, 10)


# Response times, figures of the activity report ---------------------------------------------------


OCTOBER = Period.parse("2025-10")


@pytest.fixture
def answered_in_october(worker):
    """Referrals sent in October 2025 to two Khouribga centres and one of Béni Mellal, with
    their answers; and what must not count (another month, elsewhere, withdrawn)."""
    case = CaseFileFactory(worker=worker)
    a, b = CentreFactory(code="C-RT-A"), CentreFactory(code="C-RT-B")
    bem = CentreFactory(code="C-RT-BEM", delegation=unit("DP-MA-BEM"))
    rabat = CentreFactory(code="C-RT-RAB", rabat=True)

    def sent(centre, day, hours, answered_after=None, **fields):
        sent_at = at(2025, 10, day, 10)
        return refer(
            case,
            centre,
            date=datetime.date(2025, 10, day),
            sent_at=sent_at,
            due_at=sent_at + hours * HOUR,
            answered_at=None if answered_after is None else sent_at + answered_after * HOUR,
            state=fields.pop("state", "sent" if answered_after is None else "accepted"),
            **fields,
        )

    sent(a, 1, 168, answered_after=24)  # in time
    sent(a, 5, 168, answered_after=240, state="refused", refusal_reason="no_place")  # late
    sent(a, 10, 168)  # never answered: past its deadline
    sent(a, 12, 168, state="withdrawn")  # owed no answer
    sent(b, 3, 24, answered_after=12)  # in time
    sent(b, 31, 24 * 60)  # unanswered, still within its time on 24 November 2026? no: 60 days
    sent(bem, 20, 168, answered_after=24)
    sent(rabat, 20, 168, answered_after=300)
    refer(case, a, date=datetime.date(2025, 9, 30))  # another month
    Referral.objects.create(
        case=case,
        author=worker,
        target_kind="institution",
        organisation="Hôpital",
        reason="Soins",
        date=datetime.date(2025, 10, 2),
    )


def test_response_times_by_centre_and_by_delegation(answered_in_october):
    today = datetime.date(2026, 11, 24)
    with translation.override("fr"):
        figures = unit_figures(unit("DP-MA-KHO"), OCTOBER, today=today)
    by_centre = {row.code: row for row in figures.response_by_centre}
    assert set(by_centre) == {"C-RT-A", "C-RT-B"}
    a, b = by_centre["C-RT-A"], by_centre["C-RT-B"]
    assert (a.sent, a.answered, a.median_hours, a.within, a.overdue) == (
        3,
        2,
        Decimal("132.0"),  # the median of 24 and 240 hours
        33,  # 1 answered in time of 3 whose outcome is known
        1,
    )
    assert (b.sent, b.answered, b.median_hours, b.within, b.overdue) == (
        2,
        1,
        Decimal("12.0"),
        50,
        1,
    )
    (khouribga,) = figures.response_by_delegation
    assert khouribga.code == "DP-MA-KHO"
    assert (khouribga.sent, khouribga.answered, khouribga.median_hours, khouribga.within) == (
        5,
        3,
        Decimal("24.0"),
        40,
    )
    # The region: its two delegations' centres, whichever delegation sent the referrals.
    region = unit_figures(unit("CR-MA-05"), OCTOBER, today=today)
    assert [row.code for row in region.response_by_delegation] == ["DP-MA-BEM", "DP-MA-KHO"]
    assert region.response_by_delegation[0].within == 100


def test_a_referral_still_within_its_time_does_not_count_against_the_share(worker):
    case = CaseFileFactory(worker=worker)
    centre = CentreFactory(code="C-RT-NOW")
    refer(case, centre)  # sent now, due in a week
    figures = unit_figures(unit("DP-MA-KHO"), Period.current("month", timezone.localdate()))
    (row,) = figures.response_by_centre
    assert (row.sent, row.answered, row.within, row.overdue) == (1, 0, None, 0)


def test_response_times_on_the_report_page_and_in_its_tables(
    client_for, delegate, answered_in_october
):
    client = client_for(delegate)
    with translation.override("fr"):
        page = client.get(reverse("reports:unit", args=["DP-MA-KHO"]), {"period": "2025-10"})
        csv = client.get(
            reverse("reports:table", args=["DP-MA-KHO", "response_times", "csv"]),
            {"period": "2025-10"},
        )
        xlsx = client.get(
            reverse("reports:table", args=["DP-MA-KHO", "response_times", "xlsx"]),
            {"period": "2025-10"},
        )
    assert page.status_code == 200
    assert 'data-testid="report-response-times"' in page.content.decode()
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "level,code,name,sent,answered,median_hours,within_deadline_percent,overdue"
    )
    assert lines[1].startswith("delegation,DP-MA-KHO,")
    assert any(line.startswith("centre,C-RT-A,") and ",132.0,33,1" in line for line in lines)
    assert xlsx.status_code == 200


def test_response_times_are_in_the_pdf(answered_in_october, delegate, tmp_path):
    from tests.entraide.test_reports import pdf_text

    output = tmp_path / "report.pdf"
    call_command(
        "activity_report",
        unit="DP-MA-KHO",
        period="2025-10",
        lang="fr",
        output=str(output),
        user=delegate.username,
        stdout=io.StringIO(),
    )
    text = pdf_text(output)
    assert "C-RT-A" in text and "C-RT-B" in text
    assert "132,0" in text
