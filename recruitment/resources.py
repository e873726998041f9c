"""Import and export of competitions, their posts and their applications (entraide.imports:
related records by code among those the importing user may see, all or nothing).

Grades and specialties are found and updated by their code, competitions by their reference,
reserved shares by competition and category; post lines have no natural key: an import only
adds them. A file of paper applications names the post by its grade code and the candidate's
specialty code, among the lines of the row's competition (or by the line's id, as exports give
it).

Applications come in two files. Paper applications are only added: a CIN that already has an
application in the competition, in the database or on another row of the file, is refused, and
each row is received through services.application_submit, as an online application is. Marks
from the exam centre only update applications found by receipt number, among those the user
may see.

A competition's status and published deadline are exported, never imported: they move in the
portal (services.competition_change_status, services.deadline_extend), which checks each step
and keeps the previous deadline. Deadline extensions and candidates' documents are exported
only.
"""

from collections import Counter
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from entraide.imports import (
    CodesWidget,
    CodeWidget,
    FlagWidget,
    PortalResource,
    ReferenceResource,
    ScopedForeignKeyWidget,
)
from entraide.validators import normalise_cin
from territory.models import OrgUnit, Province

from . import services
from .models import (
    RECEIPT_ALPHABET,
    RECEIPT_LENGTH,
    Application,
    ApplicationDocument,
    Category,
    Competition,
    DeadlineExtension,
    Grade,
    PostLine,
    ReservedShare,
    Specialty,
)

# What the exam centre's file writes; nothing else of an application.
MARK_FIELDS = ["written_present", "written_mark", "oral_present", "oral_mark"]


# Widgets ---------------------------------------------------------------------------------------


class MarkWidget(widgets.DecimalWidget):
    """A mark as people type it, 14.5 or 14,5 (the staff's marks page reads both). Not
    DecimalWidget's locale-aware parsing, which in Arabic takes "." for a thousands
    separator."""

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        if isinstance(value, int | float | Decimal):
            return Decimal(str(value))
        text = str(value).strip().replace(",", ".")
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a mark.") % {"value": value}) from None


class ActiveCodeWidget(CodeWidget):
    """A reference entry still offered, as on the application form; a retired one is
    reported like a missing one."""

    def get_queryset(self, value, row, *args, **kwargs):
        return super().get_queryset(value, row, *args, **kwargs).active()


class PostLineWidget(ScopedForeignKeyWidget):
    """The post applied for, among the lines of the row's competition: by the grade code of
    the row (`grade_code`) and the candidate's specialty code (`specialty_code`), as people
    write a file; or by the line's id, as the portal exports it."""

    def __init__(self):
        super().__init__(PostLine, "id")

    def clean(self, value, row=None, **kwargs):
        if value not in (None, ""):
            return super().clean(value, row, **kwargs)
        row = row or {}
        reference = str(row.get("competition_reference") or "").strip()
        grade = str(row.get("grade_code") or "").strip()
        specialty = str(row.get("specialty_code") or "").strip()
        if not grade:
            raise ValueError(
                _("Name the post applied for: give its grade code in the column grade_code.")
            )
        lines = self.get_queryset(value, row).filter(
            competition__reference=reference, grade__code=grade
        )
        if specialty:
            lines = lines.filter(specialties__code=specialty)
        lines = list(lines.distinct().order_by("pk")[:2])
        names = {"reference": reference, "grade": grade, "specialty": specialty}
        if not lines:
            raise ValueError(
                _(
                    "Competition %(reference)s has no post for the grade “%(grade)s” open to "
                    "the specialty “%(specialty)s”: check both codes against the notice."
                )
                % names
            )
        if len(lines) > 1:
            raise ValueError(
                _(
                    "Competition %(reference)s has several posts for the grade “%(grade)s” "
                    "open to the specialty “%(specialty)s”: give the post's id in the column "
                    "post_line."
                )
                % names
            )
        return lines[0]


def paper_receipt_number(competition, cin):
    """The receipt number of a paper application: the same in an import's preview as in the
    import (a number drawn at random, the model's default, changed between the two, so the
    preview showed numbers that were never stored). Derived with the server's secret from the
    competition, the CIN and how many paper applications that CIN already has there: as
    unguessable as a drawn one, and new for a CIN received again after a withdrawal."""
    earlier = Application.objects.filter(competition=competition, cin=cin, channel="paper").count()
    digest = salted_hmac(
        "recruitment.paper_receipt_number", f"{competition.pk}:{cin}:{earlier}"
    ).digest()
    number = int.from_bytes(digest, "big")
    letters = []
    for _i in range(RECEIPT_LENGTH):
        number, index = divmod(number, len(RECEIPT_ALPHABET))
        letters.append(RECEIPT_ALPHABET[index])
    return "".join(letters)


def readonly(attribute, column_name=None, widget=None):
    return fields.Field(
        attribute=attribute,
        column_name=column_name or attribute,
        readonly=True,
        widget=widget or widgets.Widget(),
    )


# The common ground ------------------------------------------------------------------------------


class RecruitmentResource(PortalResource):
    """Exports and related records limited to what the importing user may see (`user` None:
    a server-side command)."""

    class Meta(PortalResource.Meta):
        pass

    def scoped(self, queryset):
        return queryset.visible_to(self.user) if self.user is not None else queryset


class ExportOnlyResource(RecruitmentResource):
    """Records that only the portal writes: a file of them is refused before any row is
    read."""

    def refusal(self):
        raise NotImplementedError

    def before_import(self, dataset, **kwargs):
        del dataset[:]  # or import-export would still read every row
        raise ValueError(self.refusal())


def competition_field(*, read_only=False):
    """The competition by its reference, among those the user may see."""
    if read_only:
        return readonly("competition__reference", "competition_reference")
    return fields.Field(
        attribute="competition",
        column_name="competition_reference",
        widget=ScopedForeignKeyWidget(Competition, "reference"),
    )


# Reference data -------------------------------------------------------------------------------


class GradeResource(ReferenceResource):
    class Meta(ReferenceResource.Meta):
        model = Grade
        fields = [*ReferenceResource.Meta.fields, "scale"]


class SpecialtyResource(ReferenceResource):
    class Meta(ReferenceResource.Meta):
        model = Specialty


# Competitions and what hangs on them ----------------------------------------------------------


class CompetitionResource(RecruitmentResource):
    unit_code = fields.Field(
        attribute="unit", column_name="unit_code", widget=ScopedForeignKeyWidget(OrgUnit, "code")
    )
    oral_minimum = fields.Field(
        attribute="oral_minimum", column_name="oral_minimum", widget=MarkWidget(), default=10
    )
    pass_mark = fields.Field(
        attribute="pass_mark", column_name="pass_mark", widget=MarkWidget(), default=10
    )
    public_list_shows_birth_date = fields.Field(
        attribute="public_list_shows_birth_date",
        column_name="public_list_shows_birth_date",
        widget=FlagWidget(),
        default=False,
    )
    public_list_masks_cin = fields.Field(
        attribute="public_list_masks_cin",
        column_name="public_list_masks_cin",
        widget=FlagWidget(),
        default=True,
    )
    status = readonly("status")
    publication_date = readonly("publication_date", widget=widgets.DateWidget())

    class Meta(RecruitmentResource.Meta):
        model = Competition
        import_id_fields = ["reference"]
        fields = [
            "reference",
            "title_ar",
            "title_fr",
            "notice_ar",
            "notice_fr",
            "year",
            "unit_code",
            "opens_at",
            "deadline",
            "exam_date",
            "exam_place_ar",
            "exam_place_fr",
            "written_coefficient",
            "oral_coefficient",
            "oral_minimum",
            "pass_mark",
            "written_call_ratio",
            "waiting_list_ratio",
            "public_list_masks_cin",
            "public_list_shows_birth_date",
            "max_upload_mb",
            "status",
            "publication_date",
        ]
        export_order = fields

    def get_queryset(self):
        return self.filter_export(self.scoped(Competition.objects.all())).order_by("pk")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("unit")

    def import_instance(self, instance, row, **kwargs):
        published = not instance._state.adding and instance.status != Competition.Status.DRAFT
        deadline = instance.deadline
        self.published_deadline_moved = False
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            if published and instance.deadline != deadline:
                moved = instance.deadline is None or instance.deadline.replace(
                    microsecond=0
                ) != deadline.replace(microsecond=0)
                if moved:
                    self.published_deadline_moved = True
                else:
                    instance.deadline = deadline  # a file keeps whole seconds

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if self.published_deadline_moved and "deadline" not in errors:
            # As the form: once the notice is out, the deadline moves only by an extension,
            # which keeps the previous deadline and shows on the notice.
            errors["deadline"] = ValidationError(
                _(
                    "Competition %(reference)s is published: extend its deadline from the "
                    "competition's page."
                )
                % {"reference": instance.reference}
            )
        super().validate_instance(instance, errors, validate_unique)


class CompetitionChildResource(RecruitmentResource):
    """What hangs on a competition, found by its reference among the competitions the user may
    see."""

    competition_reference = competition_field()

    def get_queryset(self):
        model = self._meta.model
        return self.scoped(model.objects.select_related("competition")).order_by("pk")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("competition")


class DraftChildResource(CompetitionChildResource):
    """Post lines and reserved shares: what candidates apply for, imported only into a draft
    competition (as services.post_line_add and reserved_share_set)."""

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        competition = instance.competition if instance.competition_id else None
        if competition is not None and competition.status != Competition.Status.DRAFT:
            errors.setdefault(
                "competition",
                ValidationError(
                    _(
                        "Competition %(reference)s is published: its posts and reserved "
                        "shares can no longer change."
                    )
                    % {"reference": competition.reference}
                ),
            )
        super().validate_instance(instance, errors, validate_unique)


class PostLineResource(DraftChildResource):
    """Posts of a competition, each line a grade open to some specialties. Only added: a line
    has no key but its id, which the paper applications' file names."""

    one_column_texts = ["diplomas"]
    id = readonly("id")
    grade_code = fields.Field(
        attribute="grade", column_name="grade_code", widget=CodeWidget(Grade, "code")
    )
    specialties = fields.Field(
        attribute="specialties", column_name="specialties", widget=CodesWidget(Specialty)
    )

    class Meta(CompetitionChildResource.Meta):
        model = PostLine
        force_init_instance = True
        skip_unchanged = False
        fields = [
            "id",
            "competition_reference",
            "grade_code",
            "specialties",
            "posts",
            "diplomas_ar",
            "diplomas_fr",
            "min_age",
            "max_age",
        ]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("competition", "grade").prefetch_related("specialties")

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        if row.get("id") not in (None, ""):
            raise ValueError(_("This import only adds new records: leave the id column empty."))

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # The specialties are set after the line is saved: check them with the row's other
        # columns, so that every reason of a row is reported at once.
        try:
            chosen = self.fields["specialties"].clean(row) if "specialties" in row else []
        except ValueError as error:
            errors["specialties"] = [str(error)]
        else:
            if not chosen:
                blank = PostLine._meta.get_field("specialties").error_messages["blank"]
                errors["specialties"] = [str(blank)]
        if errors:
            raise ValidationError(errors)


class ReservedShareResource(DraftChildResource):
    class Meta(CompetitionChildResource.Meta):
        model = ReservedShare
        import_id_fields = ["competition_reference", "category"]
        fields = ["competition_reference", "category", "percent"]
        export_order = fields


class DeadlineExtensionResource(ExportOnlyResource):
    competition_reference = competition_field(read_only=True)
    previous_deadline = readonly("previous_deadline", widget=widgets.DateTimeWidget())
    new_deadline = readonly("new_deadline", widget=widgets.DateTimeWidget())
    decided_on = readonly("decided_on", widget=widgets.DateWidget())
    reason = readonly("reason")
    recorded_by = readonly("recorded_by__username", "recorded_by")

    class Meta(ExportOnlyResource.Meta):
        model = DeadlineExtension
        fields = [
            "competition_reference",
            "previous_deadline",
            "new_deadline",
            "decided_on",
            "reason",
            "recorded_by",
        ]
        export_order = fields

    def refusal(self):
        return _(
            "Deadlines are extended from the competition's page, which keeps the previous "
            "deadline: extensions are not imported."
        )

    def get_queryset(self):
        return self.filter_export(self.scoped(DeadlineExtension.objects.all())).order_by("pk")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("competition", "recorded_by")


# Applications -----------------------------------------------------------------------------------


class PaperApplicationResource(RecruitmentResource):
    """Applications received on paper, added from a file: one per CIN and competition, each
    with the rules of the online form, received by the same service on the channel "paper"
    (without documents, which stay in the paper file). The receipt number is given on
    saving; exports show it."""

    competition_reference = competition_field()
    post_line = fields.Field(
        attribute="post_line", column_name="post_line", widget=PostLineWidget()
    )
    # Read by the post_line column's widget (with specialty_code), not stored as such.
    grade_code = readonly("post_line__grade__code", "grade_code")
    province_code = fields.Field(
        attribute="province", column_name="province_code", widget=CodeWidget(Province, "code")
    )
    specialty_code = fields.Field(
        attribute="specialty",
        column_name="specialty_code",
        widget=ActiveCodeWidget(Specialty, "code"),
    )
    receipt_number = readonly("receipt_number")
    channel = readonly("channel")

    class Meta(RecruitmentResource.Meta):
        model = Application
        name = gettext_lazy("Applications received on paper")
        import_id_fields = ["competition_reference", "cin"]
        # Rows are new applications, never ones found by their key: a CIN already received
        # is refused (validate_instance).
        force_init_instance = True
        skip_unchanged = False
        fields = [
            "competition_reference",
            "post_line",
            "grade_code",
            "cin",
            "first_name_ar",
            "last_name_ar",
            "first_name_lat",
            "last_name_lat",
            "sex",
            "birth_date",
            "email",
            "phone",
            "province_code",
            "diploma",
            "specialty_code",
            "category",
            "receipt_number",
            "channel",
        ]
        export_order = fields

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        # (competition reference, CIN) found on more than one row of the file being imported.
        self.repeated_in_file = set()

    def get_queryset(self):
        # Unconfirmed online applications are not received: neither exported nor marked.
        return self.filter_export(self.scoped(Application.objects.confirmed())).order_by("pk")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("competition", "post_line__grade", "province", "specialty")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        headers = dataset.headers or []
        if "competition_reference" in headers and "cin" in headers:
            keys = Counter(
                (
                    str(row["competition_reference"] or "").strip(),
                    normalise_cin(str(row["cin"] or "")),
                )
                for row in dataset.dict
            )
            self.repeated_in_file = {key for key, count in keys.items() if count > 1 and key[1]}

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        if "post_line" not in row:
            row["post_line"] = ""  # the post is then found by its grade and specialty codes

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            # As the form does, before the validators see them.
            instance.cin = normalise_cin(instance.cin)
            instance.sex = (instance.sex or "").strip().upper()
            instance.category = (instance.category or "").strip().lower()
            instance.email = (instance.email or "").strip()
            instance.channel = "paper"
            if instance.competition_id and instance.cin:
                instance.receipt_number = paper_receipt_number(instance.competition, instance.cin)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        competition = instance.competition if instance.competition_id else None
        if competition is not None:
            self.check_row(instance, competition, errors)
        try:
            instance.full_clean(exclude=list(errors), validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def check_row(self, application, competition, errors):
        """What the database or the form would refuse with no word of which row, or what only
        the form and the service check."""

        def add(name, message):
            errors.setdefault(name, ValidationError(message))

        if competition.status not in (Competition.Status.PUBLISHED, Competition.Status.CLOSED):
            add(
                "competition",
                _("Competition %(reference)s receives no applications at this stage (%(status)s).")
                % {"reference": competition.reference, "status": competition.get_status_display()},
            )
        if application.cin and "cin" not in errors:
            if (competition.reference, application.cin) in self.repeated_in_file:
                add("cin", _("This CIN is on more than one row of this file for this competition."))
            elif (
                Application.objects.holding_cin()
                .filter(competition=competition, cin=normalise_cin(application.cin))
                .exists()
            ):
                add(
                    "cin",
                    _(
                        "An application with this CIN has already been received for this "
                        "competition."
                    ),
                )
        line = application.post_line if application.post_line_id else None
        if line is None or line.competition_id != competition.pk:
            return  # Application.clean says the post is not the competition's
        specialty = application.specialty if application.specialty_id else None
        if specialty is not None and not line.specialties.filter(pk=specialty.pk).exists():
            add(
                "specialty",
                _("Post line %(line)s is not open to the specialty %(specialty)s.")
                % {"line": line.pk, "specialty": specialty.code},
            )
        if application.category in Category.values:
            if not competition.reserved_shares.filter(category=application.category).exists():
                add(
                    "category",
                    _("Competition %(reference)s reserves no share of its posts for “%(value)s”.")
                    % {"reference": competition.reference, "value": application.category},
                )
        if application.birth_date and "birth_date" not in errors:
            problem = services.age_limits_error(
                line, application.birth_date, timezone.localtime(competition.deadline).date()
            )
            if problem:
                add("birth_date", problem)

    def do_instance_save(self, instance, is_create):
        # Received like an online application: the competition locked, the age checked
        # against the deadline, the unique CIN said in words, the audit context set.
        services.application_submit(
            application=instance, documents={}, channel="paper", actor=self.user
        )


class MarksResource(RecruitmentResource):
    """The exam centre's marks, by receipt number: the file updates applications the user may
    see, and never adds one. A present candidate has a mark between 0 and 20; an absent one
    has none. The other columns are exported to tell the candidates apart, and not read
    back."""

    receipt_number = fields.Field(attribute="receipt_number", column_name="receipt_number")
    competition_reference = competition_field(read_only=True)
    cin = readonly("cin")
    last_name_ar = readonly("last_name_ar")
    first_name_ar = readonly("first_name_ar")
    last_name_lat = readonly("last_name_lat")
    first_name_lat = readonly("first_name_lat")
    written_present = fields.Field(
        attribute="written_present", column_name="written_present", widget=FlagWidget()
    )
    written_mark = fields.Field(
        attribute="written_mark", column_name="written_mark", widget=MarkWidget()
    )
    oral_present = fields.Field(
        attribute="oral_present", column_name="oral_present", widget=FlagWidget()
    )
    oral_mark = fields.Field(attribute="oral_mark", column_name="oral_mark", widget=MarkWidget())

    class Meta(RecruitmentResource.Meta):
        model = Application
        name = gettext_lazy("Exam marks")
        import_id_fields = ["receipt_number"]
        fields = [
            "receipt_number",
            "competition_reference",
            "cin",
            "last_name_ar",
            "first_name_ar",
            "last_name_lat",
            "first_name_lat",
            *MARK_FIELDS,
        ]
        export_order = fields

    def get_queryset(self):
        # Unconfirmed online applications are not received: neither exported nor marked.
        return self.filter_export(self.scoped(Application.objects.confirmed())).order_by("pk")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("competition")

    def before_import(self, dataset, **kwargs):
        if self.user is not None and not self.user.has_perm("recruitment.enter_marks"):
            del dataset[:]
            raise ValueError(_("Only those who enter exam marks may import them."))
        super().before_import(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        if "receipt_number" in row:
            row["receipt_number"] = "".join(str(row["receipt_number"] or "").split()).upper()

    def get_or_init_instance(self, instance_loader, row):
        number = row.get("receipt_number")
        instance = self.get_instance(instance_loader, row) if number else None
        if instance is None:
            # Out of scope reads exactly like unknown.
            message = (
                _("No application with receipt number “%(number)s”.") % {"number": number}
                if number
                else _("Give the application's receipt number.")
            )
            raise ValidationError({"receipt_number": message})
        return instance, False

    def import_instance(self, instance, row, **kwargs):
        # The exams the file speaks of: a file of written marks says nothing of the oral.
        self.stages = [
            stage
            for stage in ("written", "oral")
            if f"{stage}_present" in row or f"{stage}_mark" in row
        ]
        super().import_instance(instance, row, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.competition.status in (
            Competition.Status.RESULTS,
            Competition.Status.ARCHIVED,
        ):
            # As services.marks_save; the database refuses it too (marks_frozen_after_results).
            raise ValidationError(
                {
                    "receipt_number": _(
                        "The results are published: marks and ranking can no longer change."
                    )
                }
            )
        for stage in self.stages:
            self.check_stage(instance, stage, errors)
        # Only the marks are written: the rest of the application is not this file's to judge.
        exclude = [f.name for f in Application._meta.fields if f.name not in MARK_FIELDS]
        try:
            instance.full_clean(exclude=[*exclude, *errors], validate_unique=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def check_stage(self, application, stage, errors):
        present_name, mark_name = f"{stage}_present", f"{stage}_mark"
        if present_name in errors or mark_name in errors:
            return
        present, mark = getattr(application, present_name), getattr(application, mark_name)
        if present is None and mark is None:
            return
        # Those the staff's marks page lists (views.marks).
        called = services.called_to_written(application.competition).filter(pk=application.pk)
        if stage == "oral":
            called = called.filter(called_to_oral=True)
        if not called.exists():
            message = (
                _("This candidate is not called to the oral exam.")
                if stage == "oral"
                else _("This candidate is not called to the written exam.")
            )
            errors[present_name] = ValidationError(message)
        elif present is None:
            errors[present_name] = ValidationError(
                _("Say whether the candidate was present (1) or absent (0).")
            )
        elif present and mark is None:
            errors[mark_name] = ValidationError(_("A present candidate needs a mark."))
        elif not present and mark is not None:
            errors[mark_name] = ValidationError(
                _("An absent candidate has no mark: leave it empty.")
            )

    def do_instance_save(self, instance, is_create):
        # Only the marks: a screening decision made meanwhile in the portal stays as it is.
        instance.save(update_fields=MARK_FIELDS)


class ApplicationDocumentResource(ExportOnlyResource):
    """What candidates sent, without the files: those are read through the portal's scoped,
    recorded download (recruitment:document)."""

    id = readonly("id")
    competition_reference = readonly("application__competition__reference", "competition_reference")
    receipt_number = readonly("application__receipt_number", "receipt_number")
    kind = readonly("kind")
    original_name = readonly("original_name")
    content_type = readonly("content_type")
    size = readonly("size")

    class Meta(ExportOnlyResource.Meta):
        model = ApplicationDocument
        fields = [
            "id",
            "competition_reference",
            "receipt_number",
            "kind",
            "original_name",
            "content_type",
            "size",
        ]
        export_order = fields

    def refusal(self):
        return _("Candidates' documents come with their applications: they are not imported.")

    def get_queryset(self):
        documents = ApplicationDocument.objects.filter(application__confirmed_at__isnull=False)
        return self.filter_export(self.scoped(documents)).order_by("pk")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("application__competition")
