"""Spreadsheet exports: formula-safe cells, CSV that Excel opens in UTF-8, and XLSX that reads
as the page does.

The two formats are written for different readers:
- XLSX is read by people: its cells hold real numbers and dates, shown through number formats,
  so that a sheet groups thousands, gives amounts two decimals and dates day first as the page
  does, while Excel still adds them up. Counts "#,##0", amounts and other decimals "#,##0.00",
  dates "dd/mm/yyyy" (local time "dd/mm/yyyy hh:mm"), percentages as fractions ("0%"), changes
  with their sign; Excel and LibreOffice draw the separators of the reader's own locale.
- CSV is read by programs: values as machines write them, whatever the page's language. Numbers
  with a point and no grouping ("1250000.00"), no currency, a "-" minus and no "+"; dates in
  ISO 8601 ("2025-10-31"); a percentage as its fraction (0.45).
A cell that needs another format than its type's gives it: `Cell(value, SIGNED_COUNT)`.
"""

import csv
import datetime
from decimal import Decimal
from typing import NamedTuple

from django.http import HttpResponse
from django.utils import timezone

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Excel reads a CSV file as UTF-8 (Arabic) only when it starts with a byte-order mark.
BOM = "\ufeff"

# XLSX number formats. The minus of a signed change is the true one, as on the page.
COUNT = "#,##0"
DECIMAL = "#,##0.00"
PERCENT = "0%"  # "0.0%" for tenths
DATE = "dd/mm/yyyy"
DATETIME = "dd/mm/yyyy hh:mm"
IDENTIFIER = "0"  # a number that names, not counts: no grouping
SIGNED_COUNT = '+#,##0;"\u2212"#,##0;0'
SIGNED_DECIMAL = '+#,##0.00;"\u2212"#,##0.00;0.00'


class Cell(NamedTuple):
    """A value with the XLSX number format it needs beyond its type's: a percentage (its
    fraction, PERCENT), a change (SIGNED_COUNT, SIGNED_DECIMAL). CSV writes the value alone."""

    value: object
    number_format: str


def _is_number(value):
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def safe_cell(value):
    """Neutralise text a spreadsheet would run as a formula (CSV injection)."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _csv_value(value):
    """A value for programs: a number as Python writes it (a negative one is no formula to
    neutralise), a date in ISO 8601, text formula-safe."""
    if isinstance(value, Cell):
        value = value.value
    if isinstance(value, Decimal):
        return format(value, "f")
    if _is_number(value):
        return str(value)
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if value.tzinfo else value
        return value.isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return safe_cell(value)


def csv_response(filename, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(BOM)
    writer = csv.writer(response)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return response


def _xlsx_value(value):
    """A value for people, and its number format: numbers and dates as such, with the format of
    their kind (None for text, made formula-safe)."""
    number_format = None
    if isinstance(value, Cell):
        value, number_format = value
    if isinstance(value, datetime.datetime):
        # Excel knows no time zones: the time as read in Morocco.
        value = timezone.make_naive(value) if value.tzinfo else value
        return value, number_format or DATETIME
    if isinstance(value, datetime.date):
        return value, number_format or DATE
    if _is_number(value):
        return value, number_format or (COUNT if isinstance(value, int) else DECIMAL)
    return safe_cell(value), None


def xlsx_response(filename, header, rows, *, title="export"):
    """An XLSX download; text cells are made formula-safe like CSV cells, numbers and dates stay
    numbers and dates, with the formats above.

    openpyxl's write-only mode streams rows to a temporary file instead of holding the sheet.
    """
    import io

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])

    def cell(value):
        value, number_format = _xlsx_value(value)
        if number_format is None:
            return value
        formatted = WriteOnlyCell(sheet, value=value)
        formatted.number_format = number_format
        return formatted

    sheet.append([safe_cell(h) for h in header])
    for row in rows:
        sheet.append([cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
