"""A centre's month computed from its register: the figures pre-filled, corrected with a
reason, saved or submitted to the delegation, which validates it on the centre's activity
page (centres.views.activity_edit) as any other month."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from centres import perms as centre_perms
from centres.models import AgeBand, Centre, MonthlyActivity, TargetGroup
from entraide.enums import SEX_GROUPS, Sex
from entraide.scoping import get_visible_or_404

from .activity import (
    AGE_UNKNOWN,
    TOTALS,
    Month,
    compute,
    corrected,
    has_register,
    month_save,
    standing,
)
from .models import MonthCorrection


def _month(year, month):
    try:
        return datetime.date(year, month, 1)
    except (ValueError, OverflowError):  # a year beyond the calendar's, or beyond an integer's
        raise Http404 from None


def _stored(activity):
    """The figures as the month holds them: what the delegation reads and validates."""
    return Month(
        **{name: getattr(activity, name) for name in TOTALS},
        cells={
            (line.target_group_id, line.sex, line.age_band): line.people
            for line in activity.group_lines.all()
        },
    )


def _cell_name(key):
    group, sex, band = key
    return f"c_{group or 'none'}_{sex}_{band or 'unknown'}"


class MonthForm(forms.Form):
    """The month's totals and its table by target group, sex and age band, pre-filled with
    the figures that stand; what the centre changes is a correction, which needs a reason."""

    reason = forms.CharField(
        label=gettext_lazy("Reason for the corrections"),
        help_text=gettext_lazy(
            "Needed when you change a figure computed from the register; kept with it."
        ),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    over_capacity_note = forms.CharField(
        label=gettext_lazy("Explanation of figures above capacity"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    LABELS = {
        "people_served": gettext_lazy("People served"),
        "new_entries": gettext_lazy("New entries"),
        "exits": gettext_lazy("Exits"),
        "sessions_held": gettext_lazy("Sessions held"),
    }

    def __init__(self, *args, shown, register, groups, bands, over_capacity_note="", **kwargs):
        super().__init__(*args, initial={"over_capacity_note": over_capacity_note}, **kwargs)
        self.shown, self.register = shown, register
        self.keys = {}
        self.totals = []
        for name in TOTALS:
            self.fields[name] = forms.IntegerField(
                label=self.LABELS[name],
                min_value=0,
                initial=shown.value(name),
                show_hidden_initial=True,
                widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            )
            self.keys[name] = name
            computed = register.value(name)
            self.totals.append((self[name], computed, computed != shown.value(name)))
        self.columns = [(sex, band) for sex in Sex for band, _label in bands]
        # The table's heading: each sex over its bands.
        self.sexes = [SEX_GROUPS[sex] for sex in Sex]
        self.bands = [label for _sex in Sex for _band, label in bands]
        self.rows = []
        for group, group_label in groups:
            cells = []
            for sex, band in self.columns:
                key = (group, sex.value, band)
                name = _cell_name(key)
                band_label = dict(bands)[band]
                self.fields[name] = forms.IntegerField(
                    label=f"{group_label} · {SEX_GROUPS[sex]} · {band_label}",
                    min_value=0,
                    required=False,
                    initial=shown.cells.get(key, 0),
                    show_hidden_initial=True,
                    widget=forms.NumberInput(
                        attrs={"class": "cell", "min": 0, "inputmode": "numeric"}
                    ),
                )
                self.keys[name] = key
                computed = register.cells.get(key, 0)
                cells.append((self[name], computed, computed != shown.cells.get(key, 0)))
            total = sum(shown.cells.get((group, s.value, b), 0) for s, b in self.columns)
            self.rows.append((group_label, cells, total))

    def _was_shown(self, name):
        """The value the page showed (its hidden copy), else the one that stands now: a
        figure the register moved since the page opened is no correction of the centre's."""
        field = self.fields[name]
        hidden = self.data.get(self.add_initial_prefix(name))
        if hidden is not None:
            try:
                return field.to_python(hidden) or 0
            except ValidationError:
                pass
        return field.initial or 0

    def changes(self):
        """{figure: value given} for each figure changed on the page."""
        found = {}
        for name, key in self.keys.items():
            value = self.cleaned_data.get(name) or 0
            if value != self._was_shown(name):
                found[key] = value
        return found

    def clean(self):
        data = super().clean()
        if not self.errors and self.changes() and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the figures are corrected."))
        return data


def _groups(centre, *months, corrections=()):
    """The table's rows: the target groups the centre serves and any counted this month,
    then the people placed under none when there are some."""
    keys = [key for month in months for key in month.cells] + [
        key for key in corrections if isinstance(key, tuple)
    ]
    ids = {group for group, _sex, _band in keys if group}
    rows = [
        (group.pk, group.name)
        for group in TargetGroup.objects.filter(Q(pk__in=ids) | Q(centres=centre)).distinct()
    ]
    if any(group is None for group, _sex, _band in keys):
        rows.append((None, _("No target group")))
    bands = list(AgeBand.choices)
    if any(band == AGE_UNKNOWN for _group, _sex, band in keys):
        bands.append((AGE_UNKNOWN, _("age unknown")))
    return rows, bands


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _history(activity, groups):
    """The corrections of the month, the latest first, each with what it corrected."""
    if activity.pk is None:
        return []
    names = dict(groups)
    rows = []
    for correction in MonthCorrection.objects.filter(activity=activity).select_related(
        "by", "target_group"
    ):
        if correction.figure == MonthCorrection.Figure.CELL:
            group = correction.target_group or names.get(None) or _("No target group")
            band = AgeBand(correction.age_band).label if correction.age_band else _("age unknown")
            what = _("%(group)s, %(sex)s, %(band)s") % {
                "group": group,
                "sex": SEX_GROUPS[Sex(correction.sex)],
                "band": band,
            }
        else:
            what = correction.get_figure_display()
        rows.append((correction, what))
    return rows


@permission_required(
    ["enrolments.view_section", "centres.view_monthlyactivity"], raise_exception=True
)
def month(request, code, year, month):
    centre = get_visible_or_404(
        Centre.objects.select_related("delegation"), request.user, code=code
    )
    day = _month(year, month)
    if day > timezone.localdate():
        raise Http404
    activity = MonthlyActivity.objects.select_related(
        "centre", "submitted_by", "validated_by"
    ).filter(centre=centre, month=day).first() or MonthlyActivity(centre=centre, month=day)
    if not has_register(centre, day):
        # No section ran that month: the centre types its totals, on its own page.
        return redirect(activity.get_absolute_url())
    can_enter = centre_perms.can_enter_activity(request.user, centre, activity)
    if request.method == "POST" and not can_enter:
        raise PermissionDenied
    register = compute(centre, day)
    corrections = standing(activity)
    in_force = corrected(register, corrections)
    # Who may still change the month sees what stands now; the others what it holds.
    shown = in_force if can_enter or activity.pk is None else _stored(activity)
    groups, bands = _groups(centre, register, shown, corrections=corrections)
    form = MonthForm(
        request.POST or None,
        shown=shown,
        register=register,
        groups=groups,
        bands=bands,
        over_capacity_note=activity.over_capacity_note,
    )
    if not can_enter:
        # Read only: each field disabled rather than the fieldsets, so that the grid's
        # scrolling box still takes the keyboard's focus.
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            month_save(
                centre=centre,
                activity=activity,
                changes=form.changes(),
                reason=form.cleaned_data["reason"],
                over_capacity_note=form.cleaned_data["over_capacity_note"],
                actor=request.user,
                submit=submit,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if submit:
                messages.success(request, _("The month has been submitted to the delegation."))
            else:
                messages.success(request, _("The figures have been saved as a draft."))
            return redirect(request.path)
    context = {
        "centre": centre,
        "activity": activity,
        "form": form,
        "register": register,
        "shown": shown,
        "can_enter": can_enter,
        "can_validate": centre_perms.can_validate_activity(request.user),
        "history": _history(activity, groups),
        "column_count": len(form.columns) + 2,
        "bands": bands,
    }
    refused = request.method == "POST"  # a valid form has redirected
    return render(request, "enrolments/month.html", context, status=400 if refused else 200)
