"""A person's RSU household identifier (a new field of the file): digits only, on every path
that writes it; shown on the file; gone when the file is anonymised. The API looks people up
by it or by CIN, among the active files in scope, and gives back only what the account may
read, never the CIN nor the identifier."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from beneficiaries.forms import BeneficiaryForm
from beneficiaries.models import Beneficiary
from beneficiaries.retention import beneficiary_anonymise
from tests.factories import BeneficiaryFactory, unit

pytestmark = pytest.mark.django_db


def test_the_rsu_identifier_is_digits_on_every_path(worker):
    person = BeneficiaryFactory(rsu_id="0012345678")
    person.full_clean()
    person.rsu_id = "RSU-12"
    with pytest.raises(ValidationError) as refused:
        person.full_clean()
    assert "rsu_id" in refused.value.message_dict
    # A bulk write, past the model's validation, meets the database's rule.
    with pytest.raises(IntegrityError), transaction.atomic():
        Beneficiary.objects.filter(pk=person.pk).update(rsu_id="12AB")


def test_the_person_form_takes_the_rsu_identifier(worker):
    person = BeneficiaryFactory()
    data = {
        "first_name_ar": person.first_name_ar,
        "last_name_ar": person.last_name_ar,
        "first_name_lat": person.first_name_lat,
        "last_name_lat": person.last_name_lat,
        "sex": "F",
        "birth_date": "1990-05-17",
        "province": person.province.pk,
        "delegation": person.delegation.pk,
        "rsu_id": "12345678901",
    }
    form = BeneficiaryForm(data, instance=person, user=worker)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["rsu_id"] == "12345678901"
    form = BeneficiaryForm({**data, "rsu_id": "12 34"}, instance=person, user=worker)
    assert not form.is_valid()
    assert "rsu_id" in form.errors


def test_the_file_shows_its_rsu_identifier(worker, client_for):
    person = BeneficiaryFactory(rsu_id="55566677788")
    page = client_for(worker).get(person.get_absolute_url())
    assert "55566677788" in page.content.decode()


def test_anonymising_a_file_removes_its_rsu_identifier(worker):
    person = BeneficiaryFactory(rsu_id="55566677788")
    beneficiary_anonymise(beneficiary=person)
    person.refresh_from_db()
    assert person.rsu_id == ""
    from django.apps import apps

    history = apps.get_model("beneficiaries", "BeneficiaryEvent").objects
    assert not history.filter(pgh_obj=person, rsu_id="55566677788").exists()


def test_merged_and_anonymised_files_are_not_found(issue, worker, api):
    kept = BeneficiaryFactory(rsu_id="44455566677")
    BeneficiaryFactory(rsu_id="44455566677", merged_into=kept)
    _token, key = issue(worker, ["read_people"])
    found = api(key).get("/api/v1/people/?rsu=44455566677").json()["results"]
    assert [p["file_number"] for p in found] == [kept.file_number]


def test_the_answer_holds_the_minimal_fields(issue, worker, api):
    person = BeneficiaryFactory(
        cin="MN123456", rsu_id="11122233344", phone="0612345678", birth_date=None, birth_year=1980
    )
    _token, key = issue(worker, ["read_people"])
    [found] = api(key).get("/api/v1/people/?cin=MN123456").json()["results"]
    assert found == {
        "file_number": person.file_number,
        "first_name_ar": person.first_name_ar,
        "last_name_ar": person.last_name_ar,
        "first_name_lat": person.first_name_lat,
        "last_name_lat": person.last_name_lat,
        "sex": "F",
        "birth_date": None,
        "birth_year": 1980,
        "delegation": unit("DP-MA-KHO").code,
    }
