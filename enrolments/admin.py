"""The admin of the register: scoped like every page (entraide.scoping), reads recorded
(entraide.reads), imports and exports through the Resources, recorded too.

The register is kept on its pages, through services.py: the admin shows it, changes a
section, places a person on a waiting list and imports lists (as the pages do, through
services.wait), but never deletes an enrolment (history matters: people leave through an exit
and leave a waiting list through a withdrawal) and changes nothing of one but its note.
Roll-calls (services.roll_call_save keeps the absences in a row) and the changes of a waiting
list are only shown.
"""

from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import Beneficiary
from beneficiaries.selectors import numbered
from entraide.imports import PortalAdmin
from entraide.roles import Role
from entraide.scoping import ScopedAdminMixin

from . import services
from .models import Attendance, Enrolment, RollCall, Section, WaitingListChange
from .perms import manages
from .resources import EnrolmentResource, SectionResource


class KeptCentreMixin:
    """A centre's manager changes only the register of the centres they manage; the others of
    their delegation they read (perms.manages)."""

    def centre_of(self, obj):
        raise NotImplementedError

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or manages(request.user, self.centre_of(obj)))


@admin.register(Section)
class SectionAdmin(KeptCentreMixin, ScopedAdminMixin, PortalAdmin):
    resource_classes = [SectionResource]
    list_display = [
        "name",
        "centre",
        "kind",
        "starts_on",
        "ends_on",
        "places",
        "taken",
        "delivers_certificate",
    ]
    list_filter = ["kind", "delivers_certificate", "starts_on"]
    list_select_related = ["centre"]
    search_fields = ["name", "=centre__code"]
    date_hierarchy = "starts_on"
    filter_horizontal = ["priority_groups"]
    # Kept by PostgreSQL from the people admitted (migration 0001).
    readonly_fields = ["taken", "created_at", "updated_at"]

    def centre_of(self, section):
        return section.centre

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "centre" and request.user.role == Role.CENTRE_MANAGER:
            formfield.queryset = formfield.queryset.filter(managers=request.user)
        return formfield

    def save_model(self, request, obj, form, change):
        # As the section's page: the people waiting follow the groups served first.
        services.section_save(form=form, actor=request.user)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EnrolmentAddForm(forms.ModelForm):
    """A person placed on a waiting list from the admin, as from the section's page: found by
    their file number among the active files the user may see (services.wait)."""

    file_number = forms.CharField(label=_("file number"), max_length=30)

    class Meta:
        model = Enrolment
        fields = ["section", "target_group", "vulnerability", "requested_on", "note"]

    user = None  # set by EnrolmentAdmin.get_form

    def clean_file_number(self):
        text = self.cleaned_data["file_number"].strip().upper()
        person = Beneficiary.objects.visible_to(self.user).active().filter(numbered(text)).first()
        if person is None:
            raise forms.ValidationError(_("No file of your scope has this number."))
        return person

    def clean_requested_on(self):
        day = self.cleaned_data["requested_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The date of the request cannot be in the future."))
        return day

    def clean(self):
        cleaned = super().clean()
        section, person = cleaned.get("section"), cleaned.get("file_number")
        if (
            section
            and person
            and section.enrolments.filter(person=person, status__in=Enrolment.OPEN).exists()
        ):
            self.add_error("file_number", _("This person is already listed in this section."))
        return cleaned


@admin.register(Enrolment)
class EnrolmentAdmin(KeptCentreMixin, ScopedAdminMixin, PortalAdmin):
    resource_classes = [EnrolmentResource]
    list_display = [
        "file_number",
        "section",
        "centre_code",
        "status",
        "requested_on",
        "admitted_on",
        "left_on",
        "vulnerability",
        "priority_group",
        "absences_in_a_row",
    ]
    list_filter = ["status", "vulnerability", "priority_group", "outcome", "section__kind"]
    list_select_related = ["person", "section__centre"]
    search_fields = ["=person__file_number", "=section__centre__code", "=certificate_number"]
    date_hierarchy = "requested_on"
    # The person by their file number: names are for those who read people's files, on
    # their pages.
    fields = [
        "section",
        "file_number",
        "status",
        "requested_on",
        "target_group",
        "priority_group",
        "vulnerability",
        "admitted_on",
        "left_on",
        "outcome",
        "absences_in_a_row",
        "certificate_number",
        "certificate_code",
        "note",
        "created_at",
        "updated_at",
    ]
    readonly_fields = [name for name in fields if name != "note"]

    def centre_of(self, enrolment):
        return enrolment.section.centre

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "section__centre")

    @admin.display(description=_("file number"), ordering="person__file_number")
    def file_number(self, enrolment):
        return enrolment.person.file_number

    @admin.display(description=_("centre"), ordering="section__centre__code")
    def centre_code(self, enrolment):
        return enrolment.section.centre.code

    # Adding is placing a person on a waiting list (services.wait); admissions, withdrawals
    # and exits are made on the register's pages.
    add_fields = ["section", "file_number", "target_group", "vulnerability", "requested_on", "note"]

    def get_fields(self, request, obj=None):
        return self.add_fields if obj is None else super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else super().get_readonly_fields(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = type("EnrolmentAddForm", (EnrolmentAddForm,), {"user": request.user})
        return super().get_form(request, obj, change=change, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "section":
            # Sections still running, of the centres the user keeps.
            sections = formfield.queryset.filter(ends_on__gte=timezone.localdate())
            if request.user.role == Role.CENTRE_MANAGER:
                sections = sections.filter(centre__managers=request.user)
            formfield.queryset = sections.select_related("centre")
        elif db_field.name == "target_group":
            formfield.queryset = formfield.queryset.filter(is_active=True)
        return formfield

    def save_model(self, request, obj, form, change):
        if change:
            # Its note alone: the rest of a row read before an admission, an exit or a
            # roll-call (status, dates, absences) is not written back over them.
            obj.save(update_fields=["note", "updated_at"])
            return
        data = form.cleaned_data
        enrolment = services.wait(
            section=data["section"],
            person=data["file_number"],
            actor=request.user,
            target_group=data["target_group"],
            vulnerability=data["vulnerability"],
            requested_on=data["requested_on"],
            note=data["note"],
        )
        obj.pk, obj.person = enrolment.pk, enrolment.person
        obj._state.adding = False

    # Those who keep a register add to it and import lists; a social worker places one
    # person at a time, on the section's page.
    def has_add_permission(self, request):
        return super().has_add_permission(request) and request.user.has_perm(
            "enrolments.change_enrolment"
        )

    def has_import_permission(self, request):
        return super().has_import_permission(request) and request.user.has_perm(
            "enrolments.change_enrolment"
        )

    def has_delete_permission(self, request, obj=None):
        # History matters: one leaves through an exit, or a withdrawal from the list.
        return False


class AttendanceInline(ReadOnlyMixin, admin.TabularInline):
    model = Attendance
    fields = ["file_number", "present"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("enrolment__person")

    def has_view_permission(self, request, obj=None):
        # The marks are read with their roll-call.
        return request.user.has_perm("enrolments.view_rollcall")

    @admin.display(description=_("file number"))
    def file_number(self, attendance):
        return attendance.enrolment.person.file_number


@admin.register(RollCall)
class RollCallAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["day", "section", "centre_code", "present", "called", "taken_by", "taken_at"]
    list_filter = ["day"]
    list_select_related = ["section__centre", "taken_by"]
    search_fields = ["=section__centre__code", "section__name"]
    date_hierarchy = "day"
    fields = ["section", "day", "taken_by", "taken_at"]
    readonly_fields = fields
    inlines = [AttendanceInline]
    show_full_result_count = False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                marked=Count("marks"), marked_present=Count("marks", filter=Q(marks__present=True))
            )
        )

    @admin.display(description=_("centre"), ordering="section__centre__code")
    def centre_code(self, roll_call):
        return roll_call.section.centre.code

    @admin.display(description=_("present"), ordering="marked_present")
    def present(self, roll_call):
        return roll_call.marked_present

    @admin.display(description=_("called"), ordering="marked")
    def called(self, roll_call):
        return roll_call.marked


@admin.register(WaitingListChange)
class WaitingListChangeAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "at",
        "file_number",
        "section",
        "kind",
        "position_before",
        "position_after",
        "by",
    ]
    list_filter = ["kind"]
    list_select_related = ["enrolment__person", "enrolment__section", "by"]
    search_fields = ["=enrolment__person__file_number"]
    date_hierarchy = "at"
    fields = ["enrolment", "kind", "position_before", "position_after", "reason", "by", "at"]
    readonly_fields = fields
    show_full_result_count = False

    def get_queryset(self, request):
        # The changes of the lists the user may see: through their enrolment (the model has
        # no scoped manager of its own).
        visible = Enrolment.objects.visible_to(request.user).values("pk")
        return admin.ModelAdmin.get_queryset(self, request).filter(enrolment__in=visible)

    @admin.display(description=_("file number"), ordering="enrolment__person__file_number")
    def file_number(self, change):
        return change.enrolment.person.file_number

    @admin.display(description=_("section"), ordering="enrolment__section__name")
    def section(self, change):
        return change.enrolment.section
