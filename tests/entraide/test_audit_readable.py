"""The audit page in plain words: field labels, choice labels, dates in the page's language,
records named by what they are, protected values still withheld, queries bounded."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from pghistory.models import Events

from beneficiaries.models import Beneficiary
from entraide.audit import acting_as
from partnerships.models import Association
from tests.factories import AssociationFactory, BeneficiaryFactory

pytestmark = pytest.mark.django_db


def audit_page(client, language="fr", **query):
    with translation.override(language):
        url = reverse("audit")
    return client.get(url, query).content.decode()


def change_line(page, field):
    """The text of the line saying how `field` changed, tags removed."""
    match = re.search(rf'<li data-field="{field}">(.*?)</li>', page, re.S)
    assert match, f"no line for {field}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", match.group(1))).strip()


def in_french(text):
    with translation.override("fr"):
        return str(text)


@pytest.fixture
def changed_person(administrator):
    person = BeneficiaryFactory(
        sex="M", marital_status="single", birth_date=datetime.date(1980, 1, 2)
    )
    with acting_as(administrator):
        person.sex = "F"
        person.marital_status = "married"
        person.birth_date = datetime.date(1981, 3, 4)
        person.save()
    return person


def test_a_change_of_sex_status_and_birth_date_reads_with_labels_not_raw_values(
    client_for, administrator, changed_person
):
    page = audit_page(
        client_for(administrator),
        record_type="beneficiaries.Beneficiary",
        record_id=changed_person.pk,
        action="update",
    )
    field = Beneficiary._meta.get_field
    sex = change_line(page, "sex")
    assert sex.startswith(in_french(capfirst(field("sex").verbose_name)))  # "Sexe"
    choices = dict(field("sex").choices)
    assert in_french(choices["M"]) in sex and in_french(choices["F"]) in sex
    assert not re.search(r"\bM\b|\bF\b", sex)
    status = change_line(page, "marital_status")
    assert status.startswith(in_french(capfirst(field("marital_status").verbose_name)))
    assert "marié(e)" in status and "married" not in status
    born = change_line(page, "birth_date")
    assert born.startswith("Date de naissance")
    assert "2 janvier 1980" in born and "4 mars 1981" in born
    assert "1981-03-04" not in born
    # The record is named by what it is, its file number: not "beneficiaries.Beneficiary #12".
    assert changed_person.file_number in page
    assert in_french(capfirst(Beneficiary._meta.verbose_name)) in page


def test_the_time_of_a_change_reads_in_french_on_the_french_page_not_in_iso(
    client_for, administrator, changed_person
):
    page = audit_page(client_for(administrator), record_type="beneficiaries.Beneficiary")
    event = Events.objects.filter(pgh_obj_model="beneficiaries.Beneficiary").latest(
        "pgh_created_at"
    )
    with translation.override("fr"):
        expected = date_format(timezone.localtime(event.pgh_created_at), "DATETIME_FORMAT")
    shown = re.findall(r"<time [^>]*>([^<]*)</time>", page)
    assert shown
    assert all(not re.search(r"\d{4}-\d{2}-\d{2}", text) for text in shown)
    french_months = (
        "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
    )
    assert all(
        re.search(rf"^\d{{1,2}} ({french_months}) \d{{4}} \d{{2}}:\d{{2}}$", t) for t in shown
    )
    assert expected in shown


def test_bank_details_stay_withheld_from_an_inspector_under_their_label(
    client_for, administrator, inspector
):
    association = AssociationFactory(bank_account="111122223333444455556666")
    with acting_as(administrator):
        association.bank_account = "999988887777666655554444"
        association.save()
    query = {
        "record_type": "partnerships.Association",
        "record_id": association.pk,
        "action": "update",
    }
    page = audit_page(client_for(inspector), **query)
    line = change_line(page, "bank_account")
    assert line.startswith(
        in_french(capfirst(Association._meta.get_field("bank_account").verbose_name))
    )
    assert "999988887777666655554444" not in page and "111122223333444455556666" not in page
    page = audit_page(client_for(administrator), **query)
    assert "999988887777666655554444" in change_line(page, "bank_account")


def test_the_audit_page_makes_as_many_queries_for_many_changes_as_for_few(
    client_for, administrator
):
    client = client_for(administrator)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            audit_page(client, record_type="beneficiaries.Beneficiary")
        return len(queries)

    def change_people(count):
        for _ in range(count):
            person = BeneficiaryFactory(sex="M")
            with acting_as(administrator):
                person.sex = "F"
                person.save()

    change_people(2)
    count_queries()  # caches warmed (content types, the session's first read)
    few = count_queries()
    change_people(8)
    assert count_queries() == few
