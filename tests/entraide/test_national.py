"""The national data set's second part (activity, partnerships, competitions), at a small
scale: believable, within every rule the database enforces, and the same for the same seed."""

import pytest
from django.db import connection, transaction
from django.db.models import F, Sum

from centres.models import MonthlyActivity
from demo.national import extras
from partnerships.models import Association, Convention
from recruitment.models import Application, Competition
from tests.factories import CentreFactory, MonthlyActivityFactory

pytestmark = pytest.mark.django_db


def build(monkeypatch, seed=7):
    monkeypatch.setattr(extras, "ASSOCIATIONS", 40)
    monkeypatch.setattr(extras, "APPLICATIONS", 400)
    with transaction.atomic():
        extras.build_extras(log=lambda _line: None, seed=seed)


def test_the_rest_of_the_country_is_believable_and_within_the_rules(monkeypatch, delegate):
    CentreFactory.create_batch(3)
    build(monkeypatch)
    assert Association.objects.count() == 40
    assert Convention.objects.count() == 32  # four in five associations
    # The budget rule the trigger enforces on every other path holds here too.
    assert (
        not Convention.objects.annotate(planned=Sum("tranches__planned_amount"))
        .filter(planned__gt=F("en_contribution"))
        .exists()
    )
    assert MonthlyActivity.objects.filter(status="validated").count() >= 3 * 11
    assert Application.objects.count() == 400
    published = Competition.objects.get(reference="N-CONC-ADM")
    assert published.status == "results"
    assert published.applications.filter(result="admitted").exists()
    with connection.cursor() as cursor:  # the names agree in both scripts
        cursor.execute(
            "SELECT count(*) FROM recruitment_application WHERE first_name_ar = '' "
            "OR first_name_lat = ''"
        )
        assert cursor.fetchone()[0] == 0


def test_the_same_seed_gives_the_same_country(monkeypatch, delegate):
    def country():
        with transaction.atomic():
            build(monkeypatch, seed=11)
            made = list(
                Association.objects.order_by("registration_number").values_list(
                    "name_fr", "bank_account"
                )
            )
            transaction.set_rollback(True)
        return made

    first = country()
    assert len(first) == 40
    assert country() == first


def test_centres_that_have_months_keep_them_and_the_others_get_a_year(monkeypatch, delegate):
    # The small demo's centres have their year already: the national set leaves them be.
    demo_month = MonthlyActivityFactory(people_served=30)
    other = CentreFactory()
    build(monkeypatch)
    assert list(demo_month.centre.activities.all()) == [demo_month]
    assert other.activities.count() in (11, 12)  # last month unsent for one in ten


def test_a_centres_months_depend_on_the_seed_and_its_code_only(monkeypatch, delegate):
    def months_of(code, *, others):
        with transaction.atomic():
            CentreFactory(code=code)
            CentreFactory.create_batch(others)
            build(monkeypatch, seed=5)
            made = list(
                MonthlyActivity.objects.filter(centre__code=code)
                .order_by("month")
                .values_list("month", "status", "people_served", "sessions_held")
            )
            transaction.set_rollback(True)
        return made

    alone = months_of("C-T-SEED", others=0)
    assert len(alone) >= 11
    assert months_of("C-T-SEED", others=3) == alone
