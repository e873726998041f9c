"""Periods: a month ("2026-10"), a quarter ("2026-Q3") or a year ("2026").

In the kernel because reports count by period and the apps' lists filter by the same periods
(the list behind a report's figure is that figure's rows)."""

import datetime
import re
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Period:
    kind: str  # "month", "quarter" or "year"
    year: int
    number: int = 1  # the month or the quarter

    @classmethod
    def parse(cls, text):
        """The period written as in a command or a URL; ValueError with the accepted forms."""
        text = (text or "").strip()
        if match := _MONTH.match(text):
            year, month = int(match[1]), int(match[2])
            if 1 <= month <= 12 and 2000 <= year <= 2100:
                return cls("month", year, month)
        elif match := _QUARTER.match(text):
            year = int(match[1])
            if 2000 <= year <= 2100:
                return cls("quarter", year, int(match[2]))
        elif (match := _YEAR.match(text)) and 2000 <= int(match[1]) <= 2100:
            return cls("year", int(match[1]))
        raise ValueError(
            _("“%(text)s” is not a period: write 2026-10, 2026-Q3 or 2026.") % {"text": text}
        )

    @classmethod
    def current(cls, kind, today=None):
        today = today or datetime.date.today()  # noqa: DTZ011 - callers pass the local date
        if kind == "month":
            return cls("month", today.year, today.month)
        if kind == "quarter":
            return cls("quarter", today.year, (today.month - 1) // 3 + 1)
        return cls("year", today.year)

    @property
    def start(self):
        if self.kind == "month":
            return datetime.date(self.year, self.number, 1)
        if self.kind == "quarter":
            return datetime.date(self.year, 3 * self.number - 2, 1)
        return datetime.date(self.year, 1, 1)

    @property
    def end(self):
        """The last day of the period."""
        if self.kind == "month":
            following = datetime.date(self.year + self.number // 12, self.number % 12 + 1, 1)
        elif self.kind == "quarter":
            month = 3 * self.number + 1
            following = datetime.date(self.year + month // 13, (month - 1) % 12 + 1, 1)
        else:
            following = datetime.date(self.year + 1, 1, 1)
        return following - datetime.timedelta(days=1)

    @property
    def months(self):
        """The first day of each month of the period."""
        day, months = self.start, []
        while day <= self.end:
            months.append(day)
            day = (day + datetime.timedelta(days=32)).replace(day=1)
        return months

    def year_before(self):
        return Period(self.kind, self.year - 1, self.number)

    def __str__(self):
        """The code: 2026-10, 2026-Q3, 2026."""
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        return str(self.year)

    @property
    def label(self):
        """In the active language: "October 2026", "3rd quarter 2026", "2026"."""
        if self.kind == "month":
            return formats.date_format(self.start, "YEAR_MONTH_FORMAT")
        if self.kind == "quarter":
            return _("Quarter %(number)s, %(year)s") % {"number": self.number, "year": self.year}
        return str(self.year)
