"""The admin of partnerships and its imports: every page opens, lists and exports are scoped
and formula-safe, bank details stay with those allowed to see them, and an import is all or
nothing with every bad row reported, the budget of tranches included."""

import csv
import datetime
import html
import io
import itertools
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models.fields.files import FieldFile
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from entraide.imports import read_dataset, run_import
from entraide.models import AccessEvent
from entraide.roles import Role
from partnerships.models import (
    Amendment,
    Association,
    Commitment,
    ControlCampaign,
    Convention,
    Inspection,
    OwedReport,
    Partner,
    Recommendation,
    Tranche,
)
from partnerships.resources import (
    AssociationResource,
    ConventionResource,
    InspectionResource,
    PartnerResource,
    RecommendationResource,
    TrancheResource,
)
from tests.factories import UserFactory, unit

pytestmark = pytest.mark.django_db

SEQUENCE = itertools.count(1)
RIB = "123456789012345678901234"


@pytest.fixture
def english_messages():
    """The reasons below are checked in the source language."""
    with translation.override("en"):
        yield


# Small local factories -------------------------------------------------------------------------


def make_association(delegation="DP-MA-KHO", **fields):
    n = next(SEQUENCE)
    delegation = unit(delegation)
    values = {
        "name_ar": f"جمعية الأمل رقم {n}",
        "name_fr": f"Association Al Amal n° {n}",
        "registration_number": f"T-ASSO-{n:04d}",
        "registration_date": datetime.date(2015, 3, 1),
        "delegation": delegation,
        "province": delegation.provinces.first(),
        "president": "Fatima Zahra Alaoui",
        **fields,
    }
    return Association.objects.create(**values)


def make_convention(signing_unit="DP-MA-KHO", associations=None, **fields):
    n = next(SEQUENCE)
    values = {
        "reference": f"T-CONV-{n:04d}",
        "title_ar": f"اتفاقية شراكة رقم {n}",
        "title_fr": f"Convention de partenariat n° {n}",
        "kind": Convention.Kind.PROJECT,
        "signing_unit": unit(signing_unit),
        "object": "Accompagnement des personnes en situation de handicap",
        "start_date": datetime.date(2026, 1, 1),
        "end_date": datetime.date(2027, 12, 31),
        "en_contribution": Decimal("100000"),
        **fields,
    }
    convention = Convention.objects.create(**values)
    if associations is None:
        associations = [make_association(delegation=convention.signing_unit.code)]
    convention.associations.set(associations)
    return convention


def make_tranche(convention, number, amount, **fields):
    return Tranche.objects.create(
        convention=convention,
        number=number,
        planned_amount=Decimal(amount),
        planned_date=datetime.date(2026, 3, 1),
        **fields,
    )


def make_one_of_each(delegation="DP-MA-KHO"):
    """A record of every model of the app, hanging together."""
    association = make_association(delegation=delegation)
    convention = make_convention(signing_unit=delegation, associations=[association])
    Partner.objects.create(
        convention=convention, name="Commune de Khouribga", kind="local_authority"
    )
    Commitment.objects.create(convention=convention, party="EN", description="Verser la subvention")
    report = OwedReport.objects.create(
        convention=convention, kind="activity", period="2026", due_date=datetime.date(2027, 1, 31)
    )
    make_tranche(convention, 1, "40000", condition_report=report)
    Amendment.objects.create(
        convention=convention,
        number=1,
        signed_on=datetime.date(2026, 6, 1),
        summary="Prolongation",
        new_end_date=datetime.date(2028, 6, 30),
    )
    campaign = ControlCampaign.objects.create(title="Contrôle", year=2026, unit=unit(delegation))
    inspection = Inspection.objects.create(
        unit=association.delegation,
        team=unit("EN-INSP"),
        subject=Inspection.Subject.ASSOCIATION,
        association=association,
        campaign=campaign,
        planned_date=datetime.date(2026, 9, 15),
    )
    Recommendation.objects.create(inspection=inspection, text="Tenir une comptabilité")
    return convention


def dataset(text, encoding="utf-8-sig", name="file.csv"):
    return read_dataset(text.encode(encoding), name)


def upload(text, encoding="utf-8-sig", name="file.csv"):
    handle = io.BytesIO(text.encode(encoding))
    handle.name = name
    return handle


def by_line(report):
    reasons = {}
    for line, reason in report.errors:
        reasons.setdefault(line, []).append(reason)
    return reasons


def form_values(form):
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, FieldFile):
            continue  # a file is not posted back
        if isinstance(value, list | tuple):
            data[form.add_prefix(name)] = [getattr(v, "pk", v) for v in value]
        elif value is not None and value is not False:
            data[form.add_prefix(name)] = getattr(value, "pk", value)
    return data


def change_form_data(response):
    """What an admin change page would post back untouched, its inlines included."""
    assert response.status_code == 200
    data = form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_values(formset.management_form))
        for form in formset.forms:
            data.update(form_values(form))
    return data


def export_rows(response):
    assert response.status_code == 200, response.content[:500]
    assert "attachment" in response["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def export_all(client, model, resource):
    """POST the admin's export form of `model` with every column of `resource` ticked."""
    prefix = resource.__name__.lower()
    columns = resource().get_export_order()
    data = {"format": "0", "resource": "0", **{f"{prefix}_{c}": "on" for c in columns}}
    return client.post(reverse(f"admin:partnerships_{model}_export"), data)


# Every page of the admin ------------------------------------------------------------------------

MODELS = [
    "fieldofaction",
    "association",
    "convention",
    "partner",
    "commitment",
    "owedreport",
    "tranche",
    "amendment",
    "controlcampaign",
    "inspection",
    "recommendation",
]


def test_every_model_of_the_app_has_an_admin_with_import_and_export():
    from django.apps import apps
    from django.contrib import admin
    from pghistory.models import Event

    for model in apps.get_app_config("partnerships").get_models():
        if issubclass(model, Event):
            continue  # the audit trail's tables
        model_admin = admin.site._registry.get(model)
        assert model_admin is not None, model
        assert model_admin.resource_classes, model
        assert model._meta.model_name in MODELS


@pytest.mark.parametrize("model", MODELS)
def test_every_admin_page_of_partnerships_opens_for_the_administrator(
    client_for, administrator, model
):
    make_one_of_each()
    client = client_for(administrator)
    changelist = client.get(reverse(f"admin:partnerships_{model}_changelist"))
    assert changelist.status_code == 200
    rows = list(changelist.context["cl"].result_list)
    assert rows
    assert client.get(reverse(f"admin:partnerships_{model}_add")).status_code == 200
    change = client.get(reverse(f"admin:partnerships_{model}_change", args=[rows[0].pk]))
    assert change.status_code == 200
    assert client.get(reverse(f"admin:partnerships_{model}_import")).status_code == 200
    assert client.get(reverse(f"admin:partnerships_{model}_export")).status_code == 200


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", MODELS)
def test_admin_lists_do_not_query_once_per_row(client_for, administrator, model):
    make_one_of_each()
    client = client_for(administrator)
    url = reverse(f"admin:partnerships_{model}_changelist")
    client.get(url)  # caches warmed (content types, permissions)
    one = count_queries(client, url)
    make_one_of_each()
    make_one_of_each(delegation="DP-MA-RAB")
    assert count_queries(client, url) == one


def test_the_admin_searches_associations_whatever_the_spelling(client_for, administrator):
    wanted = make_association(name_fr="Association Élan", name_ar="جمعية الإحسان")
    make_association()
    client = client_for(administrator)
    url = reverse("admin:partnerships_association_changelist")
    assert list(client.get(url, {"q": "elan"}).context["cl"].result_list) == [wanted]
    assert list(client.get(url, {"q": "الاحسان"}).context["cl"].result_list) == [wanted]


# Scope --------------------------------------------------------------------------------------------


@pytest.fixture
def rabat_staff(db):
    """A delegate of Rabat with access to the admin: the delegate's permissions, no national
    role."""
    return UserFactory(username="t-staff-rabat", rabat=True, role=Role.DELEGATE, is_staff=True)


def test_a_delegation_staff_member_lists_and_exports_only_what_is_in_scope(client_for, rabat_staff):
    kho = make_one_of_each()
    rab = make_one_of_each(delegation="DP-MA-RAB")
    client = client_for(rabat_staff)

    response = client.get(reverse("admin:partnerships_association_changelist"))
    assert response.status_code == 200
    assert [a.delegation.code for a in response.context["cl"].result_list] == ["DP-MA-RAB"]
    response = client.get(reverse("admin:partnerships_convention_changelist"))
    assert [c.reference for c in response.context["cl"].result_list] == [rab.reference]
    response = client.get(reverse("admin:partnerships_tranche_changelist"))
    assert {t.convention_id for t in response.context["cl"].result_list} == {rab.pk}

    kho_association = kho.associations.get()
    for url in (
        reverse("admin:partnerships_association_change", args=[kho_association.pk]),
        reverse("admin:partnerships_convention_change", args=[kho.pk]),
        reverse("admin:partnerships_tranche_change", args=[kho.tranches.get().pk]),
    ):
        assert client.get(url).status_code in (302, 404)  # the admin redirects a missing object

    rows = export_rows(export_all(client, "association", AssociationResource))
    assert [row["delegation_code"] for row in rows] == ["DP-MA-RAB"]
    rows = export_rows(export_all(client, "convention", ConventionResource))
    assert [row["reference"] for row in rows] == [rab.reference]
    rows = export_rows(export_all(client, "tranche", TrancheResource))
    assert [row["convention_reference"] for row in rows] == [rab.reference]
    assert AccessEvent.objects.filter(actor=rabat_staff, action="export").count() == 3


def test_the_admin_offers_only_units_and_associations_in_scope(client_for, rabat_staff):
    make_association()
    mine = make_association(delegation="DP-MA-RAB")
    client = client_for(rabat_staff)
    form = client.get(reverse("admin:partnerships_convention_add")).context["adminform"].form
    assert {u.code for u in form.fields["signing_unit"].queryset} == {"DP-MA-RAB"}
    assert list(form.fields["associations"].queryset) == [mine]
    found = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "partnerships",
            "model_name": "convention",
            "field_name": "associations",
            "term": "",
        },
    ).json()
    assert [r["id"] for r in found["results"]] == [str(mine.pk)]


# Associations: import ---------------------------------------------------------------------------

HEADER = (
    "registration_number,name_ar,name_fr,acronym,registration_date,legal_status,public_utility,"
    "public_utility_date,delegation_code,province_code,president,phone,email,fields_of_action,"
    "target_groups,status,bank_name,bank_account\n"
)
GOOD_1 = (
    "KHO/2015/001,جمعية الأمل,Association Al Amal,AMAL,2015-03-01,association,1,2019-06-01,"
    "DP-MA-KHO,MA-KHO,فاطمة الزهراء,0612345678,amal@example.ma,disability|childhood,women,"
    "active,Banque Populaire,1234 5678 9012 3456 7890 1234\n"
)
GOOD_2 = (
    "KHO/2016/002,جمعية النور,Association Nour,,2016-01-15,foundation,,,DP-MA-KHO,MA-KHO,"
    "Ahmed Benali,,,literacy,,,,\n"
)
BAD = [
    # line 3: a province no one knows
    "KHO/2017/003,جمعية,Association A,,2017-01-01,association,0,,DP-MA-KHO,MA-XXX,Ali,,,,,,,\n",
    # line 4: a province the delegation does not cover
    "KHO/2017/004,جمعية,Association B,,2017-01-01,association,0,,DP-MA-KHO,MA-RAB,Ali,,,,,,,\n",
    # line 5: a field of action no one knows
    "KHO/2017/005,جمعية,Association C,,2017-01-01,association,0,,DP-MA-KHO,MA-KHO,Ali,,,nothing,,"
    ",,\n",
    # line 6: a RIB of three digits, and "maybe" is neither yes nor no
    "KHO/2017/006,جمعية,Association D,,2017-01-01,association,maybe,,DP-MA-KHO,MA-KHO,Ali,,,,,,"
    ",123\n",
    # line 7: a delegation the importing delegate may not see
    "RAB/2017/007,جمعية,Association E,,2017-01-01,association,0,,DP-MA-RAB,MA-RAB,Ali,,,,,,,\n",
]


def test_a_clean_association_file_imports_every_row_with_its_codes(delegate):
    report = run_import(AssociationResource(user=delegate), dataset(HEADER + GOOD_1 + GOOD_2))
    assert report.ok, report.errors
    assert report.new == 2
    amal = Association.objects.get(registration_number="KHO/2015/001")
    assert (amal.name_ar, amal.name_fr, amal.delegation.code) == (
        "جمعية الأمل",
        "Association Al Amal",
        "DP-MA-KHO",
    )
    assert {f.code for f in amal.fields_of_action.all()} == {"disability", "childhood"}
    assert [g.code for g in amal.target_groups.all()] == ["women"]
    assert amal.public_utility and amal.bank_account == RIB
    nour = Association.objects.get(registration_number="KHO/2016/002")
    # Empty cells of a new association take the defaults, as missing columns would.
    assert (nour.public_utility, nour.status, nour.legal_status) == (False, "active", "foundation")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1256"])
def test_an_association_file_with_bad_rows_writes_nothing_and_reports_every_bad_line(
    delegate, english_messages, encoding
):
    text = HEADER + GOOD_1 + "".join(BAD) + GOOD_2
    report = run_import(AssociationResource(user=delegate), dataset(text, encoding))
    assert not report.ok
    reasons = by_line(report)
    assert sorted(reasons) == [3, 4, 5, 6, 7]  # the header is line 1
    assert reasons[3] == ["province_code: No province or prefecture with code “MA-XXX”."]
    assert reasons[4] == ["province_code: This province is not covered by the delegation."]
    assert reasons[5] == ["fields_of_action: Unknown codes: nothing"]
    assert sorted(reasons[6]) == [
        "bank_account: A RIB has 24 digits.",
        "public_utility: Write 1 for yes or 0 for no.",
    ]
    assert reasons[7] == ["delegation_code: No organisational unit with code “DP-MA-RAB”."]
    assert not Association.objects.exists()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1256"])
def test_the_admin_import_of_a_bad_association_file_shows_every_bad_line_and_writes_nothing(
    client_for, administrator, encoding
):
    text = HEADER + GOOD_1 + BAD[0] + BAD[2] + GOOD_2
    response = client_for(administrator).post(
        reverse("admin:partnerships_association_import"),
        {"import_file": upload(text, encoding), "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert [row.number for row in result.invalid_rows] == [3, 4]  # lines of the file, header 1
    body = response.content.decode()
    assert "MA-XXX" in body and "nothing" in body
    assert "confirm_form" not in response.context or not response.context["confirm_form"]
    assert not Association.objects.exists()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1256"])
def test_the_admin_imports_a_clean_association_file_after_confirmation(
    client_for, administrator, encoding
):
    client = client_for(administrator)
    response = client.post(
        reverse("admin:partnerships_association_import"),
        {"import_file": upload(HEADER + GOOD_1, encoding), "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert not Association.objects.exists()  # the first step only checks
    confirm = response.context["confirm_form"].initial
    response = client.post(reverse("admin:partnerships_association_process_import"), confirm)
    assert response.status_code == 302
    assert Association.objects.get().name_ar == "جمعية الأمل"


def test_the_import_command_takes_the_partnerships_resources(tmp_path, english_messages):
    path = tmp_path / "associations.csv"
    path.write_text(HEADER + GOOD_1 + BAD[0], encoding="cp1256")
    resource = "partnerships.resources.AssociationResource"
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_records", resource, str(path), stderr=err)
    assert "line 3: province_code:" in err.getvalue()
    assert not Association.objects.exists()
    path.write_text(HEADER + GOOD_1 + GOOD_2, encoding="utf-8-sig")
    out = io.StringIO()
    call_command("import_records", resource, str(path), stdout=out)
    assert "2 new" in out.getvalue()
    call_command("import_records", resource, str(path), stdout=out)
    assert "2 unchanged" in out.getvalue()


# Exports ----------------------------------------------------------------------------------------


def test_exports_are_formula_safe_and_read_back_as_they_were(client_for, administrator):
    association = make_association(name_fr='=HYPERLINK("http://x","ici")', acronym="+ABC")
    make_convention(associations=[association], title_fr="@SUM(A1)")
    client = client_for(administrator)
    [row] = export_rows(export_all(client, "association", AssociationResource))
    assert row["name_fr"] == '\'=HYPERLINK("http://x","ici")'
    assert row["acronym"] == "'+ABC"
    [row] = export_rows(export_all(client, "convention", ConventionResource))
    assert row["title_fr"] == "'@SUM(A1)"
    assert row["associations"] == association.registration_number

    exported = export_all(client, "association", AssociationResource).content
    Association.objects.filter(pk=association.pk).update(name_fr="changed", acronym="")
    report = run_import(AssociationResource(user=administrator), read_dataset(exported, "a.csv"))
    assert report.ok, report.errors
    association.refresh_from_db()
    assert (association.name_fr, association.acronym) == ('=HYPERLINK("http://x","ici")', "+ABC")


# Bank details -----------------------------------------------------------------------------------


@pytest.fixture
def staff_without_bank_details(db):
    """A coordinator may read associations, not their bank details; given the right to change
    and add associations in the admin too."""
    user = UserFactory(username="t-staff-nobank", role=Role.COORDINATOR, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="partnerships",
            codename__in=["change_association", "add_association"],
        )
    )
    assert not user.has_perm("partnerships.view_bank_details")
    return user


@pytest.fixture
def staff_with_bank_details(db):
    user = UserFactory(username="t-staff-bank", role=Role.DELEGATE, is_staff=True)
    assert user.has_perm("partnerships.view_bank_details")
    return user


def test_bank_details_are_absent_from_the_admin_form_of_a_user_without_the_permission(
    client_for, staff_without_bank_details, staff_with_bank_details
):
    association = make_association(bank_name="Banque Populaire", bank_account=RIB)
    url = reverse("admin:partnerships_association_change", args=[association.pk])

    response = client_for(staff_without_bank_details).get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert not set(form.fields) & {"bank_name", "bank_account"}
    body = response.content.decode()
    assert RIB not in body and "Banque Populaire" not in body

    response = client_for(staff_with_bank_details).get(url)
    assert {"bank_name", "bank_account"} <= set(response.context["adminform"].form.fields)
    assert RIB in html.unescape(response.content.decode())


def test_a_change_in_the_admin_without_the_permission_keeps_the_bank_details(
    client_for, staff_without_bank_details
):
    association = make_association(bank_name="Banque Populaire", bank_account=RIB)
    client = client_for(staff_without_bank_details)
    url = reverse("admin:partnerships_association_change", args=[association.pk])
    data = change_form_data(client.get(url))
    data.update({"president": "Nouveau président", "bank_account": "000000000000000000000000"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    association.refresh_from_db()
    assert (association.president, association.bank_account) == ("Nouveau président", RIB)


def test_bank_details_are_absent_from_the_export_of_a_user_without_the_permission(
    client_for, staff_without_bank_details, staff_with_bank_details
):
    make_association(bank_name="Banque Populaire", bank_account=RIB)
    client = client_for(staff_without_bank_details)
    page = client.get(reverse("admin:partnerships_association_export"))
    assert page.status_code == 200
    assert "associationresource_bank_account" not in page.context["form"].fields
    assert "associationresource_name_fr" in page.context["form"].fields
    response = export_all(client, "association", AssociationResource)  # asked for anyway
    [row] = export_rows(response)
    assert "bank_account" not in row and "bank_name" not in row
    assert RIB not in response.content.decode("utf-8-sig")

    [row] = export_rows(
        export_all(client_for(staff_with_bank_details), "association", AssociationResource)
    )
    assert (row["bank_name"], row["bank_account"]) == ("Banque Populaire", RIB)


def test_a_user_without_the_permission_cannot_import_bank_details(
    staff_without_bank_details, english_messages
):
    report = run_import(
        AssociationResource(user=staff_without_bank_details), dataset(HEADER + GOOD_1)
    )
    assert report.errors == [
        (
            None,
            "You may not import the columns bank_name, bank_account: remove them from the file.",
        )
    ]
    assert not Association.objects.exists()
    columns = HEADER.strip().split(",")[:-2]
    text = ",".join(columns) + "\n" + ",".join(next(csv.reader([GOOD_1]))[:-2]) + "\n"
    report = run_import(AssociationResource(user=staff_without_bank_details), dataset(text))
    assert report.ok, report.errors
    assert Association.objects.get().bank_account == ""


# Conventions and what hangs on them -------------------------------------------------------------

CONVENTION_HEADER = (
    "reference,title_ar,title_fr,kind,signing_unit_code,associations,centres,object,start_date,"
    "end_date,status,en_contribution\n"
)


def test_conventions_import_by_reference_with_their_associations_in_scope(
    delegate, english_messages
):
    mine = make_association(registration_number="KHO/1")
    other = make_association(registration_number="KHO/2")
    make_association(delegation="DP-MA-RAB", registration_number="RAB/1")
    text = CONVENTION_HEADER + (
        "CONV/2026/1,اتفاقية,Convention un,project,DP-MA-KHO,KHO/1|KHO/2,,Objet,2026-01-01,"
        "2026-12-31,,50000\n"
        "CONV/2026/2,اتفاقية,Convention deux,project,DP-MA-KHO,KHO/1|RAB/1,,Objet,2026-01-01,"
        "2026-12-31,draft,50000\n"
        "CONV/2026/3,اتفاقية,Convention trois,project,DP-MA-RAB,,,Objet,2026-01-01,"
        "2025-12-31,draft,50000\n"
    )
    report = run_import(ConventionResource(user=delegate), dataset(text))
    reasons = by_line(report)
    assert reasons[3] == ["associations: Unknown codes: RAB/1"]
    assert sorted(reasons[4]) == [
        "associations: This field cannot be blank.",
        "end_date: The end date comes before the start date.",
        "signing_unit_code: No organisational unit with code “DP-MA-RAB”.",
    ]
    assert not Convention.objects.exists()

    report = run_import(
        ConventionResource(user=delegate), dataset(CONVENTION_HEADER + text.splitlines()[1] + "\n")
    )
    assert report.ok, report.errors
    convention = Convention.objects.get(reference="CONV/2026/1")
    assert set(convention.associations.all()) == {mine, other}
    assert (convention.status, convention.created_by) == ("draft", delegate)


def test_a_convention_import_cannot_lower_the_contribution_below_the_tranches(
    delegate, english_messages
):
    convention = make_convention(reference="CONV/LOW")
    make_tranche(convention, 1, "60000")
    association = convention.associations.get()
    text = CONVENTION_HEADER + (
        f"CONV/LOW,اتفاقية,Convention,project,DP-MA-KHO,{association.registration_number},,"
        "Objet,2026-01-01,2027-12-31,draft,50000\n"
    )
    report = run_import(ConventionResource(user=delegate), dataset(text))
    [(line, reason)] = report.errors
    assert line == 2 and reason.startswith("en_contribution: The tranches already planned")
    assert "60,000.00" in reason
    convention.refresh_from_db()
    assert convention.en_contribution == Decimal("100000")


TRANCHE_HEADER = "convention_reference,number,planned_amount,planned_date,condition\n"


def test_a_tranche_file_over_the_budget_writes_nothing_and_says_which_row_and_why(
    delegate, english_messages
):
    first = make_convention(reference="CONV/A", en_contribution=Decimal("100000"))
    second = make_convention(reference="CONV/B", en_contribution=Decimal("50000"))
    make_tranche(first, 1, "40000")
    text = TRANCHE_HEADER + (
        "CONV/A,2,30000,2026-06-01,\n"  # 70,000 of 100,000
        "CONV/A,3,40000,2026-09-01,\n"  # 110,000: over, with the row above
        "CONV/B,1,60000,2026-06-01,\n"  # over on its own
        "CONV/B,2,10000,2026-09-01,\n"
    )
    report = run_import(TrancheResource(user=delegate), dataset(text))
    reasons = by_line(report)
    assert sorted(reasons) == [3, 4]
    assert reasons[3] == [
        "planned_amount: With this row and those above it, the tranches of convention CONV/A "
        "would add up to 110,000.00\xa0DH, more than its EN contribution of 100,000.00\xa0DH."
    ]
    assert reasons[4] == [
        "planned_amount: The tranches of convention CONV/B would add up to 60,000.00\xa0DH, "
        "more than its EN contribution of 50,000.00\xa0DH."
    ]
    assert list(Tranche.objects.values_list("convention__reference", "number")) == [("CONV/A", 1)]
    assert second.tranches.count() == 0


def test_a_tranche_file_lowering_a_tranche_makes_room_for_another(delegate):
    convention = make_convention(reference="CONV/R", en_contribution=Decimal("100000"))
    make_tranche(convention, 1, "60000")
    text = TRANCHE_HEADER + (
        "CONV/R,1,20000,2026-03-01,\n"  # was 60,000: counted once, at its new amount
        "CONV/R,2,50000,2026-06-01,\n"
        "CONV/R,3,30000,2026-09-01,à la remise du rapport\n"
    )
    report = run_import(TrancheResource(user=delegate), dataset(text))
    assert report.ok, report.errors
    assert (report.new, report.updated) == (2, 1)
    amounts = dict(convention.tranches.values_list("number", "planned_amount"))
    assert amounts == {1: Decimal("20000"), 2: Decimal("50000"), 3: Decimal("30000")}


def test_a_paid_tranche_is_not_changed_by_an_import(delegate, english_messages):
    convention = make_convention(reference="CONV/P")
    make_tranche(
        convention, 1, "40000", paid_amount=Decimal("40000"), paid_on=datetime.date(2026, 3, 5)
    )
    report = run_import(
        TrancheResource(user=delegate), dataset(TRANCHE_HEADER + "CONV/P,1,30000,2026-03-01,\n")
    )
    assert report.errors == [(2, "A paid tranche cannot be changed.")]
    assert convention.tranches.get().planned_amount == Decimal("40000")


def test_the_admin_import_of_tranches_over_the_budget_says_why_and_writes_nothing(
    client_for, administrator
):
    make_convention(reference="CONV/ADM", en_contribution=Decimal("50000"))
    text = TRANCHE_HEADER + "CONV/ADM,1,30000,2026-03-01,\nCONV/ADM,2,30000,2026-06-01,\n"
    response = client_for(administrator).post(
        reverse("admin:partnerships_tranche_import"),
        {"import_file": upload(text), "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    result = response.context["result"]
    [invalid] = result.invalid_rows
    assert invalid.number == 3  # the line in the file, the header being line 1
    [message] = invalid.error_dict["planned_amount"]
    assert "CONV/ADM" in message
    assert message in html.unescape(response.content.decode())
    assert not Tranche.objects.exists()


def tranche_form_data(convention, number, amount):
    return {
        "convention": convention.pk,
        "number": number,
        "planned_amount": amount,
        "planned_date": "2026-06-01",
        "condition": "",
        "condition_report": "",
    }


def test_the_admin_refuses_a_tranche_over_the_budget_with_a_message_not_an_error_page(
    client_for, administrator
):
    convention = make_convention(reference="CONV/FORM", en_contribution=Decimal("50000"))
    tranche = make_tranche(convention, 1, "30000")
    client = client_for(administrator)

    response = client.post(
        reverse("admin:partnerships_tranche_add"), tranche_form_data(convention, 2, "25000")
    )
    assert response.status_code == 200
    [message] = response.context["adminform"].form.errors["planned_amount"]
    assert "CONV/FORM" in message and message in html.unescape(response.content.decode())
    assert convention.tranches.count() == 1

    change = reverse("admin:partnerships_tranche_change", args=[tranche.pk])
    data = tranche_form_data(convention, 1, "50000")
    assert client.post(change, data).status_code == 302  # its own amount is not counted twice
    data = tranche_form_data(convention, 1, "50000.01")
    response = client.post(change, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["planned_amount"]
    tranche.refresh_from_db()
    assert tranche.planned_amount == Decimal("50000")


def test_the_admin_refuses_to_lower_a_contribution_below_the_tranches_with_a_message(
    client_for, administrator
):
    convention = make_one_of_each()  # a tranche of 40,000, a partner and a commitment inline
    client = client_for(administrator)
    url = reverse("admin:partnerships_convention_change", args=[convention.pk])
    data = change_form_data(client.get(url))
    response = client.post(url, {**data, "en_contribution": "39999.99"})
    assert response.status_code == 200
    [message] = response.context["adminform"].form.errors["en_contribution"]
    assert message in html.unescape(response.content.decode())
    convention.refresh_from_db()
    assert convention.en_contribution == Decimal("100000")
    response = client.post(url, {**data, "en_contribution": "40000"})
    assert response.status_code == 302
    convention.refresh_from_db()
    assert convention.en_contribution == Decimal("40000")


def test_an_inspection_added_in_the_admin_takes_its_unit_from_its_subject(
    client_for, administrator
):
    association = make_association(delegation="DP-MA-RAB")
    client = client_for(administrator)
    url = reverse("admin:partnerships_inspection_add")
    data = change_form_data(client.get(url))
    data.update(
        {
            "team": unit("EN-INSP").pk,
            "subject": "association",
            "association": association.pk,
            "planned_date": "2026-10-01",
            "status": "planned",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    inspection = Inspection.objects.get()
    assert (inspection.unit.code, inspection.created_by) == ("DP-MA-RAB", administrator)


def test_a_paid_tranche_is_read_only_in_the_admin(client_for, administrator):
    convention = make_convention()
    tranche = make_tranche(
        convention, 1, "40000", paid_amount=Decimal("40000"), paid_on=datetime.date(2026, 3, 5)
    )
    client = client_for(administrator)
    url = reverse("admin:partnerships_tranche_change", args=[tranche.pk])
    assert client.get(url).context["has_change_permission"] is False
    client.post(url, tranche_form_data(convention, 1, "10000"))
    tranche.refresh_from_db()
    assert tranche.planned_amount == Decimal("40000")


def test_children_of_a_convention_out_of_scope_are_refused_like_missing_ones(
    worker_rabat, english_messages
):
    make_convention(reference="CONV/KHO")
    report = run_import(
        PartnerResource(user=worker_rabat),
        dataset("convention_reference,name,kind,contribution\nCONV/KHO,Commune,other,1000\n"),
    )
    assert report.errors == [(2, "convention_reference: No convention with reference “CONV/KHO”.")]
    report = run_import(
        TrancheResource(user=worker_rabat), dataset(TRANCHE_HEADER + "CONV/KHO,1,10,2026-01-01,\n")
    )
    assert report.errors == [(2, "No convention with reference “CONV/KHO”.")]
    assert not Partner.objects.exists() and not Tranche.objects.exists()


def test_an_add_only_import_refuses_rows_that_name_an_existing_record(delegate, english_messages):
    convention = make_convention(reference="CONV/ID")
    partner = Partner.objects.create(convention=convention, name="Commune", kind="other")
    text = f"id,convention_reference,name,kind,contribution\n{partner.pk},CONV/ID,Autre,other,1\n"
    report = run_import(PartnerResource(user=delegate), dataset(text))
    assert report.errors == [(2, "This import only adds new records: leave the id column empty.")]
    assert list(Partner.objects.values_list("name", flat=True)) == ["Commune"]


def test_inspections_follow_their_subject_and_recommendations_their_inspection(delegate):
    association = make_association(registration_number="KHO/INSP")
    text = (
        "subject,association_registration_number,team_code,planned_date,selection_reasons\n"
        "association,KHO/INSP,DP-MA-KHO,2026-10-01,overdue_reports|random\n"
    )
    report = run_import(InspectionResource(user=delegate), dataset(text))
    assert report.ok, report.errors
    inspection = Inspection.objects.get()
    assert (inspection.association, inspection.unit.code, inspection.created_by) == (
        association,
        "DP-MA-KHO",
        delegate,
    )
    assert inspection.selection_reasons == ["overdue_reports", "random"]
    text = f"inspection_id,text,status\n{inspection.pk},Tenir un registre des adhérents,open\n"
    report = run_import(RecommendationResource(user=delegate), dataset(text))
    assert report.ok, report.errors
    assert inspection.recommendations.get().text == "Tenir un registre des adhérents"
