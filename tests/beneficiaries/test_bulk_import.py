"""The bulk import of people as it writes: batches COPYed into a staging table and moved by one
INSERT ... SELECT, read and checked by a thread of their own. All or nothing across batches,
the file numbers of the delegations' counters in the file's order, the audit trail exactly as
row by row (one insert event a row, the importing user as context), the name keys kept by
PostgreSQL, and a file read as it is written, never whole."""

import io

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from pghistory.models import Context, Events

from beneficiaries import bulk
from beneficiaries.models import (
    Beneficiary,
    BeneficiaryTargetGroup,
    FileNumberCounter,
)
from beneficiaries.selectors import search_beneficiaries
from entraide.imports import insert_audited
from tests.factories import BeneficiaryFactory, unit

pytestmark = pytest.mark.django_db

HEADER = "first_name_ar,last_name_ar,first_name_lat,last_name_lat,sex,birth_year,cin,phone,"
HEADER += "province_code,target_groups,delegation_code\n"


def person(n, *, cin=None, place=("MA-KHO", "DP-MA-KHO"), groups="", first="Fatima"):
    """A valid line of the file for the n-th person."""
    province, delegation = place
    cin = f"AK{n:06d}" if cin is None else cin
    return (
        f"فاطمة,العلوي,{first},Alaoui{n},F,{1950 + n % 50},{cin},06{n:08d},"
        f"{province},{groups},{delegation}\n"
    )


def import_text(text, **kwargs):
    return bulk.import_beneficiaries(io.BytesIO(text.encode()), "people.csv", **kwargs)


def year():
    return timezone.localdate().year


def traces():
    """Everything an import writes."""
    return {
        "people": Beneficiary.objects.count(),
        "groups": BeneficiaryTargetGroup.objects.count(),
        "people's events": Beneficiary.pgh_event_model.objects.count(),
        "groups' events": BeneficiaryTargetGroup.pgh_event_model.objects.count(),
        "counters": list(FileNumberCounter.objects.values_list("delegation_id", "last")),
    }


# All or nothing --------------------------------------------------------------------------------


def test_a_bad_row_in_a_later_batch_undoes_the_batches_already_written(central):
    before = traces()
    lines = [person(n) for n in range(1, 10)]
    lines[7] = person(8, cin="8AB")  # line 9, in the third batch of three
    written = []

    def progress(done, total):
        written.append(Beneficiary.objects.count())

    report = import_text(HEADER + "".join(lines), actor=central, batch_size=3, progress=progress)
    assert [line for line, _reason in report.errors] == [9]
    assert written[:2] == [3, 6]  # the first two batches were written, then undone
    assert (report.created, report.created_ids) == (0, [])
    assert traces() == before


def test_every_bad_row_is_reported_with_its_line_across_batches(central):
    with translation.override("en"):
        lines = [person(n) for n in range(1, 8)]
        lines[1] = person(2, cin="AK000001")  # line 3: the CIN of line 2
        lines[4] = person(5, place=("MA-XXX", "DP-MA-KHO"))  # line 6
        lines[6] = person(7, cin="AK000001")  # line 8: the CIN of line 2, two batches on
        report = import_text(HEADER + "".join(lines), actor=central, batch_size=2)
    assert report.errors == [
        (3, "cin: The same CIN is on line 2."),
        (6, "province_code: No province or prefecture with code “MA-XXX”."),
        (8, "cin: The same CIN is on line 2."),
    ]
    assert not Beneficiary.objects.exists()


def test_a_cin_already_on_file_is_refused_in_any_batch(central):
    existing = BeneficiaryFactory(cin="AK000005")
    lines = [person(n) for n in range(1, 7)]
    with translation.override("en"):
        report = import_text(HEADER + "".join(lines), actor=central, batch_size=2)
    reason = f"cin: Another file already has this CIN: {existing.file_number}."
    assert report.errors == [(6, reason)]
    assert Beneficiary.objects.count() == 1


def test_a_cin_filed_by_someone_else_while_the_file_is_imported_writes_nothing(
    central, monkeypatch
):
    # The check said the CIN was free; by the time of the insert, another file holds it.
    BeneficiaryFactory(cin="AK000002")
    monkeypatch.setattr(bulk._Writer, "cins_held", lambda self: [])
    with translation.override("en"):
        report = import_text(HEADER + person(1) + person(2), actor=central)
    [(line, reason)] = report.errors
    assert line is None and reason.startswith("The rows could not be saved")
    assert Beneficiary.objects.count() == 1


def test_a_delegation_user_imports_into_no_other_delegation(worker_rabat):
    before = traces()
    lines = person(1, place=("MA-RAB", "DP-MA-RAB")) + person(2)  # line 3: Khouribga
    with translation.override("en"):
        report = import_text(HEADER + lines, actor=worker_rabat)
    assert report.errors == [
        (3, "delegation_code: No organisational unit with code “DP-MA-KHO”."),
    ]
    assert traces() == before
    # Without a delegation, a row goes to the importer's own.
    report = import_text(HEADER + person(3, place=("MA-RAB", "")), actor=worker_rabat)
    assert report.ok, report.errors
    assert Beneficiary.objects.get().delegation == unit("DP-MA-RAB")


def test_an_unexpected_error_while_reading_stops_the_import_and_writes_nothing(
    central, monkeypatch
):
    checked = bulk.RowChecker.check

    def check(self, line, row):
        if line == 6:
            raise RuntimeError("disk gone")
        return checked(self, line, row)

    monkeypatch.setattr(bulk.RowChecker, "check", check)
    with pytest.raises(RuntimeError, match="disk gone"):
        import_text(HEADER + "".join(person(n) for n in range(1, 9)), actor=central, batch_size=2)
    assert not Beneficiary.objects.exists()


def test_the_thread_reading_the_file_never_queries_the_database(central, monkeypatch):
    # Its queries would run outside the import's transaction: they are refused.
    checked = bulk.RowChecker.check

    def check(self, line, row):
        Beneficiary.objects.exists()
        return checked(self, line, row)

    monkeypatch.setattr(bulk.RowChecker, "check", check)
    with pytest.raises(RuntimeError, match="may not query the database"):
        import_text(HEADER + person(1), actor=central)
    assert not Beneficiary.objects.exists()


# File numbers, groups and name keys -------------------------------------------------------------


def test_file_numbers_follow_each_delegations_counter_in_the_files_order(central):
    kho, rab = unit("DP-MA-KHO"), unit("DP-MA-RAB")
    FileNumberCounter.objects.create(delegation=kho, year=year(), last=41)
    places = [("MA-KHO", "DP-MA-KHO"), ("MA-RAB", "DP-MA-RAB")]
    lines = [person(n, place=places[n % 3 == 0]) for n in range(1, 11)]
    report = import_text(HEADER + "".join(lines), actor=central, batch_size=4)
    assert report.ok, report.errors
    assert sorted(report.created_ids) == sorted(Beneficiary.objects.values_list("pk", flat=True))
    by_line = Beneficiary.objects.order_by("pk")
    assert [p.last_name_lat for p in by_line] == [f"Alaoui{n}" for n in range(1, 11)]
    numbers = [(p.delegation_id, p.file_number) for p in by_line]
    assert [number for delegation, number in numbers if delegation == kho.pk] == [
        f"KHO-{year()}-{n:06d}" for n in range(42, 49)
    ]
    assert [number for delegation, number in numbers if delegation == rab.pk] == [
        f"RAB-{year()}-{n:06d}" for n in range(1, 4)
    ]
    assert dict(FileNumberCounter.objects.values_list("delegation", "last")) == {
        kho.pk: 48,
        rab.pk: 3,
    }


def test_target_groups_are_filed_with_their_people(central):
    lines = [person(1, groups="women|disability"), person(2), person(3, groups="elderly")]
    report = import_text(HEADER + "".join(lines), actor=central, batch_size=2)
    assert report.ok, report.errors
    groups = {
        p.last_name_lat: sorted(g.code for g in p.target_groups.all())
        for p in Beneficiary.objects.prefetch_related("target_groups")
    }
    assert groups == {"Alaoui1": ["disability", "women"], "Alaoui2": [], "Alaoui3": ["elderly"]}


def test_an_imported_person_is_found_by_a_name_that_sounds_like_theirs(central, delegate):
    text = HEADER + "محمد,بناني,Mohammed,Bennani,M,1980,,,MA-KHO,,DP-MA-KHO\n"
    assert import_text(text, actor=central).ok
    person = Beneficiary.objects.get()
    assert person.name_key and person.search_name == "محمد بناني mohammed bennani"
    for query in ["Mohamed Benani", "محمد بناني", "Bennani Mouhamed"]:
        assert person in list(search_beneficiaries(delegate, query)), query


# The audit trail ------------------------------------------------------------------------------


def test_every_imported_row_has_one_insert_event_with_the_importing_user(central):
    lines = [person(n, groups="women" if n % 2 else "") for n in range(1, 8)]
    report = import_text(HEADER + "".join(lines), actor=central, batch_size=3)
    assert report.ok and report.created == 7
    [context] = Context.objects.filter(metadata__import_file="people.csv")
    assert context.metadata["user"] == central.pk
    events = Beneficiary.pgh_event_model.objects.all()
    assert events.count() == 7  # one each, not two: the row trigger stood aside
    tracked = [
        f.attname
        for f in Beneficiary.pgh_event_model._meta.concrete_fields
        if not f.name.startswith("pgh_")
    ]
    for person_ in Beneficiary.objects.all():
        event = Events.objects.tracks(person_).get()
        assert (event.pgh_label, event.pgh_context["user"]) == ("insert", central.pk)
        row = events.get(pgh_obj=person_)
        assert row.pgh_context_id == context.pk
        assert {a: getattr(row, a) for a in tracked} == {a: getattr(person_, a) for a in tracked}
    group_events = BeneficiaryTargetGroup.pgh_event_model.objects.all()
    assert group_events.count() == BeneficiaryTargetGroup.objects.count() == 4
    assert set(group_events.values_list("pgh_label", "pgh_context")) == {("insert", context.pk)}


def test_a_set_based_insert_is_audited_as_the_row_trigger_audits_a_save(worker):
    """The same person written by the ORM (the row trigger) and by `insert_audited` (its
    statement-level twin): their audit rows are the same but for the ids."""
    from entraide.audit import acting_as

    saved = BeneficiaryFactory(cin="", phone="0612345678", created_by=worker)
    with acting_as(worker, source="test"):
        [(pk,)] = insert_audited(
            Beneficiary,
            ["file_number", "first_name_ar", "last_name_ar", "first_name_lat"]
            + ["last_name_lat", "sex", "birth_date", "birth_year", "cin", "phone", "address"]
            + ["commune", "marital_status", "education", "disability_type", "disability_card"]
            + ["disability_degree", "province_id", "delegation_id", "centre_id", "created_by_id"]
            + ["created_at", "updated_at", "version", "anonymised_at", "merged_into_id"],
            "SELECT 'COPY-1', first_name_ar, last_name_ar, first_name_lat, last_name_lat, sex, "
            "birth_date, birth_year, cin, phone, address, commune, marital_status, education, "
            "disability_type, disability_card, disability_degree, province_id, delegation_id, "
            "centre_id, created_by_id, created_at, updated_at, version, anonymised_at, "
            "merged_into_id FROM beneficiaries_beneficiary WHERE id = %s",
            [saved.pk],
            returning=["id"],
        )
    event = Beneficiary.pgh_event_model.objects
    by_trigger = event.filter(pgh_obj=saved).values().get()
    by_statement = event.filter(pgh_obj=pk).values().get()
    assert by_statement.pop("pgh_context_id") is not None
    # All but the ids, the number given and the moment of the transaction.
    ids = ("pgh_id", "pgh_obj_id", "id", "file_number", "pgh_created_at", "pgh_context_id")
    for row in (by_trigger, by_statement):
        for key in ids:
            row.pop(key, None)
    assert by_statement == by_trigger
    assert Events.objects.tracks(Beneficiary(pk=pk)).get().pgh_context["user"] == worker.pk


# Read as it is written ------------------------------------------------------------------------


class Watched(io.BytesIO):
    """A file that tells how far it has been read since it was last sent back to its start."""

    furthest = 0

    def seek(self, *args):
        position = super().seek(*args)
        if position == 0:
            self.furthest = 0
        return position

    def read(self, *args):
        data = super().read(*args)
        self.furthest = max(self.furthest, self.tell())
        return data

    def read1(self, *args):  # how io.TextIOWrapper reads
        data = super().read1(*args)
        self.furthest = max(self.furthest, self.tell())
        return data


def test_a_large_file_is_read_a_few_batches_ahead_of_the_writing_never_whole(central):
    rows, batch = 6000, 500
    lines = [person(n, first="Fatima" if n % 2 else "Khadija") for n in range(1, rows + 1)]
    data = (HEADER + "".join(lines)).encode()
    line_bytes = len(lines[-1].encode())
    handle = Watched(data)
    ahead = []

    def progress(done, total):
        # Bytes read beyond the rows written: the batches waiting (two), the one being read,
        # and the reader's buffer.
        read_rows = (handle.furthest - len(HEADER)) / line_bytes
        ahead.append(read_rows - done)

    report = bulk.import_beneficiaries(
        handle, "people.csv", actor=central, batch_size=batch, progress=progress
    )
    assert report.ok and report.created == rows, report.errors[:3]
    # The file is first read through for its encoding and its number of lines, then streamed:
    # while the batches were written, the rows read never ran more than a few batches ahead.
    assert len(ahead) == rows // batch + 1
    assert 0 < max(ahead[:-1]) <= 4 * batch, ahead


def test_the_reasons_are_in_the_language_of_the_import(central):
    with translation.override("fr"):
        report = import_text(HEADER + person(1, cin="8AB"), actor=central)
        expected = gettext("A CIN is one or two letters followed by digits, for example AB123456.")
    assert expected != "A CIN is one or two letters followed by digits, for example AB123456."
    assert report.errors == [(2, f"cin: {expected}")]
