"""The money rules of a convention: the budget, the tranches, the reports that hold them back,
amendments, all enforced where no path can get round them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from partnerships import services
from partnerships.models import Amendment, Convention, OwedReport, Tranche
from tests.factories import ConventionFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def plan(convention, amount, actor, days=10, **extra):
    return services.tranche_save(
        tranche=Tranche(
            convention=convention,
            planned_amount=Decimal(amount),
            planned_date=TODAY + datetime.timedelta(days=days),
            **extra,
        ),
        actor=actor,
    )


def pay(tranche, actor, amount=None, reason=""):
    return services.tranche_pay(
        tranche=tranche,
        amount=Decimal(amount) if amount else tranche.planned_amount,
        paid_on=TODAY,
        reference="OV-2026-0042",
        actor=actor,
        override_reason=reason,
    )


@pytest.fixture(autouse=True)
def english_messages():
    """The messages as written in the code, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def convention(db):
    return ConventionFactory(in_force=True, en_contribution=Decimal("300000.00"))


def test_tranches_are_numbered_in_order(convention, partnership_officer):
    first = plan(convention, "100000", partnership_officer)
    second = plan(convention, "100000", partnership_officer)
    assert (first.number, second.number) == (1, 2)


def test_tranches_beyond_the_en_contribution_are_refused_with_the_reason(
    convention, partnership_officer
):
    plan(convention, "200000", partnership_officer)
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        plan(convention, "100000.01", partnership_officer)
    message = refused.value.messages[0]
    assert "300\xa0000,01\xa0DH" in message
    assert "300\xa0000,00\xa0DH" in message
    assert convention.tranches.count() == 1


def test_the_database_itself_refuses_tranches_beyond_the_contribution(convention):
    """Whatever writes, raw SQL included: a trigger checks the sum."""
    Tranche.objects.create(
        convention=convention, number=1, planned_amount=Decimal("250000"), planned_date=TODAY
    )
    with pytest.raises(IntegrityError, match="tranches_within_contribution"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO partnerships_tranche (convention_id, number, planned_amount, "
                "planned_date, condition, payment_reference, override_reason) "
                "VALUES (%s, 2, 50000.01, %s, '', '', '')",
                [convention.pk, TODAY],
            )
    with pytest.raises(IntegrityError, match="tranches_within_contribution"):
        with transaction.atomic():
            Tranche.objects.filter(convention=convention).update(planned_amount=Decimal("300001"))
    with pytest.raises(IntegrityError, match="tranches_within_contribution"):
        with transaction.atomic():
            Convention.objects.filter(pk=convention.pk).update(en_contribution=Decimal("1000"))
    assert convention.tranches.get().planned_amount == Decimal("250000")


def test_a_payment_is_recorded_and_audited(convention, partnership_officer):
    tranche = plan(convention, "100000", partnership_officer)
    paid = pay(tranche, partnership_officer, amount="99500.50")
    assert paid.paid_amount == Decimal("99500.50")
    assert paid.paid_by == partnership_officer
    event = Tranche.pgh_event_model.objects.filter(pgh_obj=tranche).latest("pgh_id")
    assert event.pgh_context.metadata["user"] == partnership_officer.pk
    with pytest.raises(ValidationError, match="already paid"):
        pay(tranche, partnership_officer)


def test_a_payment_above_the_tranche_or_on_a_draft_is_refused(partnership_officer):
    draft = ConventionFactory(en_contribution=Decimal("1000"))
    tranche = plan(draft, "1000", partnership_officer)
    with pytest.raises(ValidationError, match="signed convention or one in force"):
        pay(tranche, partnership_officer)
    draft.status = Convention.Status.IN_FORCE
    draft.save()
    with pytest.raises(ValidationError, match="exceeds"):
        pay(tranche, partnership_officer, amount="1000.01")


def test_overdue_reports_block_the_next_tranche(convention, partnership_officer, delegate):
    tranche = plan(convention, "100000", partnership_officer)
    report = OwedReport.objects.create(
        convention=convention,
        kind=OwedReport.Kind.FINANCIAL,
        period="2026",
        due_date=TODAY - datetime.timedelta(days=1),
    )
    with pytest.raises(services.TrancheBlocked) as blocked:
        pay(tranche, partnership_officer)
    assert blocked.value.reports == [report]
    # The officer cannot lift the block; a delegate can, saying why, and the audit keeps it.
    with pytest.raises(PermissionDenied):
        pay(tranche, partnership_officer, reason="urgent")
    paid = pay(tranche, delegate, reason="Salaries of the centre's staff are due")
    assert paid.override_by == delegate
    event = Tranche.pgh_event_model.objects.filter(pgh_obj=tranche).latest("pgh_id")
    assert event.pgh_context.metadata["override_reason"] == "Salaries of the centre's staff are due"
    assert event.pgh_context.metadata["overdue_reports"] == [report.pk]


def test_a_received_report_lifts_the_block_and_a_condition_report_holds_its_tranche(
    convention, partnership_officer
):
    report = OwedReport.objects.create(
        convention=convention, kind="activity", period="S1 2026", due_date=TODAY
    )
    tranche = plan(convention, "100000", partnership_officer, condition_report=report)
    with pytest.raises(services.TrancheBlocked):
        pay(tranche, partnership_officer)
    report.received_on = TODAY
    services.report_save(report=report, actor=partnership_officer)
    assert pay(tranche, partnership_officer).is_paid


def test_an_amendment_extends_and_raises_keeping_the_previous_terms(
    convention, partnership_officer
):
    plan(convention, "300000", partnership_officer)
    amendment = services.amendment_add(
        amendment=Amendment(
            convention=convention,
            signed_on=TODAY,
            summary="Extension to 2032 and a new phase",
            new_end_date=datetime.date(2032, 12, 31),
            new_en_contribution=Decimal("450000"),
        ),
        actor=partnership_officer,
    )
    convention.refresh_from_db()
    assert convention.end_date == datetime.date(2032, 12, 31)
    assert convention.en_contribution == Decimal("450000")
    assert amendment.number == 1
    assert amendment.previous_en_contribution == Decimal("300000")
    assert amendment.previous_end_date == datetime.date(2030, 12, 31)
    assert plan(convention, "150000", partnership_officer).number == 2


def test_an_amendment_cannot_lower_the_contribution_below_the_tranches(
    convention, partnership_officer
):
    plan(convention, "200000", partnership_officer)
    with pytest.raises(ValidationError):
        services.amendment_add(
            amendment=Amendment(
                convention=convention,
                signed_on=TODAY,
                summary="Reduction",
                new_en_contribution=Decimal("150000"),
            ),
            actor=partnership_officer,
        )
    convention.refresh_from_db()
    assert convention.en_contribution == Decimal("300000")
    assert not convention.amendments.exists()


def test_the_life_of_a_convention(partnership_officer):
    convention = ConventionFactory()
    with pytest.raises(ValidationError, match="date the convention was signed"):
        services.convention_change_status(
            convention=convention, status="signed", actor=partnership_officer
        )
    for status in ("signed", "in_force"):
        convention = services.convention_change_status(
            convention=convention, status=status, signed_on=TODAY, actor=partnership_officer
        )
    with pytest.raises(ValidationError, match="Say why"):
        services.convention_change_status(
            convention=convention, status="suspended", actor=partnership_officer
        )
    with pytest.raises(ValidationError, match="cannot become"):
        services.convention_change_status(
            convention=convention, status="closed", actor=partnership_officer
        )
    convention = services.convention_change_status(
        convention=convention, status="suspended", reason="Audit pending", actor=partnership_officer
    )
    assert convention.status_reason == "Audit pending"


def test_every_partnerships_model_is_audited():
    from django.apps import apps

    tracked = {
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label == "partnerships" and hasattr(model, "pgh_event_model")
    }
    events = {
        model.pgh_tracked_model._meta.label
        for model in apps.get_models()
        if getattr(model, "pgh_tracked_model", None) is not None
    }
    models = {
        model._meta.label
        for model in apps.get_app_config("partnerships").get_models()
        if not getattr(model, "pgh_tracked_model", None)
    }
    assert models <= events | tracked, models - events - tracked
    # The many-to-many links too: which associations are party to a convention.
    assert "partnerships.Convention_associations" in events
