"""Aid requests: who is eligible to a programme and why not, the request recorded from a
person's file, the delegation committee's decisions in a meeting and its bilingual minutes,
the entitlement and its delivery from the store against a signed receipt; each page scoped to
the user's delegation and refused to the roles that may not act."""

import datetime
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from centres.models import TargetGroup
from entraide.models import AccessEvent
from programmes import requests as services
from programmes import stock
from programmes.models import (
    AidRequest,
    Budget,
    CommitteeMeeting,
    EligibilityRule,
    Entitlement,
    Item,
    Programme,
    this_cycle,
)
from territory.models import Province
from tests.factories import BeneficiaryFactory, UserFactory, unit

pytestmark = pytest.mark.django_db

Criterion = EligibilityRule.Criterion
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def url(name, *args, lang="fr"):
    with translation.override(lang):
        return reverse(f"programmes:{name}", args=args)


def receipt(name="recu.png", content=PNG):
    return SimpleUploadedFile(name, content, content_type="image/png")


def pdf_text(content, tmp_path):
    path = tmp_path / "minutes.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],  # noqa: S607 - poppler-utils
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


@pytest.fixture
def kho():
    return unit("DP-MA-KHO")


@pytest.fixture
def chair():
    return Item.objects.create(code="wheelchair", name="Fauteuil roulant", unit_value=1500)


@pytest.fixture
def programme():
    return Programme.objects.create(
        code="aides-techniques", name="Aides techniques", kind="technical_aids"
    )


def rule(programme, criterion, value=""):
    return EligibilityRule.objects.create(programme=programme, criterion=criterion, value=value)


@pytest.fixture
def person():
    """Khadija, born 17 May 1990, of Khouribga, no disability card, in no target group."""
    return BeneficiaryFactory(
        first_name_ar="خديجة",
        last_name_ar="بنسعيد",
        first_name_lat="Khadija",
        last_name_lat="Bensaid",
        province=Province.objects.get(code="MA-KHO"),
    )


@pytest.fixture
def meeting(kho, delegate):
    return services.meeting_open(
        delegation=kho,
        held_on=timezone.localdate(),
        members="M. Alaoui, délégué\nMme Idrissi, assistante sociale",
        actor=delegate,
    )


# Eligibility ---------------------------------------------------------------------------------


def test_a_programme_without_rules_is_open_to_anyone(programme, person):
    assert services.check(programme, person) == []


def test_target_group_rule_holds_only_for_the_people_of_the_group(programme, person):
    rule(programme, Criterion.TARGET_GROUP, "disability")
    unmet = services.check(programme, person)
    assert unmet == [{"criterion": "target_group", "value": "disability", "found": None}]
    group = TargetGroup.objects.get(code="disability")
    (sentence,) = services.why_not(unmet)
    assert group.name in sentence
    person.target_groups.add(group)
    assert services.check(programme, person) == []


def test_disability_card_rule_needs_a_card_number(programme, person):
    rule(programme, Criterion.DISABILITY_CARD, "yes")
    unmet = services.check(programme, person)
    assert services.why_not(unmet) == [gettext("The person holds no disability card.")]
    person.disability_card = "HC-2231"
    assert services.check(programme, person) == []


def test_age_rules_compare_with_the_persons_age(programme, person):
    age = person.age
    rule(programme, Criterion.AGE_MIN, str(age + 1))
    rule(programme, Criterion.AGE_MAX, str(age - 1))
    unmet = services.check(programme, person)
    assert [entry["criterion"] for entry in unmet] == ["age_min", "age_max"]
    at_least, at_most = services.why_not(unmet)
    assert str(age) in at_least and str(age + 1) in at_least
    assert str(age - 1) in at_most and at_most != at_least
    EligibilityRule.objects.filter(programme=programme).update(value=str(age))
    assert services.check(programme, person) == []


def test_an_unknown_age_fails_an_age_rule(programme, person):
    rule(programme, Criterion.AGE_MIN, "18")
    person.birth_date = None
    unmet = services.check(programme, person)
    assert services.why_not(unmet) == [
        gettext("The person's age is not known: the programme sets an age limit.")
    ]


def test_province_rule_names_both_provinces(programme, person):
    rule(programme, Criterion.PROVINCE, "MA-RAB")
    (sentence,) = services.why_not(services.check(programme, person))
    assert Province.objects.get(code="MA-KHO").name in sentence
    assert Province.objects.get(code="MA-RAB").name in sentence
    EligibilityRule.objects.filter(programme=programme).update(value="MA-KHO")
    assert services.check(programme, person) == []


def test_sex_rule(programme, person):
    rule(programme, Criterion.SEX, "M")
    unmet = services.check(programme, person)
    assert unmet == [{"criterion": "sex", "value": "M", "found": "F"}]
    assert len(services.why_not(unmet)) == 1
    EligibilityRule.objects.filter(programme=programme).update(value="F")
    assert services.check(programme, person) == []


def test_income_rule_needs_a_declared_income_at_most_the_ceiling(programme, person):
    rule(programme, Criterion.INCOME_MAX, "1500")
    (undeclared,) = services.why_not(services.check(programme, person))
    declared_none = gettext(
        "No monthly household income was declared; the programme asks for %(max)s at most."
    )
    assert undeclared.startswith(declared_none.split("%(max)s")[0])
    (above,) = services.why_not(services.check(programme, person, Decimal("2000")))
    above_text = gettext("The declared monthly household income, %(income)s, is above %(max)s.")
    assert above.startswith(above_text.split("%(income)s")[0]) and "2" in above
    assert services.check(programme, person, Decimal("1500")) == []


def test_every_rule_must_hold(programme, person):
    rule(programme, Criterion.SEX, "F")
    rule(programme, Criterion.DISABILITY_CARD, "yes")
    assert [e["criterion"] for e in services.check(programme, person)] == ["disability_card"]


# From the request to the delivery ------------------------------------------------------------


def test_recorded_approved_and_delivered_from_the_store_with_its_receipt(
    client_for, kho, chair, programme, person, worker, delegate, private_media
):
    stock.lot_in(delegation=kho, item=chair, quantity=1, actor=delegate, purchase="M-1")
    second = stock.lot_in(delegation=kho, item=chair, quantity=3, actor=delegate, purchase="M-2")
    # The oldest lot is emptied first: this delivery takes from the second.
    stock.take(delegation=kho, item=chair, quantity=1, actor=delegate)
    rule(programme, Criterion.INCOME_MAX, "3000")

    client = client_for(worker)
    page = client.get(url("request_new", person.file_number))
    assert page.status_code == 200
    checked = client.post(
        url("request_new", person.file_number),
        {"programme": programme.pk, "monthly_income": "4000", "action": "check"},
    )
    assert checked.status_code == 200
    assert b'data-testid="why-not"' in checked.content
    assert not AidRequest.objects.exists()  # checked, not saved
    recorded = client.post(
        url("request_new", person.file_number),
        {
            "programme": programme.pk,
            "monthly_income": "2500",
            "need": "Un fauteuil",
            "action": "record",
        },
    )
    aid_request = AidRequest.objects.get()
    assert recorded.status_code == 302 and recorded["Location"] == url("request", aid_request.pk)
    assert aid_request.eligible and aid_request.unmet == []
    assert aid_request.delegation == kho and aid_request.cycle == this_cycle()
    assert aid_request.status == AidRequest.Status.RECORDED

    client = client_for(delegate)
    created = client.post(
        url("meeting_new"),
        {"delegation": kho.pk, "held_on": timezone.localdate().isoformat(), "members": "M. Alaoui"},
    )
    meeting = CommitteeMeeting.objects.get()
    assert created.status_code == 302 and created["Location"] == url("meeting", meeting.pk)
    shown = client.get(url("meeting", meeting.pk))
    assert f'data-testid="pending-{aid_request.pk}"'.encode() in shown.content
    prefix = f"r{aid_request.pk}"
    decided = client.post(
        url("meeting", meeting.pk),
        {
            "request": aid_request.pk,
            f"{prefix}-decision": "approved",
            f"{prefix}-item": chair.pk,
            f"{prefix}-quantity": "2",
        },
    )
    assert decided.status_code == 302
    aid_request.refresh_from_db()
    assert aid_request.status == AidRequest.Status.APPROVED and aid_request.meeting == meeting
    entitlement = Entitlement.objects.get()
    assert (entitlement.person, entitlement.programme, entitlement.cycle) == (
        person,
        programme,
        aid_request.cycle,
    )
    assert (entitlement.item, entitlement.quantity, entitlement.amount) == (chair, 2, None)

    client = client_for(worker)
    page = client.get(url("request", aid_request.pk, lang="ar"))
    assert url("deliver", entitlement.pk, lang="ar").encode() in page.content
    assert client.get(url("deliver", entitlement.pk)).status_code == 200
    refused = client.post(url("deliver", entitlement.pk), {"receipt": receipt("recu.exe", b"MZ")})
    assert refused.status_code == 400
    delivered = client.post(url("deliver", entitlement.pk), {"receipt": receipt()})
    assert delivered.status_code == 302 and delivered["Location"] == url("request", aid_request.pk)
    entitlement.refresh_from_db()
    assert entitlement.delivered_by == worker and entitlement.delivered_at is not None
    assert entitlement.lot == second
    assert entitlement.receipt.name.startswith("receipts/")
    assert stock.held(kho, chair) == 1

    page = client.get(url("request", aid_request.pk))
    assert url("receipt", entitlement.pk).encode() in page.content
    download = client.get(url("receipt", entitlement.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    assert download["Cache-Control"] == "private, no-store"
    assert AccessEvent.objects.filter(
        action=AccessEvent.Action.DOWNLOAD, object_id=str(entitlement.pk), actor=worker
    ).exists()


def _approved(programme, person, meeting, delegate, worker, **entitlement):
    aid_request = services.request_record(programme=programme, person=person, actor=worker)
    return services.decide(
        request=aid_request,
        meeting=meeting,
        decision="approved",
        actor=delegate,
        entitlement=entitlement,
    )


def test_an_entitlement_is_delivered_once(
    kho, chair, programme, person, meeting, delegate, worker, private_media
):
    stock.lot_in(delegation=kho, item=chair, quantity=5, actor=delegate, purchase="M-1")
    aid_request = _approved(programme, person, meeting, delegate, worker, item=chair, quantity=1)
    entitlement = aid_request.entitlements.get()
    services.deliver(entitlement=entitlement, actor=worker, receipt_file=receipt())
    with pytest.raises(ValidationError) as twice:
        services.deliver(entitlement=entitlement, actor=worker, receipt_file=receipt())
    assert twice.value.messages == [gettext("This entitlement has already been delivered.")]
    assert stock.held(kho, chair) == 4


def test_a_delivery_the_store_cannot_serve_takes_nothing(
    kho, chair, programme, person, meeting, delegate, worker, private_media
):
    stock.lot_in(delegation=kho, item=chair, quantity=1, actor=delegate, purchase="M-1")
    aid_request = _approved(programme, person, meeting, delegate, worker, item=chair, quantity=2)
    entitlement = aid_request.entitlements.get()
    with pytest.raises(ValidationError) as short:
        services.deliver(entitlement=entitlement, actor=worker, receipt_file=receipt())
    assert short.value.messages == [stock.short_message(chair, 2, 1)]
    entitlement.refresh_from_db()
    assert entitlement.delivered_at is None and not entitlement.receipt
    assert stock.held(kho, chair) == 1


def test_an_amount_is_delivered_without_the_store(
    programme, person, meeting, delegate, worker, private_media
):
    aid_request = _approved(programme, person, meeting, delegate, worker, amount=Decimal("800"))
    entitlement = services.deliver(
        entitlement=aid_request.entitlements.get(), actor=worker, receipt_file=receipt()
    )
    assert entitlement.lot is None and entitlement.delivered_at is not None


def test_the_same_entitlement_twice_in_a_cycle_is_refused_with_a_clear_message(
    chair, programme, person, meeting, delegate, worker
):
    earlier = _approved(programme, person, meeting, delegate, worker, item=chair, quantity=1)
    # The earlier request is withdrawn by a rejection (the admin), its entitlement stays.
    AidRequest.objects.filter(pk=earlier.pk).update(status="rejected", decision_reason="Doublon")
    again = services.request_record(programme=programme, person=person, actor=worker)
    with pytest.raises(ValidationError) as refused:
        services.decide(
            request=again,
            meeting=meeting,
            decision="approved",
            actor=delegate,
            entitlement={"item": chair, "quantity": 1},
        )
    assert refused.value.messages == [
        gettext("This person already has this entitlement in this cycle.")
    ]
    again.refresh_from_db()
    assert again.status == AidRequest.Status.RECORDED  # nothing of the decision was kept
    assert Entitlement.objects.count() == 1


def test_a_second_open_request_to_the_same_programme_is_refused(programme, person, worker):
    services.request_record(programme=programme, person=person, actor=worker)
    with pytest.raises(ValidationError) as refused:
        services.request_record(programme=programme, person=person, actor=worker)
    assert refused.value.messages == [
        gettext("This person already has a request to this programme this year.")
    ]


def test_a_rejection_needs_its_reason(client_for, programme, person, meeting, delegate, worker):
    aid_request = services.request_record(programme=programme, person=person, actor=worker)
    with pytest.raises(ValidationError) as refused:
        services.decide(request=aid_request, meeting=meeting, decision="rejected", actor=delegate)
    assert refused.value.messages == [gettext("A rejection gives its reason.")]

    client = client_for(delegate)
    prefix = f"r{aid_request.pk}"
    page = client.post(
        url("meeting", meeting.pk), {"request": aid_request.pk, f"{prefix}-decision": "rejected"}
    )
    assert page.status_code == 422
    assert gettext("A rejection gives its reason.").encode() in page.content
    # Listed in the summary at the top of the page too, which takes the focus.
    assert b'data-testid="error-summary"' in page.content
    done = client.post(
        url("meeting", meeting.pk),
        {
            "request": aid_request.pk,
            f"{prefix}-decision": "rejected",
            f"{prefix}-reason": "Revenus suffisants",
        },
    )
    assert done.status_code == 302
    aid_request.refresh_from_db()
    assert aid_request.status == "rejected" and aid_request.decision_reason == "Revenus suffisants"
    assert not Entitlement.objects.exists()


def test_an_ineligible_person_is_approved_only_with_the_reason_for_the_exception(
    chair, programme, person, meeting, delegate, worker
):
    rule(programme, Criterion.DISABILITY_CARD, "yes")
    aid_request = services.request_record(programme=programme, person=person, actor=worker)
    assert not aid_request.eligible
    assert aid_request.unmet == [{"criterion": "disability_card", "value": "yes", "found": None}]
    with pytest.raises(ValidationError):
        services.decide(
            request=aid_request,
            meeting=meeting,
            decision="approved",
            actor=delegate,
            entitlement={"item": chair},
        )
    decided = services.decide(
        request=aid_request,
        meeting=meeting,
        decision="approved",
        reason="Carte en cours de délivrance",
        actor=delegate,
        entitlement={"item": chair},
    )
    assert decided.status == "approved" and decided.decision_reason


def test_waiting_for_budget_is_decided_again_later(
    chair, programme, person, meeting, delegate, worker
):
    aid_request = services.request_record(programme=programme, person=person, actor=worker)
    services.decide(request=aid_request, meeting=meeting, decision="waiting_budget", actor=delegate)
    later = services.decide(
        request=aid_request,
        meeting=meeting,
        decision="approved",
        actor=delegate,
        entitlement={"item": chair},
    )
    assert later.status == "approved"
    with pytest.raises(ValidationError):  # decided once and for all
        services.decide(
            request=aid_request, meeting=meeting, decision="rejected", reason="x", actor=delegate
        )


def test_a_committee_decides_only_its_delegations_requests(programme, delegate, worker_rabat):
    other = BeneficiaryFactory(rabat=True)
    aid_request = services.request_record(programme=programme, person=other, actor=worker_rabat)
    kho_meeting = services.meeting_open(
        delegation=unit("DP-MA-KHO"), held_on=None, members="M. Alaoui", actor=delegate
    )
    with pytest.raises(ValidationError):
        services.decide(
            request=aid_request, meeting=kho_meeting, decision="waiting_budget", actor=delegate
        )


# The minutes ---------------------------------------------------------------------------------


def test_the_minutes_are_in_arabic_and_french_with_every_decision(
    client_for, chair, programme, person, meeting, delegate, worker, tmp_path
):
    _approved(programme, person, meeting, delegate, worker, item=chair, quantity=1)
    other = BeneficiaryFactory(first_name_lat="Omar", last_name_lat="Tazi")
    refused = services.request_record(programme=programme, person=other, actor=worker)
    services.decide(
        request=refused,
        meeting=meeting,
        decision="rejected",
        reason="Hors critères",
        actor=delegate,
    )
    response = client_for(delegate).get(url("minutes", meeting.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    for language in ("ar", "fr"):
        with translation.override(language):
            assert gettext("Minutes of the aid committee") in text
    assert text.count(person.file_number) == 2 and text.count(other.file_number) == 2
    assert "Khadija Bensaid" in text and "خديجة" in text
    assert "Hors critères" in text and "Omar Tazi" in text
    assert AccessEvent.objects.filter(
        action=AccessEvent.Action.EXPORT, object_id=str(meeting.pk), actor=delegate
    ).exists()


# Pages and scope -----------------------------------------------------------------------------


def test_the_programmes_list_shows_the_rules_in_words_and_the_units_budget(
    client_for, kho, programme, worker
):
    rule(programme, Criterion.AGE_MIN, "18")
    Budget.objects.create(programme=programme, unit=kho, year=this_cycle(), amount=250000)
    Programme.objects.create(code="ferme", name="Programme fermé", kind="other", is_open=False)
    page = client_for(worker).get(url("list"))
    assert page.status_code == 200
    with translation.override("fr"):
        at_least = translation.ngettext(
            "Is at least %(n)s year old.", "Is at least %(n)s years old.", 18
        ) % {"n": 18}
    assert at_least.split("18")[0].encode() in page.content
    assert "Programme fermé".encode() not in page.content
    assert b'data-testid="budget"' in page.content
    assert client_for(worker).get(url("programme", programme.code)).status_code == 200


def test_the_programme_path_leaves_the_apps_other_paths_alone(programme):
    from programmes import views_emergencies, views_stock

    assert resolve(url("requests", lang="ar")).url_name == "requests"
    assert resolve(url("programme", programme.code, lang="ar")).url_name == "programme"
    # Those of the other modules, listed after these (programmes.urls): "stock/" is no code.
    for pattern in [*views_stock.urlpatterns, *views_emergencies.urlpatterns]:
        if "<" not in str(pattern.pattern):
            assert resolve(url(pattern.name, lang="ar")).url_name == pattern.name


def test_the_requests_list_filters_by_status_and_programme(
    client_for, programme, person, worker, django_assert_max_num_queries
):
    services.request_record(programme=programme, person=person, actor=worker)
    for _ in range(3):
        services.request_record(programme=programme, person=BeneficiaryFactory(), actor=worker)
    client = client_for(worker)
    with django_assert_max_num_queries(12):
        page = client.get(url("requests"), {"status": "recorded", "programme": programme.code})
    assert page.status_code == 200 and page.content.count(b'data-testid="request-') >= 4
    assert person.file_number.encode() in page.content
    empty = client.get(url("requests"), {"status": "approved"})
    assert person.file_number.encode() not in empty.content


def test_a_social_worker_records_but_does_not_decide(
    client_for, programme, person, meeting, worker
):
    aid_request = services.request_record(programme=programme, person=person, actor=worker)
    client = client_for(worker)
    assert client.get(url("request", aid_request.pk)).status_code == 200
    assert client.get(url("meeting", meeting.pk, lang="ar")).status_code == 200
    assert client.get(url("requests", lang="ar")).status_code == 200
    prefix = f"r{aid_request.pk}"
    decided = client.post(
        url("meeting", meeting.pk),
        {"request": aid_request.pk, f"{prefix}-decision": "waiting_budget"},
    )
    assert decided.status_code == 403
    assert client.get(url("meeting_new")).status_code == 403
    aid_request.refresh_from_db()
    assert aid_request.status == "recorded"


def test_another_delegation_gets_404(
    client_for, chair, programme, person, meeting, delegate, worker, worker_rabat, private_media
):
    aid_request = _approved(programme, person, meeting, delegate, worker, amount=Decimal("500"))
    entitlement = aid_request.entitlements.get()
    services.deliver(entitlement=entitlement, actor=worker, receipt_file=receipt())
    rabat_delegate = UserFactory(username="t-delegate-rabat", delegate=True, rabat=True)
    for user in (worker_rabat, rabat_delegate):
        client = client_for(user)
        assert client.get(url("request", aid_request.pk)).status_code == 404
        assert client.get(url("meeting", meeting.pk)).status_code == 404
        assert client.get(url("minutes", meeting.pk)).status_code == 404
        assert client.get(url("receipt", entitlement.pk)).status_code == 404
        assert client.get(url("deliver", entitlement.pk)).status_code == 404
        assert client.get(url("request_new", person.file_number)).status_code == 404
        assert aid_request.pk not in [row.pk for row in client.get(url("requests")).context["page"]]
    # A delegate of another delegation cannot decide this meeting's requests either.
    posted = client_for(rabat_delegate).post(
        url("meeting", meeting.pk), {"request": aid_request.pk}
    )
    assert posted.status_code == 404


def test_the_persons_file_offers_to_request_aid(client_for, person, worker):
    page = client_for(worker).get(reverse("beneficiaries:detail", args=[person.file_number]))
    assert url("request_new", person.file_number, lang="ar").encode() in page.content


def test_an_overseer_reads_but_does_not_record(client_for, programme, person, coordinator):
    client = client_for(coordinator)
    assert client.get(url("list")).status_code == 200
    assert client.get(url("request_new", person.file_number)).status_code == 403


def test_an_old_date_meeting_can_be_recorded_but_not_a_future_one(kho, delegate):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.meeting_open(delegation=kho, held_on=tomorrow, members="X", actor=delegate)
    with pytest.raises(ValidationError):
        services.meeting_open(
            delegation=kho, held_on=timezone.localdate(), members=" ", actor=delegate
        )


def test_the_persons_file_lists_their_aid_requests_and_what_was_handed_over(
    client_for, kho, chair, programme, person, worker, delegate, meeting
):
    request = services.request_record(programme=programme, person=person, actor=worker)
    services.decide(
        request=request,
        meeting=meeting,
        decision=AidRequest.Status.APPROVED,
        actor=delegate,
        entitlement={"item": chair, "quantity": 2},
    )
    response = client_for(worker).get(person.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-testid="person-aid-{request.pk}"' in html
    assert request.get_absolute_url() in html and str(chair) in html
    with translation.override("ar"):
        assert gettext("not yet") in html
