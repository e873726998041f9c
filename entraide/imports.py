"""Imports, all or nothing, for the admin and for commands alike.

Every Resource of the portal validates rows with the model's own rules (`full_clean`, so the
same messages as forms), looks related records up by code among those the importing user may
see (`ScopedForeignKeyWidget`), and imports inside one transaction that is rolled back when any
row fails: a file with bad rows writes nothing and returns every bad row with its line.
"""

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django.core.exceptions import ObjectDoesNotExist
from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export import resources, widgets
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats

from .audit import AuditedExportMixin, acting_as
from .exports import FORMULA_PREFIXES, safe_cell
from .pagination import EstimatedCountPaginator
from .protection import hidden_fields

# Excel saves UTF-8 with a byte-order mark; older Arabic Windows tools save Windows-1256.


class CodeWidget(widgets.ForeignKeyWidget):
    """A related record by its code, with a message a person can act on when there is none."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ObjectDoesNotExist:
            raise ValueError(
                _("No %(model)s with %(field)s “%(value)s”.")
                % {"model": self.model._meta.verbose_name, "field": self.field, "value": value}
            ) from None


class ScopedForeignKeyWidget(CodeWidget):
    """Looks the related record up among those the importing user may see: one out of scope
    is reported exactly like a missing one."""

    user = None

    def get_queryset(self, value, row, *args, **kwargs):
        queryset = super().get_queryset(value, row, *args, **kwargs)
        if self.user is not None and hasattr(queryset, "visible_to"):
            queryset = queryset.visible_to(self.user)
        return queryset


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
        super().before_import(dataset, **kwargs)

    def export_field(self, field, instance, **kwargs):
        # Formula-safe, like every export of the portal: a name starting with "=" stays text.
        value = super().export_field(field, instance, **kwargs)
        return safe_cell(value) if isinstance(value, str) else value

    def before_import_row(self, row, **kwargs):
        # A file exported by the portal comes back: undo the formula escaping ("'+212...").
        for key, value in row.items():
            if isinstance(value, str) and value[:1] == "'" and value[1:2] in FORMULA_PREFIXES:
                row[key] = value[1:]
        super().before_import_row(row, **kwargs)

    def iter_queryset(self, queryset):
        # Stream in chunks: import-export's fallback pages with OFFSET, which crawls over
        # large tables. Django prefetches within iterator() chunks since 4.1.
        if isinstance(queryset, QuerySet):
            yield from queryset.iterator(chunk_size=2000)
        else:
            yield from queryset


class PortalImportAdminMixin:
    """Admin side: pass the signed-in user to the Resources, read Windows-1256 files too."""

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {**super().get_export_resource_kwargs(request, **kwargs), "user": request.user}

    # The admin's two import steps (the preview, a dry run, and the confirmation) each run an
    # import in a transaction: what the Resource deferred with `after_import` runs after it.
    def import_action(self, request, **kwargs):
        with import_hooks():
            return super().import_action(request, **kwargs)

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
        return super().write_to_tmp_storage(import_file, input_format)


def decode(data):
    """UTF-8 (with or without Excel's byte-order mark) if the bytes are valid UTF-8, else
    Windows-1256, which maps every byte: a text file is never refused for its encoding."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1256")


def read_dataset(data, filename):
    """A tablib Dataset from the bytes of a CSV or XLSX file."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        return base_formats.XLSX().create_dataset(data)
    if suffix == ".csv":
        return tablib.Dataset().load(decode(data), format="csv")
    raise ValueError(f"Unsupported file type {suffix!r}: use .csv or .xlsx.")


@dataclass
class ImportReport:
    total: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    # (line in the file, header being line 1; reason)
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


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
    for error in result.base_errors:
        report.errors.append((None, str(error.error)))
    for number, row_errors in result.row_errors():
        for error in row_errors:
            report.errors.append((number + 1, str(error.error)))
    for invalid in result.invalid_rows:
        for name, messages in invalid.error_dict.items():
            label = "" if name == "__all__" else f"{name}: "
            for message in messages:
                report.errors.append((invalid.number + 1, f"{label}{message}"))
    report.errors.sort(key=lambda e: e[0] or 0)
    if report.ok:
        totals = result.totals
        report.new, report.updated = totals.get("new", 0), totals.get("update", 0)
        report.unchanged = totals.get("skip", 0)
    return report


class PortalAdmin(PortalImportAdminMixin, AuditedExportMixin, ImportExportModelAdmin):
    """The admin of the portal's models: imports and exports through their Resources, both
    recorded; lists of large tables are never counted row by row."""

    show_full_result_count = False
    paginator = EstimatedCountPaginator
