"""Import and export of associations, conventions, their money and their control
(entraide.imports: related records by code among those the importing user may see, all or
nothing).

Records with a natural key (an association's registration number, a convention's reference, a
tranche's or an amendment's number in its convention) are found and updated by it; the others
(partners, commitments, reports owed, campaigns, inspections, recommendations) are only added
by an import, and exported with their id so that a recommendation can name its inspection.

Payments of tranches are exported, never imported: a payment is recorded in the portal, where
overdue reports hold it back (services.tranche_pay). Amendments load as records of what was
signed; applying one to its convention is services.amendment_add's work.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from import_export import fields, widgets

from centres.models import Centre, TargetGroup
from entraide.imports import (
    ChoicesListWidget,
    CodesWidget,
    CodeWidget,
    FlagWidget,
    PortalResource,
    ReferenceResource,
    ScopedForeignKeyWidget,
    unknown_codes,
)
from entraide.numbers import dirhams
from territory.models import OrgUnit, Province

from .models import (
    Amendment,
    Association,
    Commitment,
    ControlCampaign,
    Convention,
    FieldOfAction,
    Inspection,
    OwedReport,
    Partner,
    Recommendation,
    Tranche,
)

# Seen, exported and imported only by those who may read them (partnerships.perms declares
# them protected; PortalResource leaves them out for the others).
BANK_DETAILS = ["bank_name", "bank_account"]


# The budget rule of tranches, in words -------------------------------------------------------


def locked_contribution(convention):
    """The convention's EN contribution as it stands, its row locked until the transaction
    ends when there is one: the database trigger takes the same lock, so a tranche added
    meanwhile elsewhere waits for this check instead of slipping past it."""
    queryset = Convention.objects.filter(pk=convention.pk)
    if transaction.get_connection().in_atomic_block:
        queryset = queryset.select_for_update()
    return queryset.values_list("en_contribution", flat=True).get()


def tranches_planned(convention, *, excluding_pk=None, excluding_numbers=()):
    """The sum of the convention's tranches in the database, leaving some out."""
    tranches = Tranche.objects.filter(convention_id=convention.pk)
    if excluding_pk is not None:
        tranches = tranches.exclude(pk=excluding_pk)
    if excluding_numbers:
        tranches = tranches.exclude(number__in=list(excluding_numbers))
    return tranches.aggregate(total=Sum("planned_amount"))["total"] or 0


def budget_message(convention, planned, contribution, *, with_rows_above=False):
    values = {
        "reference": convention.reference,
        "planned": dirhams(planned),
        "contribution": dirhams(contribution),
    }
    if with_rows_above:
        return (
            _(
                "With this row and those above it, the tranches of convention %(reference)s "
                "would add up to %(planned)s, more than its EN contribution of "
                "%(contribution)s."
            )
            % values
        )
    return (
        _(
            "The tranches of convention %(reference)s would add up to %(planned)s, more than "
            "its EN contribution of %(contribution)s."
        )
        % values
    )


def contribution_message(planned):
    return _(
        "The tranches already planned add up to %(planned)s: the EN contribution cannot be "
        "lower. Lower or remove tranches first."
    ) % {"planned": dirhams(planned)}


# Widgets ---------------------------------------------------------------------------------------


class ScopedCodesWidget(widgets.ManyToManyWidget):
    """Records by a code column, separated by "|", among those the importing user may see:
    one out of scope is reported exactly like a missing one."""

    user = None

    def __init__(self, model, field):
        super().__init__(model, separator="|", field=field)

    def clean(self, value, row=None, **kwargs):
        codes = list(dict.fromkeys(c.strip() for c in str(value or "").split("|") if c.strip()))
        queryset = self.model._default_manager.filter(**{f"{self.field}__in": codes})
        if self.user is not None:
            queryset = queryset.visible_to(self.user)
        found = list(queryset)
        missing = set(codes) - {str(getattr(o, self.field)) for o in found}
        if missing:
            raise ValueError(unknown_codes(missing))
        return found


# The common ground ------------------------------------------------------------------------------


class PartnershipResource(PortalResource):
    """Exports and lookups scoped to the user; the codes of "|"-separated columns are checked
    with the row's other columns, so that every reason of a row is reported at once. (An empty
    cell takes the model field's default: import-export gives its fields the model's.)"""

    class Meta(PortalResource.Meta):
        pass

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        for resource_field in self.fields.values():
            if isinstance(resource_field.widget, ScopedCodesWidget):
                resource_field.widget.user = user

    def scoped(self, queryset):
        return queryset.visible_to(self.user) if self.user is not None else queryset

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        if self._meta.force_init_instance and row.get("id") not in (None, ""):
            raise ValueError(_("This import only adds new records: leave the id column empty."))

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        errors = self._check_many_to_many(instance, row, errors)
        if errors:
            raise ValidationError(errors)

    def _check_many_to_many(self, instance, row, errors):
        for resource_field in self.get_import_fields():
            if resource_field.readonly or not isinstance(
                resource_field.widget, widgets.ManyToManyWidget
            ):
                continue
            model_field = instance._meta.get_field(resource_field.attribute)
            name = resource_field.column_name
            if name in row:
                try:
                    chosen = resource_field.clean(row)
                except ValueError as error:
                    errors.setdefault(name, []).append(str(error))
                    continue
                if not model_field.blank and not chosen:
                    errors.setdefault(name, []).append(str(model_field.error_messages["blank"]))
            elif not model_field.blank and instance._state.adding:
                errors.setdefault(name, []).append(str(model_field.error_messages["blank"]))
        return errors

    def set_author(self, instance, name):
        if instance._state.adding and self.user is not None:
            setattr(instance, name, self.user)


class AddOnlyMeta(PartnershipResource.Meta):
    # Without a natural key, a row is a new record; never one found by its id.
    force_init_instance = True
    skip_unchanged = False


def id_field():
    return fields.Field(attribute="id", column_name="id", readonly=True)


def readonly(attribute, widget=None):
    return fields.Field(
        attribute=attribute, column_name=attribute, readonly=True, widget=widget or widgets.Widget()
    )


# Resources ------------------------------------------------------------------------------------


class FieldOfActionResource(ReferenceResource):
    class Meta(ReferenceResource.Meta):
        model = FieldOfAction


class AssociationResource(PartnershipResource):
    delegation_code = fields.Field(
        attribute="delegation",
        column_name="delegation_code",
        widget=ScopedForeignKeyWidget(OrgUnit, "code"),
    )
    province_code = fields.Field(
        attribute="province", column_name="province_code", widget=CodeWidget(Province, "code")
    )
    public_utility = fields.Field(
        attribute="public_utility", column_name="public_utility", widget=FlagWidget(), default=False
    )
    fields_of_action = fields.Field(
        attribute="fields_of_action",
        column_name="fields_of_action",
        widget=CodesWidget(FieldOfAction),
    )
    target_groups = fields.Field(
        attribute="target_groups", column_name="target_groups", widget=CodesWidget(TargetGroup)
    )

    class Meta(PartnershipResource.Meta):
        model = Association
        import_id_fields = ["registration_number"]
        fields = [
            "registration_number",
            "name_ar",
            "name_fr",
            "acronym",
            "registration_date",
            "legal_status",
            "public_utility",
            "public_utility_date",
            "delegation_code",
            "province_code",
            "address",
            "president",
            "phone",
            "email",
            "fields_of_action",
            "target_groups",
            "status",
            "status_date",
            *BANK_DETAILS,
        ]
        export_order = fields

    def get_queryset(self):
        return self.filter_export(self.scoped(Association.objects.all())).order_by("pk")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("delegation", "province").prefetch_related(
            "fields_of_action", "target_groups"
        )

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            # As the form does: a RIB is often typed in groups of digits.
            instance.bank_account = "".join((instance.bank_account or "").split())


class ConventionResource(PartnershipResource):
    one_column_texts = ["object"]
    signing_unit_code = fields.Field(
        attribute="signing_unit",
        column_name="signing_unit_code",
        widget=ScopedForeignKeyWidget(OrgUnit, "code"),
    )
    associations = fields.Field(
        attribute="associations",
        column_name="associations",
        widget=ScopedCodesWidget(Association, "registration_number"),
    )
    centres = fields.Field(
        attribute="centres", column_name="centres", widget=ScopedCodesWidget(Centre, "code")
    )

    class Meta(PartnershipResource.Meta):
        model = Convention
        import_id_fields = ["reference"]
        fields = [
            "reference",
            "title_ar",
            "title_fr",
            "kind",
            "signing_unit_code",
            "associations",
            "centres",
            "object_ar",
            "object_fr",
            "start_date",
            "end_date",
            "signed_on",
            "status",
            "status_date",
            "status_reason",
            "en_contribution",
            "partners_contribution",
        ]
        export_order = fields

    def get_queryset(self):
        return self.filter_export(self.scoped(Convention.objects.all())).order_by("pk")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("signing_unit").prefetch_related("associations", "centres")

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if (
            not instance._state.adding
            and "en_contribution" not in errors
            and instance.en_contribution is not None
        ):
            locked_contribution(instance)
            planned = tranches_planned(instance)
            if planned > instance.en_contribution:
                errors["en_contribution"] = ValidationError(contribution_message(planned))
        super().validate_instance(instance, errors, validate_unique)

    def before_save_instance(self, instance, row, **kwargs):
        self.set_author(instance, "created_by")


class ConventionChildResource(PartnershipResource):
    """What hangs on a convention, found by its reference among the conventions the user may
    see."""

    convention_reference = fields.Field(
        attribute="convention",
        column_name="convention_reference",
        widget=ScopedForeignKeyWidget(Convention, "reference"),
    )

    def get_queryset(self):
        model = self._meta.model
        return self.scoped(model.objects.select_related("convention")).order_by("pk")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("convention")


class PartnerResource(ConventionChildResource):
    id = id_field()

    class Meta(AddOnlyMeta):
        model = Partner
        fields = ["id", "convention_reference", "name", "kind", "contribution"]
        export_order = fields


class CommitmentResource(ConventionChildResource):
    one_column_texts = ["description"]
    id = id_field()
    done = fields.Field(attribute="done", column_name="done", widget=FlagWidget(), default=False)

    class Meta(AddOnlyMeta):
        model = Commitment
        fields = [
            "id",
            "convention_reference",
            "party",
            "description_ar",
            "description_fr",
            "due_date",
            "done",
            "done_on",
            "comment",
        ]
        export_order = fields


class OwedReportResource(ConventionChildResource):
    id = id_field()

    class Meta(AddOnlyMeta):
        model = OwedReport
        fields = [
            "id",
            "convention_reference",
            "kind",
            "period",
            "due_date",
            "received_on",
            "assessment",
            "assessment_notes",
        ]
        export_order = fields


class TrancheResource(ConventionChildResource):
    """Tranches planned, by convention reference and number. A file whose tranches would add
    up to more than a convention's EN contribution is refused, each row over the budget with
    the sum it would reach (the database refuses it anyway, with no word of which row)."""

    paid_amount = readonly("paid_amount", widgets.DecimalWidget())
    paid_on = readonly("paid_on", widgets.DateWidget())
    payment_reference = readonly("payment_reference")

    class Meta(ConventionChildResource.Meta):
        model = Tranche
        import_id_fields = ["convention_reference", "number"]
        fields = [
            "convention_reference",
            "number",
            "planned_amount",
            "planned_date",
            "condition",
            "paid_amount",
            "paid_on",
            "payment_reference",
        ]
        export_order = fields

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        # The amounts accepted so far in this file: {convention pk: {number: amount}}.
        self.planned_in_file = {}

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if not instance._state.adding and instance.paid_on is not None:
            raise ValidationError(_("A paid tranche cannot be changed."))
        if "planned_amount" not in errors and "number" not in errors:
            message = self.budget_error(instance)
            if message:
                errors["planned_amount"] = ValidationError(message)
        super().validate_instance(instance, errors, validate_unique)
        self.planned_in_file.setdefault(instance.convention_id, {})[instance.number] = (
            instance.planned_amount
        )

    def budget_error(self, tranche):
        if tranche.convention_id is None or tranche.planned_amount is None:
            return None
        if tranche.number is None:
            return None
        convention = tranche.convention
        contribution = locked_contribution(convention)
        above = {
            number: amount
            for number, amount in self.planned_in_file.get(convention.pk, {}).items()
            if number != tranche.number
        }
        # The rows above may already be written in this import's transaction: count each
        # tranche once, with the amount of the file where the file names it.
        planned = (
            tranches_planned(convention, excluding_numbers=[*above, tranche.number])
            + sum(above.values())
            + tranche.planned_amount
        )
        if planned <= contribution:
            return None
        return budget_message(convention, planned, contribution, with_rows_above=bool(above))


class AmendmentResource(ConventionChildResource):
    class Meta(ConventionChildResource.Meta):
        model = Amendment
        import_id_fields = ["convention_reference", "number"]
        fields = [
            "convention_reference",
            "number",
            "signed_on",
            "summary",
            "previous_end_date",
            "new_end_date",
            "previous_en_contribution",
            "new_en_contribution",
            "previous_partners_contribution",
            "new_partners_contribution",
        ]
        export_order = fields

    def before_save_instance(self, instance, row, **kwargs):
        self.set_author(instance, "recorded_by")


class ControlCampaignResource(PartnershipResource):
    id = id_field()
    unit_code = fields.Field(
        attribute="unit", column_name="unit_code", widget=ScopedForeignKeyWidget(OrgUnit, "code")
    )
    drawn_at = readonly("drawn_at", widgets.DateTimeWidget())

    class Meta(AddOnlyMeta):
        model = ControlCampaign
        fields = ["id", "title", "year", "unit_code", "share", "status", "drawn_at"]
        export_order = fields

    def get_queryset(self):
        return self.scoped(ControlCampaign.objects.select_related("unit")).order_by("pk")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("unit")

    def before_save_instance(self, instance, row, **kwargs):
        self.set_author(instance, "created_by")


class InspectionResource(PartnershipResource):
    """The unit concerned is not a column: it follows the subject (Inspection.clean)."""

    id = id_field()
    unit_code = fields.Field(attribute="unit__code", column_name="unit_code", readonly=True)
    team_code = fields.Field(
        attribute="team", column_name="team_code", widget=ScopedForeignKeyWidget(OrgUnit, "code")
    )
    association_registration_number = fields.Field(
        attribute="association",
        column_name="association_registration_number",
        widget=ScopedForeignKeyWidget(Association, "registration_number"),
    )
    convention_reference = fields.Field(
        attribute="convention",
        column_name="convention_reference",
        widget=ScopedForeignKeyWidget(Convention, "reference"),
    )
    centre_code = fields.Field(
        attribute="centre", column_name="centre_code", widget=ScopedForeignKeyWidget(Centre, "code")
    )
    campaign_id = fields.Field(
        attribute="campaign",
        column_name="campaign_id",
        widget=ScopedForeignKeyWidget(ControlCampaign, "pk"),
    )
    selection_reasons = fields.Field(
        attribute="selection_reasons",
        column_name="selection_reasons",
        widget=ChoicesListWidget(Inspection.Reason),
    )

    class Meta(AddOnlyMeta):
        model = Inspection
        fields = [
            "id",
            "subject",
            "association_registration_number",
            "convention_reference",
            "centre_code",
            "unit_code",
            "team_code",
            "inspectors",
            "campaign_id",
            "risk_score",
            "selection_reasons",
            "planned_date",
            "done_on",
            "status",
            "conclusion",
            "findings",
        ]
        export_order = fields

    def get_queryset(self):
        return self.filter_export(self.scoped(Inspection.objects.all())).order_by("pk")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related(
            "unit", "team", "association", "convention", "centre", "campaign"
        )

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            # Before the validators, which check the unit before Inspection.clean() sets it.
            if instance.subject_object is not None:
                instance.unit = instance.owning_unit()

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        # Without a subject there is no unit: the subject's own error says what is missing.
        exclude = [*errors, *(["unit"] if instance.unit_id is None else [])]
        try:
            instance.full_clean(exclude=exclude, validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        self.set_author(instance, "created_by")


class RecommendationResource(PartnershipResource):
    id = id_field()
    inspection_id = fields.Field(
        attribute="inspection",
        column_name="inspection_id",
        widget=ScopedForeignKeyWidget(Inspection, "pk"),
    )

    class Meta(AddOnlyMeta):
        model = Recommendation
        fields = ["id", "inspection_id", "text", "due_date", "status", "follow_up", "closed_on"]
        export_order = fields

    def get_queryset(self):
        return self.scoped(Recommendation.objects.select_related("inspection")).order_by("pk")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("inspection")
