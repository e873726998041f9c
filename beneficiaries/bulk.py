"""The fast path for large files of people: thousands of rows a second, all or nothing.

django-import-export checks and saves one row at a time (a query or more per row for the
related records, one INSERT per row, one audit trigger per row): right for the admin's small
files, far too slow for a delegation's register of 100,000 people. This path reads the same
columns as `BeneficiaryResource` and applies the same rules, in bulk:

- rows are streamed (csv over a decoded text stream, openpyxl in read-only mode), never
  loaded whole, by a thread of their own: reading and checking the next rows goes on while
  PostgreSQL writes the last ones (two cores at work, not one after the other);
- each row is checked by the model's own rules, the very code the person form runs: each
  field's `clean()` (its validators, choices, length), then `Beneficiary.clean()` (a first
  name, dates not in the future, the province covered by the delegation, the centre in it).
  A value met before is not checked again (a register holds a few hundred first names);
- provinces, delegations, centres and target groups are read once, among those the importing
  user may see; the CINs are checked against the file as it is read and, once per batch,
  against the database (one join of the staged batch, then `selectors.cins_on_file` for the
  answer: the number only of a file the user sees);
- each batch of valid rows is given its file numbers (the delegations' counters, one
  statement a batch), COPYed into a staging table and moved into the people's table by one
  INSERT ... SELECT (with their target groups by another), inside ONE transaction that is
  rolled back if any row was bad: a file with bad rows (or an import killed half-way) writes
  nothing;
- every bad row is reported with its line in the file (the header is line 1) and its reasons.

The rules are written once, in the model (and the form's CIN answers, in the selectors): no
SQL here says what a valid person is, only where the valid rows go. Checking in SQL would
have meant writing `Beneficiary.clean()` and the fields' validators a second time.

The audit trail is the one row by row would write: for each row inserted, one event of
pghistory's insert trigger with the importing user as context, written for the batch by the
trigger's statement-level twin (`entraide.imports.insert_audited`).

What is left is PostgreSQL's own work for each row, most of the time: the two phonetic name
keys (entraide_name_key, PL/pgSQL) computed for the person and again for the audit row (the
event table copies the generated columns), four GIN indexes on the names, thirteen B-trees on
the people's table and eight on its events, and the deferred foreign keys checked at commit.

Files are read by the rules of every import of the portal (`entraide.imports`: encoding,
separator, lines, formula escaping, report of bad rows).
"""

import datetime
import io
import logging
import queue
import threading
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, reset_queries, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from centres.models import Centre, TargetGroup
from entraide.audit import acting_as
from entraide.imports import (
    BadRow,
    FileError,
    FileReport,
    copy_line,
    copy_lines,
    csv_records,
    data_lines,
    insert_audited,
    open_workbook,
    skip_trigger_lookup_errors,
    text_encoding_and_lines,
    unknown_code,
    unknown_codes,
    unquote,
)
from entraide.validators import clean_text, normalise_cin, normalise_phone
from territory.models import OrgUnit, Province

from .models import Beneficiary, BeneficiaryTargetGroup
from .selectors import cins_on_file
from .services import (
    CIN_CHECKS_PAUSED,
    CIN_HELD_ELSEWHERE,
    CIN_HELD_HERE,
    allocate_file_number_blocks,
    cin_refusals_record,
)

logger = logging.getLogger(__name__)

# Rows read, checked and written at a time: a batch is COPYed and inserted while the next one
# is read.
BATCH_SIZE = 5000

# The columns of a file of people, as BeneficiaryResource exports them.
COLUMNS = [
    "file_number",
    "first_name_ar",
    "last_name_ar",
    "first_name_lat",
    "last_name_lat",
    "sex",
    "birth_date",
    "birth_year",
    "cin",
    "phone",
    "address",
    "province_code",
    "commune",
    "marital_status",
    "education",
    "target_groups",
    "disability_type",
    "disability_degree",
    "disability_card",
    "delegation_code",
    "centre_code",
]
REQUIRED_COLUMNS = ["sex", "province_code"]
TEXT_FIELDS = [
    "first_name_ar",
    "last_name_ar",
    "first_name_lat",
    "last_name_lat",
    "address",
    "commune",
    "disability_card",
]
CHOICE_FIELDS = ["marital_status", "education", "disability_type", "disability_degree"]
# The model's fields a file gives, checked by each field's own clean(); the related records
# (province, delegation, centre) are looked up by code, and the file number is given on
# writing.
CHECKED_FIELDS = [*TEXT_FIELDS, "sex", "birth_date", "birth_year", "cin", "phone", *CHOICE_FIELDS]
# An empty cell of these is no value at all (None), not an empty text.
NULLABLE_FIELDS = {"birth_date", "birth_year"}
# Values not worth remembering: every row has its own.
UNIQUE_FIELDS = {"cin", "phone"}
# The model field each column fills, where the names differ (for the reasons' prefixes).
COLUMN_OF_FIELD = {
    "province": "province_code",
    "delegation": "delegation_code",
    "centre": "centre_code",
}
# How many values of a field are remembered as checked before the memory starts afresh.
REMEMBERED = 20_000


@dataclass
class BulkReport(FileReport):
    created: int = 0
    dry_run: bool = False
    # The ids of the files created, for the duplicate scan that follows an import.
    created_ids: list[int] = field(default_factory=list)


# Reading --------------------------------------------------------------------------------------


def _csv_rows(handle):
    encoding, lines = text_encoding_and_lines(handle)
    text = io.TextIOWrapper(handle, encoding=encoding, newline="")

    def rows():
        try:
            yield from csv_records(text)
        finally:
            # The caller's file stays theirs to close.
            text.detach()

    return max(lines - 1, 0), rows()


def _xlsx_rows(handle):
    book = open_workbook(handle)
    sheet = book.worksheets[0]

    def rows():
        try:
            yield from sheet.iter_rows(values_only=True)
        finally:
            book.close()

    return max((sheet.max_row or 1) - 1, 0), rows()


def _cell(value):
    """A cell as text: XLSX cells come typed (numbers, dates), CSV cells as text."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):  # XLSX dates come as datetimes: the day
        value = value.date()
    # Rows are written by SQL, and the rules are checked on the cleaned text: clean it as it
    # is read (NFC, no bidirectional overrides, zero-width or control characters), so that a
    # name typed with U+202E is neither stored nor compared reversed.
    return unquote(clean_text(str(value)).strip())


def read_rows(handle, filename):
    """(header, an estimate of the number of rows, an iterator of (line, {column: text})).

    `handle` is a seekable binary file. Lines are the spreadsheet's row numbers: the header is
    line 1, and blank rows keep their number but are skipped.
    """
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        estimate, rows = _csv_rows(handle)
    elif suffix == ".xlsx":
        estimate, rows = _xlsx_rows(handle)
    else:
        raise FileError(_("Send a .csv or .xlsx file."))
    header = next(rows, None)
    if not header or not any(_cell(c) for c in header):
        rows.close()
        raise FileError(_("The file is empty: the first line must name the columns."))
    columns = [_cell(c).lower() for c in header]

    def cells(values):
        # A register repeats its names, places and codes: each text is cleaned once.
        for value in values:
            try:
                yield seen[value]
            except (KeyError, TypeError):  # TypeError: an XLSX cell that is not hashable
                text = _cell(value)
                if len(seen) >= REMEMBERED:
                    seen.clear()
                if isinstance(value, str):
                    seen[value] = text
                yield text

    seen = {}

    def records():
        try:
            for line, texts in data_lines(list(cells(values)) for values in rows):
                yield line, dict(zip(columns, texts, strict=False))
        finally:
            rows.close()

    return columns, estimate, records()


# Checking -------------------------------------------------------------------------------------


class RowError(Exception):
    def __init__(self, reasons):
        super().__init__(reasons)
        # (column or None, message)
        self.reasons = reasons


def _unknown(model, value):
    # The same words as the admin's imports (CodeWidget).
    return unknown_code(model, "code", value)


@dataclass
class Staged:
    """A valid row, as a line of COPY's text for the staging table (less its file number, given
    when its batch is written)."""

    delegation: OrgUnit
    grouped: bool  # in a target group
    copy: str


class RowChecker:
    """Checks a row by the model's rules and the form's (province covered by the delegation,
    open centre, active target groups), from caches filled once: no query per row, so that
    it runs in a thread of its own."""

    def __init__(self, *, actor=None, unit=None):
        self.actor = actor
        delegations = OrgUnit.objects.delegations()
        if actor is not None:
            delegations = delegations.visible_to(actor)
        if unit is not None:
            delegations = delegations.under(unit)
        self.delegations = {d.code.upper(): d for d in delegations}
        self.default_delegation = None
        if unit is not None and unit.kind == OrgUnit.Kind.DELEGATION:
            self.default_delegation = self.delegations.get(unit.code.upper())
        elif unit is None and actor is not None and actor.unit_id:
            self.default_delegation = self.delegations.get(actor.unit.code.upper())
        covered = OrgUnit.provinces.through.objects.filter(
            orgunit_id__in=[d.pk for d in self.delegations.values()]
        ).values_list("orgunit_id", "province_id")
        by_delegation = {d.pk: set() for d in self.delegations.values()}
        for delegation_id, province_id in covered:
            by_delegation[delegation_id].add(province_id)
        for delegation in self.delegations.values():
            # What `Beneficiary.clean()` reads through `covered_provinces`: read here at once.
            delegation._covered_province_ids = by_delegation[delegation.pk]
        self.provinces = {p.code.upper(): p for p in Province.objects.all()}
        centres = Centre.objects.open().filter(delegation__in=list(self.delegations.values()))
        if actor is not None:
            centres = centres.visible_to(actor)
        self.centres = {c.code.upper(): c for c in centres.only("pk", "code", "delegation_id")}
        self.groups = {g.code.lower(): g.pk for g in TargetGroup.objects.active()}
        self.blank = Beneficiary._meta.get_field("delegation").error_messages["blank"]
        self.fields = {name: Beneficiary._meta.get_field(name) for name in CHECKED_FIELDS}
        self.checked = {name: {} for name in CHECKED_FIELDS}
        # The person whose clean() runs the model's rules on each row in turn.
        self.person = Beneficiary(created_by=actor)
        # The CINs of the valid rows so far, with their line.
        self.seen_cins = {}

    def clean_field(self, name, raw):
        """(the field's value, its reasons): what `full_clean` makes of the field. A value
        checked before is not checked again."""
        checked = self.checked[name]
        found = checked.get(raw)
        if found is not None:
            return found
        model_field = self.fields[name]
        if model_field.blank and raw in model_field.empty_values:
            found = (None if name in NULLABLE_FIELDS else raw, ())
        else:
            try:
                found = (model_field.clean(raw, self.person), ())
            except ValidationError as error:
                # As full_clean leaves it: the value as given, or none if it cannot be read.
                try:
                    value = model_field.to_python(raw)
                except ValidationError:
                    value = None if name in NULLABLE_FIELDS else raw
                found = (value, tuple(error.messages))
        if name not in UNIQUE_FIELDS:
            if len(checked) >= REMEMBERED:
                checked.clear()
            checked[raw] = found
        return found

    def check(self, line, row):
        """The row as it is staged, or RowError with every reason."""
        errors = []  # (column or None, message)
        get = row.get
        if get("file_number"):
            errors.append((None, _("This import only creates new files: leave file_number empty.")))
        # Written as the form and the admin's Resource take them.
        given = {name: get(name, "") for name in CHECKED_FIELDS}
        given["sex"] = given["sex"].upper()
        given["cin"] = _cin(given["cin"])
        given["phone"] = _phone(given["phone"])
        for name in CHOICE_FIELDS:
            given[name] = given[name].lower()
        values = {}
        clean_field = self.clean_field
        for name, raw in given.items():
            values[name], reasons = clean_field(name, raw)
            if reasons:
                errors.extend((name, reason) for reason in reasons)

        code = get("province_code", "")
        province = self.provinces.get(code.upper())
        if province is None:
            errors.append(("province_code", _unknown(Province, code) if code else self.blank))
        code = get("delegation_code", "")
        delegation = self.delegations.get(code.upper()) if code else self.default_delegation
        if delegation is None:
            errors.append(("delegation_code", _unknown(OrgUnit, code) if code else self.blank))
        centre = None
        if code := get("centre_code"):
            centre = self.centres.get(code.upper())
            if centre is None:
                errors.append(("centre_code", _unknown(Centre, code)))
        group_ids = []
        if codes := get("target_groups"):
            codes = [c.strip().lower() for c in codes.split("|") if c.strip()]
            missing = {c for c in codes if c not in self.groups}
            if missing:
                errors.append(("target_groups", unknown_codes(missing)))
            else:
                group_ids = sorted({self.groups[c] for c in codes})

        # The model's own rules across fields, on the values as full_clean leaves them.
        person = self.person
        person.__dict__.update(
            values,
            province_id=province.pk if province else None,
            delegation_id=delegation.pk if delegation else None,
            centre_id=centre.pk if centre else None,
        )
        person._state.fields_cache.update(province=province, delegation=delegation, centre=centre)
        try:
            person.clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = None if name == "__all__" else COLUMN_OF_FIELD.get(name, name)
                errors.extend((column, m) for m in messages)
        if errors:
            raise RowError(errors)

        cin = values["cin"]
        if cin:
            first = self.seen_cins.get(cin)
            if first is not None:
                reason = _("The same CIN is on line %(line)s.") % {"line": first}
                raise RowError([("cin", reason)])
            self.seen_cins[cin] = line
        staged = [line, *values.values(), province.pk, delegation.pk]
        staged += (centre.pk if centre else None, group_ids)
        return Staged(delegation, bool(group_ids), copy_line(staged))


def _cin(text):
    # What normalise_cin gives, at once for a CIN already written as stored.
    return text.upper() if text.isascii() and text.isalnum() else normalise_cin(text)


def _phone(text):
    # What normalise_phone gives, at once for a number written as its digits.
    return text if text.isascii() and text.isdigit() else normalise_phone(text)


# The staging table: the file number, the line, the checked values, then the groups.
STAGING = "beneficiaries_import_staging"
CHECKED_COLUMNS = [*CHECKED_FIELDS, "province", "delegation", "centre"]
STAGED_FIELDS = ["file_number", *CHECKED_COLUMNS]


def _staged_columns():
    column = {name: Beneficiary._meta.get_field(name).column for name in STAGED_FIELDS}
    return [column["file_number"], "line", *(column[n] for n in CHECKED_COLUMNS), "groups"]


def _create_staging():
    quote = connection.ops.quote_name
    columns = ["line integer"]
    for name in STAGED_FIELDS:
        model_field = Beneficiary._meta.get_field(name)
        columns.append(f"{quote(model_field.column)} {model_field.db_type(connection)}")
    group_pk = TargetGroup._meta.pk.db_type(connection)
    columns.append(f"groups {group_pk}[]")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        cursor.execute(f"CREATE TEMPORARY TABLE {STAGING} ({', '.join(columns)}) ON COMMIT DROP")


# In the parameters of the insert: the moment of the batch, for the created and changed times.
NOW = object()


def _insert_plan(actor):
    """(the people's table's columns, the SELECT that fills them from the staging table, its
    parameters with NOW for the moment): every column of a new file, as `bulk_create` would
    write it."""
    quote = connection.ops.quote_name
    staged = {Beneficiary._meta.get_field(n).column for n in STAGED_FIELDS}
    columns, values, params = [], [], []
    for model_field in Beneficiary._meta.concrete_fields:
        if model_field.primary_key or model_field.generated:
            continue
        column = model_field.column
        if column in staged:
            columns.append(column)
            values.append(quote(column))
            continue
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            params.append(NOW)
        elif model_field.name == "created_by":
            params.append(actor.pk if actor else None)
        elif model_field.has_db_default():
            continue
        elif model_field.has_default() and callable(model_field.default):
            # One value for every row would be wrong for a uuid4 or a moment.
            raise NotImplementedError(f"{model_field.name}: a default computed for each row")
        else:
            params.append(model_field.get_db_prep_save(model_field.get_default(), connection))
        columns.append(column)
        values.append("%s")
    select = f"SELECT {', '.join(values)} FROM {STAGING} ORDER BY line"  # noqa: S608
    return columns, select, params


# Importing ------------------------------------------------------------------------------------


class _Rollback(Exception):
    pass


@dataclass
class _Batch:
    """What the reading thread hands over: the rows read since the last batch."""

    read: int = 0  # rows read from the start of the file
    staged: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    last: bool = False


class _Reader:
    """Reads and checks the rows in a thread of its own, a batch at a time (at most two batches
    ahead of the writing), in the language of the import. It never touches the database."""

    def __init__(self, rows, checker, *, batch_size):
        self.rows = rows
        self.checker = checker
        self.batch_size = batch_size
        self.batches = queue.Queue(maxsize=2)
        self.stopped = threading.Event()
        self.language = translation.get_language()
        self.thread = threading.Thread(target=self.run, name="import-reader", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        while self.thread.is_alive():
            try:
                self.batches.get(timeout=0.1)
            except queue.Empty:
                pass
        self.thread.join()

    def __iter__(self):
        while True:
            try:
                batch = self.batches.get(timeout=1)
            except queue.Empty:
                if self.thread.is_alive():
                    continue
                raise RuntimeError("The thread reading the file stopped without a word.") from None
            if isinstance(batch, BaseException):
                raise batch
            yield batch
            if batch.last:
                return

    def hand_over(self, item):
        while not self.stopped.is_set():
            try:
                self.batches.put(item, timeout=0.1)
            except queue.Full:
                continue
            return

    def run(self):
        if self.language:
            translation.activate(self.language)
        try:
            with connection.execute_wrapper(_no_queries):  # this thread's connection
                self.read()
        except BaseException as error:  # noqa: BLE001 - raised again by the writing thread
            self.hand_over(error)
        finally:
            translation.deactivate()
            connection.close()  # this thread's, had anything opened it

    def read(self):
        batch, read = _Batch(), 0
        for line, row in self.rows:
            if self.stopped.is_set():
                return
            read += 1
            try:
                batch.staged.append(self.checker.check(line, row))
            except RowError as error:
                batch.errors.extend(BadRow.at(line, m, c) for c, m in error.reasons)
            if read % self.batch_size == 0:
                batch.read = read
                self.hand_over(batch)
                batch = _Batch()
        batch.read, batch.last = read, True
        self.hand_over(batch)


def _no_queries(execute, sql, params, many, context):
    # The rows are checked from the caches: a query here would run outside the import's
    # transaction, on a connection of its own.
    raise RuntimeError("The thread reading the file may not query the database.")


class _Writer:
    """Takes the batches of checked rows: stages them, checks their CINs against the database
    and, while the file is clean so far, moves them into the people's table."""

    def __init__(self, report, checker, *, dry_run):
        self.report = report
        self.actor = checker.actor
        self.dry_run = dry_run
        # (line, CIN) of the CINs that files outside the importer's scope hold.
        self.held_elsewhere = []
        self.plan = None

    def take(self, batch):
        report = self.report
        report.total = batch.read
        report.errors.extend(batch.errors)
        if not batch.staged:
            return
        # Numbers are given only to rows that will be written: a dry run, or a file already
        # refused, holds no delegation's counter (another import would wait for it).
        writing = not (report.errors or self.dry_run)
        self.stage(batch.staged, numbered=writing)
        for line, reason in self.cins_held():
            report.refuse(line, reason, "cin")
        if writing and not report.errors:
            self.write(any(row.grouped for row in batch.staged))
        # DEBUG keeps every query's SQL.
        reset_queries()

    def stage(self, rows, *, numbered):
        if self.plan is None:
            _create_staging()
            self.plan = _insert_plan(self.actor)
        if numbered:
            given = allocate_file_number_blocks(Counter(row.delegation for row in rows))
            given = {delegation: iter(numbers) for delegation, numbers in given.items()}
            # A file number needs no escaping in COPY's text.
            lines = "".join(f"{next(given[row.delegation])}\t{row.copy}" for row in rows)
        else:
            lines = "".join(f"\\N\t{row.copy}" for row in rows)
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {STAGING}")
        copy_lines(STAGING, _staged_columns(), lines)

    def cins_held(self):
        """(line, reason) of the staged rows whose CIN a file already holds: the form's answer
        (`cins_on_file`: the file's number only if the importer may see it)."""
        quote = connection.ops.quote_name
        cin = quote(Beneficiary._meta.get_field("cin").column)
        with connection.cursor() as cursor:
            # `<> ''`: the partial unique index on CIN answers each.
            cursor.execute(
                f"SELECT staged.line, staged.{cin} FROM {STAGING} AS staged "  # noqa: S608
                f"JOIN {quote(Beneficiary._meta.db_table)} AS person "
                f"ON person.{cin} = staged.{cin} AND person.{cin} <> '' "
                f"WHERE staged.{cin} <> '' ORDER BY staged.line"
            )
            found = cursor.fetchall()
        if not found:
            return []
        held = cins_on_file(self.actor, [cin for _line, cin in found])
        refused = []
        for line, cin in found:
            if cin not in held:
                continue  # gone since (merged, anonymised): the insert will say
            if held[cin]:
                reason = CIN_HELD_HERE % {"number": held[cin]}
            else:
                self.held_elsewhere.append((line, cin))
                reason = CIN_HELD_ELSEWHERE
            refused.append((line, reason))
        return refused

    def write(self, with_groups):
        columns, select, params = self.plan
        now = timezone.now()
        params = [now if param is NOW else param for param in params]
        created = insert_audited(Beneficiary, columns, select, params, returning=["id"])
        if with_groups:
            quote = connection.ops.quote_name
            people = quote(Beneficiary._meta.db_table)
            number = quote(Beneficiary._meta.get_field("file_number").column)
            insert_audited(
                BeneficiaryTargetGroup,
                ["beneficiary_id", "targetgroup_id"],
                f"SELECT person.id, targetgroup_id FROM {STAGING} AS staged "  # noqa: S608
                f"JOIN {people} AS person ON person.{number} = staged.{number}, "
                "unnest(staged.groups) AS targetgroup_id "
                "WHERE cardinality(staged.groups) > 0 ORDER BY staged.line, targetgroup_id",
            )
        self.report.created += len(created)
        self.report.created_ids += [pk for (pk,) in created]

    def finish(self):
        if self.plan is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")


def _limit_cins_held_elsewhere(report, held_elsewhere, *, actor):
    """Record the CINs refused because files outside the importer's scope hold them (after the
    import's transaction, which rolled back). Past the hourly allowance, the report no longer
    says which lines: a file of thousands of CINs would map who is on file in the country."""
    over = cin_refusals_record(
        actor=actor, cins=[cin for _line, cin in held_elsewhere], where="import"
    )
    if over:
        told = {BadRow.at(line, CIN_HELD_ELSEWHERE, "cin") for line, _cin in held_elsewhere}
        report.errors = [error for error in report.errors if error not in told]
        report.refuse(None, CIN_CHECKS_PAUSED)


def _run(report, reader, writer, *, estimate, progress):
    try:
        for batch in reader:
            writer.take(batch)
            if progress is not None and not batch.last:
                progress(report.total, max(estimate, report.total))
    except FileError as error:
        report.refuse(None, error)
    except IntegrityError:
        # Another user filed the same CIN between the check and the insert, say. The
        # database's own words are for the log, not for the person importing.
        logger.warning("Import of people refused by the database", exc_info=True)
        report.refuse(
            None,
            _(
                "The rows could not be saved, probably because someone filed some of "
                "these people while the file was being imported. Send the file again "
                "to see which lines."
            ),
        )


def import_beneficiaries(
    handle,
    filename,
    *,
    actor=None,
    unit=None,
    dry_run=False,
    progress=None,
    batch_size=BATCH_SIZE,
):
    """Import a CSV or XLSX file of new people, all or nothing.

    `actor`: the importing user (delegations, centres looked up among those they may see;
    None for a server-side command: every delegation). `unit`: limit the import to the
    delegations under this OrgUnit. `progress(rows_done, rows_total)` is called after each
    batch; rows_total is an estimate until the end.
    """
    report = BulkReport(dry_run=dry_run)
    try:
        columns, estimate, rows = read_rows(handle, filename)
    except FileError as error:
        report.refuse(None, error)
        return report
    with closing(rows):
        missing = [c for c in REQUIRED_COLUMNS if c not in columns]
        unknown = [c for c in columns if c and c not in COLUMNS]
        if missing:
            report.refuse(1, _("Missing columns: %(columns)s") % {"columns": ", ".join(missing)})
        if unknown:
            report.refuse(1, _("Unknown columns: %(columns)s") % {"columns": ", ".join(unknown)})
        if not report.errors:
            checker = RowChecker(actor=actor, unit=unit)
            writer = _Writer(report, checker, dry_run=dry_run)
            try:
                with transaction.atomic(), acting_as(actor, import_file=filename[:200]):
                    skip_trigger_lookup_errors()
                    with _Reader(rows, checker, batch_size=batch_size) as reader:
                        _run(report, reader, writer, estimate=estimate, progress=progress)
                    if report.errors or dry_run:
                        raise _Rollback
                    writer.finish()
            except _Rollback:
                report.created = 0
                report.created_ids = []
            if writer.held_elsewhere and actor is not None:
                _limit_cins_held_elsewhere(report, writer.held_elsewhere, actor=actor)
            if progress is not None:
                progress(report.total, report.total)
    report.sort_errors()
    return report
