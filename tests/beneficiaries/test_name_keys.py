"""One person, whatever the script: a name's phonetic key (entraide.search.NameKey, computed
by PostgreSQL) is the same for its Arabic form and its French-style Latin spellings, and the
people search finds an Arabic-only file by a Latin query, a Latin file by another spelling,
in any word order, exact matches first and the others said to "sound like" the query."""

import pytest
from django.db import connection
from django.urls import reverse

from beneficiaries.selectors import search_beneficiaries
from tests.factories import BeneficiaryFactory, UserFactory

pytestmark = pytest.mark.django_db

# A name as civil documents write it in Arabic, and the Latin spellings clerks use for it.
PAIRS = [
    ("محمد", ["Mohamed", "Mohammed", "Mohamad", "Mohammad", "Mouhamed"]),
    ("بناني", ["Bennani", "Benani"]),
    ("الإدريسي", ["El Idrissi", "Idrissi", "Idrissi", "El-Idrissi"]),
    ("يوسف", ["Youssef", "Yousef", "Youssouf", "Yussef"]),
    ("زينب", ["Zineb", "Zainab", "Zaynab"]),
    ("بن علي", ["Ben Ali", "Benali", "Ben-Ali"]),
    ("فاطمة الزهراء", ["Fatima Zahra", "Fatima-Zahra", "Fatimazahra", "Fatema Zahra"]),
    ("العلوي", ["Alaoui", "El Alaoui", "Alaoui"]),
    ("عبد العزيز", ["Abdelaziz", "Abd El Aziz", "Abdel Aziz", "Abdalaziz"]),
    ("عبد الرحيم", ["Abderrahim", "Abderahim", "Abdel Rahim"]),
    ("خديجة", ["Khadija", "Khadidja"]),
    ("غيثة", ["Ghita", "Rhita"]),
    ("شيماء", ["Chaimae", "Chaymae", "Chaima"]),
    ("هشام", ["Hicham", "Hisham"]),
    ("السعدي", ["Essaadi", "Es-Saadi", "Saadi", "Es Saadi"]),
    ("التازي", ["Tazi", "Ettazi", "Et-Tazi"]),
    ("الجيلالي", ["Jilali", "Gilali", "El Jilali", "Djilali"]),
    ("قاسم", ["Kacem", "Qassem", "Kassem", "Qasim"]),
    ("ڭنون", ["Guennoun", "Guenoun"]),
    ("الشرايبي", ["Chraibi", "Cheraibi"]),
    ("أشرف", ["Achraf", "Ashraf"]),
    ("وليد", ["Oualid", "Walid"]),
    ("رشيد", ["Rachid", "Rachide", "Rashid"]),
    ("مصطفى", ["Mustapha", "Mustafa", "Moustapha", "Mostafa"]),
    ("الوزاني", ["Ouazzani", "El Ouazzani", "Wazzani"]),
    ("برادة", ["Berrada", "Berada"]),
    ("الناصري", ["Naciri", "Nasiri", "En-Naciri"]),
    ("عائشة", ["Aicha", "Aïcha", "Aisha"]),
    ("حسن", ["Hassan", "Hasan"]),
    ("الحسني", ["El Hassani", "Hassani", "El-Hassani"]),
    ("سعيد", ["Said", "Saïd", "Saeed"]),
    ("عبد الله", ["Abdellah", "Abdallah", "Abd Allah"]),
    ("الشرقاوي", ["Cherkaoui", "Charkaoui"]),
    ("العمراني", ["Amrani", "El Amrani"]),
]


def arabic_only(first, last, **fields):
    """A file whose names are written in Arabic script only."""
    return BeneficiaryFactory(
        first_name_ar=first, last_name_ar=last, first_name_lat="", last_name_lat="", **fields
    )


def key(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT replace(entraide_name_key(%s), ' ', '')", [name])
        return cursor.fetchone()[0]


@pytest.mark.parametrize(("arabic", "latin"), PAIRS, ids=[p[1][0] for p in PAIRS])
def test_every_spelling_of_a_name_has_the_key_of_its_arabic_form(arabic, latin):
    expected = key(arabic)
    assert expected, arabic
    assert {spelling: key(spelling) for spelling in latin} == dict.fromkeys(latin, expected)


def test_different_names_keep_different_keys():
    # Names that differ by their consonants. Those that differ only by their vowels share a
    # key, in Arabic script as in Latin (محمد and محمود: "mhmd"): the search ranks the name
    # as written first, and duplicates need more evidence than a key.
    names = ["Mohamed", "Rachid", "Said", "Karim", "Youssef", "Fatima", "Khadija", "Hicham"]
    keys = [key(n) for n in names]
    assert len(set(keys)) == len(keys), dict(zip(names, keys, strict=True))


def test_a_latin_query_finds_an_arabic_only_file(delegate):
    person = arabic_only("يوسف", "الإدريسي")
    for query in ["Youssef El Idrissi", "Idrissi Yousef", "elidrissi youssef", "Yousef Idriss"]:
        found = list(search_beneficiaries(delegate, query))
        assert person in found, query
        assert found[0].exact is False


# Spellings found on documents whose stored key is not their Arabic form's (an article glued
# as a bare L, a taa marbuta written "ah", a th that is t+h, a g written for غ, a swap: see
# test_name_pairs), which the search tries beside the word as typed (selectors.SPELLINGS).
SPELLED_OTHERWISE = [
    ("الحسين", "Lhoussine"),
    ("المختار", "Lmokhtar"),
    ("العمراني", "Lamrani"),
    ("فاطمة", "Fatimah"),
    ("خديجة", "Khadijah"),
    ("التهامي", "Thami"),
    ("الغومري", "Goumri"),
    ("المهدي", "Medhi"),
]


@pytest.mark.parametrize(
    ("arabic", "latin"), SPELLED_OTHERWISE, ids=[p[1] for p in SPELLED_OTHERWISE]
)
def test_a_spelling_whose_key_is_not_the_arabic_one_still_finds_the_arabic_only_file(
    delegate, arabic, latin
):
    assert key(arabic) != key(latin)
    person = arabic_only("سعاد", arabic)
    other = arabic_only("سعاد", "البقالي")
    for query in (latin, f"Souad {latin}", f"{latin} Souad"):
        found = list(search_beneficiaries(delegate, query))
        assert person in found and other not in found, query
        assert not found[0].exact


# A Latin name on file, and the other ways clerks write it in a query (and back): a خ written
# k or h in the query (not a file of Kadija met by Khadija: the خ of an Arabic query read as k
# or h would meet كلال and هلال for خليل), a German sch, an article glued as a bare L or kept
# apart, an Ait with its article glued, the L of Abd el- written once or twice.
WRITTEN_OTHERWISE = [
    ("Khadija", ["Kadija", "Hadija", "خديجة"]),
    ("Khalid", ["Kalid", "Halid"]),
    ("Aicha", ["Aischa"]),
    ("Lkhatib", ["El Khatib", "Al Khatib"]),
    ("El Khatib", ["Lkhatib", "Elkhatib"]),
    ("Ait El Haj", ["Aitelhaj", "Ait Lhaj"]),
    ("Ait Lhaj", ["Ait El Haj"]),
    ("Abdellatif", ["Abdelatif", "Abdeltif"]),
    ("Abdelatif", ["Abdellatif"]),
]


@pytest.mark.parametrize(
    ("on_file", "queries"), WRITTEN_OTHERWISE, ids=[w[0] for w in WRITTEN_OTHERWISE]
)
def test_a_latin_name_is_found_however_else_it_is_written(delegate, on_file, queries):
    person = BeneficiaryFactory(
        first_name_ar="", last_name_ar="", first_name_lat="Souad", last_name_lat=on_file
    )
    other = BeneficiaryFactory(
        first_name_ar="", last_name_ar="", first_name_lat="Souad", last_name_lat="Bekkali"
    )
    for written in queries:
        for query in (f"Souad {written}", f"{written} Souad"):
            found = list(search_beneficiaries(delegate, query))
            assert person in found and other not in found, query


def test_a_whole_name_is_read_in_each_way_its_words_are_spelled(delegate):
    # Laraki: العراقي, the article glued as a bare L; Ghita's key is too short to look for
    # alone, so the whole name's sound is looked for, in both of Laraki's readings.
    person = arabic_only("غيثة", "العراقي")
    other = arabic_only("غيثة", "الوردي")
    for query in ("Ghita Laraki", "Laraki Ghita"):
        found = list(search_beneficiaries(delegate, query))
        assert person in found and other not in found, query


def test_a_word_without_a_spelling_of_its_own_keeps_to_what_is_written(delegate):
    # Jettou: "jt", too short to look for alone, and no other spelling: as written only.
    person = BeneficiaryFactory(first_name_lat="Driss", last_name_lat="Jettou")
    BeneficiaryFactory(first_name_lat="Jamal", last_name_lat="Jatta")  # "jt" too
    assert list(search_beneficiaries(delegate, "Jettou")) == [person]


def test_an_exact_match_comes_before_those_that_sound_like_it(client_for, delegate):
    exact = BeneficiaryFactory(first_name_lat="Mohammed", last_name_lat="Bennani")
    sounds = arabic_only("محمد", "بناني")
    other = BeneficiaryFactory(first_name_lat="Karim", last_name_lat="Tazi")
    found = list(search_beneficiaries(delegate, "Mohammed Bennani"))
    assert found[:2] == [exact, sounds] and other not in found
    assert found[0].exact and not found[1].exact
    page = client_for(delegate).get(reverse("beneficiaries:search"), {"q": "Mohammed Bennani"})
    html = page.content.decode()
    assert html.count('data-testid="sounds-like"') == 1
    assert html.index(exact.file_number) < html.index(sounds.file_number)


@pytest.mark.parametrize("scope", ["delegation", "national"])
def test_a_full_name_ranks_alike_whatever_the_scope(scope, delegate):
    # A delegation's ranks are read by one query, the country's by one per group of ranks
    # (selectors.search_beneficiaries): the same order either way.
    national = UserFactory(username="t-national", national=True)
    user = delegate if scope == "delegation" else national
    latin = {"first_name_ar": "", "last_name_ar": ""}
    sounds = BeneficiaryFactory(**latin, first_name_lat="Kareema", last_name_lat="Zeyani Alaoui")
    written = BeneficiaryFactory(**latin, first_name_lat="Karimati", last_name_lat="Ziani")
    same_sound = arabic_only("كريمة", "زياني")
    whole = BeneficiaryFactory(**latin, first_name_lat="Karima", last_name_lat="Ziani")
    BeneficiaryFactory(**latin, first_name_lat="Karim", last_name_lat="Tazi")
    found = list(search_beneficiaries(user, "Karima Ziani"))
    assert found == [whole, same_sound, written, sounds]
    assert [person.exact for person in found] == [True, False, True, False]


def test_the_key_is_kept_by_postgresql_on_every_write(delegate):
    person = BeneficiaryFactory(first_name_lat="Zineb", last_name_lat="Alami")
    type(person).objects.filter(pk=person.pk).update(first_name_lat="Khadija")
    person.refresh_from_db()
    assert key("Khadija") in person.name_key


def test_a_new_file_meets_its_duplicate_in_the_other_script_born_within_two_years(delegate):
    import datetime

    from beneficiaries.selectors import likely_duplicates

    near = arabic_only("زينب", "العلوي", birth_date=None, birth_year=1990)
    far = arabic_only("زينب", "العلوي", birth_date=None, birth_year=1980)
    found = list(
        likely_duplicates(
            delegate, names=["", "", "Zainab", "El Alaoui"], birth_date=datetime.date(1992, 5, 1)
        )
    )
    assert near in found and far not in found


def test_a_new_file_meets_its_duplicate_written_in_another_spelling_of_its_sounds(delegate):
    import datetime

    from beneficiaries.selectors import likely_duplicates, name_key_readings

    # Fatimah Lamrani: a taa marbuta written -ah, the article glued as a bare L; the file
    # will store its own key, and the check reads فاطمة العمراني's too.
    born = datetime.date(1984, 3, 9)
    same = arabic_only("فاطمة", "العمراني", birth_date=born)
    other = arabic_only("فاطمة", "الوردي", birth_date=born)
    names = ["", "", "Fatimah", "Lamrani"]
    readings = name_key_readings(names)
    assert readings[0] == key("Fatimah Lamrani") and key("فاطمة العمراني") in readings
    found = list(likely_duplicates(delegate, names=names, birth_date=born))
    assert same in found and other not in found


def test_a_file_elsewhere_is_met_by_its_sound_too(worker_rabat):
    import datetime

    from beneficiaries.selectors import file_elsewhere

    person = arabic_only("يوسف", "التازي", birth_date=datetime.date(1985, 3, 3))
    found = file_elsewhere(
        worker_rabat, names=["", "", "Youssef", "Tazi"], birth_date=datetime.date(1985, 3, 3)
    )
    assert found == person.pk


def test_a_common_name_needs_more_evidence_than_a_near_birth_year(delegate, monkeypatch):
    import datetime

    from beneficiaries import selectors

    monkeypatch.setattr(selectors, "COMMON_NAME_FILES", 2)
    same_name = {
        "first_name_ar": "محمد",
        "last_name_ar": "العلوي",
        "first_name_lat": "",
        "last_name_lat": "",
        "birth_date": None,
    }
    near_year = BeneficiaryFactory(**same_name, birth_year=1990)
    BeneficiaryFactory(**same_name, birth_year=1960)
    same_day = BeneficiaryFactory(**{**same_name, "birth_date": datetime.date(1991, 6, 1)})
    found = list(
        selectors.likely_duplicates(
            delegate,
            names=["", "", "Mohammed", "Alaoui"],
            birth_date=datetime.date(1991, 6, 1),
        )
    )
    # Three files bear the name: it is common here; only the same birth date counts.
    assert same_day in found and near_year not in found


def test_a_name_holding_the_words_as_written_is_never_said_to_sound_like_them(delegate):
    # Fouzia sounds as Fouzi does, and holds it as written: no "sounds like" badge for it.
    person = BeneficiaryFactory(
        first_name_ar="", last_name_ar="", first_name_lat="Fouzia", last_name_lat="Benkirane"
    )
    found = list(search_beneficiaries(delegate, "Fouzi Benkirane"))
    assert found == [person]
    assert found[0].exact is True


def test_a_search_of_the_same_shape_keeps_to_each_users_scope(
    worker, worker_rabat, coordinator, central
):
    """A page of a name search is compiled once per shape (selectors.SHAPES), whom the user may
    see part of it: two delegations' workers asking the same name each find their own files
    only, whoever asked first; a region its own; the country finds both."""
    khouribga = BeneficiaryFactory(first_name_lat="Amina", last_name_lat="Alaoui")
    rabat = BeneficiaryFactory(first_name_lat="Amina", last_name_lat="Alaoui", rabat=True)
    for user, files in [
        (worker, [khouribga]),
        (worker_rabat, [rabat]),
        (worker, [khouribga]),
        (coordinator, [khouribga]),  # a region's: its delegations by a subquery
        (central, [rabat, khouribga]),
    ]:
        for query in ["Amina Alaoui", "Amina Alawi", "alao", "امينة العلوي"]:
            assert list(search_beneficiaries(user, query)) == files, (user, query)


def test_a_search_compiled_once_reads_the_pages_the_orm_reads(delegate, central, monkeypatch):
    """The same people, in the same order, with the same exactness, on every page, by the
    compiled shapes as by the ORM; and each shape of the search compiled (none left to the
    ORM after its first compilation)."""
    from django.db import connections

    from beneficiaries import selectors

    for n, (arabic, spellings) in enumerate(PAIRS):
        arabic_only(arabic, PAIRS[(n + 1) % len(PAIRS)][0])
        BeneficiaryFactory(first_name_lat=spellings[0], last_name_lat=spellings[-1])
    queries = [spelling for _arabic, spellings in PAIRS[::3] for spelling in spellings[:2]]
    queries += ["ben", "moh", "ع", "el idrissi zineb", "محمد بناني", "Fatima Zahra Ezzahra"]

    def read(user, query):
        found = search_beneficiaries(user, query)
        pages = [found[0:3], found[3:7], found[2:40]]
        return [[(p.pk, p.exact, getattr(p, "rank", None)) for p in page] for page in pages]

    compiled = [
        (user, query, read(user, query)) for user in (delegate, central) for query in queries
    ]
    assert sum(len(page) for _user, _query, pages in compiled for page in pages) > 100
    monkeypatch.setattr(
        selectors, "SHAPES", lambda build, base, conditions, key=(): list(build(base, conditions))
    )
    for user, query, pages in compiled:
        assert pages == read(user, query), query
    monkeypatch.undo()
    shapes = selectors.SHAPES.shapes(connections["default"])
    assert shapes and all(shapes.values())
    bases = selectors.SHAPES.bases(connections["default"])
    assert bases and all(params is not None for params in bases.values())
