"""The national data set's builder (demo.national), the whole of it at the size of a small
town, into the test database: every table it fills gets rows, the rows lie within the rules the
database cannot check while the builder writes (its triggers are off), and the audit is on
again after it. A field the models gain that the builder does not fill fails here, by name,
not in `make bench`. The second part's own rules are in tests/entraide/test_national.py."""

import pytest
from django.apps import apps
from django.db import connection, models, transaction
from pghistory.models import Event

from beneficiaries.models import (
    Beneficiary,
    CaseFile,
    FileNumberCounter,
    FollowUp,
    Note,
    Referral,
    ServiceDelivery,
    covered_provinces,
)
from centres.models import ActivityLine, Centre, MonthlyActivity
from demo import national
from demo.national.columns import UnfilledField
from entraide.models import User
from partnerships.models import Association, Convention, OwedReport, Tranche
from recruitment.models import Application, Competition, PostLine, ReservedShare
from territory.models import OrgUnit

pytestmark = pytest.mark.django_db

SIZES = {"people": 300, "centres": 40, "associations": 20, "applications": 200}

# Every table the builder writes, with the least it writes there at SIZES.
FILLED = {
    Centre: 30,
    Centre.services.through: 30,
    Beneficiary: SIZES["people"],
    FileNumberCounter: 10,
    CaseFile: SIZES["people"],
    Note: SIZES["people"],
    FollowUp: SIZES["people"],
    ServiceDelivery: 1,
    Referral: 1,
    MonthlyActivity: 30 * 11,
    ActivityLine: 30 * 11,
    Association: SIZES["associations"],
    Association.fields_of_action.through: SIZES["associations"],
    Association.target_groups.through: SIZES["associations"],
    Convention: 1,
    Convention.associations.through: 1,
    Tranche: 1,
    OwedReport: 1,
    Competition: 4,
    PostLine: 4,
    ReservedShare: 4,
    Application: SIZES["applications"],
}


def events():
    """How many audit events there are of each audited model."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if issubclass(model, Event)
    }


def build_country():
    before = {model: model.objects.count() for model in FILLED}
    national.ensure_built(log=lambda _line: None, seed=3, **SIZES)
    return {model: model.objects.count() - before[model] for model in FILLED}


def test_the_whole_country_is_built_at_a_small_size_in_every_table_it_fills():
    made = build_country()
    short = {
        model._meta.db_table: f"{made[model]} rows written, at least {least} expected"
        for model, least in FILLED.items()
        if made[model] < least
    }
    assert short == {}
    assert Beneficiary.objects.count() == SIZES["people"]
    # Each person with a case, each case opened with a note, each centre with its services.
    assert not Beneficiary.objects.filter(cases=None).exists()
    assert not CaseFile.objects.filter(notes=None).exists()
    assert not Centre.objects.filter(services=None).exists()
    # The search's lexicon holds the words of the names, though its triggers were off.
    from beneficiaries.models import NameWord

    names = Beneficiary.objects.values_list("search_name", flat=True)
    held = {word for name in names for word in name.split(" ") if word}
    assert set(NameWord.objects.values_list("word", flat=True)) == held
    # The bench's accounts, one worker for each delegation, sign the people's files.
    delegations = OrgUnit.objects.filter(kind=OrgUnit.Kind.DELEGATION)
    assert User.objects.filter(username__startswith="bench-worker-").count() == len(delegations)


def test_the_same_seed_gives_the_same_people():
    def people():
        with transaction.atomic():
            national.build(log=lambda _line: None, seed=3, people=50, centres=10)
            made = list(
                Beneficiary.objects.order_by("file_number").values_list(
                    "file_number", "first_name_ar", "last_name_lat", "birth_date", "cin", "phone"
                )
            )
            transaction.set_rollback(True)
        return made

    first = people()
    assert len(first) == 50
    assert people() == first


def test_every_record_lies_in_the_scope_of_its_delegation():
    build_country()
    delegations = {d.pk: d for d in OrgUnit.objects.filter(kind=OrgUnit.Kind.DELEGATION)}
    workers = dict(User.objects.filter(unit__in=delegations).values_list("pk", "unit_id"))
    for person in Beneficiary.objects.all():
        delegation = delegations[person.delegation_id]
        assert person.province_id in covered_provinces(delegation), person.file_number
        assert person.file_number.startswith(delegation.code.rsplit("-", 1)[-1] + "-")
        assert workers[person.created_by_id] == person.delegation_id
    for centre in Centre.objects.all():
        assert centre.province_id in covered_provinces(delegations[centre.delegation_id])
    assert not CaseFile.objects.exclude(delegation=models.F("beneficiary__delegation")).exists()
    for case in CaseFile.objects.all():
        assert workers[case.worker_id] == case.delegation_id, case.number
    # Each entry is signed by its case's worker, who sees it.
    for entry in (Note, FollowUp, ServiceDelivery, Referral):
        assert not entry.objects.exclude(author=models.F("case__worker")).exists(), entry
    # The next file a delegation opens takes the next number, not one already given.
    for counter in FileNumberCounter.objects.all():
        numbers = Beneficiary.objects.filter(
            delegation=counter.delegation_id, file_number__contains=f"-{counter.year}-"
        ).values_list("file_number", flat=True)
        assert counter.last == max(int(n.rsplit("-", 1)[-1]) for n in numbers)
    for association in Association.objects.select_related("delegation"):
        assert association.province_id in covered_provinces(association.delegation)
    signed_elsewhere = Convention.objects.exclude(signing_unit=models.F("associations__delegation"))
    assert not signed_elsewhere.exists()
    # Who sees what: a delegation's worker, their delegation's people and cases, and no other.
    worker = User.objects.get(username="bench-worker-DP-MA-CAS")
    mine = Beneficiary.objects.filter(delegation=worker.unit)
    assert mine.exists()
    assert set(Beneficiary.objects.visible_to(worker)) == set(mine)
    assert set(CaseFile.objects.visible_to(worker)) == set(
        CaseFile.objects.filter(delegation=worker.unit)
    )


def test_the_build_is_not_audited_nor_checked_and_leaves_both_on():
    before = events()
    build_country()
    # The bench's accounts are made as any account is; the bulk writes leave no event.
    after = events()
    assert {label: n for label, n in after.items() if n != before[label]} == {
        "entraide.UserEvent": after["entraide.UserEvent"]
    }
    # The foreign keys went unchecked: each one points at a row.
    with connection.cursor() as cursor:
        for model in FILLED:
            for field in model._meta.concrete_fields:
                if not field.is_relation:
                    continue
                target = field.related_model._meta
                cursor.execute(
                    f"SELECT count(*) FROM {model._meta.db_table} t "  # noqa: S608 - model names
                    f"LEFT JOIN {target.db_table} r ON r.{field.target_field.column} = "
                    f"t.{field.column} WHERE t.{field.column} IS NOT NULL "
                    f"AND r.{field.target_field.column} IS NULL"
                )
                assert cursor.fetchone() == (0,), f"{model._meta.label}.{field.name}"
        cursor.execute("SELECT current_setting('session_replication_role')")
        assert cursor.fetchone() == ("origin",)
    person = Beneficiary.objects.first()
    Beneficiary.objects.filter(pk=person.pk).update(commune="Rabat")
    assert person.pgh_event_model.objects.filter(pgh_obj=person).count() == 1


def add_required_field(monkeypatch, model, name):
    """`model` as it would be with a new NOT NULL field without a default, for the builder's
    column lists (the table itself is left alone: the builder must stop before writing)."""
    field = models.PositiveIntegerField(name=name)
    field.set_attributes_from_name(name)
    field.model = model
    monkeypatch.setattr(model._meta, "concrete_fields", (*model._meta.concrete_fields, field))


# One model written by the builder's SQL, one through the ORM.
@pytest.mark.parametrize("model", [Beneficiary, Association], ids=["sql", "orm"])
def test_a_new_field_the_builder_does_not_fill_is_named(monkeypatch, model):
    add_required_field(monkeypatch, model, "household_size")
    with pytest.raises(UnfilledField, match=rf"{model._meta.label}\.household_size \(column"):
        national.ensure_built(log=lambda _line: None, seed=3, **SIZES)
