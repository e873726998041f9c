"""A refused submit, as GOV.UK shows it: a summary at the top of the page with a link to every
erroneous field, "Error:" first in the title; and no two fields of a page share an id, so that
every label and every link of the summary points at its own field."""

import re
from collections import Counter
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from partnerships.models import OwedReport, Tranche
from tests.factories import AssociationFactory, ConventionFactory

pytestmark = pytest.mark.django_db


class Page(HTMLParser):
    """The ids of a page, the links of its error summary and its title."""

    def __init__(self, html):
        super().__init__()
        self.ids = Counter()
        self.summary_links = []
        self.title = ""
        self._depth = 0  # inside the error summary, how many open tags deep
        self._in_title = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids[attrs["id"]] += 1
        if "data-error-summary" in attrs:
            self._depth = 1
        elif self._depth:
            self._depth += tag not in {"input", "br", "img"}
            if tag == "a":
                self.summary_links.append(attrs["href"])
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        if self._depth:
            self._depth -= 1
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


@pytest.fixture
def convention():
    association = AssociationFactory(name_fr="Association Nour Khouribga")
    convention = ConventionFactory(in_force=True, associations=[association])
    Tranche.objects.create(
        convention=convention,
        number=1,
        planned_amount=Decimal("100000"),
        planned_date=timezone.localdate(),
    )
    OwedReport.objects.create(
        convention=convention, kind="activity", period="2026", due_date=timezone.localdate()
    )
    return convention


def translated_error():
    return translation.gettext("Error:")


def test_a_refused_person_form_lists_each_error_with_a_link_to_its_field(client_for, worker):
    data = {"first_name_ar": "", "last_name_ar": "", "sex": "", "cin": "123AB"}
    response = client_for(worker).post(reverse("beneficiaries:create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    page = Page(response.text)
    assert page.title.strip().startswith(translated_error())
    expected = {f"#{form[name].id_for_label}" for name in form.errors if name != "__all__"}
    assert {"#id_first_name_ar", "#id_cin"} <= expected
    assert expected <= set(page.summary_links)
    for link in page.summary_links:
        assert page.ids[link[1:]] == 1, link  # every link leads to one field of the page
    assert 'id="error-summary-title"' in response.text


def test_a_refused_form_of_the_convention_page_lists_its_errors(client_for, delegate, convention):
    url = reverse("partnerships:convention_action", args=[convention.pk, "report"])
    with translation.override("fr"):
        response = client_for(delegate).post(url, {"kind": "", "period": "", "due_date": "x"})
        error = translation.gettext("Error:")
    assert response.status_code == 422
    page = Page(response.text)
    assert page.title.strip().startswith(error)
    assert {"#id_report_kind", "#id_report_period", "#id_report_due_date"} <= set(
        page.summary_links
    )
    for link in page.summary_links:
        assert page.ids[link[1:]] == 1, link


def test_a_refusal_by_the_service_is_in_the_summary_too(client_for, delegate, convention):
    url = reverse("partnerships:convention_action", args=[convention.pk, "tranche"])
    data = {"planned_amount": str(convention.en_contribution + 1), "planned_date": "2027-01-15"}
    response = client_for(delegate).post(url, data)
    assert response.status_code == 422
    summary = re.search(r"data-error-summary.*?</div>", response.text, re.S).group()
    assert 'href="#id_tranche_' in summary


def test_a_page_shown_without_a_refusal_has_no_summary(client_for, delegate, convention):
    response = client_for(delegate).get(convention.get_absolute_url())
    assert "data-error-summary" not in response.text
    assert not Page(response.text).title.strip().startswith(translated_error())


def test_the_convention_page_gives_every_field_its_own_id(client_for, delegate, convention):
    response = client_for(delegate).get(convention.get_absolute_url())
    assert response.status_code == 200
    ids = Page(response.text).ids
    assert ids["id_report_kind"] == 1  # the forms are there
    assert [id_ for id_, count in ids.items() if count > 1] == []


def test_the_convention_page_shown_again_keeps_its_ids_unique(client_for, delegate, convention):
    url = reverse("partnerships:convention_action", args=[convention.pk, "amendment"])
    response = client_for(delegate).post(url, {"signed_on": "", "summary": ""})
    assert response.status_code == 422
    ids = Page(response.text).ids
    assert [id_ for id_, count in ids.items() if count > 1] == []
