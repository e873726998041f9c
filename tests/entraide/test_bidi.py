"""Right to left by construction: a value that may be Latin, numeric or typed by a user sits in
its own `<bdi>`, so that the bidirectional algorithm does not carry the Arabic or French text
around it into it ("محمد الإدريسي Victor) (Boucher", "Orientation : · جمعية الأمل")."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from beneficiaries.models import Referral
from tests.factories import BeneficiaryFactory, CaseFileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(worker):
    person = BeneficiaryFactory(
        first_name_ar="محمد",
        last_name_ar="الإدريسي",
        first_name_lat="Victor",
        last_name_lat="Boucher",
    )
    return CaseFileFactory(beneficiary=person, worker=worker, number="2026-0042")


NAME = "<bdi>محمد الإدريسي</bdi> (<bdi>Victor Boucher</bdi>)"


def test_the_case_list_isolates_the_case_number_and_each_script_of_the_name(
    client_for, worker, case
):
    content = client_for(worker).get(reverse("beneficiaries:cases")).content.decode()
    assert "<bdi>2026-0042</bdi>" in content
    assert NAME in content


def test_the_case_page_isolates_the_name_and_the_case_number(client_for, worker, case):
    content = client_for(worker).get(case.get_absolute_url()).content.decode()
    assert NAME in content
    assert "<bdi>2026-0042</bdi>" in content


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_referral_heading_isolates_the_partner_and_the_date(client_for, worker, case, language):
    Referral.objects.create(
        case=case,
        author=worker,
        date=datetime.date(2026, 2, 25),
        target_kind="institution",
        organisation="جمعية الأمل",
        reason="r",
    )
    client = client_for(worker)
    with translation.override(language):
        content = client.get(case.get_absolute_url()).content.decode()
    head = content.split('class="entry-head"')[1].split("</p>")[0]
    assert "<bdi>جمعية الأمل</bdi>" in head
    assert "<bdi>25/02/2026</bdi>" in head
