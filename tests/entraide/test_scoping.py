"""A person sees only what lies under their unit; out of scope looks exactly like missing."""

import pytest
from django.urls import reverse

from entraide.models import AccessEvent, User
from territory.models import OrgUnit

pytestmark = pytest.mark.django_db


def codes(queryset):
    return set(queryset.values_list("code", flat=True))


def test_a_delegation_user_sees_only_their_delegation(worker):
    assert codes(OrgUnit.objects.visible_to(worker)) == {"DP-MA-KHO"}


def test_a_coordinator_sees_the_regions_delegations(coordinator):
    visible = codes(OrgUnit.objects.visible_to(coordinator))
    assert visible == {"CR-MA-05", "DP-MA-BEM", "DP-MA-AZI", "DP-MA-FQH", "DP-MA-KHN", "DP-MA-KHO"}


def test_national_roles_see_the_whole_country(central, inspector, administrator):
    total = OrgUnit.objects.count()
    for user in (central, inspector, administrator):
        assert OrgUnit.objects.visible_to(user).count() == total


def test_users_are_scoped_by_their_unit(worker, worker_rabat, delegate):
    assert set(User.objects.visible_to(delegate)) == {worker, delegate}


def test_a_disabled_or_unassigned_user_sees_nothing(worker):
    worker.is_active = False
    assert not OrgUnit.objects.visible_to(worker).exists()
    nobody = User(username="nobody")
    assert not OrgUnit.objects.visible_to(nobody).exists()


def test_the_unit_list_shows_only_the_users_subtree(client_for, worker):
    response = client_for(worker).get(reverse("territory:tree"))
    assert response.status_code == 200
    assert [u.code for u in response.context["units"]] == ["DP-MA-KHO"]
    assert "Rabat" not in response.text


def test_a_worker_of_another_delegation_gets_404_on_a_unit_page(client_for, worker_rabat):
    client = client_for(worker_rabat)
    assert client.get(reverse("territory:unit", args=["DP-MA-KHO"])).status_code == 404
    missing = client.get(reverse("territory:unit", args=["NO-SUCH-UNIT"]))
    assert missing.status_code == 404
    assert client.get(reverse("territory:unit", args=["DP-MA-RAB"])).status_code == 200


def test_a_unit_page_lists_its_children_in_scope(client_for, coordinator):
    response = client_for(coordinator).get(reverse("territory:unit", args=["CR-MA-05"]))
    assert {c.code for c in response.context["children"]} == {
        "DP-MA-BEM",
        "DP-MA-AZI",
        "DP-MA-FQH",
        "DP-MA-KHN",
        "DP-MA-KHO",
    }
    # The ancestors outside the coordinator's scope are not shown.
    assert [a.code for a in response.context["ancestors"]] == []


def test_the_export_holds_only_the_users_subtree(client_for, worker_rabat):
    response = client_for(worker_rabat).get(reverse("territory:export"))
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert "DP-MA-RAB" in body
    assert "DP-MA-KHO" not in body
    assert len(body.strip().splitlines()) == 2


@pytest.fixture
def rabat_admin(db):
    """A staff member of the Rabat delegation with every permission but no national role."""
    from tests.factories import UserFactory

    user = UserFactory(username="t-rabat-staff", rabat=True, is_staff=True, role="delegate")
    from django.contrib.auth.models import Permission

    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["territory", "entraide"])
    )
    return user


def test_the_admin_changelist_and_change_page_are_scoped(client_for, rabat_admin):
    client = client_for(rabat_admin)
    changelist = client.get(reverse("admin:territory_orgunit_changelist"))
    assert changelist.status_code == 200
    shown = {u.code for u in changelist.context["cl"].result_list}
    assert shown == {"DP-MA-RAB"}
    khouribga = OrgUnit.objects.get(code="DP-MA-KHO")
    change = client.get(reverse("admin:territory_orgunit_change", args=[khouribga.pk]))
    assert change.status_code in (302, 404)  # the admin redirects a missing object to its index
    assert client.post(
        reverse("admin:territory_orgunit_change", args=[khouribga.pk]), {"name_fr": "x"}
    ).status_code in (302, 404)
    khouribga.refresh_from_db()
    assert khouribga.name_fr == "Délégation provinciale de Khouribga"


def test_the_admin_user_list_is_scoped(client_for, rabat_admin, worker):
    client = client_for(rabat_admin)
    response = client.get(reverse("admin:entraide_user_changelist"))
    assert worker not in response.context["cl"].result_list
    assert client.get(reverse("admin:entraide_user_change", args=[worker.pk])).status_code in (
        302,
        404,
    )


def test_the_admin_export_is_scoped(client_for, rabat_admin):
    client = client_for(rabat_admin)
    fields = ["code", "kind", "name_ar", "name_fr", "parent_code", "region_code", "is_active"]
    data = {"format": "0", "resource": "0", **{f"orgunitresource_{f}": "on" for f in fields}}
    response = client.post(reverse("admin:territory_orgunit_export"), data)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode("utf-8-sig")
    assert "DP-MA-RAB" in body
    assert "DP-MA-KHO" not in body
    assert AccessEvent.objects.filter(action="export", actor=rabat_admin).exists()
