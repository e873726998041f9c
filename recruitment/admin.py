"""The admin of competitions: scoped like every page (entraide.scoping), imports and exports
through the Resources, reads of applications recorded. The steps of a competition (its status,
a deadline extension, screening, marks, results) are the portal's services: the admin shows
them and leaves them alone."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from entraide.admin import ReferenceAdmin
from entraide.imports import PortalAdmin
from entraide.scoping import ScopedAdminMixin

from .models import (
    Application,
    ApplicationDocument,
    Competition,
    DeadlineExtension,
    Grade,
    PostLine,
    ReservedShare,
    Specialty,
)
from .resources import (
    ApplicationDocumentResource,
    CompetitionResource,
    DeadlineExtensionResource,
    GradeResource,
    MarksResource,
    PaperApplicationResource,
    PostLineResource,
    ReservedShareResource,
    SpecialtyResource,
)


class ReadOnlyAdminMixin:
    """Records only the portal writes: seen, exported, never added, changed, deleted or
    imported here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_import_permission(self, request):
        return False


@admin.register(Grade)
class GradeAdmin(ReferenceAdmin):
    resource_classes = [GradeResource]
    list_display = ["code", "name", "scale", "position", "is_active"]


@admin.register(Specialty)
class SpecialtyAdmin(ReferenceAdmin):
    resource_classes = [SpecialtyResource]


def _is_draft(competition):
    return competition is None or competition.status == Competition.Status.DRAFT


class DraftOnlyInlineMixin:
    """Posts and reserved shares are what candidates apply for: once the notice is out, they
    are shown and no longer changed (as services.post_line_add and reserved_share_set)."""

    def has_add_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_delete_permission(request, obj)


class PostLineInline(DraftOnlyInlineMixin, TranslationTabularInline):
    model = PostLine
    extra = 0
    fields = ["grade", "specialties", "posts", "diplomas", "min_age", "max_age"]


class ReservedShareInline(DraftOnlyInlineMixin, admin.TabularInline):
    model = ReservedShare
    extra = 0


class DeadlineExtensionInline(admin.TabularInline):
    """The history of the deadline, as services.deadline_extend keeps it."""

    model = DeadlineExtension
    extra = 0
    fields = ["previous_deadline", "new_deadline", "decided_on", "reason", "recorded_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Competition)
class CompetitionAdmin(ScopedAdminMixin, PortalAdmin, TranslationAdmin):
    resource_classes = [CompetitionResource]
    list_display = ["reference", "title", "year", "unit", "status", "opens_at", "deadline"]
    list_filter = ["status", "year"]
    list_select_related = ["unit"]
    search_fields = ["reference", "title_ar", "title_fr"]
    search_help_text = _("A reference or words of the title.")
    date_hierarchy = "deadline"
    # The status moves in the portal (services.competition_change_status), which checks
    # each step: posts before publishing, the deadline before closing.
    readonly_fields = ["status", "publication_date", "created_at", "updated_at"]
    inlines = [PostLineInline, ReservedShareInline, DeadlineExtensionInline]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status != Competition.Status.DRAFT:
            # As the portal's form: once the notice is out, the deadline moves only by an
            # extension (services.deadline_extend), which keeps the previous one.
            readonly.append("deadline")
        return readonly


class CompetitionChildAdmin(ScopedAdminMixin, PortalAdmin):
    list_select_related = ["competition"]
    list_filter = [("competition", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["=competition__reference"]
    search_help_text = _("A competition's reference.")
    autocomplete_fields = ["competition"]


class DraftChildAdmin(CompetitionChildAdmin):
    """A post line or reserved share: added to a draft competition only, changed or deleted
    only while its competition is a draft."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "competition":
            kwargs["queryset"] = Competition.objects.visible_to(request.user).filter(
                status=Competition.Status.DRAFT
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or _is_draft(obj.competition))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or _is_draft(obj.competition))


@admin.register(PostLine)
class PostLineAdmin(DraftChildAdmin, TranslationAdmin):
    resource_classes = [PostLineResource]
    # The id is what a file of paper applications gives as the post applied for.
    list_display = ["id", "competition", "grade", "posts", "diplomas", "min_age", "max_age"]
    list_filter = ["grade", ("competition", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["competition", "grade"]
    filter_horizontal = ["specialties"]


@admin.register(ReservedShare)
class ReservedShareAdmin(DraftChildAdmin):
    resource_classes = [ReservedShareResource]
    list_display = ["competition", "category", "percent"]
    list_filter = ["category", ("competition", admin.RelatedOnlyFieldListFilter)]


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(ReadOnlyAdminMixin, CompetitionChildAdmin):
    # Extensions are made on the competition's page (services.deadline_extend), which moves
    # the deadline and keeps the previous one: here they are only read.
    resource_classes = [DeadlineExtensionResource]
    list_display = ["competition", "previous_deadline", "new_deadline", "decided_on", "reason"]
    list_select_related = ["competition", "recorded_by"]
    date_hierarchy = "decided_on"
    autocomplete_fields = []


APPLICATION_CORRECTABLE = {
    "first_name_ar",
    "last_name_ar",
    "first_name_lat",
    "last_name_lat",
    "sex",
    "email",
    "phone",
    "province",
    "accommodation_requested",
    "accommodation_details",
}


@admin.register(Application)
class ApplicationAdmin(ScopedAdminMixin, PortalAdmin):
    # Two files: applications received on paper, and the exam centre's marks.
    resource_classes = [PaperApplicationResource, MarksResource]
    list_display = [
        "receipt_number",
        "last_name_lat",
        "first_name_lat",
        "cin",
        "competition",
        "post_line",
        "channel",
        "status",
        "eligibility",
        "result",
    ]
    list_filter = [
        ("competition", admin.RelatedOnlyFieldListFilter),
        "channel",
        "status",
        "eligibility",
        "result",
    ]
    list_select_related = ["competition", "post_line__grade"]
    search_fields = [
        "=receipt_number",
        "=cin",
        "last_name_lat",
        "first_name_lat",
        "last_name_ar",
        "first_name_ar",
    ]
    search_help_text = _("A receipt number, a CIN or a name.")
    # The names and contact details may be corrected here. What the application was judged
    # on, and the steps of the competition (confirmation, screening, marks, results,
    # withdrawal, voiding), are the portal's services; the receipt number and the CIN are how
    # the candidate finds it; who voided it is the acting user, never typed.
    readonly_fields = [
        field.name
        for field in Application._meta.fields
        if field.name not in APPLICATION_CORRECTABLE
        and field.name not in ("id", "confirmation_key")
    ]
    # A digest of the link sent to the candidate: of no use to anyone, shown nowhere.
    exclude = ["confirmation_key"]

    def get_queryset(self, request):
        # An application not confirmed by its candidate is not received: not listed here.
        return super().get_queryset(request).confirmed()

    def has_add_permission(self, request):
        # Candidates apply online; applications received on paper are imported
        # (PaperApplicationResource), through the same service.
        return False

    def has_import_permission(self, request):
        return request.user.has_perm("recruitment.add_application")

    def has_delete_permission(self, request, obj=None):
        # An application is kept: a candidate withdraws it (services.application_withdraw).
        return False


@admin.register(ApplicationDocument)
class ApplicationDocumentAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, PortalAdmin):
    resource_classes = [ApplicationDocumentResource]
    list_display = ["original_name", "application", "kind", "size"]
    list_filter = ["kind"]
    list_select_related = ["application"]
    search_fields = ["=application__receipt_number"]
    search_help_text = _("A receipt number.")
    # Never the storage path: the file is served only by the portal's scoped, recorded
    # download view.
    fields = ["application", "kind", "original_name", "download", "content_type", "size"]
    readonly_fields = fields

    def get_queryset(self, request):
        # Those of applications not confirmed by their candidate are not received either.
        return super().get_queryset(request).filter(application__confirmed_at__isnull=False)

    @admin.display(description=_("file"))
    def download(self, document):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("recruitment:document", args=[document.pk]),
            document.original_name,
        )
