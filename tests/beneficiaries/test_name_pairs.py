"""Real Moroccan names against the phonetic key (entraide.search.NameKey): the Arabic form and
the Latin form that civil documents and public life give one person share a key, different
names keep different keys, and a Latin query finds the Arabic-only file of a real name.

The names are those of public people, each pair with the page it comes from
(tests/data/moroccan_names.csv; different names in moroccan_names_distinct.csv). The
thresholds below are measured on them, not wished: a change to the key that loses real names,
or lets different names meet, fails here with the names it lost."""

import csv
from pathlib import Path

import pytest
from django.db import connection

from beneficiaries.selectors import search_beneficiaries
from tests.factories import BeneficiaryFactory

DATA = Path(__file__).resolve().parent.parent / "data"

# Measured with the key of entraide 0014: 473 of 484 pairs (97.7%); the key of 0013 met 447
# (92.4%). What remains is not one rule away from general: an article glued as a bare L
# (Larbi العربي, Laroui, Lamrani, Laraki, Louardi, Laenser: "L" is as often a name's own first
# letter, Lahcen لحسن, Lamjarred لمجرد), a th that is t+h (Thami التهامي) where elsewhere
# it is ث (Othman), a غ written g (Goumri الغومري), a letter elided (Abdeltif, Benbarek بن مبارك)
# or swapped (Medhi المهدي). The files keep these keys; the search tries such spellings
# beside the word as typed (selectors.SPELLINGS: test_the_search_finds_... below).
RECALL_MIN = 0.97
# Different names sharing a key, besides those that differ only by vowels (or weak letters and
# doubling, marked vowels-only): none with 0014; 0013 gave five (Ali and Allal, Aziz and Azza,
# Bouaziz and Bouazza, Hanane and Hanae, Hajji and Hajjaj).
FALSE_MATCHES_MAX = 0
PARTS = {"given", "family", "full"}


def read(name):
    with open(DATA / name, encoding="utf-8", newline="") as data:
        return list(csv.DictReader(data))


PAIRS = read("moroccan_names.csv")
DISTINCT = read("moroccan_names_distinct.csv")


def keys(names):
    """{name: the key a file stores for it}, computed by PostgreSQL in one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT x, replace(entraide_name_key(x), ' ', '') FROM unnest(%s::text[]) AS x",
            [sorted(set(names))],
        )
        return dict(cursor.fetchall())


def matching_pairs():
    found = keys([p["arabic"] for p in PAIRS] + [p["latin"] for p in PAIRS])
    return found, [
        p for p in PAIRS if found[p["arabic"]] and found[p["arabic"]] == found[p["latin"]]
    ]


def test_the_name_sets_are_real_pairs_with_their_sources():
    assert len(PAIRS) >= 220 and len(DISTINCT) >= 60
    assert {p["part"] for p in PAIRS} <= PARTS
    assert all(p["source"].startswith("https://") for p in PAIRS)
    assert len({(p["arabic"], p["latin"]) for p in PAIRS}) == len(PAIRS)
    for pair in PAIRS:
        assert all("\u0621" <= c <= "\u06ff" or c == " " for c in pair["arabic"]), pair
        assert all(not "\u0600" <= c <= "\u06ff" for c in pair["latin"]), pair
    assert {d["note"] for d in DISTINCT} <= {"", "vowels-only"}


@pytest.mark.django_db
def test_the_arabic_and_latin_forms_of_a_real_name_share_its_key():
    found, matching = matching_pairs()
    missed = [p for p in PAIRS if p not in matching]
    recall = len(matching) / len(PAIRS)
    lines = "\n".join(
        f"{p['arabic']} [{found[p['arabic']]}] / {p['latin']} [{found[p['latin']]}]"
        f" ({p['part']}, {p['source']})"
        for p in missed
    )
    assert recall >= RECALL_MIN, f"{len(matching)}/{len(PAIRS)} = {recall:.3f}; missed:\n{lines}"


@pytest.mark.django_db
def test_different_real_names_keep_different_keys():
    found = keys([d["name_a"] for d in DISTINCT] + [d["name_b"] for d in DISTINCT])
    shared = [d for d in DISTINCT if found[d["name_a"]] == found[d["name_b"]]]
    false = [d for d in shared if d["note"] != "vowels-only"]
    # Names apart only by their vowels share a key in either script (محمد and محمود: "mhmd"):
    # said, not failed; the search ranks the name as written first.
    for d in shared:
        print(f"{d['note'] or 'FALSE'}: {d['name_a']} / {d['name_b']} [{found[d['name_a']]}]")
    assert len(false) <= FALSE_MATCHES_MAX, [
        (d["name_a"], d["name_b"], found[d["name_a"]]) for d in false
    ]


@pytest.mark.django_db
def test_a_latin_query_finds_the_arabic_only_file_of_a_real_name(delegate):
    _found, matching = matching_pairs()
    # A few whole names, spread over the set (Moulay, Ibn, Ben, En-, al-, hyphens and
    # apostrophes): few rows, fast.
    sample = [p for p in matching if p["part"] == "full"][::4]
    assert len(sample) >= 6
    people = []
    for pair in sample:
        first, last = pair["arabic"].split(" ", 1)
        people.append(
            BeneficiaryFactory(
                first_name_ar=first, last_name_ar=last, first_name_lat="", last_name_lat=""
            )
        )
    for pair, person in zip(sample, people, strict=True):
        found = list(search_beneficiaries(delegate, pair["latin"]))
        assert person in found, pair
        assert not set(found) & (set(people) - {person}), pair


# Measured: 483 of the 484 Arabic-only files found by their Latin form (99.8%) with the
# search's other spellings (selectors.SPELLINGS: the L of Abd el- once or twice found the
# Abdeltif written for Abdellatif) and the whole name's sound however short
# (whole_name_keys); 480 (99.2%) before those of Abd el-, 457 (94.4%) before any. The one
# left is Benbarek for بن مبارك (a letter elided).
SEARCH_RECALL_MIN = 0.997


@pytest.mark.django_db
def test_the_search_finds_the_arabic_only_file_of_every_real_name_by_its_latin_form(delegate):
    """Each pair's Arabic form planted alone (a given name with a family name of the set, a
    family name with a given name, a full name as it is), then looked for by its Latin form:
    the search's recall over the whole set, the pairs whose keys differ included."""
    givens = [p for p in PAIRS if p["part"] == "given"]
    families = [p for p in PAIRS if p["part"] == "family"]

    def names(i, pair):
        if pair["part"] == "full":
            ar_first, _, ar_last = pair["arabic"].partition(" ")
            return (ar_first, ar_last), pair["latin"]
        if pair["part"] == "given":
            other = families[i % len(families)]
            return (pair["arabic"], other["arabic"]), f"{pair['latin']} {other['latin']}"
        other = givens[i % len(givens)]
        return (other["arabic"], pair["arabic"]), f"{other['latin']} {pair['latin']}"

    from beneficiaries.models import Beneficiary

    planted = []
    for i, pair in enumerate(PAIRS):
        (first, last), query = names(i, pair)
        person = BeneficiaryFactory.build(
            first_name_ar=first, last_name_ar=last, first_name_lat="", last_name_lat=""
        )
        planted.append((person, query))
    Beneficiary.objects.bulk_create([person for person, _query in planted])
    missed = []
    for person, query in planted:
        if person not in search_beneficiaries(delegate, query):
            missed.append(f"{query} / {person.first_name_ar} {person.last_name_ar}")
    recall = 1 - len(missed) / len(planted)
    assert recall >= SEARCH_RECALL_MIN, f"{recall:.3f}; missed:\n" + "\n".join(missed)
