"""The admin of appointments: scoped like every page, reads recorded (entraide.reads). They are
booked on the portal (services.appointment_book), not added here."""

from django.contrib import admin

from entraide.scoping import ScopedAdminMixin
from entraide.signatures import SignedAdminMixin

from .models import Appointment


@admin.register(Appointment)
class AppointmentAdmin(SignedAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    signature_field = "booked_by"
    list_display = ["starts_at", "beneficiary", "worker", "place", "centre", "state"]
    list_filter = ["state", "place"]
    list_select_related = ["beneficiary", "worker", "centre"]
    search_fields = ["=beneficiary__file_number"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["beneficiary", "case", "worker", "centre", "rebooked_from"]
    readonly_fields = ["ends_at", "created_at", "updated_at"]
    show_full_result_count = False

    def has_add_permission(self, request):
        # The portal books them: it checks the worker and the time, and tells of an overlap.
        return False
