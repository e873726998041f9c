import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from entraide.models import User
from entraide.roles import Role
from territory.models import OrgUnit

pytestmark = pytest.mark.django_db


def run(*args, **options):
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def test_sync_roles_makes_one_group_per_role_and_is_idempotent():
    run("sync_roles")
    first = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    output = run("sync_roles")
    again = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    assert first == again
    assert set(again) == set(Role.values)
    assert "view_audit" in again["inspector"]
    assert "view_audit" not in again["social_worker"]
    assert f"inspector: {len(again['inspector'])} permissions (updated)" in output
    assert "add_inspection" in again["inspector"]
    assert "pay_tranche" not in again["inspector"]


def test_a_role_grants_its_groups_permissions_without_membership(worker, inspector):
    assert not inspector.groups.exists()
    assert inspector.has_perm("entraide.view_audit")
    assert not worker.has_perm("entraide.view_audit")
    assert worker.has_perm("territory.view_orgunit")


def test_seed_demo_creates_the_demo_accounts_once():
    output = run("seed_demo")
    assert "demo accounts: 12 created" in output
    assert "demo centres: 27" in output
    run("seed_demo")
    assert User.objects.filter(username__in=["admin", "worker", "worker2"]).count() == 3
    worker = User.objects.get(username="worker")
    assert worker.unit.code == "DP-MA-KHO"
    assert worker.role == Role.SOCIAL_WORKER
    assert worker.check_password("demo")
    assert User.objects.get(username="coordinator").unit.code == "CR-MA-05"
    assert User.objects.get(username="worker2").unit.code == "DP-MA-RAB"
    assert User.objects.get(username="admin").is_superuser


def test_seed_demo_gives_the_demo_workers_people_with_cases_at_every_stage():
    from beneficiaries.models import Beneficiary, CaseFile, FollowUp, Referral, ServiceDelivery
    from demo.beneficiaries import PER_DELEGATION

    output = run("seed_demo")
    assert f"demo people: {2 * PER_DELEGATION}" in output
    worker, worker2 = User.objects.get(username="worker"), User.objects.get(username="worker2")
    people = Beneficiary.objects.filter(created_by__in=[worker, worker2])
    assert people.filter(delegation=worker.unit).count() == PER_DELEGATION
    assert people.filter(delegation=worker2.unit).count() == PER_DELEGATION
    # Names in both scripts, and file numbers from the delegation's counter.
    assert (
        not people.filter(first_name_ar="").exists()
        and not people.filter(last_name_lat="").exists()
    )
    assert people.filter(file_number__startswith="KHO-").count() == PER_DELEGATION
    cases = CaseFile.objects.filter(beneficiary__in=people)
    assert set(cases.values_list("status", flat=True)) == set(CaseFile.Status.values)
    assert cases.filter(worker=worker).count() == PER_DELEGATION
    # The worker's home page has follow-ups to show, some of them overdue.
    due = FollowUp.objects.filter(case__in=cases, done=False, next_date__isnull=False)
    assert due.filter(next_date__lt=timezone.localdate()).exists()
    assert ServiceDelivery.objects.filter(case__in=cases).exists()
    assert Referral.objects.filter(case__in=cases, centre__isnull=False).exists()
    # Written through the audit trail, in the name of the demo worker.
    event = Beneficiary.pgh_event_model.objects.filter(pgh_obj__in=people).first()
    assert event.pgh_context.metadata["user"] in (worker.pk, worker2.pk)
    # Run again: the people are kept, not doubled.
    assert f"demo people: {2 * PER_DELEGATION}" in run("seed_demo")
    assert Beneficiary.objects.count() == 2 * PER_DELEGATION


def test_seed_demo_is_refused_where_demo_data_is_not_allowed(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="not allowed"):
        run("seed_demo")
    assert not User.objects.filter(username="admin").exists()


def test_an_administrator_adds_a_division_in_the_admin(client_for, administrator):
    client = client_for(administrator)
    parent = OrgUnit.objects.get(code="EN-SDAS")
    response = client.post(
        reverse("admin:territory_orgunit_add"),
        {
            "code": "EN-SDAS-DPE",
            "kind": "division",
            "name_ar": "قسم حماية الطفولة",
            "name_fr": "Division de la protection de l'enfance",
            "is_active": "on",
            "treebeard_position": "sorted-child",
            "treebeard_ref_node": parent.pk,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    division = OrgUnit.objects.get(code="EN-SDAS-DPE")
    assert OrgUnit.objects.get_parent(division) == parent


@pytest.mark.parametrize(
    "name",
    [
        "territory_orgunit",
        "territory_region",
        "territory_province",
        "entraide_user",
    ],
)
def test_the_admin_pages_open_for_an_administrator(client_for, administrator, name):
    client = client_for(administrator)
    assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{name}_add")).status_code == 200
