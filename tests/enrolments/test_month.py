"""A centre's month computed from its register: the figures (people served by sex, age band and
target group, entries, exits, sessions held), corrected with a reason kept, submitted, then
validated on the centre's activity page by the delegation, as any other month."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pghistory.models import Events

from centres.models import MonthlyActivity, TargetGroup
from enrolments import activity
from enrolments.models import Attendance, Enrolment, MonthCorrection, RollCall
from entraide.roles import Role
from tests.factories import (
    BeneficiaryFactory,
    CentreFactory,
    EnrolmentFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.timedelta


def last_month():
    return (timezone.localdate().replace(day=1) - D(days=1)).replace(day=1)


MONTH = last_month()


def day(n):
    """The month's n-th day."""
    return MONTH + D(days=n - 1)


@pytest.fixture
def groups():
    return TargetGroup.objects.get(code="women"), TargetGroup.objects.get(code="children")


@pytest.fixture
def centre(groups):
    centre = CentreFactory(code="C-REG", capacity=100)
    centre.target_groups.set(groups)
    return centre


@pytest.fixture
def manager(centre):
    user = UserFactory(username="t-register-manager", role=Role.CENTRE_MANAGER)
    centre.managers.add(user)
    return user


def section(centre, name):
    # A season around the month (the factory's is today's, which last month may precede).
    return SectionFactory(
        centre=centre, name=name, starts_on=MONTH - D(days=60), ends_on=MONTH + D(days=300)
    )


def placed(section, person, admitted_on, **fields):
    status = Enrolment.Status.LEFT if fields.get("left_on") else Enrolment.Status.ACTIVE
    if status == Enrolment.Status.LEFT:
        fields.setdefault("outcome", Enrolment.Outcome.COMPLETED)
    return EnrolmentFactory(
        section=section, person=person, status=status, admitted_on=admitted_on, **fields
    )


def roll(section, on, present=(), absent=()):
    call = RollCall.objects.create(
        section=section, day=on, taken_by=UserFactory(username=f"t-roll-{section.pk}-{on}")
    )
    for enrolment in present:
        Attendance.objects.create(roll_call=call, enrolment=enrolment, present=True)
    for enrolment in absent:
        Attendance.objects.create(roll_call=call, enrolment=enrolment, present=False)
    return call


@pytest.fixture
def register(centre, groups):
    """The month of a small register, with what counts beside what does not."""
    women, children = groups
    sewing, cooking, computing = (
        section(centre, "Couture"),
        section(centre, "Cuisine"),
        section(centre, "Informatique"),
    )
    before = MONTH - D(days=20)
    person = BeneficiaryFactory
    # Sewing called no roll this month: everyone placed counts.
    amina = person(sex="F", birth_date=datetime.date(1990, 3, 1))
    first = placed(sewing, amina, before, target_group=women)
    youssef = person(sex="M", birth_date=None, birth_year=MONTH.year - 10)
    placed(sewing, youssef, day(5), target_group=children)  # a new entry
    # Five on the month's first day, six a few days later: under 6.
    little = person(sex="F", birth_date=(MONTH + D(days=3)).replace(year=MONTH.year - 6))
    placed(sewing, little, before, left_on=day(10))  # an exit, under no target group
    # Cooking called the roll on the 2nd and the 3rd: only those present at least once count.
    absent = placed(cooking, person(sex="M", birth_date=datetime.date(1950, 1, 1)), before)
    salma = person(sex="F", birth_date=datetime.date(1985, 6, 1))
    present = placed(cooking, salma, before, target_group=women)
    # Amina in a second section: one person, in the group of her first admission.
    second = placed(cooking, amina, before, target_group=children)
    # Admitted after the roll-calls: none was called while she held the place.
    late = placed(cooking, person(sex="M", birth_date=None), day(12))
    roll(cooking, day(2), present=[second], absent=[absent, present])
    roll(cooking, day(3), present=[present], absent=[absent, second])
    roll(cooking, before, present=[absent])  # last month's roll-call counts for nothing
    # Computing called the roll on the 2nd too: still two days with sessions.
    roll(computing, day(2))
    # Not served this month: gone before it, admitted after it, still waiting, elsewhere.
    placed(sewing, person(), before - D(days=10), left_on=before)
    placed(sewing, person(), MONTH.replace(day=28) + D(days=5))
    EnrolmentFactory(section=sewing)
    other = section(CentreFactory(code="C-OTHER-REG"), "Couture")
    placed(other, person(), before)
    return {"first": first, "late": late}


# The computation -------------------------------------------------------------------------------


def test_the_month_is_computed_from_the_register_and_the_roll_calls(centre, groups, register):
    women, children = groups
    month = activity.compute(centre, MONTH)
    assert month.people_served == 5
    assert month.new_entries == 2  # Youssef on the 5th, the late one on the 12th
    assert month.exits == 1
    assert month.sessions_held == 2  # the 2nd (two sections) and the 3rd
    assert month.cells == {
        (women.pk, "F", "18-59"): 2,  # Amina once, and Salma
        (children.pk, "M", "6-17"): 1,  # from his year of birth
        (None, "F", "0-5"): 1,
        (None, "M", ""): 1,  # no date nor year of birth
        # The man absent at both roll-calls is not served.
    }
    assert month.counted() == month.people_served


def test_the_computation_is_a_handful_of_queries_whatever_the_size(
    centre, register, django_assert_num_queries
):
    with django_assert_num_queries(3):
        activity.compute(centre, MONTH)


def test_a_centre_has_a_register_in_the_months_its_sections_run(centre):
    assert not activity.has_register(centre, MONTH)
    SectionFactory(
        centre=centre, starts_on=MONTH - D(days=400), ends_on=MONTH - D(days=100), name="Ancienne"
    )
    assert not activity.has_register(centre, MONTH)
    section(centre, "Couture")
    assert activity.has_register(centre, MONTH)


# The page --------------------------------------------------------------------------------------


def url(centre, month=MONTH):
    return reverse("enrolments:month", args=[centre.code, month.year, month.month])


def activity_url(centre, month=MONTH, action=""):
    base = reverse("centres:activity", args=[centre.code, month.year, month.month])
    return base + (f"{action}/" if action else "")


def posted(response, **changes):
    """What the page posts back untouched, with `changes` typed over it."""
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        data[name] = "" if value is None else value
        if field.show_hidden_initial:
            data[form.add_initial_prefix(name)] = data[name]
    data.update(changes)
    return data


def test_the_manager_finds_the_figures_computed_and_saves_them(
    client_for, centre, manager, groups, register
):
    women, _children = groups
    client = client_for(manager)
    page = client.get(url(centre))
    assert page.status_code == 200
    form = page.context["form"]
    assert form["people_served"].value() == 5
    assert form["sessions_held"].value() == 2
    assert form[f"c_{women.pk}_F_18-59"].value() == 2
    response = client.post(url(centre), {**posted(page), "save": ""})
    assert response.status_code == 302
    month = MonthlyActivity.objects.get(centre=centre, month=MONTH)
    assert month.status == MonthlyActivity.Status.DRAFT
    assert (month.people_served, month.new_entries, month.exits, month.sessions_held) == (
        5,
        2,
        1,
        2,
    )
    lines = {
        (line.target_group_id, line.sex, line.age_band): line.people
        for line in month.group_lines.all()
    }
    assert lines == activity.compute(centre, MONTH).cells
    assert not MonthCorrection.objects.exists()  # nothing changed, nothing corrected


def test_a_correction_needs_a_reason_and_is_kept_with_it(
    client_for, centre, manager, groups, register
):
    women, _children = groups
    client = client_for(manager)
    page = client.get(url(centre))
    cell = f"c_{women.pk}_F_18-59"
    changes = {"people_served": 8, cell: 4, "save": ""}
    refused = client.post(url(centre), posted(page, **changes))
    assert refused.status_code == 400
    assert "reason" in refused.context["form"].errors
    assert not MonthlyActivity.objects.filter(centre=centre).exists()

    reason = "Deux femmes venues sans inscription"
    response = client.post(url(centre), posted(page, reason=reason, **changes))
    assert response.status_code == 302
    month = MonthlyActivity.objects.get(centre=centre, month=MONTH)
    assert month.people_served == 8
    assert month.group_lines.get(target_group=women, sex="F", age_band="18-59").people == 4
    kept = {c.figure: c for c in MonthCorrection.objects.filter(activity=month)}
    assert set(kept) == {"people_served", "cell"}
    assert (kept["people_served"].computed, kept["people_served"].corrected) == (5, 8)
    cell_correction = kept["cell"]
    assert (cell_correction.target_group, cell_correction.sex, cell_correction.age_band) == (
        women,
        "F",
        "18-59",
    )
    assert (cell_correction.computed, cell_correction.corrected) == (2, 4)
    for correction in kept.values():
        assert correction.reason == reason and correction.by == manager and correction.at
    # Audited: who corrected what, in the trail.
    event = Events.objects.tracks(kept["people_served"]).get(pgh_label="insert")
    assert event.pgh_context["user"] == manager.pk

    # The correction stands: the page shows it, beside the register's count and in the list.
    again = client.get(url(centre))
    assert again.context["form"]["people_served"].value() == 8
    assert reason in again.content.decode()
    # Saved again untouched: no new correction.
    client.post(url(centre), {**posted(again), "save": ""})
    assert MonthCorrection.objects.count() == 2


def test_a_correction_back_to_the_computed_value_lets_the_register_count_again(
    client_for, centre, manager, register
):
    client = client_for(manager)
    page = client.get(url(centre))
    client.post(url(centre), posted(page, people_served=9, reason="Erreur", save=""))
    page = client.get(url(centre))
    client.post(url(centre), posted(page, people_served=5, reason="Finalement juste", save=""))
    # The register moves: someone else is placed this month.
    placed(section(centre, "Jardinage"), BeneficiaryFactory(), day(1))
    assert client.get(url(centre)).context["form"]["people_served"].value() == 6
    assert MonthCorrection.objects.count() == 2


def test_figures_that_do_not_add_up_are_refused(client_for, centre, manager, register):
    client = client_for(manager)
    page = client.get(url(centre))
    response = client.post(url(centre), posted(page, exits=9, reason="Départs", save=""))
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert not MonthlyActivity.objects.filter(centre=centre).exists()
    assert not MonthCorrection.objects.exists()


def test_submitted_then_validated_by_the_delegation_on_the_centres_page(
    client_for, centre, manager, delegate, register
):
    client = client_for(manager)
    page = client.get(url(centre))
    assert client.post(url(centre), {**posted(page), "submit": ""}).status_code == 302
    month = MonthlyActivity.objects.get(centre=centre, month=MONTH)
    assert month.status == MonthlyActivity.Status.SUBMITTED and month.submitted_by == manager

    delegate_client = client_for(delegate)
    shown = delegate_client.get(activity_url(centre))
    assert shown.status_code == 200
    assert shown.context["computed_at"] == url(centre)
    body = shown.content.decode()
    assert 'data-testid="activity-group-lines"' in body
    assert 'data-testid="activity-form"' not in body  # no typed grid for a computed month
    assert 'data-testid="validate-month"' in body
    response = delegate_client.post(activity_url(centre, action="validate"))
    assert response.status_code == 302
    month.refresh_from_db()
    assert month.status == MonthlyActivity.Status.VALIDATED and month.validated_by == delegate


def test_a_validated_month_is_locked(client_for, centre, manager, delegate, register):
    client = client_for(manager)
    page = client.get(url(centre))
    client.post(url(centre), {**posted(page), "submit": ""})
    client_for(delegate).post(activity_url(centre, action="validate"))
    client = client_for(manager)
    locked = client.get(url(centre))
    assert locked.status_code == 200 and locked.context["can_enter"] is False
    assert 'data-testid="submit-month"' not in locked.content.decode()
    data = posted(locked, people_served=7, reason="Oubli")
    assert client.post(url(centre), {**data, "save": ""}).status_code == 403
    month = MonthlyActivity.objects.get(centre=centre, month=MONTH)
    with pytest.raises(ValidationError):
        activity.month_save(
            centre=centre,
            activity=month,
            changes={"people_served": 7},
            reason="Oubli",
            over_capacity_note="",
            actor=manager,
        )
    month.refresh_from_db()
    assert month.people_served == 5 and not MonthCorrection.objects.exists()


def test_the_centres_page_of_a_centre_with_a_register_points_to_the_month(
    client_for, centre, manager, register
):
    client = client_for(manager)
    page = client.get(activity_url(centre))
    assert page.status_code == 200
    assert page.context["computed_at"] == url(centre) and page.context["can_enter_computed"]
    assert f'href="{url(centre)}"' in page.content.decode()
    # The typed grid cannot overwrite the computed month.
    assert client.post(activity_url(centre), {"people_served": 3, "submit": ""}).status_code == 403


def test_a_centre_without_a_register_keeps_its_typed_page(client_for, manager):
    plain = CentreFactory(code="C-PLAIN")
    plain.managers.add(manager)
    client = client_for(manager)
    response = client.get(url(plain))
    assert response.status_code == 302 and response["Location"] == activity_url(plain)
    page = client.get(activity_url(plain))
    assert page.context["computed_at"] is None and page.context["can_enter"] is True
    assert 'data-testid="activity-form"' in page.content.decode()


def test_another_delegation_gets_a_404(client_for, centre, register):
    rabat_delegate = UserFactory(username="t-rabat-delegate", delegate=True, rabat=True)
    assert client_for(rabat_delegate).get(url(centre)).status_code == 404
    assert client_for(rabat_delegate).post(url(centre), {"save": ""}).status_code == 404


def test_a_manager_of_another_centre_reads_the_month_but_cannot_enter_it(
    client_for, centre, register
):
    other = UserFactory(username="t-other-register-manager", role=Role.CENTRE_MANAGER)
    CentreFactory(code="C-OTHER-MGR").managers.add(other)
    client = client_for(other)
    page = client.get(url(centre))
    assert page.status_code == 200 and page.context["can_enter"] is False
    assert client.post(url(centre), {**posted(page), "save": ""}).status_code == 403


def test_a_social_worker_reads_the_month_but_cannot_enter_it(client_for, worker, centre, register):
    client = client_for(worker)
    page = client.get(url(centre))
    assert page.status_code == 200 and page.context["can_enter"] is False
    assert client.post(url(centre), {**posted(page), "save": ""}).status_code == 403


def test_a_month_to_come_is_a_404(client_for, centre, manager):
    future = (timezone.localdate().replace(day=1) + D(days=40)).replace(day=1)
    assert client_for(manager).get(url(centre, future)).status_code == 404


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_page_renders_in_both_languages(client_for, centre, manager, register, language):
    from django.utils import translation

    with translation.override(language):
        address = url(centre)
    response = client_for(manager).get(address)
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.text
