"""Fuzzing the doors through which people's text comes in (issue 15, "Proof"): the people
search, the person form, the public application form and the import of people's files get
arbitrary Unicode (bidirectional overrides, NUL, zero-width characters, 10,000-character
names, mixed scripts), values of the wrong type and sizes past the limits.

Whatever comes in: never a 500, never a control, bidirectional or zero-width character in a
stored row (a name with U+202E must not show reversed), never a row written by a refused
import. Each example runs in a savepoint rolled back at its end, so examples do not see each
other's rows (nor the rate limits' counters)."""

import contextlib
import csv
import io
import logging
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from beneficiaries.bulk import COLUMNS
from beneficiaries.models import Beneficiary
from entraide.models import ImportJob
from recruitment.models import Application
from tests.factories import CompetitionFactory, unit

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the working tree
    print_blob=True,  # a failure prints the decorator that replays it
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # the savepoint per example isolates them
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

# What must never be stored: control characters (NUL included), bidirectional embeddings,
# overrides, isolates and marks, zero-width characters and the byte-order mark.
BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
BIDI |= {"\u200e", "\u200f", "\u061c"}
ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
SPECIALS = sorted(BIDI | ZERO_WIDTH) + [
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x85",
    "\r\n",
    "\t",
    "\u00ad",  # soft hyphen
    "e\u0301",  # é, decomposed
    "\u0627\u0644\u0639\u0644\u0648\u064a",  # العلوي
    "\u0629\u0623\u0625\u0622",  # taa marbuta, hamza forms
    "\U0001f600",
    "\ufdfd",  # an Arabic ligature wider than a word
    "'",
    '"',
    "%",
    "_",
    "\\",
    "--",
    "<script>",
    "=cmd|' /C calc'!A0",
]


def forbidden(value):
    """The characters of `value` that must never be stored."""
    return [c for c in value if c in BIDI or c in ZERO_WIDTH or unicodedata.category(c) == "Cc"]


# Text that is not a surrogate (a str sent over HTTP cannot hold one): any other code point,
# with the dangerous ones made frequent.
characters = st.one_of(st.sampled_from(SPECIALS), st.characters(exclude_categories=("Cs",)))
short_text = st.lists(characters, max_size=20).map("".join)
long_text = st.tuples(st.lists(characters, min_size=1, max_size=4).map("".join)).map(
    lambda t: (t[0] * 10_000)[:10_000]
)
fuzz_text = st.one_of(short_text, long_text)
# A value of the wrong type or size, where a number, a date, a choice or an id is expected.
wrong = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", " ", "null", "None", "[]", "{}", "0", "-1", "٣", "1e309", "0x1F"]),
    st.sampled_from(["2026-02-30", "9999-12-31", "0001-01-01", "1990-13-01", "17/05/1990"]),
    short_text,
)


def maybe(valid, *others):
    """Mostly the valid value, so that rows get written; otherwise fuzz."""
    return st.one_of(st.just(valid), st.just(valid), *others)


def assert_clean(queryset):
    """No stored row of `queryset` holds a forbidden character in any text column."""
    text_fields = [
        f.attname
        for f in queryset.model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
    ]
    for row in queryset.values("pk", *text_fields):
        for name in text_fields:
            value = row[name] or ""
            assert not forbidden(value), (
                f"{queryset.model.__name__} {row['pk']}.{name} stored {forbidden(value)!r} "
                f"in {value[:80]!r}"
            )


@contextlib.contextmanager
def rolled_back(caplog):
    """One example: everything it writes disappears at its end, and nothing it does logs an
    error (a view's 500, an import task that crashed and said only "unexpected error")."""
    caplog.clear()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, errors


def request(client, method, url, data=None):
    """The answer, whatever happens in the view: an exception is a 500, as in production."""
    response = getattr(client, method)(url, data)
    assert response.status_code != 500, (url, data if method == "get" else "POST")
    return response


@pytest.fixture
def staff(worker):
    client = Client(raise_request_exception=False)
    client.force_login(worker)
    return client


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


# The people search ----------------------------------------------------------------------------


@FUZZ
@given(q=st.one_of(fuzz_text, wrong), page=st.one_of(st.just(""), wrong))
# Found by this test: a page number whose OFFSET overflows PostgreSQL's bigint.
@example(q="", page="368934881474191034")
@example(q="\u202eahmad\x00", page="9" * 5000)
def test_the_people_search_answers_any_query_without_a_server_error(staff, caplog, q, page):
    with rolled_back(caplog):
        request(staff, "get", reverse("beneficiaries:search"), {"q": q, "page": page})


# The person form ------------------------------------------------------------------------------

person = st.fixed_dictionaries(
    {
        "first_name_ar": fuzz_text,
        "last_name_ar": fuzz_text,
        "first_name_lat": fuzz_text,
        "last_name_lat": fuzz_text,
        "sex": maybe("F", st.just("X"), wrong),
        "birth_date": maybe("1990-05-17", wrong),
        "birth_year": maybe("", wrong),
        "cin": maybe("", st.just("ab 123456"), fuzz_text),
        "phone": maybe("", st.just("06 12 34 56 78"), fuzz_text),
        "address": fuzz_text,
        "commune": fuzz_text,
        "disability_card": maybe("", fuzz_text),
        "marital_status": maybe("", wrong),
        "target_groups": st.lists(wrong, max_size=3),
        "household-TOTAL_FORMS": maybe("1", wrong),
        "household-INITIAL_FORMS": maybe("0", wrong),
        "household-0-name": fuzz_text,
        "household-0-relation": maybe("", wrong),
        "household-0-age": maybe("", wrong),
        "create_anyway": st.sampled_from(["1", "", "yes"]),
    }
)


@FUZZ
@given(data=person, province=maybe(None, wrong), delegation=maybe(None, wrong))
def test_the_person_form_refuses_or_stores_clean_text_but_never_fails(
    staff, caplog, data, province, delegation
):
    kho = unit("DP-MA-KHO")
    data = {
        **data,
        "province": province if province is not None else kho.provinces.first().pk,
        "delegation": delegation if delegation is not None else kho.pk,
    }
    with rolled_back(caplog):
        request(staff, "post", reverse("beneficiaries:create"), data)
        assert_clean(Beneficiary.objects.all())


# The public application form ------------------------------------------------------------------

PDF = b"%PDF-1.4\n%fuzz\n"
filenames = st.one_of(
    st.just("document.pdf"),
    st.sampled_from(["cv\u202efdp.exe", "\u0646\u0633\u062e\u0629.pdf", "a" * 300 + ".pdf"]),
    st.lists(characters.filter(lambda c: not set(c) & set('"\r\n\x00')), max_size=20).map(
        lambda chars: "".join(chars) + ".pdf"
    ),
)
contents = st.one_of(st.just(PDF), st.just(PDF), st.just(b""), st.binary(max_size=64))
application = st.fixed_dictionaries(
    {
        "cin": maybe("ab 123456", fuzz_text, wrong),
        "first_name_ar": fuzz_text,
        "last_name_ar": fuzz_text,
        "first_name_lat": fuzz_text,
        "last_name_lat": fuzz_text,
        "sex": maybe("F", wrong),
        "birth_date": maybe("1995-06-14", wrong),
        "email": maybe("salma@example.ma", fuzz_text, st.just("a@b.ma\r\nBcc: x@y.ma")),
        "phone": maybe("0661234567", fuzz_text),
        "diploma": fuzz_text,
        "category": maybe("", wrong),
        "accommodation_requested": st.sampled_from(["", "on", "false", "2"]),
        "accommodation_details": fuzz_text,
    }
)


@FUZZ
@given(
    data=application,
    ids=st.fixed_dictionaries({"post_line": maybe(None, wrong), "specialty": maybe(None, wrong)}),
    cin_copy=st.tuples(filenames, contents),
    diploma_copy=st.tuples(filenames, contents),
)
def test_the_public_application_form_refuses_or_stores_clean_text_but_never_fails(
    anonymous, open_competition, caplog, data, ids, cin_copy, diploma_copy
):
    line = open_competition.lines.first()
    data = {
        **data,
        "post_line": ids["post_line"] or line.pk,
        "specialty": ids["specialty"] or line.specialties.first().pk,
        "province": unit("DP-MA-KHO").provinces.first().pk,
        "cin_copy": SimpleUploadedFile(cin_copy[0], cin_copy[1], "application/pdf"),
        "diploma_copy": SimpleUploadedFile(diploma_copy[0], diploma_copy[1], "application/pdf"),
    }
    url = reverse("recruitment:apply", args=[open_competition.reference])
    with rolled_back(caplog):
        request(anonymous, "post", url, data)
        assert_clean(Application.objects.all())


@pytest.fixture
def open_competition(db):
    return CompetitionFactory(reference="CONC-2026-FUZZ")


# The import of people's files -----------------------------------------------------------------

row = st.fixed_dictionaries(
    {
        "first_name_ar": fuzz_text,
        "last_name_ar": fuzz_text,
        "first_name_lat": fuzz_text,
        "last_name_lat": fuzz_text,
        "sex": maybe("F", st.just("m"), wrong),
        "birth_date": maybe("", st.just("1990-05-17"), wrong),
        "birth_year": maybe("", st.just("1955"), wrong),
        "cin": maybe("", fuzz_text),
        "phone": maybe("", fuzz_text),
        "address": fuzz_text,
        "province_code": maybe("MA-KHO", st.just("MA-RAB"), fuzz_text),
        "commune": fuzz_text,
        "target_groups": maybe("", st.just("women|disability"), fuzz_text),
        "disability_card": maybe("", fuzz_text),
        "delegation_code": maybe("DP-MA-KHO", fuzz_text),
        "centre_code": maybe("", fuzz_text),
    }
)


def csv_bytes(rows, header, encoding):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    for values in rows:
        writer.writerow([values.get(column, "") for column in header])
    return text.getvalue().encode(encoding, errors="replace")


upload = st.one_of(
    st.tuples(
        st.lists(row, min_size=1, max_size=3),
        st.one_of(st.just(COLUMNS), st.lists(st.sampled_from(COLUMNS), max_size=6), st.just([])),
        st.sampled_from(["utf-8", "utf-8-sig", "cp1256", "utf-16"]),
        st.sampled_from(
            ["people.csv", "people.CSV", "people.xlsx", "people.txt", "\u202exslx.csv"]
        ),
    ).map(lambda t: (t[3], csv_bytes(t[0], t[1], t[2]))),
    # Whatever bytes, under a name the page accepts.
    st.tuples(st.sampled_from(["people.csv", "people.xlsx"]), st.binary(max_size=200)),
)


@FUZZ
@given(upload=upload)
def test_an_import_refused_writes_nothing_and_one_accepted_stores_clean_text(
    staff, private_media, caplog, upload
):
    name, content = upload
    url = reverse("import_new")
    with rolled_back(caplog):
        before = Beneficiary.objects.count()
        jobs = set(ImportJob.objects.values_list("pk", flat=True))
        data = {"file": SimpleUploadedFile(name, content, "text/csv")}
        request(staff, "post", url, data)
        written = Beneficiary.objects.count() - before
        job = ImportJob.objects.exclude(pk__in=jobs).first()
        if job is None or job.status != ImportJob.Status.SUCCEEDED:
            assert written == 0, (job and job.status, job and job.errors[:3])
        else:
            assert written == job.created_count
        assert_clean(Beneficiary.objects.all())
