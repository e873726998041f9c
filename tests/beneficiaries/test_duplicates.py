"""Likely duplicates across the country (beneficiaries.duplicates): the scan pairs files whose
names sound the same in either script when their birth or phone line agree, weighing how
common the name is; the pairs wait in the queue of the delegations that own them, each side
seeing only its own file; a pair is merged or marked "not the same person", which is
remembered; an import and the nightly task run the scan."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from beneficiaries import duplicates
from beneficiaries.models import Beneficiary, DuplicatePair, DuplicateScan, FileRequest
from beneficiaries.selectors import COMMON_NAME_FILES
from beneficiaries.tasks import duplicate_scan_nightly
from entraide.models import ImportJob
from notifications.models import Kind, Notification
from tests.factories import BeneficiaryFactory, UserFactory

pytestmark = pytest.mark.django_db

BORN = datetime.date(1984, 3, 9)


def arabic_only(first, last, **fields):
    return BeneficiaryFactory(
        first_name_ar=first, last_name_ar=last, first_name_lat="", last_name_lat="", **fields
    )


def latin_only(first, last, **fields):
    return BeneficiaryFactory(
        first_name_ar="", last_name_ar="", first_name_lat=first, last_name_lat=last, **fields
    )


def pair_of(a, b):
    first, second = sorted([a.pk, b.pk])
    return DuplicatePair.objects.filter(first_id=first, second_id=second).first()


@pytest.fixture
def delegate_rabat(db):
    return UserFactory(username="t-delegate-rabat", delegate=True, rabat=True)


# The scan -------------------------------------------------------------------------------------


def test_an_arabic_file_and_a_latin_file_of_one_person_are_paired_with_their_evidence():
    arabic = arabic_only("يوسف", "الإدريسي", sex="M", birth_date=BORN)
    latin = latin_only("Youssef", "El Idrissi", sex="M", birth_date=BORN, phone="0612345678")
    found = duplicates.scan()
    pair = pair_of(arabic, latin)
    assert pair is not None and pair.status == DuplicatePair.Status.OPEN
    assert pair.evidence == ["sound", "birth_date"]
    assert pair.score == 85
    assert found.pairs_found == 1 and found.pairs_new == 1


def test_a_rare_name_born_within_two_years_is_a_pair_three_years_is_not():
    person = latin_only("Zakaria", "Benkirane", sex="M", birth_date=BORN)
    near = latin_only("Zakaria", "Benkiran", sex="M", birth_year=1986, birth_date=None)
    far = latin_only("Zakariya", "Ben Kirane", sex="M", birth_date=datetime.date(1988, 1, 1))
    duplicates.scan()
    assert pair_of(person, near).evidence == ["sound", "near_year"]
    assert pair_of(person, far) is None
    # The third one is born within two years of the second.
    assert pair_of(near, far) is not None


def test_the_same_line_pairs_a_rare_name_whatever_the_birth():
    person = latin_only("Hicham", "Tahiri", sex="M", birth_date=BORN, phone="0611223344")
    other = arabic_only("هشام", "الطاهري", sex="M", birth_date=None, phone="+212611223344")
    duplicates.scan()
    assert pair_of(person, other).evidence == ["sound", "phone"]


def test_different_sexes_or_different_names_are_never_paired():
    person = latin_only("Karim", "Tazi", sex="M", birth_date=BORN)
    latin_only("Karima", "Tazi", sex="F", birth_date=BORN)
    latin_only("Kamal", "Tazi", sex="M", birth_date=BORN)
    duplicates.scan()
    assert not DuplicatePair.objects.filter(first=person).exists()
    assert not DuplicatePair.objects.exists()


def test_a_common_name_needs_the_same_birth_date_or_line():
    # More files sound like Mohamed Alaoui than COMMON_NAME_FILES: born the same year is no
    # longer evidence.
    crowd = [
        latin_only("Mohamed", "Alaoui", sex="M", birth_date=datetime.date(1930 + n, 1, 1))
        for n in range(COMMON_NAME_FILES + 1)
    ]
    one = latin_only("Mohammed", "Alaoui", sex="M", birth_date=datetime.date(1990, 6, 1))
    same_year = latin_only("Mouhamed", "Alaoui", sex="M", birth_date=datetime.date(1990, 2, 2))
    same_day = arabic_only("محمد", "العلوي", sex="M", birth_date=datetime.date(1990, 6, 1))
    duplicates.scan()
    assert pair_of(one, same_year) is None
    pair = pair_of(one, same_day)
    assert pair.evidence == ["sound", "birth_date", "common"]
    assert pair.score == 70
    assert not DuplicatePair.objects.filter(first__in=crowd, second__in=crowd).exists()


def test_merged_and_anonymised_files_are_nobodys_duplicates(delegate):
    person = latin_only("Nadia", "Bouzidi", birth_date=BORN)
    merged = latin_only("Nadia", "Bouzidi", birth_date=BORN)
    gone = latin_only("Nadia", "Bouzidi", birth_date=BORN)
    merged.merged_into = person
    merged.save()
    Beneficiary.objects.filter(pk=gone.pk).update(anonymised_at=datetime.datetime.now(datetime.UTC))
    duplicates.scan()
    assert not DuplicatePair.objects.exists()


def test_not_the_same_person_is_remembered_and_a_full_scan_drops_what_it_no_longer_finds(
    delegate,
):
    a = latin_only("Salma", "Chraibi", birth_date=BORN)
    b = arabic_only("سلمى", "الشرايبي", birth_date=BORN)
    c = latin_only("Salma", "Cheraibi", birth_date=BORN)
    duplicates.scan()
    duplicates.pair_distinct(pair=pair_of(a, b), actor=delegate)
    found = duplicates.scan()
    assert pair_of(a, b).status == DuplicatePair.Status.DISTINCT
    assert found.pairs_new == 0
    # A birth date corrected since: the open pairs of c are no longer likely.
    Beneficiary.objects.filter(pk=c.pk).update(birth_date=datetime.date(1950, 1, 1))
    duplicates.scan()
    assert pair_of(a, c) is None and pair_of(b, c) is None
    assert pair_of(a, b).status == DuplicatePair.Status.DISTINCT


def test_the_scan_tells_its_progress_part_by_part():
    latin_only("Imane", "Sqalli", birth_date=BORN)
    seen = []
    duplicates.scan(progress=lambda **values: seen.append(values))
    assert seen[0]["parts_done"] == 0 and seen[-1]["parts_done"] == duplicates.PARTS
    assert {v["parts_total"] for v in seen} == {duplicates.PARTS}
    assert seen[-1]["people"] >= 1


# The queue -------------------------------------------------------------------------------------


def test_the_queue_lists_the_pairs_of_the_delegation_best_first(
    client_for, delegate, delegate_rabat
):
    weak = (
        latin_only("Omar", "Lahlou", sex="M", birth_date=BORN),
        latin_only("Omar", "Lahlou", sex="M", birth_date=None, birth_year=1985),
    )
    strong = (
        latin_only("Amal", "Sefrioui", birth_date=BORN, phone="0699887766"),
        arabic_only("أمل", "الصفريوي", birth_date=BORN, phone="0699887766"),
    )
    duplicates.scan()
    page = client_for(delegate).get(reverse("beneficiaries:duplicates"))
    assert page.status_code == 200
    rows = list(page.context["rows"])
    assert [pair.pk for pair, _a, _b in rows] == [pair_of(*strong).pk, pair_of(*weak).pk]
    assert strong[0].file_number in page.content.decode()
    # Rabat's delegate owns none of them.
    other = client_for(delegate_rabat).get(reverse("beneficiaries:duplicates"))
    assert list(other.context["rows"]) == []
    assert client_for(delegate_rabat).get(pair_of(*strong).get_absolute_url()).status_code == 404


def test_a_pair_across_two_delegations_shows_each_side_only_its_own_file(
    client_for, delegate, delegate_rabat
):
    mine = latin_only("Ghizlane", "Benjelloun", birth_date=BORN, phone="0655443322")
    theirs = latin_only("Rhizlane", "Benjelloune", birth_date=BORN, rabat=True)
    duplicates.scan()
    pair = pair_of(mine, theirs)
    for user, own, other in [(delegate, mine, theirs), (delegate_rabat, theirs, mine)]:
        page = client_for(user).get(pair.get_absolute_url())
        text = page.content.decode()
        assert page.status_code == 200
        assert own.file_number in text and other.file_number not in text
        assert other.first_name_lat not in text
        if other.phone:
            assert other.phone not in text
        assert page.context["elsewhere"] is not None  # ask the owner for the other file
        assert not page.context["may_merge"] and not page.context["may_decide"]
        # Nothing is decided on a file one cannot see: not even "two different people".
        client_for(user).post(pair.get_absolute_url(), {"answer": "distinct"})
        pair.refresh_from_db()
        assert pair.status == DuplicatePair.Status.OPEN
    # Asked from the pair's page: the other file comes by the transfer request.
    client = client_for(delegate)
    page = client.get(pair.get_absolute_url())
    token = page.context["elsewhere"]["token"].value()
    province = delegate.unit.provinces.first()
    client.post(
        reverse("beneficiaries:request_elsewhere"),
        {
            "elsewhere-token": token,
            "elsewhere-kind": "transfer",
            "elsewhere-province": province.pk,
            "elsewhere-reason": "Même personne, suivie chez nous.",
        },
    )
    request = FileRequest.objects.get()
    assert request.beneficiary == theirs and request.other == delegate.unit


def test_a_merge_from_the_pair_keeps_the_chosen_file_and_decides_the_pair(client_for, delegate):
    old = arabic_only("رشيد", "الوزاني", sex="M", birth_date=BORN)
    new = latin_only("Rachid", "Ouazzani", sex="M", birth_date=BORN, phone="0677665544")
    duplicates.scan()
    pair = pair_of(old, new)
    # The merge cannot be undone: without its confirmation, nothing is merged.
    client_for(delegate).post(pair.get_absolute_url(), {"answer": "keep-first"})
    new.refresh_from_db()
    assert new.merged_into is None
    response = client_for(delegate).post(
        pair.get_absolute_url(), {"answer": "keep-first", "confirm": "1"}
    )
    assert response.status_code == 302
    pair.refresh_from_db()
    new.refresh_from_db()
    old.refresh_from_db()
    assert pair.status == DuplicatePair.Status.MERGED and pair.decided_by == delegate
    assert new.merged_into == old and old.phone == "0677665544"
    # Decided: the queue no longer shows it; a second answer (a double click, another
    # delegate) is told so, and changes nothing.
    assert client_for(delegate).get(reverse("beneficiaries:duplicates")).context["rows"] == []
    again = client_for(delegate).post(pair.get_absolute_url(), {"answer": "distinct"})
    assert again.status_code == 302
    pair.refresh_from_db()
    assert pair.status == DuplicatePair.Status.MERGED


def test_a_merge_on_the_persons_page_decides_the_pair_too(client_for, delegate):
    old = latin_only("Siham", "Filali", birth_date=BORN)
    new = latin_only("Siham", "Filaly", birth_date=BORN)
    duplicates.scan()
    client_for(delegate).post(
        reverse("beneficiaries:merge", args=[old.file_number]),
        {"duplicate": new.file_number, "confirm": "on"},
    )
    assert pair_of(old, new).status == DuplicatePair.Status.MERGED


def test_not_the_same_person_from_the_page(client_for, delegate):
    a = latin_only("Yassine", "Berrada", sex="M", birth_date=BORN)
    b = latin_only("Yassine", "Berada", sex="M", birth_date=BORN)
    duplicates.scan()
    pair = pair_of(a, b)
    client_for(delegate).post(pair.get_absolute_url(), {"answer": "distinct"})
    pair.refresh_from_db()
    assert pair.status == DuplicatePair.Status.DISTINCT and pair.decided_by == delegate
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.merged_into is None and b.merged_into is None


def test_the_queue_is_the_delegates_and_their_overseers_not_a_workers(
    client_for, worker, coordinator
):
    a = latin_only("Hajar", "Kettani", birth_date=BORN)
    b = latin_only("Hajar", "Kettani", birth_date=BORN)
    duplicates.scan()
    pair = pair_of(a, b)
    client = client_for(worker)
    assert client.get(reverse("beneficiaries:duplicates")).status_code == 403
    assert client.get(pair.get_absolute_url()).status_code == 403
    assert client.post(pair.get_absolute_url(), {"answer": "distinct"}).status_code == 403
    # The coordinator above reads it, and decides nothing.
    overseer = client_for(coordinator)
    assert overseer.get(pair.get_absolute_url()).status_code == 200
    assert overseer.post(pair.get_absolute_url(), {"answer": "distinct"}).status_code == 403
    pair.refresh_from_db()
    assert pair.status == DuplicatePair.Status.OPEN


# After an import, and every night ---------------------------------------------------------------

HEADER = (
    "first_name_ar,last_name_ar,first_name_lat,last_name_lat,sex,birth_date,province_code,"
    "delegation_code\n"
)


def test_an_import_sends_its_new_files_likely_duplicates_to_the_delegates(
    client_for, worker, delegate, private_media
):
    on_file = arabic_only("خديجة", "بنيس", birth_date=BORN)
    row = f",,Khadidja,Bennis,F,{BORN.isoformat()},MA-KHO,DP-MA-KHO\n"
    client_for(worker).post(
        reverse("import_new"),
        {"file": SimpleUploadedFile("people.csv", (HEADER + row).encode())},
    )
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    imported = Beneficiary.objects.exclude(pk=on_file.pk).get()
    assert pair_of(on_file, imported).status == DuplicatePair.Status.OPEN
    told = Notification.objects.get(recipient=delegate, kind=Kind.DUPLICATES_FOUND)
    assert told.url == reverse("beneficiaries:duplicates")


def test_the_nightly_scan_runs_as_a_task_with_its_progress_and_tells_the_delegates(
    client_for, delegate, central
):
    latin_only("Meryem", "Slaoui", birth_date=BORN)
    arabic_only("مريم", "السلاوي", birth_date=BORN)
    assert duplicate_scan_nightly() == 1
    scan = DuplicateScan.objects.get()
    assert scan.status == DuplicateScan.Status.SUCCEEDED
    assert scan.parts_done == scan.parts_total == duplicates.PARTS
    assert scan.people >= 2 and scan.pairs_found == 1
    assert Notification.objects.filter(recipient=delegate, kind=Kind.DUPLICATES_FOUND).count() == 1
    # A national reader sees how the last scan went.
    page = client_for(central).get(reverse("beneficiaries:duplicates"))
    assert page.context["scan"] == scan
    with translation.override(page.headers["Content-Language"]):
        assert 'data-testid="scan-result"' in page.content.decode()


def test_two_known_birth_dates_that_differ_are_two_births():
    # A year is evidence only when a birth is known by its year alone.
    person = latin_only("Anouar", "Tahiri", sex="M", birth_date=datetime.date(1984, 1, 2))
    other = latin_only("Anouar", "Tahiri", sex="M", birth_date=datetime.date(1985, 12, 30))
    duplicates.scan()
    assert pair_of(person, other) is None


def test_a_full_scan_keeps_the_pairs_of_files_it_did_not_read():
    a = latin_only("Loubna", "Sebti", birth_date=BORN)
    b = latin_only("Loubna", "Sebti", birth_date=BORN)
    duplicates.scan()
    # A pair whose file is merged since (another path) is not the scan's to delete.
    Beneficiary.objects.filter(pk=b.pk).update(anonymised_at=datetime.datetime.now(datetime.UTC))
    duplicates.scan()
    assert pair_of(a, b) is not None
    assert not DuplicatePair.objects.open().exists()


def test_a_scan_lost_while_waiting_does_not_stop_the_nights_after(delegate):
    stuck = DuplicateScan.objects.create(unit=delegate.unit, language="fr")
    DuplicateScan.objects.filter(pk=stuck.pk).update(
        created_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=2)
    )
    duplicate_scan_nightly()
    stuck.refresh_from_db()
    assert stuck.status == DuplicateScan.Status.FAILED
    assert DuplicateScan.objects.filter(status=DuplicateScan.Status.SUCCEEDED).count() == 1


def test_a_pair_follows_its_files_into_the_delegation_they_move_to(
    client_for, delegate, delegate_rabat
):
    mine = latin_only("Soukaina", "Bernoussi", birth_date=BORN)
    theirs = latin_only("Soukaina", "Bernoussi", birth_date=BORN, rabat=True)
    duplicates.scan()
    pair = pair_of(mine, theirs)
    assert (pair.first_delegation, pair.second_delegation) == (mine.delegation, theirs.delegation)
    # Rabat's file moves to Khouribga (a transfer, an edit): the pair is Khouribga's alone.
    Beneficiary.objects.filter(pk=theirs.pk).update(delegation=mine.delegation)
    pair.refresh_from_db()
    assert pair.second_delegation == mine.delegation
    assert client_for(delegate_rabat).get(pair.get_absolute_url()).status_code == 404
    page = client_for(delegate).get(pair.get_absolute_url())
    assert page.context["may_merge"]
