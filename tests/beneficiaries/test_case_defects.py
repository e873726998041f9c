"""Issue 16, cases: each test is the civil servant's step that failed.

Two people editing one case or one file at once; a case marked assessed with no assessment; a
0–4 scale nobody explained; a new case with no worker.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.text import capfirst

from beneficiaries import services
from beneficiaries.models import Assessment, Beneficiary, CaseFile
from beneficiaries.resources import CaseFileResource
from entraide.imports import read_dataset, run_import
from entraide.templatetags.portal import listing
from tests.factories import BeneficiaryFactory, CaseFileFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET = "Menacée par son frère SECRET-16"


def ar(text):
    """`text` as the pages of the default language (Arabic) show it, escaped as in HTML."""
    with translation.override("ar"):
        return escape(str(text))


def rows(response):
    """The differences a conflict page shows: field name -> (yours, saved now)."""
    return {
        row["name"]: (row["yours"], row["saved"])
        for row in response.context["conflict"]["differences"]
    }


@pytest.fixture
def colleague(db):
    """A social worker of the same delegation, not assigned to the case."""
    return UserFactory(username="t-colleague", first_name="Karim", last_name="Alaoui")


@pytest.fixture
def case(worker):
    return CaseFileFactory(worker=worker, protection_details=SECRET)


def case_data(case, **overrides):
    """The case form as the page shows it, with the user's changes."""
    data = {
        "channel": case.channel,
        "problems": case.problems,
        "risk": case.risk,
        "protection_details": case.protection_details,
        "version": case.version,
    }
    data.update(overrides)
    return data


def shown_again(form):
    """The data of a form shown again, as the browser sends it back (every value of a list)."""
    return dict(form.data.lists())


def edit_case(client, case, data):
    return client.post(reverse("beneficiaries:case_edit", args=[case.number]), data)


# 1. Two edits at once: the second is shown the first, and saves on top of it ----------------


def test_a_refused_case_edit_shows_the_saved_version_beside_mine_and_saves_when_sent_again(
    client_for, worker, delegate
):
    case = CaseFileFactory(worker=worker, protection_details="")
    delegate.first_name, delegate.last_name = "Nadia", "Bennani"
    delegate.save()
    shown = case_data(case)  # both open the case page

    assert edit_case(client_for(delegate), case, {**shown, "risk": "high"}).status_code == 302

    mine = {**shown, "channel": "hotline", "problems": ["violence", "poverty"]}
    client = client_for(worker)
    response = edit_case(client, case, mine)
    assert response.status_code == 409
    conflict = response.context["conflict"]
    assert conflict["by"] == delegate
    page = response.content.decode()
    assert "Nadia Bennani" in page
    # Only the fields that differ, mine beside the saved ones, as the page names them.
    with translation.override("ar"):
        violence, poverty = (str(CaseFile.Problem(p).label) for p in ("violence", "poverty"))
        assert rows(response) == {
            "channel": (str(CaseFile.Channel.HOTLINE.label), str(CaseFile.Channel.WALK_IN.label)),
            "problems": (listing([violence, poverty]), violence),
            "risk": (str(CaseFile.Risk.MEDIUM.label), str(CaseFile.Risk.HIGH.label)),
        }
    assert page.count('data-testid="difference"') == 3
    # My values are kept in the form, which now carries the saved version.
    form = response.context["case_form"]
    assert form.data["channel"] == "hotline"
    assert form.data.getlist("problems") == ["violence", "poverty"]
    case.refresh_from_db()
    assert int(form["version"].value()) == case.version
    assert f'name="version" value="{case.version}"' in page

    # I take the saved risk, keep my other changes, and save again: it is saved this time.
    again = {**shown_again(form), "risk": "high"}
    response = edit_case(client, case, again)
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.channel, case.problems, case.risk) == ("hotline", ["violence", "poverty"], "high")


def test_sending_the_refused_form_again_unchanged_saves_it(client_for, worker, delegate):
    case = CaseFileFactory(worker=worker)
    shown = case_data(case)
    edit_case(client_for(delegate), case, {**shown, "risk": "critical"})
    client = client_for(worker)
    refused = edit_case(client, case, {**shown, "channel": "outreach"})
    assert refused.status_code == 409
    assert edit_case(client, case, shown_again(refused.context["case_form"])).status_code == 302
    case.refresh_from_db()
    assert (case.channel, case.risk) == ("outreach", "medium")


def test_a_conflict_after_a_status_change_says_nothing_in_the_form_differs(
    client_for, worker, delegate
):
    case = CaseFileFactory(worker=worker)
    shown = case_data(case)
    client_for(delegate).post(
        reverse("beneficiaries:case_status", args=[case.number]),
        {"status": "closed", "reason": "moved", "version": case.version},
    )
    response = edit_case(client_for(worker), case, shown)
    assert response.status_code == 409
    assert response.context["conflict"]["differences"] == []
    assert (
        ar(
            translation.gettext_lazy(
                "It has the same values as yours in this form. Save again to keep them."
            )
        )
        in response.content.decode()
    )


def test_the_conflict_page_never_shows_protection_details_to_a_colleague(
    client_for, colleague, delegate, case
):
    shown = case_data(case)
    del shown["protection_details"]  # not in the colleague's form
    edit_case(
        client_for(delegate), case, {**shown, "risk": "high", "protection_details": "NEW " + SECRET}
    )
    response = edit_case(client_for(colleague), case, {**shown, "channel": "hotline"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "SECRET-16" not in page
    assert set(rows(response)) == {"channel", "risk"}


def test_a_worker_taken_off_the_case_meanwhile_is_not_shown_its_new_protection_details(
    client_for, worker, colleague, delegate, case
):
    shown = case_data(case)  # the worker, still assigned, reads the details
    edit_case(
        client_for(delegate),
        case,
        {**shown, "worker": colleague.pk, "protection_details": "Moved to a shelter SECRET-16B"},
    )
    response = edit_case(client_for(worker), case, {**shown, "protection_details": "Mine"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "SECRET-16" not in page
    assert "protection_details" not in response.context["case_form"].fields
    assert "protection_details" not in rows(response)


def person_data(person, **overrides):
    """The person form as the page shows it (no household members), with the changes."""
    data = {
        "first_name_ar": person.first_name_ar,
        "last_name_ar": person.last_name_ar,
        "first_name_lat": person.first_name_lat,
        "last_name_lat": person.last_name_lat,
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat(),
        "phone": person.phone,
        "address": person.address,
        "province": person.province_id,
        "delegation": person.delegation_id,
        "version": person.version,
        "household-TOTAL_FORMS": "0",
        "household-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_the_second_of_two_edits_of_a_person_is_refused_shown_and_saved_when_sent_again(
    client_for, worker, delegate
):
    person = BeneficiaryFactory(first_name_lat="Fatima", phone="0612345678", address="Hay Salam")
    url = reverse("beneficiaries:edit", args=[person.file_number])
    form_page = client_for(worker).get(url)
    assert f'name="version" value="{person.version}"' in form_page.content.decode()
    shown = person_data(person)

    assert client_for(delegate).post(url, {**shown, "phone": "0698765432"}).status_code == 302
    person.refresh_from_db()
    assert (person.phone, person.version) == ("0698765432", 2)

    client = client_for(worker)
    response = client.post(url, {**shown, "address": "Derb Sultan 12"})
    assert response.status_code == 409
    conflict = response.context["conflict"]
    assert conflict["by"] == delegate
    assert rows(response) == {
        "phone": ("0612345678", "0698765432"),
        "address": ("Derb Sultan 12", "Hay Salam"),
    }
    person.refresh_from_db()
    assert person.address == "Hay Salam"  # nothing of the refused edit was saved
    form = response.context["form"]
    assert form.data["address"] == "Derb Sultan 12"
    assert int(form["version"].value()) == person.version

    # I keep the new phone and my address, and save again.
    again = {**shown_again(form), "phone": "0698765432"}
    assert client.post(url, again).status_code == 302
    person.refresh_from_db()
    assert (person.phone, person.address, person.version) == ("0698765432", "Derb Sultan 12", 3)


def test_the_service_refuses_a_person_saved_on_a_version_gone(worker):
    from beneficiaries.forms import BeneficiaryForm

    person = BeneficiaryFactory()
    Beneficiary.objects.filter(pk=person.pk).update(version=5)
    data = person_data(person, address="Ailleurs")
    form = BeneficiaryForm(data, instance=Beneficiary.objects.get(pk=person.pk), user=worker)
    assert form.is_valid(), form.errors
    with pytest.raises(services.ConflictError):
        services.beneficiary_update(form=form, actor=worker, version=4)
    assert services.beneficiary_update(form=form, actor=worker, version=5).version == 6


# 2. "Assessed" only once an assessment is recorded, whatever the path --------------------------


def change_status(client, case, status):
    case.refresh_from_db()
    return client.post(
        reverse("beneficiaries:case_status", args=[case.number]),
        {"status": status, "version": case.version},
        follow=True,
    )


def test_a_case_cannot_be_marked_assessed_before_its_assessment(client_for, worker, case):
    client = client_for(worker)
    response = change_status(client, case, "assessed")
    case.refresh_from_db()
    assert case.status == "open"
    assert ar(services.ASSESSMENT_FIRST) in response.content.decode()

    client.post(
        reverse("beneficiaries:entry_add", args=[case.number, "assessment"]),
        {"assessment-date": timezone.localdate().isoformat(), "assessment-housing": "3"},
    )
    assert Assessment.objects.filter(case=case).exists()
    change_status(client, case, "assessed")
    case.refresh_from_db()
    assert case.status == "assessed"


def test_the_service_refuses_assessed_without_an_assessment(worker, case):
    with pytest.raises(ValidationError) as refused:
        services.case_change_status(
            case=case, version=case.version, status="assessed", actor=worker
        )
    assert refused.value.message_dict == {"status": [str(services.ASSESSMENT_FIRST)]}


@pytest.fixture
def staff_worker(db):
    return UserFactory(username="t-staff-worker", is_staff=True)


def admin_case_data(case, **overrides):
    data = {
        "beneficiary": case.beneficiary_id,
        "channel": case.channel,
        "problems": '["violence"]',
        "risk": case.risk,
        "worker": case.worker_id or "",
        "status": case.status,
        "closure_reason": "",
        "opened_on": case.opened_on.isoformat(),
        "closed_on": "",
        "_save": "Save",
    }
    data.update(overrides)
    return data


def test_the_admin_refuses_assessed_without_an_assessment(client_for, staff_worker):
    case = CaseFileFactory(worker=staff_worker)
    url = reverse("admin:beneficiaries_casefile_change", args=[case.pk])
    response = client_for(staff_worker).post(url, admin_case_data(case, status="assessed"))
    assert response.status_code == 200  # the form again, with the error
    assert ar(services.ASSESSMENT_FIRST) in response.content.decode()
    case.refresh_from_db()
    assert case.status == "open"


def test_an_import_of_an_assessed_case_without_assessment_is_refused(worker):
    person = BeneficiaryFactory()
    cases = (
        "file_number,channel,problems,risk,worker,opened_on,status,closure_reason,closed_on\n"
        f"{person.file_number},walk_in,violence,high,,2026-01-05,assessed,,\n"
    )
    with translation.override("en"):
        report = run_import(CaseFileResource(user=worker), read_dataset(cases.encode(), "c.csv"))
        [(line, reason)] = report.errors
        assert line == 2 and str(services.ASSESSMENT_FIRST) in reason
    assert not CaseFile.objects.exists()


# 3. The 0–4 scale is explained beside the scores -----------------------------------------------


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_assessment_form_explains_each_score(client_for, worker, case, language):
    page = client_for(worker).get(f"/{language}{case.get_absolute_url()[3:]}").content.decode()
    assert 'data-testid="assessment-scale"' in page
    for value, label in Assessment.Level.choices:
        with translation.override(language):
            assert f"<dt>{value}</dt><dd>{escape(capfirst(label))}</dd>" in page
    for area in Assessment.AREAS:
        [score] = re.findall(rf'<input[^>]* name="assessment-{area}"[^>]*>', page)
        for attribute in ('min="0"', 'max="4"', 'aria-describedby="assessment-scale"'):
            assert attribute in score, (area, attribute)


# 4. A new case is its creator's ------------------------------------------------------------------


def open_case(client, person, **data):
    return client.post(
        reverse("beneficiaries:case_open", args=[person.file_number]),
        {"channel": "walk_in", "risk": "low", "problems": ["poverty"], **data},
    )


def test_a_social_worker_who_opens_a_case_is_its_worker_and_keeps_it_through_their_edits(
    client_for, worker
):
    person = BeneficiaryFactory()
    client = client_for(worker)
    open_case(client, person)
    case = CaseFile.objects.get(beneficiary=person)
    assert case.worker == worker
    edit_case(client, case, case_data(case, risk="high", worker=""))
    case.refresh_from_db()
    assert (case.worker, case.risk) == (worker, "high")


def test_the_delegate_opening_a_case_is_offered_as_its_worker_and_may_choose_another(
    client_for, delegate, colleague
):
    person = BeneficiaryFactory()
    client = client_for(delegate)
    form = client.get(person.get_absolute_url()).context["case_form"]
    assert form["worker"].value() == delegate.pk
    open_case(client, person, worker=colleague.pk)
    assert CaseFile.objects.get(beneficiary=person).worker == colleague


def test_the_service_assigns_a_case_opened_by_a_social_worker_to_them(worker):
    case = services.case_open(
        beneficiary=BeneficiaryFactory(), channel="walk_in", problems=[], risk="low", actor=worker
    )
    assert case.worker == worker


def test_a_case_imported_by_a_social_worker_is_theirs_and_never_a_colleagues(worker, colleague):
    mine, other = BeneficiaryFactory(), BeneficiaryFactory()
    header = "file_number,channel,problems,risk,worker,opened_on,status,closure_reason,closed_on\n"
    text = header + f"{mine.file_number},walk_in,poverty,low,,2026-01-05,open,,\n"
    report = run_import(CaseFileResource(user=worker), read_dataset(text.encode(), "c.csv"))
    assert report.ok, report.errors
    assert CaseFile.objects.get(beneficiary=mine).worker == worker

    row = f"{other.file_number},walk_in,poverty,low,{colleague.username},2026-01-05,open,,\n"
    with translation.override("en"):
        report = run_import(
            CaseFileResource(user=worker), read_dataset((header + row).encode(), "c.csv")
        )
        [(line, reason)] = report.errors
    assert line == 2 and "assign a case to a social worker" in reason
    assert not CaseFile.objects.filter(beneficiary=other).exists()


def test_a_workers_edit_of_their_case_in_the_admin_leaves_the_assignment(
    client_for, staff_worker, colleague
):
    case = CaseFileFactory(worker=staff_worker)
    url = reverse("admin:beneficiaries_casefile_change", args=[case.pk])
    client = client_for(staff_worker)
    response = client.post(url, admin_case_data(case, worker="", risk="high"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.worker, case.risk) == (staff_worker, "high")
    client.post(url, admin_case_data(case, worker=colleague.pk))
    case.refresh_from_db()
    assert case.worker == staff_worker


def test_an_admin_save_of_a_case_refuses_a_portal_form_shown_before_it(client_for, staff_worker):
    case = CaseFileFactory(worker=staff_worker)
    shown = case_data(case)
    url = reverse("admin:beneficiaries_casefile_change", args=[case.pk])
    client = client_for(staff_worker)
    assert client.post(url, admin_case_data(case, risk="high")).status_code == 302
    assert edit_case(client, case, {**shown, "channel": "hotline"}).status_code == 409
