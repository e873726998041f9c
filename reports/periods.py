"""The period of a report page, chosen with proper controls: its kind (a month, a quarter or a
year) and the matching choice. A URL's `?period=2026-11` (links, bookmarks, the PDF form) still
works; the periods themselves are the kernel's (entraide.periods)."""

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entraide.periods import Period

__all__ = ["Period", "PeriodForm", "canonical_query", "period_from_request"]

FIRST_YEAR = 2000  # as Period.parse


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of period"),
        choices=[
            ("month", gettext_lazy("A month")),
            ("quarter", gettext_lazy("A quarter")),
            ("year", gettext_lazy("A year")),
        ],
    )
    month = forms.TypedChoiceField(
        label=gettext_lazy("Month"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "—"), *MONTHS.items()],
    )
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Quarter"), coerce=int, required=False, empty_value=None
    )
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = [("", "—")] + [
            (
                number,
                _("Quarter %(number)s (%(first)s to %(last)s)")
                % {"number": number, "first": MONTHS[3 * number - 2], "last": MONTHS[3 * number]},
            )
            for number in range(1, 5)
        ]
        last = today.year + 1
        years = list(range(last, FIRST_YEAR - 1, -1))
        shown = self.initial.get("year")
        if shown and shown not in years and FIRST_YEAR <= shown <= 2100:
            years.insert(0, shown)  # a year from a link, beyond the list's range
        self.fields["year"].choices = [(year, str(year)) for year in years]
        invalid = _("Choose a year between %(first)s and %(last)s.") % {
            "first": FIRST_YEAR,
            "last": last,
        }
        self.fields["year"].error_messages["invalid_choice"] = invalid
        self.fields["kind"].error_messages["invalid_choice"] = _(
            "Choose a month, a quarter or a year."
        )
        self.fields["month"].error_messages["invalid_choice"] = _("Choose the month.")
        self.fields["quarter"].error_messages["invalid_choice"] = _("Choose the quarter.")

    def clean(self):
        data = super().clean()
        # Every select is sent (the page works without JavaScript): only those the kind
        # needs count, so an odd value in another cannot refuse the choice.
        needed = {"month": "month", "quarter": "quarter"}.get(data.get("kind"))
        for name in {"month", "quarter"} - {needed}:
            self._errors.pop(name, None)
        if data.get("kind") == "month" and not data.get("month"):
            self.add_error("month", _("Choose the month."))
        if data.get("kind") == "quarter" and not data.get("quarter"):
            self.add_error("quarter", _("Choose the quarter."))
        return data

    @property
    def period(self):
        data = self.cleaned_data
        number = {"month": data.get("month"), "quarter": data.get("quarter")}.get(data["kind"])
        return Period(data["kind"], data["year"], number or 1)

    @staticmethod
    def values(period):
        """The form's values showing `period` (the other selects on the same months)."""
        month = period.start.month
        return {
            "kind": period.kind,
            "month": month,
            "quarter": (month - 1) // 3 + 1,
            "year": period.year,
        }


def canonical_query(data, period):
    """The query of a page whose period was chosen in the form, written as its links write
    it (`?period=2026-Q4`), keeping the page's other parameters."""
    query = data.copy()
    for name in PeriodForm.base_fields:
        query.pop(name, None)
    query["period"] = str(period)
    return query.urlencode()


def period_from_request(data, *, today):
    """(form, period) of a report page: the period chosen in the form, or written in the URL
    (`?period=2026-11`), or else the current month. A bad choice is the form's error, shown
    beside the current month's figures."""
    default = Period.current("month", today)
    if "kind" in data:
        form = PeriodForm(data, today=today)
        return form, (form.period if form.is_valid() else default)
    text = data.get("period")
    if not text:
        return PeriodForm(initial=PeriodForm.values(default), today=today), default
    try:
        period = Period.parse(text)
    except ValueError as error:
        form = PeriodForm(PeriodForm.values(default), today=today)
        form.is_valid()
        form.add_error(None, str(error.args[0]))
        return form, default
    return PeriodForm(initial=PeriodForm.values(period), today=today), period
