"""The register in the admin: scoped lists, imports and exports through the Resources (all or
nothing, a section never overbooked), places taken read-only, enrolments never deleted nor
changed but for their note, roll-calls and the changes of waiting lists only shown."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone, translation

from enrolments import services
from enrolments.models import Enrolment, Section, WaitingListChange
from entraide.models import AccessEvent
from entraide.roles import Role
from tests.factories import (
    BeneficiaryFactory,
    CentreFactory,
    EnrolmentFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def staff(username, **kwargs):
    return UserFactory(username=username, is_staff=True, **kwargs)


@pytest.fixture
def kho_delegate():
    return staff("t-adm-delegate", delegate=True)


@pytest.fixture
def rabat_delegate():
    return staff("t-adm-delegate-rab", delegate=True, rabat=True)


@pytest.fixture
def sewing():
    return SectionFactory(centre=CentreFactory(code="C-ADM-KHO"), name="Couture", places=2)


def admin_url(name, *args):
    with translation.override(None):
        return reverse(f"admin:enrolments_{name}", args=args)


def upload(text, name="list.csv"):
    handle = io.BytesIO(text.encode("utf-8-sig"))
    handle.name = name
    return handle


def admitted(section, **kwargs):
    return EnrolmentFactory(
        section=section,
        status=Enrolment.Status.ADMITTED,
        admitted_on=timezone.localdate(),
        **kwargs,
    )


def test_a_delegate_lists_only_the_sections_of_their_delegation(client_for, rabat_delegate, sewing):
    rabat = SectionFactory(centre=CentreFactory(code="C-ADM-RAB", rabat=True), name="Cuisine")
    client = client_for(rabat_delegate)
    response = client.get(admin_url("section_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [rabat]
    assert client.get(admin_url("section_change", sewing.pk)).status_code == 404
    response = client.get(admin_url("enrolment_changelist"))
    assert response.status_code == 200
    admitted(sewing)
    assert not list(client.get(admin_url("enrolment_changelist")).context["cl"].result_list)


def test_the_places_taken_are_shown_never_edited(client_for, kho_delegate, sewing):
    admitted(sewing)
    response = client_for(kho_delegate).get(admin_url("section_change", sewing.pk))
    assert response.status_code == 200
    assert "taken" not in response.context["adminform"].form.fields
    assert "places" in response.context["adminform"].form.fields


def test_a_section_saved_in_the_admin_keeps_its_places_above_those_taken(
    client_for, kho_delegate, sewing
):
    admitted(sewing), admitted(sewing)
    data = {
        "centre": sewing.centre.pk,
        "name": sewing.name,
        "kind": sewing.kind,
        "starts_on": sewing.starts_on.isoformat(),
        "ends_on": sewing.ends_on.isoformat(),
        "places": 1,
        "absences_before_alert": 3,
        "delivers_certificate": "on",
    }
    response = client_for(kho_delegate).post(admin_url("section_change", sewing.pk), data)
    assert response.status_code == 200  # shown again with its error
    assert response.context["adminform"].form.errors
    sewing.refresh_from_db()
    assert (sewing.places, sewing.taken) == (2, 2)
    response = client_for(kho_delegate).post(
        admin_url("section_change", sewing.pk), {**data, "places": 5}
    )
    assert response.status_code == 302
    sewing.refresh_from_db()
    assert sewing.places == 5


def test_an_admin_import_that_overbooks_a_section_is_refused_and_writes_nothing(
    client_for, kho_delegate, sewing
):
    admitted(sewing)
    people = [BeneficiaryFactory() for _n in range(2)]
    text = "centre_code,section,file_number,status\n" + "".join(
        f"C-ADM-KHO,Couture,{person.file_number},admitted\n" for person in people
    )
    response = client_for(kho_delegate).post(
        admin_url("enrolment_import"),
        {"import_file": upload(text), "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    reasons = response.context["result"].reasons()
    assert len(reasons) == 1
    line, column, reason = reasons[0]
    assert (line, column) == (None, None)
    assert "Couture" in reason and "3" in reason  # the line that does not fit
    sewing.refresh_from_db()
    assert sewing.taken == 1
    assert sewing.enrolments.count() == 1


def test_an_admin_import_that_fits_places_people_after_its_preview(
    client_for, kho_delegate, sewing
):
    person = BeneficiaryFactory()
    text = f"centre_code,section,file_number,status\nC-ADM-KHO,Couture,{person.file_number},\n"
    client = client_for(kho_delegate)
    preview = client.post(
        admin_url("enrolment_import"),
        {"import_file": upload(text), "format": "0", "resource": "0"},
    )
    assert preview.status_code == 200
    assert not sewing.enrolments.exists()  # a preview writes nothing
    confirm = preview.context["confirm_form"].initial
    response = client.post(admin_url("enrolment_process_import"), confirm)
    assert response.status_code == 302
    enrolment = sewing.enrolments.get()
    assert (enrolment.person, enrolment.status) == (person, Enrolment.Status.WAITING)
    assert WaitingListChange.objects.get(enrolment=enrolment).by == kho_delegate


def test_an_admin_import_of_sections_takes_the_current_season_when_no_dates_are_given(
    client_for, kho_delegate, rabat_delegate
):
    CentreFactory(code="C-ADM-SEC")
    text = (
        "centre_code,name,kind,places,priority_groups,delivers_certificate\n"
        "C-ADM-SEC,Informatique,TRAINING,12,women,oui\n"
    )
    # Not a centre of Rabat's delegation: as if it did not exist.
    refused = client_for(rabat_delegate).post(
        admin_url("section_import"), {"import_file": upload(text), "format": "0", "resource": "0"}
    )
    ((line, _column, reason),) = refused.context["result"].reasons()
    assert line == 2 and "C-ADM-SEC" in reason
    preview = client_for(kho_delegate).post(
        admin_url("section_import"), {"import_file": upload(text), "format": "0", "resource": "0"}
    )
    assert not preview.context["result"].reasons()
    response = client_for(kho_delegate).post(
        admin_url("section_process_import"), preview.context["confirm_form"].initial
    )
    assert response.status_code == 302
    section = Section.objects.get(centre__code="C-ADM-SEC")
    assert (section.kind, section.places, section.delivers_certificate) == ("training", 12, True)
    assert section.starts_on.month == 9 and section.ends_on.month == 8
    assert [g.code for g in section.priority_groups.all()] == ["women"]
    assert section.absences_before_alert == 3


def test_a_centre_manager_imports_sections_of_their_centres_only(client_for):
    manager = staff("t-adm-manager", role=Role.CENTRE_MANAGER)
    CentreFactory(code="C-ADM-MINE").managers.add(manager)
    CentreFactory(code="C-ADM-THEIRS")
    text = (
        "centre_code,name,kind,places\n"
        "C-ADM-MINE,Couture,training,8\n"
        "C-ADM-THEIRS,Couture,training,8\n"
    )
    response = client_for(manager).post(
        admin_url("section_import"), {"import_file": upload(text), "format": "0", "resource": "0"}
    )
    assert [(line, column) for line, column, _r in response.context["result"].reasons()] == [
        (3, "centre_code")
    ]
    assert not Section.objects.exists()


def test_enrolments_are_never_deleted_and_only_their_note_changes(client_for, kho_delegate, sewing):
    enrolment = admitted(sewing)
    client = client_for(kho_delegate)
    assert client.get(admin_url("enrolment_delete", enrolment.pk)).status_code == 403
    changelist = client.get(admin_url("enrolment_changelist"))
    actions = changelist.context["action_form"]
    assert actions is None or "delete_selected" not in dict(actions.fields["action"].choices)
    form = client.get(admin_url("enrolment_change", enrolment.pk)).context["adminform"].form
    assert list(form.fields) == ["note"]


def test_the_enrolment_list_finds_a_person_by_file_number_in_a_constant_number_of_queries(
    client_for, kho_delegate, sewing, django_assert_max_num_queries
):
    people = [admitted(sewing) for _n in range(2)]
    client = client_for(kho_delegate)
    url = admin_url("enrolment_changelist")
    response = client.get(url, {"q": people[1].person.file_number})
    assert list(response.context["cl"].result_list) == [people[1]]
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for _n in range(5):
        EnrolmentFactory(section=sewing)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_export_of_enrolments_is_scoped_and_recorded(client_for, rabat_delegate, sewing):
    admitted(sewing)
    rabat = SectionFactory(centre=CentreFactory(code="C-ADM-RAB2", rabat=True), name="Cuisine")
    mine = EnrolmentFactory(section=rabat)
    data = {
        "format": "0",
        "resource": "0",
        "enrolmentresource_file_number": "on",
        "enrolmentresource_section": "on",
    }
    response = client_for(rabat_delegate).post(admin_url("enrolment_export"), data)
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert mine.person.file_number in body and "Couture" not in body
    assert AccessEvent.objects.filter(actor=rabat_delegate, action="export").exists()


def test_a_roll_call_shows_its_marks_read_only(client_for, kho_delegate, sewing):
    present, absent = admitted(sewing), admitted(sewing)
    roll_call = services.roll_call_save(
        section=sewing, day=timezone.localdate(), present=[present.pk], actor=kho_delegate
    )
    client = client_for(kho_delegate)
    changelist = client.get(admin_url("rollcall_changelist"))
    row = changelist.context["cl"].result_list[0]
    assert (row.marked_present, row.marked) == (1, 2)
    response = client.get(admin_url("rollcall_change", roll_call.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert present.person.file_number in body and absent.person.file_number in body
    assert not response.context["has_change_permission"]
    assert client.get(admin_url("rollcall_add")).status_code == 403


def test_the_changes_of_waiting_lists_are_shown_within_scope_only(
    client_for, kho_delegate, rabat_delegate, sewing
):
    services.wait(section=sewing, person=BeneficiaryFactory(), actor=kho_delegate)
    permission = Permission.objects.get(codename="view_waitinglistchange")
    for user in (kho_delegate, rabat_delegate):
        user.user_permissions.add(permission)
    mine = client_for(kho_delegate).get(admin_url("waitinglistchange_changelist"))
    assert len(mine.context["cl"].result_list) == 1
    change = mine.context["cl"].result_list[0]
    theirs = client_for(rabat_delegate).get(admin_url("waitinglistchange_changelist"))
    assert not list(theirs.context["cl"].result_list)
    assert (
        client_for(rabat_delegate).get(admin_url("waitinglistchange_change", change.pk)).status_code
        == 404
    )
    kho = client_for(kho_delegate)
    assert kho.get(admin_url("waitinglistchange_change", change.pk)).status_code == 200
    assert kho.get(admin_url("waitinglistchange_delete", change.pk)).status_code == 403


@pytest.mark.parametrize("model", ["section", "enrolment", "rollcall", "waitinglistchange"])
def test_every_admin_page_of_the_register_opens_for_the_administrator(
    client_for, administrator, kho_delegate, sewing, model
):
    enrolment = services.wait(section=sewing, person=BeneficiaryFactory(), actor=kho_delegate)
    roll_call = services.roll_call_save(
        section=sewing, day=timezone.localdate(), present=[], actor=kho_delegate
    )
    record = {
        "section": sewing,
        "enrolment": enrolment,
        "rollcall": roll_call,
        "waitinglistchange": enrolment.list_changes.get(),
    }[model]
    client = client_for(administrator)
    assert client.get(admin_url(f"{model}_changelist")).status_code == 200
    assert client.get(admin_url(f"{model}_change", record.pk)).status_code == 200
    if model in ("section", "enrolment"):
        assert client.get(admin_url(f"{model}_import")).status_code == 200
        assert client.get(admin_url(f"{model}_export")).status_code == 200


def test_a_person_added_in_the_admin_is_placed_on_the_waiting_list_by_the_service(
    client_for, kho_delegate, sewing
):
    person = BeneficiaryFactory()
    client = client_for(kho_delegate)
    data = {
        "section": sewing.pk,
        "file_number": person.file_number.lower(),
        "vulnerability": 1,
        "requested_on": timezone.localdate().isoformat(),
        "note": "",
    }
    assert client.get(admin_url("enrolment_add")).status_code == 200
    assert client.post(admin_url("enrolment_add"), data).status_code == 302
    enrolment = sewing.enrolments.get()
    assert (enrolment.person, enrolment.status, enrolment.vulnerability) == (person, "waiting", 1)
    assert WaitingListChange.objects.get(enrolment=enrolment).by == kho_delegate
    # Twice, or a file out of scope: refused on the form.
    again = client.post(admin_url("enrolment_add"), data)
    assert again.status_code == 200 and again.context["adminform"].form.errors["file_number"]
    rabat = BeneficiaryFactory(rabat=True)
    refused = client.post(admin_url("enrolment_add"), {**data, "file_number": rabat.file_number})
    assert refused.context["adminform"].form.errors["file_number"]
    assert sewing.enrolments.count() == 1


def test_a_social_worker_neither_adds_nor_imports_in_the_admin(client_for, sewing):
    worker = staff("t-adm-worker")
    client = client_for(worker)
    assert client.get(admin_url("enrolment_changelist")).status_code == 200
    assert client.get(admin_url("enrolment_add")).status_code == 403
    assert client.get(admin_url("enrolment_import")).status_code == 403
