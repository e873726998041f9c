"""Import and export of people's files, cases and services delivered (entraide.imports: related
records by code among those the user may see, all or nothing).

These Resources serve the admin (small files, and exports). Large files of people go through
`beneficiaries.bulk`, which reads the same columns and applies the same rules in bulk: the
command `import_beneficiaries` and the background import page use it.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export import fields

from centres.models import Centre, Service, TargetGroup
from entraide.imports import (
    ChoicesListWidget,
    CodesWidget,
    CodeWidget,
    PortalResource,
    ScopedForeignKeyWidget,
    after_import,
    unknown_codes,
)
from entraide.models import User
from entraide.validators import normalise_cin, normalise_phone
from territory.models import OrgUnit, Province

from . import bulk
from .forms import check_cin
from .models import Beneficiary, CaseFile, ServiceDelivery
from .services import (
    CIN_CHECKS_PAUSED,
    allocate_file_numbers,
    check_case_status,
    cin_refusals_left,
    cin_refusals_record,
    opening_worker,
)

# Above this many rows the admin's row-by-row import is too slow for a request.
ADMIN_IMPORT_MAX_ROWS = 2000


class FileResource(PortalResource):
    """Exports are formula-safe (a name starting with "=" stays text) and stream the
    queryset in chunks; imports stay small (large files: the background import)."""

    def before_import(self, dataset, **kwargs):
        if len(dataset) > ADMIN_IMPORT_MAX_ROWS:
            rows = len(dataset)
            del dataset[:]  # or import-export would still check every row, one by one
            raise ValueError(
                ngettext(
                    "This file has %(rows)s row: import files of more than %(limit)s rows "
                    "from the import page, which runs them in the background.",
                    "This file has %(rows)s rows: import files of more than %(limit)s rows "
                    "from the import page, which runs them in the background.",
                    rows,
                )
                % {"rows": rows, "limit": ADMIN_IMPORT_MAX_ROWS}
            )
        super().before_import(dataset, **kwargs)

    def scoped(self, queryset):
        return queryset.visible_to(self.user) if self.user is not None else queryset

    class Meta(PortalResource.Meta):
        # Imports create records; they never update one found by a column of the file.
        force_init_instance = True
        skip_unchanged = False


class OpenCentreWidget(ScopedForeignKeyWidget):
    """As the forms: a file is followed by an open centre."""

    def __init__(self):
        super().__init__(Centre, "code")

    def get_queryset(self, value, row, *args, **kwargs):
        return super().get_queryset(value, row, *args, **kwargs).open()


class ActiveCodesWidget(CodesWidget):
    """Target groups by code, as the forms: only those still in use."""

    def clean(self, value, row=None, **kwargs):
        objects = super().clean(value, row, **kwargs)
        retired = {o.code for o in objects if not o.is_active}
        if retired:
            raise ValueError(unknown_codes(retired))
        return objects


class BeneficiaryResource(FileResource):
    file_number = fields.Field(attribute="file_number", column_name="file_number")
    province_code = fields.Field(
        attribute="province", column_name="province_code", widget=CodeWidget(Province, "code")
    )
    target_groups = fields.Field(
        attribute="target_groups",
        column_name="target_groups",
        widget=ActiveCodesWidget(TargetGroup),
    )
    delegation_code = fields.Field(
        attribute="delegation",
        column_name="delegation_code",
        widget=ScopedForeignKeyWidget(OrgUnit, "code"),
    )
    centre_code = fields.Field(
        attribute="centre", column_name="centre_code", widget=OpenCentreWidget()
    )

    class Meta(FileResource.Meta):
        model = Beneficiary
        fields = bulk.COLUMNS
        export_order = fields

    def get_queryset(self):
        queryset = Beneficiary.objects.select_related("province", "delegation", "centre")
        return self.scoped(queryset.prefetch_related("target_groups")).order_by("pk")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("province", "delegation", "centre").prefetch_related(
            "target_groups"
        )

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        if row.get("file_number"):
            raise ValueError(_("This import only creates new files: leave file_number empty."))

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            # As the form does, before the validators see them.
            instance.cin = normalise_cin(instance.cin)
            instance.phone = normalise_phone(instance.phone)
            instance.sex = (instance.sex or "").upper()
            for name in bulk.CHOICE_FIELDS:
                setattr(instance, name, (getattr(instance, name) or "").lower())
            instance.file_number = instance.file_number or ""

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Beneficiary.clean() checks the province against the delegation, as forms do.
        errors = dict(import_validation_errors or {})
        if "cin" not in errors and instance.cin:
            errors.update(self.check_cin(instance.cin))
        try:
            # The file number is given out on saving.
            instance.full_clean(exclude=[*errors, "file_number"], validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_import(self, dataset, **kwargs):
        self.cins_refused = []
        self.cin_allowance = None if self.user is None else cin_refusals_left(self.user)
        super().before_import(dataset, **kwargs)

    def check_cin(self, cin):
        """The person form's answer (a file number only within the importer's scope), with
        its allowance: past it, every CIN of the file is refused unchecked, so that a file of
        thousands of CINs cannot map who is on file where. The refusals are recorded once the
        import's transaction is over (it rolls back)."""
        if self.cin_allowance is not None and len(self.cins_refused) >= self.cin_allowance:
            return {"cin": [str(CIN_CHECKS_PAUSED)]}
        try:
            check_cin(cin, instance=Beneficiary(), user=self.user, where="import", record=False)
        except ValidationError as error:
            if error.code == "cin_held_elsewhere":
                self.cins_refused.append(cin)
            return {"cin": error.messages}
        return {}

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if self.cins_refused and self.user is not None:
            user, refused = self.user, list(self.cins_refused)
            after_import(
                lambda: cin_refusals_record(actor=user, cins=refused, where="admin import")
            )

    def before_save_instance(self, instance, row, **kwargs):
        instance.file_number = allocate_file_numbers(instance.delegation)[0]
        instance.created_by = self.user


class CaseFileResource(FileResource):
    number = fields.Field(attribute="number", column_name="number", readonly=True)
    file_number = fields.Field(
        attribute="beneficiary",
        column_name="file_number",
        widget=ScopedForeignKeyWidget(Beneficiary, "file_number"),
    )
    problems = fields.Field(
        attribute="problems", column_name="problems", widget=ChoicesListWidget(CaseFile.Problem)
    )
    worker = fields.Field(
        attribute="worker", column_name="worker", widget=ScopedForeignKeyWidget(User, "username")
    )

    class Meta(FileResource.Meta):
        model = CaseFile
        # Not the protection details: only the assigned worker and the delegate read them.
        fields = [
            "number",
            "file_number",
            "channel",
            "problems",
            "risk",
            "worker",
            "opened_on",
            "status",
            "closure_reason",
            "closed_on",
        ]
        export_order = fields

    def get_queryset(self):
        queryset = CaseFile.objects.select_related("beneficiary", "worker")
        return self.scoped(queryset).order_by("pk")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("beneficiary", "worker")

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            if instance.beneficiary_id:
                instance.delegation = instance.beneficiary.delegation
            instance.number = instance.number or ""

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        # The rules of a case opened in the portal: its worker (a social worker who names no
        # one takes the case on; only those who oversee name someone else) and its status.
        try:
            instance.worker = opening_worker(worker=instance.worker, actor=self.user)
        except PermissionDenied as refusal:
            errors.setdefault("worker", []).append(str(refusal))
        if "status" not in errors:
            try:
                check_case_status(instance, instance.status)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        try:
            # The case number is given on saving.
            instance.full_clean(exclude=[*errors, "number"], validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        # The numbering of beneficiaries.services.case_open: the file number, then the
        # person's count of cases, under a lock on the person.
        person = Beneficiary.objects.select_for_update().get(pk=instance.beneficiary_id)
        count = CaseFile.objects.filter(beneficiary=person).count()
        instance.number = f"{person.file_number}-{count + 1}"
        instance.created_by = self.user


class ServiceDeliveryResource(FileResource):
    case_number = fields.Field(
        attribute="case",
        column_name="case_number",
        widget=ScopedForeignKeyWidget(CaseFile, "number"),
    )
    service_code = fields.Field(
        attribute="service", column_name="service_code", widget=CodeWidget(Service, "code")
    )
    centre_code = fields.Field(
        attribute="centre",
        column_name="centre_code",
        widget=ScopedForeignKeyWidget(Centre, "code"),
    )
    # Exported, never imported: a service is signed by the person importing it (an author
    # column would let anyone sign in a colleague's name).
    author = fields.Field(
        attribute="author",
        column_name="author",
        widget=ScopedForeignKeyWidget(User, "username"),
        readonly=True,
    )

    class Meta(FileResource.Meta):
        model = ServiceDelivery
        fields = [
            "case_number",
            "date",
            "service_code",
            "centre_code",
            "quantity",
            "amount",
            "notes",
            "author",
        ]
        export_order = fields

    def get_queryset(self):
        queryset = ServiceDelivery.objects.select_related("case", "service", "centre", "author")
        return self.scoped(queryset).order_by("pk")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("case", "service", "centre", "author")

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            if self.user is None:
                raise ValueError(
                    _(
                        "Services delivered are signed by the person importing them: "
                        "import them as a user."
                    )
                )
            instance.author = self.user
