"""Import and export of the register: sections by centre code, enrolment lists by section name,
file number or CIN (entraide.imports: all or nothing, every bad line with its column and
reason, lookups among what the importing user may see).

An enrolment list is imported from a centre's page (`import_views`, the centre fixed) or in the
admin and by command (`import_records`, a `centre_code` column). It creates enrolments, never
changes one: people leave or are withdrawn on the register's pages (services.exit, withdraw).
People on a waiting list are placed on it by `services.wait`, so their place on the list is
recorded as when placed one by one; those admitted are written with their status, and
PostgreSQL keeps each section's places taken (Section.taken): a list that would give a
section more people than its places is refused as a whole, the section named.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export import fields, widgets
from import_export.results import Error

from beneficiaries.models import Beneficiary, NumberAlias
from centres.models import Centre, TargetGroup
from entraide.imports import (
    CodesWidget,
    CodeWidget,
    FlagWidget,
    PortalResource,
    ScopedForeignKeyWidget,
    unknown_code,
)
from entraide.numbers import number
from entraide.protection import may_read
from entraide.validators import normalise_cin

from . import services
from .models import Enrolment, Section, season_of
from .perms import can_keep

# A centre's list is a few hundred lines, imported while its sender waits: a larger file is
# not a centre's list.
LIST_MAX_ROWS = 2000

# Dates as the portal's exports write them; a spreadsheet's own dates are read as they are.
ISO_DATE = "%Y-%m-%d"

# The statuses a list may give: people leave or are withdrawn on the register's pages.
IMPORTED_STATUSES = (
    Enrolment.Status.WAITING,
    Enrolment.Status.ADMITTED,
    Enrolment.Status.ACTIVE,
)


def _day(value):
    # A spreadsheet's date comes as a datetime: the day is what counts.
    return value.date() if isinstance(value, datetime.datetime) else value


def _cell(value):
    return "" if value is None else str(value).strip()


class SeasonStartWidget(widgets.DateWidget):
    """The first or last day of a section's season: the current season's when the cell is
    empty."""

    def __init__(self, end=False):
        super().__init__(format=ISO_DATE)
        self.end = end

    def clean(self, value, row=None, **kwargs):
        if _cell(value) == "":
            return season_of(timezone.localdate())[1 if self.end else 0]
        return _day(super().clean(value, row, **kwargs))


class KindWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return _cell(value).lower()


class SectionResource(PortalResource):
    """A centre's sections, found by centre code, name and first day of their season (the
    current season when the file leaves the dates empty); their places taken are kept by the
    database and only exported."""

    centre_code = fields.Field(
        attribute="centre",
        column_name="centre_code",
        widget=ScopedForeignKeyWidget(Centre, "code"),
    )
    kind = fields.Field(attribute="kind", column_name="kind", widget=KindWidget())
    starts_on = fields.Field(
        attribute="starts_on", column_name="starts_on", widget=SeasonStartWidget()
    )
    ends_on = fields.Field(
        attribute="ends_on", column_name="ends_on", widget=SeasonStartWidget(end=True)
    )
    taken = fields.Field(attribute="taken", column_name="taken", readonly=True)
    priority_groups = fields.Field(
        attribute="priority_groups", column_name="priority_groups", widget=CodesWidget(TargetGroup)
    )
    # An empty cell keeps what the section has (a new one: the model's default).
    absences_before_alert = fields.Field(
        attribute="absences_before_alert",
        column_name="absences_before_alert",
        widget=widgets.IntegerWidget(),
        saves_null_values=False,
    )
    delivers_certificate = fields.Field(
        attribute="delivers_certificate",
        column_name="delivers_certificate",
        widget=FlagWidget(),
        saves_null_values=False,
    )

    class Meta(PortalResource.Meta):
        model = Section
        import_id_fields = ["centre_code", "name", "starts_on"]
        fields = [
            "centre_code",
            "name",
            "kind",
            "starts_on",
            "ends_on",
            "places",
            "taken",
            "priority_groups",
            "absences_before_alert",
            "delivers_certificate",
        ]
        export_order = fields

    def get_queryset(self):
        queryset = Section.objects.select_related("centre").prefetch_related("priority_groups")
        return queryset.visible_to(self.user) if self.user is not None else queryset

    def before_import(self, dataset, **kwargs):
        # A file may leave out the season's dates: the current season's (SeasonStartWidget).
        # The first day is part of the import key, which the kit asks the file for.
        for column in ("starts_on", "ends_on"):
            if dataset.headers and column not in dataset.headers:
                if len(dataset):
                    dataset.append_col([""] * len(dataset), header=column)
                else:
                    dataset.headers = [*dataset.headers, column]
        super().before_import(dataset, **kwargs)

    def init_instance(self, row=None):
        # A new section is of the current season until its row says otherwise (and its name,
        # which import-export's preview asks for, then reads).
        section = super().init_instance(row)
        section.starts_on, section.ends_on = season_of(timezone.localdate())
        return section

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        if isinstance(row.get("name"), str):
            row["name"] = row["name"].strip()

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        # A centre's manager keeps the sections of the centres they manage, not the others of
        # their delegation (perms.can_keep); the delegation keeps them all.
        if (
            self.user is not None
            and instance.centre_id
            and "centre" not in errors
            and not can_keep(self.user, instance.centre, "enrolments.change_section")
        ):
            errors["centre"] = [_("You do not keep the register of this centre.")]
        super().validate_instance(instance, errors or None, validate_unique)

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        if instance.pk is None:
            return
        # As services.section_save: the served-first flag of the people waiting follows the
        # section's groups, each move of the list recorded.
        services.priority_groups_follow(section=instance, actor=self.user)


# Enrolment lists ------------------------------------------------------------------------------


class SectionWidget(widgets.Widget):
    """A section by its name, among the sections of the list's centre running today."""

    resource = None

    def clean(self, value, row=None, **kwargs):
        return self.resource.section_named(_cell(value), row or {})

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class PersonWidget(widgets.Widget):
    """A person by their file number, or by their CIN when the file number is left empty,
    among the active files the importing user may see: one out of their scope is reported
    exactly as one that does not exist."""

    resource = None

    def clean(self, value, row=None, **kwargs):
        return self.resource.person_of(_cell(value), _cell((row or {}).get("cin")))

    def render(self, value, obj=None, **kwargs):
        return value.file_number if value else ""


class StatusWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        status = _cell(value).lower() or Enrolment.Status.WAITING
        if status not in IMPORTED_STATUSES:
            raise ValueError(
                _(
                    "“%(value)s” is not a status a list may give: write waiting, admitted or "
                    "active. People leave or are withdrawn on the register's pages."
                )
                % {"value": _cell(value)[:60]}
            )
        return status


class VulnerabilityWidget(widgets.Widget):
    """ordinary, high or urgent (or 0, 1, 2); empty is ordinary."""

    NAMES = {member.name.lower(): member.value for member in Enrolment.Vulnerability}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, int | float) and value in Enrolment.Vulnerability.values:
            return int(value)
        text = _cell(value).lower()
        if not text:
            return Enrolment.Vulnerability.ORDINARY
        if text.isdigit() and int(text) in Enrolment.Vulnerability.values:
            return int(text)
        if text in self.NAMES:
            return self.NAMES[text]
        raise ValueError(_("Write ordinary, high or urgent (or 0, 1, 2)."))

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return Enrolment.Vulnerability(value).name.lower()


class ActiveTargetGroupWidget(CodeWidget):
    """A target group by its code, as the forms: only one still in use."""

    def __init__(self):
        super().__init__(TargetGroup, "code")

    def clean(self, value, row=None, **kwargs):
        code = _cell(value).lower()
        if not code:
            return None
        group = super().clean(code, row, **kwargs)
        if not group.is_active:
            raise ValueError(unknown_code(TargetGroup, "code", code))
        return group


class ListDateWidget(widgets.DateWidget):
    def __init__(self):
        super().__init__(format=ISO_DATE)

    def clean(self, value, row=None, **kwargs):
        return _day(super().clean(value, row, **kwargs))


def readonly(attribute, column_name=None, widget=None):
    return fields.Field(
        attribute=attribute, column_name=column_name or attribute, readonly=True, widget=widget
    )


class EnrolmentResource(PortalResource):
    """A centre's enrolment list: one line per person placed on a section's waiting list or
    admitted to it. `centre`: the centre whose list it is (its page); without it, each line
    names its centre (`centre_code`, the admin and commands)."""

    centre_code = readonly("section__centre__code", "centre_code")
    section = fields.Field(attribute="section", column_name="section", widget=SectionWidget())
    season = readonly("season")
    file_number = fields.Field(attribute="person", column_name="file_number", widget=PersonWidget())
    status = fields.Field(attribute="status", column_name="status", widget=StatusWidget())
    requested_on = fields.Field(
        attribute="requested_on", column_name="requested_on", widget=ListDateWidget()
    )
    admitted_on = fields.Field(
        attribute="admitted_on", column_name="admitted_on", widget=ListDateWidget()
    )
    left_on = readonly("left_on", widget=widgets.DateWidget(format=ISO_DATE))
    outcome = readonly("outcome")
    target_group = fields.Field(
        attribute="target_group", column_name="target_group", widget=ActiveTargetGroupWidget()
    )
    vulnerability = fields.Field(
        attribute="vulnerability", column_name="vulnerability", widget=VulnerabilityWidget()
    )
    absences_in_a_row = readonly("absences_in_a_row")
    certificate_number = readonly("certificate_number")

    class Meta(PortalResource.Meta):
        model = Enrolment
        # Imports create enrolments; they never change one found by a column of the file.
        force_init_instance = True
        skip_unchanged = False
        fields = [
            "centre_code",
            "section",
            "season",
            "file_number",
            "status",
            "requested_on",
            "admitted_on",
            "left_on",
            "outcome",
            "target_group",
            "vulnerability",
            "absences_in_a_row",
            "certificate_number",
            "note",
        ]
        export_order = fields

    def __init__(self, user=None, centre=None, **kwargs):
        super().__init__(user=user, **kwargs)
        self.centre = centre
        for resource_field in self.fields.values():
            if isinstance(resource_field.widget, SectionWidget | PersonWidget):
                resource_field.widget.resource = self
        self._centres = {} if centre is None else {centre.code: centre}
        self._sections = {}
        self._served_first = {}
        self._people = {}
        self._cins = {}
        self._listed = {}
        self._open = set()
        self._overbooked = {}
        self._file_lines = None
        self._row_number = None
        self._by_cin = False

    def get_queryset(self):
        queryset = Enrolment.objects.select_related("section__centre", "person", "target_group")
        return queryset.visible_to(self.user) if self.user is not None else queryset

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("section__centre", "person", "target_group")

    def dehydrate_season(self, enrolment):
        if not enrolment.section_id:
            return ""
        section = enrolment.section
        return f"{section.starts_on:%Y}-{section.ends_on:%Y}"

    # Reading the file ---------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        if len(dataset) > LIST_MAX_ROWS:
            rows = len(dataset)
            del dataset[:]  # or import-export would still read every row, one by one
            raise ValueError(
                ngettext(
                    "This file has %(rows)s line of people: a centre's list has at most %(limit)s.",
                    "This file has %(rows)s lines of people: a centre's list has at most "
                    "%(limit)s.",
                    rows,
                )
                % {"rows": number(rows), "limit": number(LIST_MAX_ROWS)}
            )
        if self.user is None:
            del dataset[:]
            raise ValueError(
                _(
                    "People are placed on a list by the person importing it: import the list "
                    "as a user."
                )
            )
        # Column names as people type them: "Section", " file_number ".
        if dataset.headers:
            dataset.headers = [_cell(header).lower() for header in dataset.headers]
        headers = set(dataset.headers or [])
        missing = [name for name in ("section",) if name not in headers]
        if self.centre is None and "centre_code" not in headers:
            missing.insert(0, "centre_code")
        if not headers & {"file_number", "cin"}:
            missing.append("file_number")
        if missing:
            del dataset[:]
            raise ValueError(
                ngettext(
                    "The file has no column %(columns)s: its first line must name it.",
                    "The file has no columns %(columns)s: its first line must name them.",
                    len(missing),
                )
                % {"columns": ", ".join(missing)}
            )
        if "cin" in headers and not may_read(self.user, Beneficiary, "cin"):
            del dataset[:]
            raise ValueError(
                _("You may not import the columns %(columns)s: remove them from the file.")
                % {"columns": "cin"}
            )
        self._file_lines = getattr(dataset, "file_lines", None)
        self._find_people(dataset)
        super().before_import(dataset, **kwargs)

    def _people_in_scope(self):
        return Beneficiary.objects.visible_to(self.user).active()

    def _find_people(self, dataset):
        """The people the file names and where they are listed already, in a few queries
        whatever its length."""
        headers = dataset.headers or []
        numbers, cins = set(), set()
        if "file_number" in headers:
            numbers = {_cell(v).upper() for v in dataset["file_number"] if _cell(v)}
        if "cin" in headers:
            cins = {normalise_cin(_cell(v)) for v in dataset["cin"] if _cell(v)}
        people = self._people_in_scope()
        if numbers:
            self._people = {p.file_number: p for p in people.filter(file_number__in=numbers)}
            # A number a file had before a transfer still leads to it.
            former = numbers - set(self._people)
            if former:
                aliases = NumberAlias.objects.filter(
                    number__in=former, beneficiary__in=people
                ).select_related("beneficiary")
                self._people.update({alias.number: alias.beneficiary for alias in aliases})
        if cins:
            self._cins = {p.cin: p for p in people.filter(cin__in=cins)}
        found = [*self._people.values(), *self._cins.values()]
        # (section, person) of their places and requests still open, wherever they are.
        self._open = set(
            Enrolment.objects.filter(person__in=found, status__in=Enrolment.OPEN).values_list(
                "section_id", "person_id"
            )
        )

    def person_of(self, file_number, cin):
        self._by_cin = not file_number and bool(cin)
        if file_number:
            person = self._people.get(file_number.upper())
            if person is None:
                raise ValueError(unknown_code(Beneficiary, "file_number", file_number[:60]))
            return person
        if cin:
            person = self._cins.get(normalise_cin(cin))
            if person is None:
                raise ValueError(
                    _("No file with the CIN “%(cin)s” among the files you may see.")
                    % {"cin": cin[:60]}
                )
            return person
        raise ValueError(_("Give the person's file number, or their CIN in the column cin."))

    def centre_of(self, row):
        code = _cell(row.get("centre_code"))
        if self.centre is not None:
            if code and code != self.centre.code:
                raise ValueError(
                    _("This line is for the centre “%(code)s”: this is the list of %(centre)s.")
                    % {"code": code[:60], "centre": self.centre.code}
                )
            return self.centre
        if not code:
            raise ValueError(_("Give the centre's code in the column centre_code."))
        if code not in self._centres:
            centre = Centre.objects.visible_to(self.user).filter(code=code).first()
            if centre is None:
                raise ValueError(unknown_code(Centre, "code", code[:60]))
            if not can_keep(self.user, centre, "enrolments.add_enrolment"):
                raise ValueError(_("You do not keep the register of this centre."))
            self._centres[code] = centre
        return self._centres[code]

    def section_named(self, name, row):
        centre = self.centre_of(row)
        if not name:
            raise ValueError(_("Name the section, as it is named in the centre."))
        key = (centre.pk, name.casefold())
        if key not in self._sections:
            self._sections[key] = (
                Section.objects.select_related("centre")
                .filter(centre=centre, name__iexact=name)
                .of_season(timezone.localdate())
                .order_by("-starts_on")
                .first()
            )
        section = self._sections[key]
        if section is None:
            raise ValueError(
                _("%(centre)s has no section “%(name)s” this season.")
                % {"centre": centre.code, "name": name[:60]}
            )
        return section

    def served_first(self, section, target_group):
        if section.pk not in self._served_first:
            self._served_first[section.pk] = set(
                section.priority_groups.values_list("pk", flat=True)
            )
        return target_group is not None and target_group.pk in self._served_first[section.pk]

    # Checking each line -------------------------------------------------------------------

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            instance.status = instance.status or Enrolment.Status.WAITING
            instance.admitted_on = _day(instance.admitted_on)
            # Not said: asked on the day of the admission, or today.
            instance.requested_on = (
                _day(instance.requested_on) or instance.admitted_on or timezone.localdate()
            )
            if instance.vulnerability is None:
                instance.vulnerability = Enrolment.Vulnerability.ORDINARY
            instance.note = instance.note or ""

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        today = timezone.localdate()
        placed = instance.status in Enrolment.PLACED
        section = instance.section if instance.section_id and "section" not in errors else None
        if placed and instance.admitted_on is None and "admitted_on" not in errors:
            instance.admitted_on = today
        if not placed and instance.admitted_on and "status" not in errors:
            errors.setdefault("admitted_on", []).append(
                _(
                    "A person on the waiting list has no admission date: leave it empty, or give "
                    "the status admitted."
                )
            )
        if instance.requested_on > today:
            errors.setdefault("requested_on", []).append(
                _("The date of the request cannot be in the future.")
            )
        if instance.admitted_on and "admitted_on" not in errors:
            if instance.admitted_on > today:
                errors["admitted_on"] = [_("The date of admission cannot be in the future.")]
            elif instance.admitted_on < instance.requested_on:
                errors["admitted_on"] = [_("One is admitted after asking for a place.")]
        if section is not None:
            if placed and not can_keep(self.user, section.centre, "enrolments.admit_enrolment"):
                errors.setdefault("status", []).append(
                    _(
                        "You may place people on the waiting list, not admit them: admissions "
                        "are made by those who keep the centre's register."
                    )
                )
            if instance.person_id and "person" not in errors:
                errors.update(self._listed_already(section, instance.person))
            instance.priority_group = self.served_first(section, instance.target_group)
        try:
            # The model's own rules on the fields; the section, person and group were found
            # above, and the rules between fields (the model's constraints) are those checked
            # above: PostgreSQL keeps them all the same, without a query each per line.
            instance.full_clean(
                exclude=[*errors, "section", "person", "target_group"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            if self._by_cin and "person" in errors:
                # The person was named by the column cin: the reason is about it.
                errors["cin"] = errors.pop("person")
            raise ValidationError(errors)

    def _listed_already(self, section, person):
        """Whether the person is on the section's list already, in the register or higher up
        in the file."""
        key = (section.pk, person.pk)
        line = self._line()
        if key in self._listed:
            return {
                "person": [
                    _("The same person is on line %(line)s for this section.")
                    % {"line": self._listed[key]}
                ]
            }
        self._listed[key] = line
        if key in self._open:
            return {"person": [_("This person is already listed in this section.")]}
        return {}

    def _line(self):
        number = self._row_number or 0
        if self._file_lines and 0 < number <= len(self._file_lines):
            return self._file_lines[number - 1]
        return number + 1

    # Writing ------------------------------------------------------------------------------

    def import_row(self, row, instance_loader, **kwargs):
        self._row_number = kwargs.get("row_number")
        self._by_cin = False
        return super().import_row(row, instance_loader, **kwargs)

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        # A file may name people by their CIN alone: the person is still looked for; and an
        # admission without a request date was asked for that day (import_instance).
        for column in ("file_number", "requested_on"):
            row.setdefault(column, "")

    def do_instance_save(self, instance, is_create):
        if instance.status == Enrolment.Status.WAITING:
            # As one person placed on the list on the register's page: the change of the
            # list is recorded with the person's position.
            enrolment = services.wait(
                section=instance.section,
                person=instance.person,
                actor=self.user,
                target_group=instance.target_group,
                vulnerability=instance.vulnerability,
                requested_on=instance.requested_on,
                note=instance.note,
            )
            instance.pk = enrolment.pk
            instance._state.adding = False
            return
        try:
            # Its own savepoint: the rest of the file is still read when the section is full.
            with transaction.atomic():
                instance.save(force_insert=True)
        except IntegrityError as error:
            if "section_never_overbooked" not in str(error):
                raise
            self._overbooked.setdefault(instance.section_id, (instance.section, []))[1].append(
                self._line()
            )

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        for section, lines in self._overbooked.values():
            result.append_base_error(Error(ValueError(self._overbooked_message(section, lines))))

    def _overbooked_message(self, section, lines):
        # `section` was read before the file's first line about it: its places taken are
        # those the file found, and nothing of the file is written.
        over = len(lines)
        return ngettext(
            "The section “%(section)s” has %(places)s places, %(free)s of them free: this "
            "file admits %(over)s person more than it can take (line %(lines)s). Nothing was "
            "imported: admit fewer people, put the others on the waiting list, or give the "
            "section more places.",
            "The section “%(section)s” has %(places)s places, %(free)s of them free: this "
            "file admits %(over)s people more than it can take (lines %(lines)s). Nothing was "
            "imported: admit fewer people, put the others on the waiting list, or give the "
            "section more places.",
            over,
        ) % {
            "section": section.name,
            "places": number(section.places),
            "free": number(section.free),
            "over": number(over),
            "lines": ", ".join(str(line) for line in lines),
        }
