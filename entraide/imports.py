"""Imports, all or nothing, for the admin and for commands alike: the portal's import kit.

Every Resource of the portal validates rows with the model's own rules (`full_clean`, so the
same messages as forms), looks related records up by code among those the importing user may
see (`ScopedForeignKeyWidget`), and imports inside one transaction that is rolled back when any
row fails: a file with bad rows writes nothing and returns every bad row with its line.

The admin's Resources (a small file, read whole into a tablib Dataset) and the streaming bulk
import of people (`beneficiaries.bulk`, a file never held whole) read files by the same rules,
defined here once: the encoding (`text_encoding_and_lines`), the separator of a CSV file
(`csv_delimiter`), the lines of the rows (`data_lines`: the header is line 1, blank rows are
skipped but counted), the formula escaping our exports add undone (`unquote`), and the report
of what is wrong (`BadRow`: a line, a column, a reason).

A large import writes its rows a batch at a time: COPY into a staging table (`copy_line`,
`copy_lines`), then one INSERT ... SELECT audited exactly as row by row (`insert_audited`).
"""

import codecs
import contextvars
import csv
import datetime
import io
import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import tablib
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ObjectDoesNotExist,
    SuspiciousOperation,
    ValidationError,
)
from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from import_export import forms as import_export_forms
from import_export import resources, widgets
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats
from import_export.results import Error, Result
from import_export.tmp_storages import MediaStorage

from .audit import AuditedExportMixin, acting_as
from .exports import BOM, FORMULA_PREFIXES, safe_cell
from .pagination import EstimatedCountPaginator
from .protection import hidden_fields
from .validators import check_import_file, language_of_script

logger = logging.getLogger(__name__)

# A moment written in a widget's first format shows how to write a date in the file.
SAMPLE_MOMENT = datetime.datetime(2026, 3, 31, 14, 30)  # noqa: DTZ001 - only ever formatted


# Reading a file -------------------------------------------------------------------------------

# Excel saves UTF-8 with a byte-order mark (this codec reads it with or without one); older
# Arabic Windows tools save Windows-1256.
UTF8 = "utf-8-sig"
WINDOWS_ARABIC = "cp1256"
# Excel saves "CSV" with commas, or with semicolons where the decimal separator is a comma
# (French and Arabic settings); some tools write tabs.
DELIMITERS = (",", ";", "\t")


class FileError(ValueError):
    """The file cannot be read at all (not a CSV text file, not an XLSX workbook, a quotation
    mark never closed)."""


def text_encoding_and_lines(handle):
    """The encoding of a text file and its number of lines (for a progress bar): UTF-8 (with or
    without Excel's byte-order mark) when every byte decodes so, else Windows-1256, which maps
    every byte: a text file is never refused for its encoding. One pass over the seekable
    binary `handle` in chunks, never held whole; it is left at its start."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, lines, last = True, 0, b""
    while chunk := handle.read(1 << 20):
        lines += chunk.count(b"\n")
        last = chunk
        if utf8:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    if last and not last.endswith(b"\n"):
        lines += 1
    handle.seek(0)
    return (UTF8 if utf8 else WINDOWS_ARABIC), lines


def decode(data):
    """The text of a file's bytes, in the encoding `text_encoding_and_lines` finds."""
    encoding, _lines = text_encoding_and_lines(io.BytesIO(data))
    return data.decode(encoding)


def csv_delimiter(first_line):
    """The separator of a CSV file: the one its first line (the columns' names) has most of; a
    comma when it has none (a file of one column)."""
    counts = {d: first_line.count(d) for d in DELIMITERS}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def csv_records(text):
    """The records of a CSV text file (str, read with newline=""), split by the separator its
    first line uses."""
    first = text.readline()
    text.seek(0)
    reader = csv.reader(text, delimiter=csv_delimiter(first))
    try:
        yield from reader
    except csv.Error:
        # Python's words ("field larger than field limit") would not help: the usual cause
        # is a quotation mark left open, which swallows the lines after it.
        raise FileError(
            _(
                'Line %(line)s cannot be read: a quotation mark (") is not closed, or the '
                "file is not a CSV text file."
            )
            % {"line": reader.line_num}
        ) from None


def open_workbook(handle):
    """An XLSX workbook, to be read row by row (openpyxl's read-only mode: never loaded whole).
    The caller closes it."""
    from zipfile import BadZipFile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError):
        raise FileError(_("This file is not a valid XLSX workbook.")) from None


def _blank(cell):
    return cell is None or (isinstance(cell, str) and not cell.strip())


def data_lines(rows):
    """(line, cells) for each row of data under the header line, numbered as a spreadsheet
    shows them (the header is line 1): a blank row is skipped but keeps its number, so that
    the lines reported are those the person sees."""
    for line, cells in enumerate(rows, start=2):
        if not all(_blank(cell) for cell in cells):
            yield line, cells


def unquote(text):
    """A cell our exports made formula-safe (`entraide.exports.safe_cell`: "'=...",
    "'+212...") reads back as it was; any other text is left alone."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def dataset_of(rows):
    """A tablib Dataset of a file's rows, the first naming the columns; `file_lines` keeps the
    line of each row of data in the file, for the report of bad rows (FileLinesResult)."""
    rows = iter(rows)
    dataset = tablib.Dataset()
    dataset.file_lines = []
    header = next(rows, None)
    if header is None:
        return dataset
    dataset.headers = list(header)
    width = len(dataset.headers)
    for line, cells in data_lines(rows):
        cells = list(cells)
        # A CSV line may stop before its last empty cells, or go on with empty ones after the
        # columns named (the cells of a line longer than that still make it unreadable).
        cells += [""] * (width - len(cells))
        if all(_blank(cell) for cell in cells[width:]):
            cells = cells[:width]
        dataset.append(cells)
        dataset.file_lines.append(line)
    return dataset


# Reporting what is wrong ----------------------------------------------------------------------


class BadRow(NamedTuple):
    """One reason a file cannot be imported, as every import reports it: the line in the file
    (the header is line 1; None: the file as a whole) and the reason, after the name of the
    column it is about as in the file ("cin: The same CIN is on line 3.")."""

    line: int | None
    reason: str

    @classmethod
    def at(cls, line, message, column=None):
        message = str(message)
        return cls(line, f"{column}: {message}" if column else message)


@dataclass
class FileReport:
    """What an import did with a file or, when any row is bad, every reason it wrote nothing."""

    total: int = 0
    errors: list[BadRow] = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    def refuse(self, line, message, column=None):
        self.errors.append(BadRow.at(line, message, column))

    def sort_errors(self):
        # The file's own reasons first, then by line (for one line, in the order found).
        self.errors.sort(key=lambda error: error.line or 0)


def unknown_code(model, field, value):
    """Why a cell names no record. One out of the importing user's scope is reported exactly
    like a missing one."""
    return _("No %(model)s with %(field)s “%(value)s”.") % {
        "model": model._meta.verbose_name,
        "field": field,
        "value": value,
    }


def unknown_codes(codes):
    return _("Unknown codes: %(codes)s") % {"codes": ", ".join(sorted(codes))}


def _shown(value):
    text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def cell_refusal(widget, value, error):
    """Why a cell could not be read, in the page's language: import-export's own widgets raise
    errors that name Python classes ("[<class 'decimal.ConversionSyntax'>]") or are English."""
    shown = _shown(value)
    if isinstance(error, ObjectDoesNotExist) and isinstance(widget, widgets.ForeignKeyWidget):
        return unknown_code(widget.model, widget.field, shown)
    if isinstance(widget, widgets.NumberWidget):
        return _("“%(value)s” is not a number.") % {"value": shown}
    if isinstance(widget, widgets.DateTimeWidget):
        example = SAMPLE_MOMENT.strftime(widget.formats[0])
        return _("“%(value)s” is not a date and time: write it as %(example)s.") % {
            "value": shown,
            "example": example,
        }
    if isinstance(widget, widgets.DateWidget):
        example = SAMPLE_MOMENT.date().strftime(widget.formats[0])
        return _("“%(value)s” is not a date: write it as %(example)s.") % {
            "value": shown,
            "example": example,
        }
    if isinstance(widget, widgets.TimeWidget):
        example = SAMPLE_MOMENT.time().strftime(widget.formats[0])
        return _("“%(value)s” is not a time: write it as %(example)s.") % {
            "value": shown,
            "example": example,
        }
    return _("“%(value)s” could not be read.") % {"value": shown}


class FileLinesResult(Result):
    """Rows numbered as in the file, as a spreadsheet shows them (import-export counts the rows
    of data from 1)."""

    def number_as_in_file(self, file_lines=None):
        """Renumber the bad rows with their lines: `file_lines`, the line of each row of the
        dataset, when the kit read the file (`dataset_of`: blank rows counted); else the header
        is line 1 and the first row of data line 2."""

        def line(number):
            if file_lines and 0 < number <= len(file_lines):
                return file_lines[number - 1]
            return number + 1

        for row in [*self.invalid_rows, *self.error_rows]:
            row.number = line(row.number)

    def row_errors(self):
        # import-export numbers these by their rank among the rows it kept, not in the file.
        return [(row.number, row.errors) for row in self.error_rows]

    @property
    def bad_lines(self):
        return len(self.error_rows) + len(self.invalid_rows)

    def reasons(self):
        """Every reason the file cannot be imported, by line: (line, or None for the whole
        file; column as in the file, or None; reason). The admin's page and run_import say
        the same."""
        found = [(None, None, str(error.error)) for error in self.base_errors]
        for line, errors in self.row_errors():
            found.extend((line, None, str(error.error)) for error in errors)
        for invalid in self.invalid_rows:
            for name, messages in invalid.error_dict.items():
                column = None if name == NON_FIELD_ERRORS else name
                found.extend((invalid.number, column, message) for message in messages)
        return sorted(found, key=lambda reason: reason[0] or 0)


class CodeWidget(widgets.ForeignKeyWidget):
    """A related record by its code, with a message a person can act on when there is none."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ObjectDoesNotExist:
            raise ValueError(unknown_code(self.model, self.field, value)) from None


class ScopedForeignKeyWidget(CodeWidget):
    """Looks the related record up among those the importing user may see: one out of scope
    is reported exactly like a missing one."""

    user = None

    def get_queryset(self, value, row, *args, **kwargs):
        queryset = super().get_queryset(value, row, *args, **kwargs)
        if self.user is not None and hasattr(queryset, "visible_to"):
            queryset = queryset.visible_to(self.user)
        return queryset


class CodesWidget(widgets.ManyToManyWidget):
    """Codes separated by "|" (a comma would clash with CSV habits)."""

    def __init__(self, model):
        super().__init__(model, separator="|", field="code")

    def clean(self, value, row=None, **kwargs):
        objects = super().clean(value, row, **kwargs)
        codes = {c.strip() for c in str(value or "").split("|") if c.strip()}
        missing = codes - {o.code for o in objects}
        if missing:
            raise ValueError(unknown_codes(missing))
        return objects


class ChoicesListWidget(widgets.Widget):
    """Codes of a TextChoices separated by "|", stored as a JSON list."""

    def __init__(self, choices, **kwargs):
        self.choices = choices
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        codes = [c.strip().lower() for c in str(value or "").split("|") if c.strip()]
        unknown = set(codes) - set(self.choices.values)
        if unknown:
            raise ValueError(unknown_codes(unknown))
        return list(dict.fromkeys(codes))

    def render(self, value, obj=None, **kwargs):
        return "|".join(value or [])


class FlagWidget(widgets.BooleanWidget):
    """Yes or no as people write it; anything else is refused rather than read as "no"."""

    YES = {"1", "true", "yes", "oui", "نعم"}
    NO = {"0", "false", "no", "non", "لا"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        text = str(value if value is not None else "").strip().lower()
        if not text:
            return None  # the field's default
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(_("Write 1 for yes or 0 for no."))


class PortalResource(resources.ModelResource):
    """Validates with full_clean and scopes lookups to `user` (None: a server-side command)."""

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        for resource_field in self.fields.values():
            if isinstance(resource_field.widget, ScopedForeignKeyWidget):
                resource_field.widget.user = user

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        use_transactions = True

    @classmethod
    def get_display_name(cls):
        # Shown where an admin page offers several Resources: not the Python class's name.
        return getattr(cls._meta, "name", None) or capfirst(
            cls._meta.model._meta.verbose_name_plural
        )

    def get_result_class(self):
        return FileLinesResult

    def import_data_inner(self, dataset, *args, **kwargs):
        result = super().import_data_inner(dataset, *args, **kwargs)
        result.number_as_in_file(getattr(dataset, "file_lines", None))
        return result

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        try:
            super().import_field(field, instance, row, is_m2m, **kwargs)
        except (ValueError, TypeError, ArithmeticError, ObjectDoesNotExist) as error:
            # The portal's widgets say what is wrong in the user's language (a TypeError from
            # them is a fault, not a bad cell); import-export's own do not, and raise
            # decimal.InvalidOperation or DoesNotExist where a cell cannot be read.
            stock = type(field.widget).__module__ == widgets.__name__
            if isinstance(error, ValueError | TypeError) and not stock:
                raise
            raise ValueError(
                cell_refusal(field.widget, row.get(field.column_name), error)
            ) from error

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        if row_result.validation_error is not None:
            row_result.validation_error = self.by_column(row_result.validation_error)
        row_result.errors = [self.plain_error(error) for error in row_result.errors]
        return row_result

    def by_column(self, validation_error):
        """The reasons of a row under the columns' names as in the file: import-export and the
        model's full_clean name the model's fields ("province" for the column province_code)."""
        if not hasattr(validation_error, "error_dict"):
            return validation_error
        columns = {}
        for resource_field in self.fields.values():
            if resource_field.attribute and resource_field.column_name:
                columns.setdefault(resource_field.attribute, resource_field.column_name)
        for resource_field in self.get_import_fields():
            if resource_field.attribute and resource_field.column_name:
                columns[resource_field.attribute] = resource_field.column_name
        reasons = {}
        for name, errors in validation_error.error_dict.items():
            column = name if name == NON_FIELD_ERRORS else columns.get(name, name)
            reasons.setdefault(column, []).extend(errors)
        return ValidationError(reasons)

    def plain_error(self, error):
        """A row's error that is not a rule of the data: the portal's own (ValueError) say what
        is wrong; anything else is a fault, logged, and told in plain words."""
        if isinstance(error.error, ValueError | ValidationError):
            return error
        logger.warning("Import of a row failed", exc_info=error.error)
        reason = _(
            "This line could not be imported because of an unexpected error; the server's log "
            "has the details."
        )
        return Error(ValueError(reason), row=error.row, number=error.number)

    # Protected fields (entraide.protection) the user may not read: never exported to them,
    # never imported from them (an import would overwrite what they cannot see). A
    # server-side command (no user) is run by those who administer the server.
    def hidden_attributes(self):
        if self.user is None:
            return set()
        return set(hidden_fields(self.user, self._meta.model))

    def get_export_fields(self, selected_fields=None):
        hidden = self.hidden_attributes()
        fields = super().get_export_fields(selected_fields)
        return [f for f in fields if f.attribute not in hidden]

    def get_user_visible_fields(self):
        hidden = self.hidden_attributes()
        return [f for f in super().get_user_visible_fields() if f.attribute not in hidden]

    def before_import(self, dataset, **kwargs):
        hidden = self.hidden_attributes()
        columns = [
            f.column_name
            for f in self.get_import_fields()
            if f.attribute in hidden and f.column_name in (dataset.headers or [])
        ]
        if columns:
            raise ValueError(
                _("You may not import the columns %(columns)s: remove them from the file.")
                % {"columns": ", ".join(columns)}
            )
        # Said before import-export does, in English and about 'import_id_fields'.
        keys = self.get_import_id_fields()
        keys = (
            [] if keys == ["id"] else [self.fields[k].column_name for k in keys if k in self.fields]
        )
        missing = [column for column in keys if column not in (dataset.headers or [])]
        if missing:
            raise ValueError(
                ngettext(
                    "The file has no column %(columns)s: its first line must name it.",
                    "The file has no columns %(columns)s: its first line must name them.",
                    len(missing),
                )
                % {"columns": ", ".join(missing)}
            )
        super().before_import(dataset, **kwargs)

    def export_field(self, field, instance, **kwargs):
        # Formula-safe, like every export of the portal: a name starting with "=" stays text.
        value = super().export_field(field, instance, **kwargs)
        return safe_cell(value) if isinstance(value, str) else value

    # Texts now kept in each language (modeltranslation's `name_ar`, `name_fr`) that a file
    # written before may give in one column, `name`.
    one_column_texts = ()

    def before_import_row(self, row, **kwargs):
        # A file exported by the portal comes back: undo the formula escaping ("'+212...").
        for key, value in row.items():
            if isinstance(value, str):
                row[key] = unquote(value)
        # The text of such a column goes to the language its script says; the other is left
        # empty, as the data migration did with the texts already kept.
        for name in self.one_column_texts:
            if name in row and f"{name}_ar" not in row and f"{name}_fr" not in row:
                text = row.pop(name)
                row[f"{name}_{language_of_script(str(text or ''))}"] = text
        super().before_import_row(row, **kwargs)

    def iter_queryset(self, queryset):
        # Stream in chunks: import-export's fallback pages with OFFSET, which crawls over
        # large tables. Django prefetches within iterator() chunks since 4.1.
        if isinstance(queryset, QuerySet):
            yield from queryset.iterator(chunk_size=2000)
        else:
            yield from queryset


class ReferenceResource(PortalResource):
    """The entries of a catalogue (`entraide.models.ReferenceModel`), found by their code."""

    class Meta:
        import_id_fields = ["code"]
        fields = ["code", "name_ar", "name_fr", "position", "is_active"]


class ExcelCSV(base_formats.CSV):
    """CSV as Excel opens it: UTF-8 with a byte-order mark (without one, Excel on Windows reads
    the file in the system's code page and the Arabic comes out garbled). Read as the kit reads
    every CSV file: in the encoding it has, split by the separator it uses."""

    CONTENT_TYPE = "text/csv; charset=utf-8"

    def create_dataset(self, in_stream):
        # Bytes from a file, or text the admin kept (write_to_tmp_storage: decoded already).
        text = decode(in_stream) if isinstance(in_stream, bytes) else in_stream.removeprefix(BOM)
        return dataset_of(csv_records(io.StringIO(text, newline="")))

    def export_data(self, dataset, **kwargs):
        return BOM + super().export_data(dataset, **kwargs)


class ExcelXLSX(base_formats.XLSX):
    """An XLSX workbook read as the kit reads every file: its first sheet, row by row."""

    def create_dataset(self, in_stream):
        book = open_workbook(io.BytesIO(in_stream))
        try:
            return dataset_of(book.worksheets[0].iter_rows(values_only=True))
        finally:
            book.close()


def _no_valid_data():
    # import-export's words for a file without rows (untranslated in Arabic); a variable, so
    # that makemessages does not take the library's message for ours.
    message = (
        "No valid data to import. Ensure your file has the correct headers or data for import."
    )
    return _(message)


# The admin reads a file whole (import-export's tablib Dataset) before a Resource counts its
# rows: a larger file goes through a command or a background import, never a request.
ADMIN_IMPORT_MAX_SIZE = 5 * 1024 * 1024


class PortalImportForm(import_export_forms.ImportForm):
    """The admin's import form, in the page's language throughout."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["resource"].label = gettext_lazy("What to import")

    def clean_import_file(self):
        # Before import_action stores the file and reads it whole: a CSV or XLSX file of
        # reasonable size whose content is what its name says, as the portal's import page.
        upload = self.cleaned_data["import_file"]
        check_import_file(upload, max_size=ADMIN_IMPORT_MAX_SIZE)
        return upload

    def add_error(self, field, error):
        if field == "import_file" and str(error) == _no_valid_data():
            error = _("The file has no line of data under its first line, which names the columns.")
        super().add_error(field, error)


class PortalExportForm(import_export_forms.SelectableFieldsExportForm):
    """The admin's export form: the formats in words, CSV for Excel first and chosen; each
    column named as in the file."""

    format_labels = {
        "ExcelCSV": gettext_lazy("CSV for Excel (UTF-8)"),
        "XLSX": gettext_lazy("Excel workbook (XLSX)"),
    }

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["resource"].label = gettext_lazy("What to export")
        self.fields["format"].choices = [
            (str(i), self.format_labels.get(f.__name__, f().get_title()))
            for i, f in enumerate(formats)
        ]
        self.fields["format"].initial = "0"

    def _get_field_label(self, resource, field_name):
        resource_field = resource.fields.get(field_name)
        return resource_field.column_name if resource_field else field_name

    def _validate_any_field_selected(self, resource):
        try:
            super()._validate_any_field_selected(resource)
        except ValidationError:
            raise ValidationError(
                _("Choose at least one column to export."), code="invalid"
            ) from None


class PortalExportAdminMixin:
    """Admin exports: CSV that Excel reads (UTF-8 with a byte-order mark) unless XLSX is
    chosen, from a form in the page's language."""

    export_formats = [ExcelCSV, base_formats.XLSX]
    export_form_class = PortalExportForm


class PortalImportAdminMixin:
    """Admin side: pass the signed-in user to the Resources, read files by the kit's rules
    (Windows-1256 as well as UTF-8, semicolons as well as commas)."""

    # What DESIGN.md promises to read: CSV (UTF-8 with or without a byte-order mark, or
    # Windows-1256; separated by commas or semicolons) and XLSX.
    import_formats = [ExcelCSV, ExcelXLSX]
    import_form_class = PortalImportForm

    def add_data_read_fail_error_to_form(self, form, e):
        form.add_error(
            "import_file",
            _(
                "The file could not be read: check that the format chosen is the file's "
                "(CSV or XLSX)."
            ),
        )

    def add_success_message(self, result, request):
        from django.contrib import messages

        totals = result.totals
        messages.success(
            request,
            _(
                "Import finished. New records: %(new)s; updated: %(updated)s; "
                "unchanged: %(unchanged)s."
            )
            % {"new": totals["new"], "updated": totals["update"], "unchanged": totals["skip"]},
        )

    def _create_log_entry(self, user_pk, rows, import_type, action_flag):
        # The records' history in the admin: import-export writes "new through import_export",
        # an untranslatable English string.
        from django.contrib.admin.models import LogEntry

        messages = {
            "new": _("Added by the import of a file."),
            "update": _("Changed by the import of a file."),
            "delete": _("Deleted by the import of a file."),
        }
        if rows:
            LogEntry.objects.log_actions(
                user_pk,
                rows,
                action_flag,
                change_message=messages.get(import_type, import_type),
                single_object=len(rows) == 1,
            )

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {**super().get_export_resource_kwargs(request, **kwargs), "user": request.user}

    # The admin's two import steps (the preview, a dry run, and the confirmation) each run an
    # import in a transaction: what the Resource deferred with `after_import` runs after it.
    def import_action(self, request, **kwargs):
        held = []
        token = _held_files.set(held)
        try:
            with import_hooks():
                response = super().import_action(request, **kwargs)
        finally:
            _held_files.reset(token)
        # A file refused (unreadable, or rows with errors) is not kept for a confirmation that
        # cannot come: people's names and CINs do not wait on the server's disk.
        if "confirm_form" not in (getattr(response, "context_data", None) or {}):
            for storage in held:
                storage.remove()
        return response

    def process_import(self, request, **kwargs):
        with import_hooks():
            return super().process_import(request, **kwargs)

    def init_request_context_data(self, request, form):
        # The export form lists a Resource's columns without knowing who asks: it does not
        # offer the protected fields the user may not read (the Resource leaves them out too).
        from import_export.forms import SelectableFieldsExportForm

        hidden = hidden_fields(request.user, self.model)
        for resource_class in self.get_export_resource_classes(request):
            for name in hidden:
                field_name = SelectableFieldsExportForm.create_boolean_field_name(
                    resource_class, name
                )
                form.fields.pop(field_name, None)
        return super().init_request_context_data(request, form)

    def get_import_data_kwargs(self, **kwargs):
        # All or nothing in the confirm step too: import-export runs the file again there
        # (process_import), and without this it skips the rows that now fail validation and
        # writes the others. The file it reads is named by the confirm POST, not necessarily
        # the one previewed, and the data may have changed since the preview.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # Rolled back: say so, rather than import-export's "import finished".
            from django.contrib import messages

            count = len(result.invalid_rows) + len(result.row_errors())
            messages.error(
                request,
                ngettext(
                    "Nothing was imported: %(count)s row of the file has errors. Correct it "
                    "and import the file again.",
                    "Nothing was imported: %(count)s rows of the file have errors. Correct "
                    "them and import the file again.",
                    count,
                )
                % {"count": count},
            )
            return HttpResponseRedirect(
                reverse(
                    "admin:{}_{}_import".format(*self.get_model_info()),
                    current_app=self.admin_site.name,
                )
            )
        return super().process_result(result, request)

    def write_to_tmp_storage(self, import_file, input_format):
        # The admin reads text files in one encoding (from_encoding, UTF-8): store a
        # Windows-1256 file as UTF-8 first.
        if not input_format.is_binary():
            text = decode(b"".join(import_file.chunks()))
            import_file = ContentFile(text.encode("utf-8"))
        storage = super().write_to_tmp_storage(import_file, input_format)
        if (held := _held_files.get()) is not None:
            held.append(storage)
        return storage


# The files import_action stored during the current request (HeldImportFile).
_held_files = contextvars.ContextVar("entraide_held_import_files", default=None)

HELD_FOLDER = "import-previews"


class HeldImportFile(MediaStorage):
    """Where the admin keeps a file between its preview and its confirmation
    (IMPORT_EXPORT_TMP_STORAGE_CLASS): in the private media storage, shared by every app
    server (the confirmation may reach another one) and never served, instead of the /tmp of
    the server that showed the preview. The file is removed when it is imported, at once when
    it is refused, and by `reap_jobs` when its preview was left unconfirmed
    (`remove_stale_held_files`)."""

    def __init__(self, **kwargs):
        # The confirmation names its file in the POST: only a name this class gave (a
        # uuid4's hex), never a path to another private file.
        name = kwargs.get("name")
        if name is not None and not re.fullmatch(r"[0-9a-f]{32}", name):
            raise SuspiciousOperation("Not the name of an import preview's file.")
        super().__init__(**{**kwargs, "MEDIA_FOLDER": HELD_FOLDER})

    def remove(self):
        self._storage.delete(self.get_full_path())  # no error if it is gone already


def remove_stale_held_files(max_age=datetime.timedelta(hours=6), now=None):
    """Delete the files of previews left unconfirmed for longer than `max_age`; returns how
    many."""
    from django.core.files.storage import storages
    from django.utils import timezone

    storage = storages["default"]
    now = now or timezone.now()
    try:
        _folders, names = storage.listdir(HELD_FOLDER)
    except FileNotFoundError:
        return 0
    removed = 0
    for name in names:
        path = f"{HELD_FOLDER}/{name}"
        if now - storage.get_modified_time(path) > max_age:
            storage.delete(path)
            removed += 1
    return removed


def read_dataset(data, filename):
    """A tablib Dataset from the bytes of a CSV or XLSX file (FileError if it cannot be read)."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        return ExcelXLSX().create_dataset(data)
    if suffix == ".csv":
        return ExcelCSV().create_dataset(data)
    raise FileError(_("Send a .csv or .xlsx file."))


@dataclass
class ImportReport(FileReport):
    new: int = 0
    updated: int = 0
    unchanged: int = 0


_after_import = contextvars.ContextVar("entraide_after_import", default=None)


def after_import(callback):
    """Run `callback` once the import's transaction is over, committed or rolled back: for what
    must be recorded even when the import writes nothing (a refusal worth auditing)."""
    pending = _after_import.get()
    if pending is None:
        callback()
    else:
        pending.append(callback)


@contextmanager
def import_hooks():
    """Around an import (its transaction inside): runs what `after_import` deferred."""
    token = _after_import.set([])
    try:
        yield
    finally:
        callbacks = _after_import.get()
        _after_import.reset(token)
        for callback in callbacks:
            callback()


def run_import(resource, dataset, *, actor=None, dry_run=False):
    """Import a dataset all or nothing; return what happened, or every bad row."""
    with import_hooks(), acting_as(actor, import_resource=type(resource).__name__):
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            use_transactions=True,
            rollback_on_validation_errors=True,
        )
    report = ImportReport(total=result.total_rows)
    for line, column, reason in result.reasons():
        report.refuse(line, reason, column)
    if report.ok:
        totals = result.totals
        report.new, report.updated = totals.get("new", 0), totals.get("update", 0)
        report.unchanged = totals.get("skip", 0)
    return report


class PortalAdmin(
    PortalImportAdminMixin, PortalExportAdminMixin, AuditedExportMixin, ImportExportModelAdmin
):
    """The admin of the portal's models: imports and exports through their Resources, both
    recorded; lists of large tables are never counted row by row."""

    show_full_result_count = False
    paginator = EstimatedCountPaginator


# Writing many rows at once --------------------------------------------------------------------
#
# A large import does not write its rows one INSERT at a time: it COPYs them into a staging
# table and moves them with one INSERT ... SELECT a batch. The audit trail is the same as row
# by row: pghistory's insert trigger, run once for the statement instead of once for each row.


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def copy_line(values):
    """A row as a line of COPY's text format: None is NULL, a list an array (of numbers), a
    date or a number as PostgreSQL reads it back, a text escaped. Plain Python, so that a
    thread reading a file can write the lines while another one COPYs the last batch."""
    cells = []
    for value in values:
        if value is None:
            cells.append("\\N")
        elif isinstance(value, str):
            cells.append(value.translate(_COPY_ESCAPES))
        elif isinstance(value, bool):
            cells.append("t" if value else "f")
        elif isinstance(value, list | tuple):
            cells.append("{" + ",".join(str(int(item)) for item in value) + "}")
        else:  # numbers, dates
            cells.append(str(value))
    return "\t".join(cells) + "\n"


def copy_lines(table, columns, lines):
    """COPY `lines` (text, as `copy_line` writes them) into `table`. For a staging table: COPY
    goes past the execute wrappers (pghistory's context, pgtrigger's ignore), so never into an
    audited table."""
    from django.db import connection

    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy,
    ):
        copy.write(lines)


def _row_insert_trigger(model):
    """pghistory's trigger that records each row inserted into `model`'s table, when it is the
    only trigger of the model on insert and writes every row (no condition); else None."""
    import pgtrigger
    from pghistory.trigger import Event

    on_insert = [
        trigger
        for registered, trigger in pgtrigger.registered()
        if registered is model
        and trigger.operation is not None
        and pgtrigger.Insert in trigger.operation
    ]
    if len(on_insert) != 1:
        return None
    [trigger] = on_insert
    if not (
        isinstance(trigger, Event)
        and trigger.level == pgtrigger.Row
        and trigger.when == pgtrigger.After
        and trigger.condition is None
    ):
        return None
    return trigger


_STATEMENT_AUDIT = re.compile(
    r"^\s*WITH (_pgh_attached_context AS \(.*?\))\s+(INSERT INTO .*?);\s*RETURN NULL;\s*$",
    re.DOTALL,
)


def _statement_audit(model, trigger):
    """(the context's CTE, the INSERT of the audit rows) that pghistory's own statement-level
    twin of `trigger` runs on the rows inserted (a relation named new_values): the same event
    table, label, columns and values as the row trigger writes for each row, the context
    attached once. None if pghistory writes it otherwise than this module knows."""
    import pgtrigger
    from pghistory.trigger import Event

    twin = Event(
        name=trigger.name,
        label=trigger.label,
        event_model=trigger.event_model,
        row=trigger.row,
        operation=trigger.operation,
        when=trigger.when,
        level=pgtrigger.Statement,
    )
    found = _STATEMENT_AUDIT.match(twin.render_func(model))
    return found.groups() if found else None


# Skip a trigger for the rest of the transaction (whatever the caller already skips, with
# pgtrigger.ignore()): read by the triggers, which fire at the end of the statement that sets
# it. Taken off the list again after the statement. (pgtrigger.ignore() would do the first, but
# its way back fails in a transaction the statement aborted, say a CIN filed meanwhile, and
# hides the statement's own error.)
_IGNORE = (
    "SELECT set_config('pgtrigger.ignore', array_append(coalesce(nullif(current_setting("
    "'pgtrigger.ignore', true), '')::text[], '{}'), %s)::text, true)"
)
_UNIGNORE = (
    "SELECT set_config('pgtrigger.ignore', array_remove(current_setting('pgtrigger.ignore', "
    "true)::text[], %s)::text, true)"
)


def insert_audited(model, columns, select, params=(), *, returning=None):
    """INSERT INTO `model`'s table (`columns`) `select` (SQL with `params`, positional) in one
    statement, audited as row by row: one event a row, written by pghistory's statement-level
    twin of the model's row trigger (so the same columns, label and context: the acting user
    of `entraide.audit.acting_as`), while the row trigger itself is skipped for this
    statement. A model whose audit is not a plain pghistory insert trigger keeps its own
    triggers.

    Returns the values of the `returning` columns of the rows inserted (tuples, in no given
    order), or without `returning` how many rows were inserted."""
    from django.db import connection

    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(column) for column in columns)
    insert = f"INSERT INTO {table} ({names}) {select}"
    result = ", ".join(quote(column) for column in returning) if returning else "count(*)"
    trigger = _row_insert_trigger(model)
    audit = _statement_audit(model, trigger) if trigger is not None else None
    with connection.cursor() as cursor:
        if audit is None:
            # The model's names and the caller's SQL; the values go as parameters.
            sql = f"WITH new_values AS ({insert} RETURNING *) SELECT {result} FROM new_values"  # noqa: S608
            cursor.execute(sql, params)
        else:
            context, events = audit
            pgid = trigger.get_pgid(model)
            # The row trigger is skipped (_skipped is read while the rows are inserted, before
            # the triggers fire at the statement's end); its twin writes the audit rows.
            sql = (
                f"WITH _skipped AS MATERIALIZED ({_IGNORE}), "  # noqa: S608
                f"new_values AS ({insert} RETURNING *), {context}, "
                f"_pgh_audit AS ({events}) SELECT {result} FROM new_values, _skipped"
            )
            cursor.execute(sql, [pgid, *params])
        rows = cursor.fetchall()
        if audit is not None:
            cursor.execute(_UNIGNORE, [pgid])
    return rows if returning else rows[0][0]


def skip_trigger_lookup_errors():
    """For the rest of the transaction, the audit triggers that still run row by row do not
    raise and catch an error each. Every trigger first asks django-pgtrigger whether it is to
    be ignored: it reads the setting `pgtrigger.ignore`, and when the session never set it
    (or pgtrigger.ignore() left it empty), catches the error in a PL/pgSQL exception block,
    about 0.25 ms a row. An empty list (for this transaction only) gives the same answer,
    "ignore none", without error. (Unless a caller is inside pgtrigger.ignore(), whose list
    stays.)"""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pgtrigger.ignore', '{}', true) "
            "WHERE coalesce(current_setting('pgtrigger.ignore', true), '') = ''"
        )
