"""The partnership pages: scoped, recorded where they export, and in both languages."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from centres.models import Centre
from entraide.models import AccessEvent
from entraide.roles import Role
from partnerships import services
from partnerships.models import (
    Association,
    ControlCampaign,
    Convention,
    Inspection,
    OwedReport,
    Recommendation,
    Tranche,
)
from tests.factories import AssociationFactory, CentreFactory, ConventionFactory, UserFactory, unit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture
def khouribga():
    association = AssociationFactory(
        name_fr="Association Nour Khouribga", name_ar="جمعية نور خريبكة"
    )
    convention = ConventionFactory(in_force=True, associations=[association])
    tranche = Tranche.objects.create(
        convention=convention, number=1, planned_amount=Decimal("100000"), planned_date=TODAY
    )
    report = OwedReport.objects.create(
        convention=convention,
        kind="activity",
        period="2026",
        due_date=TODAY + datetime.timedelta(days=30),
    )
    inspection = Inspection.objects.create(
        unit=association.delegation,
        team=unit("EN-INSP"),
        subject="association",
        association=association,
        planned_date=TODAY,
    )
    recommendation = Recommendation.objects.create(inspection=inspection, text="Tenir un registre")
    return {
        "association": association,
        "convention": convention,
        "tranche": tranche,
        "report": report,
        "inspection": inspection,
        "recommendation": recommendation,
    }


@pytest.fixture
def rabat():
    association = AssociationFactory(rabat=True, name_fr="Association Rabat Solidarité")
    convention = ConventionFactory(rabat=True, associations=[association], reference="CONV-RAB-1")
    inspection = Inspection.objects.create(
        unit=association.delegation,
        team=unit("EN-INSP"),
        subject="association",
        association=association,
        planned_date=TODAY,
    )
    return {"association": association, "convention": convention, "inspection": inspection}


def object_pages(data):
    return [
        reverse("partnerships:association", args=[data["association"].pk]),
        reverse("partnerships:association_edit", args=[data["association"].pk]),
        reverse("partnerships:convention", args=[data["convention"].pk]),
        reverse("partnerships:convention_edit", args=[data["convention"].pk]),
        reverse("partnerships:inspection", args=[data["inspection"].pk]),
    ]


LIST_PAGES = [
    "partnerships:work",
    "partnerships:figures",
    "partnerships:associations",
    "partnerships:conventions",
    "partnerships:inspections",
    "partnerships:campaigns",
    "partnerships:association_create",
    "partnerships:convention_create",
]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_every_partnership_page_renders_in_both_languages(
    client_for, delegate, khouribga, language
):
    client = client_for(delegate)
    with translation.override(language):
        urls = [reverse(name) for name in LIST_PAGES] + object_pages(khouribga)
        urls.append(reverse("partnerships:inspection_create"))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}"' in response.text, url
    with translation.override(language):
        page = client.get(reverse("partnerships:convention", args=[khouribga["convention"].pk]))
    expected = "100.000,00\xa0درهم" if language == "ar" else "100\xa0000,00\xa0DH"
    assert expected in page.text


def test_every_page_of_another_delegation_is_a_404(client_for, partnership_officer, rabat):
    client = client_for(partnership_officer)
    for url in object_pages(rabat):
        assert client.get(url).status_code == 404, url
    convention = rabat["convention"]
    for action in ("status", "tranche", "pay", "report", "amendment", "commitment"):
        url = reverse("partnerships:convention_action", args=[convention.pk, action])
        assert client.post(url, {"status": "signed"}).status_code == 404, action


def test_lists_show_only_what_lies_under_the_users_unit(
    client_for, partnership_officer, coordinator, khouribga, rabat
):
    client = client_for(partnership_officer)
    listed = client.get(reverse("partnerships:associations")).context["page"].object_list
    assert list(listed) == [khouribga["association"]]
    conventions = client.get(reverse("partnerships:conventions")).context["page"].object_list
    assert list(conventions) == [khouribga["convention"]]
    inspections = client.get(reverse("partnerships:inspections")).context["page"].object_list
    assert list(inspections) == [khouribga["inspection"]]
    # A coordinator of Béni Mellal-Khénifra sees Khouribga, not Rabat.
    client = client_for(coordinator)
    listed = client.get(reverse("partnerships:associations")).context["page"].object_list
    assert list(listed) == [khouribga["association"]]


def test_list_search_and_filters(client_for, partnership_officer, khouribga):
    AssociationFactory(
        name_fr="Cooperative Argan", name_ar="تعاونية أركان", legal_status="cooperative"
    )
    client = client_for(partnership_officer)
    found = client.get(reverse("partnerships:associations"), {"q": "نور"}).context["page"]
    assert [a.name_fr for a in found] == ["Association Nour Khouribga"]
    found = client.get(reverse("partnerships:associations"), {"legal_status": "cooperative"})
    assert [a.name_fr for a in found.context["page"]] == ["Cooperative Argan"]
    found = client.get(reverse("partnerships:associations"), {"funded": "on"}).context["page"]
    assert [a.name_fr for a in found] == ["Association Nour Khouribga"]
    found = client.get(
        reverse("partnerships:conventions"), {"q": khouribga["convention"].reference}
    )
    assert list(found.context["page"]) == [khouribga["convention"]]


@pytest.mark.parametrize(
    "name", ["associations_csv", "conventions_csv", "inspections_csv", "figures_csv"]
)
def test_exports_are_scoped_formula_safe_and_recorded(
    client_for, partnership_officer, khouribga, rabat, name
):
    Association.objects.filter(pk=khouribga["association"].pk).update(name_fr="=HYPERLINK(1)")
    response = client_for(partnership_officer).get(reverse(f"partnerships:{name}"))
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert "Rabat" not in body and "CONV-RAB" not in body
    if name == "associations_csv":
        assert "'=HYPERLINK(1)" in body
        assert "KHO/" in body
    assert AccessEvent.objects.filter(action="export", actor=partnership_officer).exists()


def test_the_xlsx_exports_open(client_for, partnership_officer, khouribga):
    import io

    from openpyxl import load_workbook

    for name in ("associations_xlsx", "conventions_xlsx", "inspections_xlsx", "figures_xlsx"):
        response = client_for(partnership_officer).get(reverse(f"partnerships:{name}"))
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet.max_row >= 2, name


def test_bank_details_are_shown_only_to_the_roles_that_pay(
    client_for, partnership_officer, coordinator, khouribga
):
    url = reverse("partnerships:association", args=[khouribga["association"].pk])
    assert "350810000000000123456789" in client_for(partnership_officer).get(url).text
    text = client_for(coordinator).get(url).text
    assert "350810000000000123456789" not in text
    assert 'data-testid="bank-details"' not in text


def test_the_association_page_gathers_conventions_centres_subsidies_and_inspections(
    client_for, partnership_officer, khouribga, delegate
):
    association = khouribga["association"]
    centre = CentreFactory(management_mode=Centre.ManagementMode.ASSOCIATION)
    managed = ConventionFactory(
        kind=Convention.Kind.CENTRE_MANAGEMENT, in_force=True, associations=[association]
    )
    managed.centres.set([centre])
    services.tranche_pay(
        tranche=khouribga["tranche"],
        amount=Decimal("100000"),
        paid_on=TODAY,
        reference="OV-1",
        actor=delegate,
    )
    page = client_for(partnership_officer).get(
        reverse("partnerships:association", args=[association.pk])
    )
    assert list(page.context["centres"]) == [centre]
    assert set(page.context["conventions"]) == {khouribga["convention"], managed}
    assert page.context["paid_total"] == Decimal("100000")
    assert list(page.context["inspections"]) == [khouribga["inspection"]]


def test_creating_an_association_and_a_convention_from_the_pages(client_for, partnership_officer):
    client = client_for(partnership_officer)
    delegation = unit("DP-MA-KHO")
    response = client.post(
        reverse("partnerships:association_create"),
        {
            "name_ar": "جمعية الخير",
            "name_fr": "Association Al Khair",
            "registration_number": "KHO/2020/77",
            "registration_date": "2020-02-10",
            "legal_status": "association",
            "delegation": delegation.pk,
            "province": delegation.provinces.first().pk,
            "president": "Ahmed Alaoui",
            "status": "active",
            "status_date": "2020-02-10",
            "bank_account": "3508 1000 0000 0000 1234 5678",
        },
    )
    association = Association.objects.get(registration_number="KHO/2020/77")
    assert response["Location"] == association.get_absolute_url()
    assert association.bank_account == "350810000000000012345678"
    response = client.post(
        reverse("partnerships:convention_create"),
        {
            "reference": "CONV-KHO-2026-9",
            "title_ar": "اتفاقية دعم",
            "title_fr": "Convention de soutien",
            "kind": "project",
            "signing_unit": delegation.pk,
            "associations": [association.pk],
            "object": "Soutien",
            "start_date": "2026-01-01",
            "end_date": "2025-01-01",
            "en_contribution": "100000",
            "partners_contribution": "0",
        },
    )
    assert response.status_code == 200
    assert "end_date" in response.context["form"].errors
    assert not Convention.objects.filter(reference="CONV-KHO-2026-9").exists()


def post_action(client, convention, action, data, files=None):
    url = reverse("partnerships:convention_action", args=[convention.pk, action])
    return client.post(url, {**data, **(files or {})})


def test_a_blocked_payment_keeps_what_was_typed_and_a_delegate_overrides(
    client_for, partnership_officer, delegate, khouribga
):
    convention = khouribga["convention"]
    OwedReport.objects.filter(pk=khouribga["report"].pk).update(
        due_date=TODAY - datetime.timedelta(days=3)
    )
    client = client_for(partnership_officer)
    data = {
        "item": khouribga["tranche"].pk,
        "amount": "100000",
        "paid_on": TODAY.isoformat(),
        "reference": "OV-2026-777",
    }
    with translation.override("fr"):
        response = post_action(client, convention, "pay", data)
    assert response.status_code == 422
    assert "OV-2026-777" in response.text  # nothing typed is lost
    assert "bloquée" in response.text or "blocked" in response.text
    assert not Tranche.objects.get(pk=khouribga["tranche"].pk).is_paid
    client = client_for(delegate)
    response = post_action(client, convention, "pay", {**data, "override_reason": "Urgence"})
    assert response.status_code == 302
    tranche = Tranche.objects.get(pk=khouribga["tranche"].pk)
    assert tranche.is_paid and tranche.override_reason == "Urgence"


def test_every_small_form_of_the_convention_page(client_for, delegate, khouribga):
    convention = khouribga["convention"]
    client = client_for(delegate)
    assert (
        post_action(
            client,
            convention,
            "partner",
            {"name": "Commune de Khouribga", "kind": "local_authority", "contribution": "50000"},
        ).status_code
        == 302
    )
    assert (
        post_action(
            client,
            convention,
            "commitment",
            {"party": "Commune de Khouribga", "description_fr": "Mettre un local à disposition"},
        ).status_code
        == 302
    )
    commitment = convention.commitments.get()
    assert (
        post_action(
            client,
            convention,
            "tick",
            {"item": commitment.pk, "done": "on", "comment": "Local remis"},
        ).status_code
        == 302
    )
    commitment.refresh_from_db()
    assert commitment.done and commitment.done_on == TODAY and commitment.comment == "Local remis"
    assert (
        post_action(
            client,
            convention,
            "report",
            {"kind": "financial", "period": "2026", "due_date": "2027-03-31"},
        ).status_code
        == 302
    )
    report = khouribga["report"]
    response = post_action(
        client,
        convention,
        "receive",
        {"item": report.pk, "received_on": TODAY.isoformat(), "assessment": "satisfactory"},
        {"document": SimpleUploadedFile("rapport.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.received_on == TODAY and report.document
    assert (
        post_action(
            client,
            convention,
            "tranche",
            {"planned_amount": "400000.01", "planned_date": "2027-01-15"},
        ).status_code
        == 422
    )
    assert (
        post_action(
            client,
            convention,
            "tranche",
            {"planned_amount": "400000", "planned_date": "2027-01-15"},
        ).status_code
        == 302
    )
    response = post_action(
        client,
        convention,
        "amendment",
        {"signed_on": TODAY.isoformat(), "summary": "Prolongation", "new_end_date": "2031-12-31"},
    )
    assert response.status_code == 302
    convention.refresh_from_db()
    assert convention.end_date == datetime.date(2031, 12, 31)
    response = post_action(
        client,
        convention,
        "document",
        {},
        {"document": SimpleUploadedFile("convention.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 302
    refused = post_action(
        client,
        convention,
        "document",
        {},
        {"document": SimpleUploadedFile("convention.pdf", b"MZ\x90\x00", "application/pdf")},
    )
    assert refused.status_code == 422
    assert (
        post_action(
            client, convention, "status", {"status": "suspended", "reason": "Contrôle"}
        ).status_code
        == 302
    )
    convention.refresh_from_db()
    assert convention.status == "suspended"


def test_documents_are_served_through_scoping_and_recorded(
    client_for, partnership_officer, worker_rabat, khouribga
):
    convention = khouribga["convention"]
    services.convention_document(
        convention=convention,
        upload=SimpleUploadedFile("signed.pdf", PDF, "application/pdf"),
        actor=partnership_officer,
    )
    url = reverse("partnerships:document", args=["convention", convention.pk])
    response = client_for(partnership_officer).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert AccessEvent.objects.filter(action="download", actor=partnership_officer).exists()
    rabat_officer = UserFactory(username="t-po-rabat", role=Role.PARTNERSHIP_OFFICER, rabat=True)
    assert client_for(rabat_officer).get(url).status_code == 404


def test_the_work_list(client_for, partnership_officer, khouribga, rabat):
    convention = khouribga["convention"]
    Convention.objects.filter(pk=convention.pk).update(end_date=TODAY + datetime.timedelta(days=60))
    OwedReport.objects.filter(pk=khouribga["report"].pk).update(
        due_date=TODAY - datetime.timedelta(days=1)
    )
    Recommendation.objects.filter(pk=khouribga["recommendation"].pk).update(
        due_date=TODAY - datetime.timedelta(days=1)
    )
    ConventionFactory(rabat=True, in_force=True, end_date=TODAY + datetime.timedelta(days=10))
    page = client_for(partnership_officer).get(reverse("partnerships:work"))
    assert page.context["ending"] == [Convention.objects.get(pk=convention.pk)]
    assert [t.pk for t in page.context["tranches"]] == [khouribga["tranche"].pk]
    assert page.context["tranches"][0].blocked
    assert [r.pk for r in page.context["reports"]] == [khouribga["report"].pk]
    assert [r.pk for r in page.context["recommendations"]] == [khouribga["recommendation"].pk]


def test_figures_by_region_and_delegation(client_for, central, delegate, khouribga, rabat):
    services.tranche_pay(
        tranche=khouribga["tranche"],
        amount=Decimal("60000"),
        paid_on=TODAY,
        reference="OV-9",
        actor=delegate,
    )
    page = client_for(central).get(reverse("partnerships:figures"))
    total = page.context["total"]
    assert total.in_force == 1  # the Rabat convention is a draft
    assert total.committed == Decimal("100000")
    assert total.paid == Decimal("60000")
    region = next(r for r in page.context["rows"] if r.unit and r.unit.code == "CR-MA-05")
    assert region.in_force == 1 and region.paid == Decimal("60000")
    khouribga_row = next(c for c in region.children if c.unit.code == "DP-MA-KHO")
    assert khouribga_row.committed == Decimal("100000")
    last_year = client_for(central).get(reverse("partnerships:figures"), {"year": TODAY.year - 1})
    assert last_year.context["total"].paid == 0


def test_inspection_result_and_follow_up(client_for, inspector, khouribga):
    client = client_for(inspector)
    inspection = khouribga["inspection"]
    url = reverse("partnerships:inspection_action", args=[inspection.pk, "result"])
    response = client.post(
        url, {"status": "done", "conclusion": "minor", "findings": "Registre absent"}
    )
    assert response.status_code == 422  # no date carried out
    response = client.post(
        url,
        {
            "status": "done",
            "done_on": TODAY.isoformat(),
            "conclusion": "minor",
            "findings": "Registre absent",
            "report": SimpleUploadedFile("pv.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.conclusion == "minor" and inspection.report
    url = reverse("partnerships:inspection_action", args=[inspection.pk, "follow_up"])
    client.post(
        url,
        {"item": khouribga["recommendation"].pk, "status": "done", "follow_up": "Registre ouvert"},
    )
    recommendation = Recommendation.objects.get(pk=khouribga["recommendation"].pk)
    assert recommendation.status == "done" and recommendation.closed_on == TODAY


def test_planning_an_inspection_takes_the_unit_of_its_subject(client_for, inspector, khouribga):
    response = client_for(inspector).post(
        reverse("partnerships:inspection_create"),
        {
            "subject": "convention",
            "convention": khouribga["convention"].pk,
            "association": khouribga["association"].pk,  # ignored: the subject is the convention
            "team": unit("EN-INSP").pk,
            "planned_date": "2026-12-15",
        },
    )
    inspection = Inspection.objects.latest("pk")
    assert response["Location"] == inspection.get_absolute_url()
    assert inspection.association is None
    assert inspection.unit == khouribga["convention"].signing_unit


def test_a_control_campaign_draws_the_riskiest_share(client_for, inspector, khouribga):
    risky = khouribga["association"]
    OwedReport.objects.filter(pk=khouribga["report"].pk).update(
        due_date=TODAY - datetime.timedelta(days=5)
    )
    quiet = [ConventionFactory(in_force=True).associations.get() for _i in range(3)]
    AssociationFactory()  # not funded: never drawn
    client = client_for(inspector)
    client.post(
        reverse("partnerships:campaigns"),
        {"title": "Contrôle 2026", "year": TODAY.year, "unit": unit("CR-MA-05").pk, "share": 50},
    )
    campaign = ControlCampaign.objects.get()
    page = client.get(campaign.get_absolute_url())
    assert page.context["funded_count"] == 4
    client.post(
        campaign.get_absolute_url(),
        {
            "team": unit("EN-INSP").pk,
            "planned_date": (TODAY + datetime.timedelta(days=30)).isoformat(),
        },
    )
    drawn = list(campaign.inspections.order_by("-risk_score"))
    assert len(drawn) == 2
    assert drawn[0].association == risky
    assert "overdue_reports" in drawn[0].selection_reasons
    assert drawn[1].association in quiet
    again = client.post(
        campaign.get_absolute_url(),
        {"team": unit("EN-INSP").pk, "planned_date": TODAY.isoformat()},
    )
    assert again.status_code == 200
    assert campaign.inspections.count() == 2


def test_a_social_worker_sees_associations_but_not_money(client_for, worker, khouribga):
    client = client_for(worker)
    assert client.get(reverse("partnerships:associations")).status_code == 200
    assert client.get(reverse("partnerships:conventions")).status_code == 403
    url = reverse("partnerships:association", args=[khouribga["association"].pk])
    assert "350810000000000123456789" not in client.get(url).text


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_pages_run_a_fixed_number_of_queries(client_for, delegate, khouribga):
    """More rows never mean more queries: lists, a convention's page, an association's page."""
    client = client_for(delegate)
    convention = khouribga["convention"]
    association = khouribga["association"]
    urls = [
        reverse("partnerships:associations"),
        reverse("partnerships:conventions"),
        reverse("partnerships:inspections"),
        reverse("partnerships:work"),
        convention.get_absolute_url(),
        association.get_absolute_url(),
    ]
    client.get(urls[0])  # warm the session and permission caches
    before = [count_queries(client, url) for url in urls]
    for number in range(2, 6):
        Tranche.objects.create(
            convention=convention,
            number=number,
            planned_amount=Decimal("1000"),
            planned_date=TODAY,
            condition_report=khouribga["report"],
        )
        OwedReport.objects.create(
            convention=convention, kind="financial", period=f"P{number}", due_date=TODAY
        )
        other = ConventionFactory(in_force=True, associations=[association])
        Inspection.objects.create(
            unit=other.signing_unit,
            team=unit("EN-INSP"),
            subject="convention",
            convention=other,
            planned_date=TODAY,
        )
        AssociationFactory()
    assert [count_queries(client, url) for url in urls] == before


def test_the_centre_page_names_the_association_that_runs_it(client_for, worker, khouribga):
    centre = CentreFactory(management_mode=Centre.ManagementMode.ASSOCIATION)
    managed = ConventionFactory(
        kind=Convention.Kind.CENTRE_MANAGEMENT,
        in_force=True,
        associations=[khouribga["association"]],
    )
    managed.centres.set([centre])
    text = client_for(worker).get(centre.get_absolute_url()).text
    assert 'data-testid="managing-association"' in text
    assert managed.reference in text
