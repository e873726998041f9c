"""The fast path for large files of people: thousands of rows a second, all or nothing.

django-import-export checks and saves one row at a time (a query or more per row for the
related records, one INSERT per row): right for the admin's small files, far too slow for a
delegation's register of 100,000 people. This path reads the same columns as
`BeneficiaryResource` and applies the same rules, in bulk:

- rows are streamed (csv over a decoded text stream, openpyxl in read-only mode), never
  loaded whole;
- provinces, delegations, centres and target groups are read once, among those the importing
  user may see;
- each row is checked by the model itself (`full_clean`: field validators and `clean()`),
  without the per-row queries (foreign keys come from the caches, the CIN is checked against
  the file and, once per batch, against the database);
- valid rows are inserted by `bulk_create` in batches, with file numbers allocated in blocks
  per delegation (one statement a batch), inside ONE transaction that is rolled back if any
  row was bad, so a file with bad rows (or an import killed half-way) writes nothing;
- every bad row is reported with its line in the file (the header is line 1) and its reason.

Files are read by the rules of every import of the portal (`entraide.imports`: encoding,
separator, lines, formula escaping, report of bad rows).

The audit trail needs nothing more: pghistory's triggers record each inserted row, with the
importing user as context.
"""

import datetime
import io
import logging
from collections import defaultdict
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, reset_queries, transaction
from django.utils.translation import gettext as _

from centres.models import Centre, TargetGroup
from entraide.audit import acting_as
from entraide.imports import (
    BadRow,
    FileError,
    FileReport,
    csv_records,
    data_lines,
    open_workbook,
    text_encoding_and_lines,
    unknown_code,
    unknown_codes,
    unquote,
)
from entraide.validators import clean_text, normalise_cin, normalise_phone
from territory.models import OrgUnit, Province

from .models import Beneficiary
from .selectors import cins_on_file
from .services import (
    CIN_CHECKS_PAUSED,
    CIN_HELD_ELSEWHERE,
    CIN_HELD_HERE,
    allocate_file_number_blocks,
    cin_refusals_record,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000

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
# The model field each column fills, where the names differ (for the reasons' prefixes).
COLUMN_OF_FIELD = {
    "province": "province_code",
    "delegation": "delegation_code",
    "centre": "centre_code",
}
# Checked here from the caches rather than by full_clean, which queries for each foreign key
# (and the file number is given on writing).
NOT_CLEANED = {"file_number", "province", "delegation", "centre", "created_by", "merged_into"}


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
    # Rows are written by bulk_create, and the rules are checked on the cleaned text: clean it
    # as it is read (NFC, no bidirectional overrides, zero-width or control characters), so
    # that a name typed with U+202E is neither stored nor compared reversed.
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

    def records():
        try:
            for line, cells in data_lines([_cell(v) for v in values] for values in rows):
                yield line, dict(zip(columns, cells, strict=False))
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


class RowChecker:
    """Turns a row into an unsaved Beneficiary with the model's rules and the form's
    (province covered by the delegation, open centre, active target groups), from caches
    filled once: no query per row."""

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
        self.covered = set(covered)
        self.provinces = {p.code.upper(): p for p in Province.objects.all()}
        centres = Centre.objects.open().filter(delegation__in=list(self.delegations.values()))
        if actor is not None:
            centres = centres.visible_to(actor)
        self.centres = {c.code.upper(): c for c in centres.only("pk", "code", "delegation_id")}
        self.groups = {g.code.lower(): g.pk for g in TargetGroup.objects.active()}
        self.blank = Beneficiary._meta.get_field("delegation").error_messages["blank"]

    def check(self, row):
        """(an unsaved Beneficiary, its target group ids), or RowError with every reason."""
        errors = []  # (column or None, message)
        unparsed = set()  # fields whose text could not be read: not checked again
        get = row.get
        if get("file_number"):
            errors.append((None, _("This import only creates new files: leave file_number empty.")))
        values = {name: get(name, "") for name in TEXT_FIELDS}
        values["sex"] = get("sex", "").upper()
        values["cin"] = normalise_cin(get("cin"))
        values["phone"] = normalise_phone(get("phone"))
        for name in CHOICE_FIELDS:
            values[name] = get(name, "").lower()
        for name in ("birth_date", "birth_year"):
            values[name] = None
            if get(name):
                try:
                    values[name] = Beneficiary._meta.get_field(name).to_python(get(name))
                except ValidationError as error:
                    errors.extend((name, m) for m in error.messages)
                    unparsed.add(name)

        code = get("province_code", "")
        province = self.provinces.get(code.upper())
        if province is None:
            errors.append(("province_code", _unknown(Province, code) if code else self.blank))
        code = get("delegation_code", "")
        delegation = self.delegations.get(code.upper()) if code else self.default_delegation
        if delegation is None:
            errors.append(("delegation_code", _unknown(OrgUnit, code) if code else self.blank))
        elif province is not None and (delegation.pk, province.pk) not in self.covered:
            reason = _("This province is not covered by the delegation.")
            errors.append(("province_code", reason))
        centre = None
        if code := get("centre_code"):
            centre = self.centres.get(code.upper())
            if centre is None:
                errors.append(("centre_code", _unknown(Centre, code)))

        group_ids = []
        codes = [c.strip().lower() for c in get("target_groups", "").split("|") if c.strip()]
        missing = {c for c in codes if c not in self.groups}
        if missing:
            errors.append(("target_groups", unknown_codes(missing)))
        else:
            group_ids = sorted({self.groups[c] for c in codes})

        person = Beneficiary(
            **values,
            province=province,
            delegation=delegation,
            centre=centre,
            created_by=self.actor,
        )
        try:
            person.full_clean(
                exclude=NOT_CLEANED | unparsed, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = None if name == "__all__" else COLUMN_OF_FIELD.get(name, name)
                errors.extend((column, m) for m in messages)
        if errors:
            raise RowError(errors)
        return person, group_ids


# Importing ------------------------------------------------------------------------------------


class _Rollback(Exception):
    pass


class _Importer:
    """One pass over the rows: check each, and write the clean batches while no row was bad
    (after the first bad row, only checking goes on, to report every bad row)."""

    def __init__(self, report, checker, *, batch_size):
        self.report = report
        self.checker = checker
        self.batch_size = batch_size
        self.seen_cins = {}
        self.pending = []
        # (line, CIN) of the CINs that files outside the importer's scope hold.
        self.held_elsewhere = []

    def run(self, rows, *, estimate, progress):
        report = self.report
        try:
            for line, row in rows:
                report.total += 1
                self.check(line, row)
                if len(self.pending) >= self.batch_size:
                    self.flush()
                if progress is not None and report.total % self.batch_size == 0:
                    progress(report.total, max(estimate, report.total))
            self.flush()
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

    def check(self, line, row):
        try:
            person, groups = self.checker.check(row)
        except RowError as error:
            for column, message in error.reasons:
                self.report.refuse(line, message, column)
            return
        if person.cin:
            first = self.seen_cins.get(person.cin)
            if first is not None:
                reason = _("The same CIN is on line %(line)s.") % {"line": first}
                self.report.refuse(line, reason, "cin")
                return
            self.seen_cins[person.cin] = line
        self.pending.append((line, person, groups))

    def flush(self):
        """Check the batch's CINs against the database and, while the file is clean so far,
        write the batch."""
        report = self.report
        cins = [person.cin for _line, person, _groups in self.pending if person.cin]
        held = cins_on_file(self.checker.actor, cins)
        batch = []
        for line, person, groups in self.pending:
            if person.cin not in held:
                batch.append((person, groups))
            elif held[person.cin]:
                report.refuse(line, CIN_HELD_HERE % {"number": held[person.cin]}, "cin")
            else:
                self.held_elsewhere.append((line, person.cin))
                report.refuse(line, CIN_HELD_ELSEWHERE, "cin")
        self.pending.clear()
        if report.errors or report.dry_run or not batch:
            return
        by_delegation = defaultdict(list)
        for person, _groups in batch:
            by_delegation[person.delegation].append(person)
        numbers = allocate_file_number_blocks(
            {d: len(people) for d, people in by_delegation.items()}
        )
        for delegation, people in by_delegation.items():
            for person, number in zip(people, numbers[delegation], strict=True):
                person.file_number = number
        Beneficiary.objects.bulk_create([person for person, _groups in batch])
        through = Beneficiary.target_groups.through
        through.objects.bulk_create(
            [
                through(beneficiary_id=person.pk, targetgroup_id=group_id)
                for person, groups in batch
                for group_id in groups
            ]
        )
        report.created += len(batch)
        report.created_ids += [person.pk for person, _groups in batch]
        # DEBUG keeps every query's SQL, and a bulk insert's is large.
        reset_queries()


def _skip_trigger_lookup_errors():
    # Every audit trigger first asks django-pgtrigger whether it is to be ignored: it reads
    # the setting `pgtrigger.ignore`, and when the session never set it, catches the error in
    # a PL/pgSQL exception block, about 0.25 ms a row, the bulk of an import's time. An empty
    # list (for this transaction only) gives the same answer, "ignore none", without error.
    # (Unless a caller is inside pgtrigger.ignore(), whose list stays.)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pgtrigger.ignore', '{}', true) "
            "WHERE coalesce(current_setting('pgtrigger.ignore', true), '') = ''"
        )


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
            importer = _Importer(report, RowChecker(actor=actor, unit=unit), batch_size=batch_size)
            try:
                with transaction.atomic(), acting_as(actor, import_file=filename[:200]):
                    _skip_trigger_lookup_errors()
                    importer.run(rows, estimate=estimate, progress=progress)
                    if report.errors or dry_run:
                        raise _Rollback
            except _Rollback:
                report.created = 0
                report.created_ids = []
            if importer.held_elsewhere and actor is not None:
                _limit_cins_held_elsewhere(report, importer.held_elsewhere, actor=actor)
            if progress is not None:
                progress(report.total, report.total)
    report.sort_errors()
    return report
