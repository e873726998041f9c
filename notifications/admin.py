from django.contrib import admin

from entraide.pagination import EstimatedCountPaginator

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """For the administrator to answer "was I told?": what was sent to whom and when, read
    only (notifications are written by `services.notify` alone)."""

    list_display = ["recipient", "kind", "created_at", "read_at", "emailed_at", "email_attempts"]
    list_filter = ["kind"]
    search_fields = ["recipient__username"]
    list_select_related = ["recipient"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
