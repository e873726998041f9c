import pytest
from django.db import connection
from django.urls import reverse
from pghistory.models import Events

from entraide.audit import acting_as
from entraide.models import AccessEvent, User
from territory.models import OrgUnit, Region
from tests.factories import UserFactory, unit

pytestmark = pytest.mark.django_db


def test_a_bulk_create_is_recorded_with_the_acting_user(administrator):
    with acting_as(administrator):
        User.objects.bulk_create(
            [
                User(username=f"bulk{i}", role="social_worker", unit=unit("DP-MA-KHO"))
                for i in range(3)
            ]
        )
    created = Events.objects.filter(pgh_obj_model="entraide.User", pgh_label="insert")
    bulk = [e for e in created if e.pgh_data["username"].startswith("bulk")]
    assert len(bulk) == 3
    assert {e.pgh_context["user"] for e in bulk} == {administrator.pk}


def test_a_queryset_update_is_recorded_with_old_and_new_values(administrator):
    with acting_as(administrator):
        Region.objects.filter(code="MA-05").update(name_fr="Tadla-Azilal")
    event = Events.objects.filter(pgh_obj_model="territory.Region", pgh_label="update").latest(
        "pgh_created_at"
    )
    assert event.pgh_context["user"] == administrator.pk
    assert event.pgh_diff["name_fr"] == ["Béni Mellal-Khénifra", "Tadla-Azilal"]


def test_a_delete_keeps_the_deleted_values(administrator):
    team = OrgUnit.objects.get(code="EN-INSP-5")
    with acting_as(administrator):
        team.delete()
    event = Events.objects.get(pgh_obj_model="territory.OrgUnit", pgh_label="delete")
    assert event.pgh_data["code"] == "EN-INSP-5"


def test_a_change_through_a_page_records_the_user_and_address(client_for, worker):
    client = client_for(worker)
    client.post(reverse("profile"), {"language": "fr"}, REMOTE_ADDR="10.1.2.3")
    event = Events.objects.filter(pgh_obj_model="entraide.User", pgh_label="update").latest(
        "pgh_created_at"
    )
    assert event.pgh_context["user"] == worker.pk
    assert event.pgh_context["ip"] == "10.1.2.3"
    assert event.pgh_diff["language"] == ["ar", "fr"]


def test_passwords_are_not_copied_into_the_audit_trail(worker):
    worker.set_password("another long password")
    worker.save()
    for event in Events.objects.filter(pgh_obj_model="entraide.User"):
        assert "password" not in event.pgh_data


def test_sign_in_failed_sign_in_and_sign_out_are_recorded(client, worker):
    client.post(reverse("login"), {"username": worker.username, "password": "wrong"})
    client.post(
        reverse("login"), {"username": worker.username, "password": "correct horse battery"}
    )
    client.post(reverse("logout"))
    actions = list(
        AccessEvent.objects.filter(username=worker.username)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["login_failed", "login", "logout"]
    assert AccessEvent.objects.filter(action="login", actor=worker, ip_address="127.0.0.1").exists()


def test_access_events_cannot_be_changed_or_deleted(worker):
    from django.db import ProgrammingError, transaction

    event = AccessEvent.objects.create(action="view", actor=worker, username=worker.username)
    with pytest.raises(ProgrammingError), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).update(username="someone else")
    with pytest.raises(ProgrammingError), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).delete()


@pytest.mark.parametrize("role", ["administrator", "inspector"])
def test_administrators_and_inspectors_read_the_audit_trail(client_for, role, request, worker):
    user = request.getfixturevalue(role)
    with acting_as(user):
        Region.objects.filter(code="MA-01").update(name_fr="Tanger")
    client = client_for(user)
    response = client.get(reverse("audit"))
    assert response.status_code == 200
    assert "territory.Region" in response.text
    filtered = client.get(
        reverse("audit"), {"record_type": "territory.Region", "action": "update", "user": user.pk}
    )
    assert [e.pgh_obj_model for e in filtered.context["page"]] == ["territory.Region"]
    access = client.get(reverse("audit"), {"kind": "access", "action": "login"})
    assert all(e.action == "login" for e in access.context["page"])


@pytest.mark.parametrize("role", ["worker", "delegate", "central"])
def test_other_roles_cannot_read_the_audit_trail(client_for, role, request):
    response = client_for(request.getfixturevalue(role)).get(reverse("audit"))
    assert response.status_code == 403


def test_the_audit_page_is_read_only(client_for, inspector):
    response = client_for(inspector).post(reverse("audit"), {"kind": "changes"})
    assert response.status_code == 405


def test_raw_sql_changes_are_recorded_too(administrator):
    """The triggers live in the database, so no write path escapes them."""
    with acting_as(administrator), connection.cursor() as cursor:
        cursor.execute("UPDATE territory_region SET name_fr = 'Oriental' WHERE code = 'MA-02'")
    assert Events.objects.filter(
        pgh_obj_model="territory.Region", pgh_context__user=administrator.pk
    )


def test_users_created_by_the_factory_are_audited(db):
    UserFactory(username="audited-one")
    assert Events.objects.filter(pgh_obj_model="entraide.User", pgh_data__username="audited-one")


def test_a_delegation_user_given_the_audit_permission_still_cannot_read_it(client_for, delegate):
    from django.contrib.auth.models import Permission

    delegate.user_permissions.add(Permission.objects.get(codename="view_audit"))
    assert client_for(delegate).get(reverse("audit")).status_code == 403


@pytest.mark.django_db
def test_connections_define_pgtrigger_ignore_so_audited_writes_take_the_fast_path():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('pgtrigger.ignore')")
        assert cursor.fetchone()[0] == "{}"
