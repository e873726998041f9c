"""The search's lexicon (beneficiaries.models.NameWord): the words of the people's names, kept
by PostgreSQL on every write (imports included), read by the people search to find a part of
a name through the whole-words index; the words of an anonymised file go with it."""

import io

import pytest
from django.db import connection

from beneficiaries import bulk, selectors
from beneficiaries.models import Beneficiary, NameWord
from beneficiaries.retention import beneficiary_anonymise
from beneficiaries.selectors import search_beneficiaries
from beneficiaries.services import name_words_reconcile
from tests.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db

HEADER = "first_name_ar,last_name_ar,first_name_lat,last_name_lat,sex,birth_year,cin,phone,"
HEADER += "province_code,target_groups,delegation_code\n"


def words():
    return set(NameWord.objects.values_list("word", flat=True))


def person(first="Karima", last="Ziani", first_ar="كريمة", last_ar="الزياني"):
    return BeneficiaryFactory(
        first_name_lat=first, last_name_lat=last, first_name_ar=first_ar, last_name_ar=last_ar
    )


def test_a_new_file_brings_its_words_once():
    person()
    person()
    # Folded, as the search reads them (ة written ه), and each once.
    assert words() == {"الزياني", "كريمه", "karima", "ziani"}
    assert NameWord.objects.count() == 4


def test_a_name_changed_brings_its_new_words_and_other_changes_none():
    someone = person()
    Beneficiary.objects.filter(pk=someone.pk).update(last_name_lat="Zianou")
    assert "zianou" in words()
    before = NameWord.objects.count()
    Beneficiary.objects.filter(pk=someone.pk).update(phone="0612345678")
    assert NameWord.objects.count() == before


def test_an_import_brings_its_words(central):
    text = HEADER + "محمد,بناني,Mohammed,Bennani,M,1980,,,MA-KHO,,DP-MA-KHO\n"
    text += "سعيد,التازي,Said,Tazi,M,1981,,,MA-KHO,,DP-MA-KHO\n"
    assert bulk.import_beneficiaries(io.BytesIO(text.encode()), "p.csv", actor=central).ok
    assert {"mohammed", "bennani", "said", "tazi", "محمد", "التازي"} <= words()


@pytest.mark.parametrize("query", ["zian", "ZIAN", "iani", "كريم", "Karima zia", "arim ian"])
def test_a_part_of_a_name_is_found_through_the_lexicon(delegate, query):
    someone = person()
    BeneficiaryFactory(first_name_lat="Salma", last_name_lat="Tazi")
    assert "name_words" in str(selectors.written_in_names(query.lower().split()))
    assert list(search_beneficiaries(delegate, query)) == [someone]


def test_a_word_the_lexicon_lacks_is_looked_for_in_the_names_themselves(delegate):
    someone = person()
    NameWord.objects.all().delete()
    for query in ["zian", "Karima Ziani", "كريمة"]:
        assert list(search_beneficiaries(delegate, query)) == [someone], query


def test_a_part_held_by_many_words_is_looked_for_in_the_names(delegate, monkeypatch):
    monkeypatch.setattr(selectors, "WORD_FORMS_MAX", 1)
    zianou = person(last="Zianou")
    ziani = person()
    assert "name_words" not in str(selectors.written_in_names(["zian"]))
    assert set(search_beneficiaries(delegate, "zian")) == {ziani, zianou}


def test_a_word_the_lexicon_holds_twice_does_not_hide_one_beyond_the_limit(delegate, monkeypatch):
    """Two transactions may add a word at once: the lexicon then holds it twice, and the words
    read for a part may be fewer than those holding it. The limit counts rows."""
    monkeypatch.setattr(selectors, "WORD_FORMS_MAX", 2)
    ziani = person()
    NameWord.objects.create(word="ziani")
    zianou, zianet = person(last="Zianou"), person(last="Zianet")
    assert set(search_beneficiaries(delegate, "zian")) == {ziani, zianou, zianet}


def test_the_lexicon_and_the_names_find_the_same_people(delegate):
    """Every query finds with the lexicon exactly what the names' trigram index finds."""
    for first, last in [("Karima", "Ziani"), ("Karim", "Zianou"), ("Fatima-Zahra", "Tazi")]:
        person(first=first, last=last)
    for query in ["kari", "karim", "zian", "ima zia", "fatima-zah", "taz", "rim nou", "xyz"]:
        lexicon = Beneficiary.objects.alias(name_words=selectors.Words("search_name")).filter(
            selectors.written_in_names(query.split())
        )
        names = Beneficiary.objects.all()
        for word in query.split():
            names = names.filter(search_name__contains=word)
        assert sorted(p.pk for p in lexicon) == sorted(p.pk for p in names), query


def test_an_anonymised_file_takes_its_own_words_away_and_leaves_the_shared_ones():
    rare = person(last="Zerhouni", last_ar="الزرهوني")
    two_words = person(first="Lalla", last="Ait Oubella")
    person()
    beneficiary_anonymise(beneficiary=rare)
    beneficiary_anonymise(beneficiary=two_words)
    assert not {"zerhouni", "الزرهوني", "lalla", "ait", "oubella"} & words()
    assert {"karima", "كريمه"} <= words()


def test_the_nightly_reconciliation_makes_the_lexicon_the_names_words():
    someone = person()
    with connection.cursor() as cursor:
        # A word no file holds, a word twice, a word missing.
        cursor.execute("INSERT INTO beneficiaries_nameword (word) VALUES ('ghost'), ('karima')")
        cursor.execute("DELETE FROM beneficiaries_nameword WHERE word = 'ziani'")
    assert name_words_reconcile() == {"name words taken out": 2, "added": 1}
    assert words() == set(someone.search_name.split())
    assert NameWord.objects.count() == 4
    assert name_words_reconcile() == {"name words taken out": 0, "added": 0}
