from django.contrib import admin

from entraide.pagination import EstimatedCountPaginator

from .models import Notification, TextMessage
from .sms import international_number


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


@admin.register(TextMessage)
class TextMessageAdmin(admin.ModelAdmin):
    """For the administrator to answer "was the SMS sent?": each text message, its state,
    attempts and last error, read only (they are written by `sms.sms_send` alone)."""

    list_display = ["created_at", "to", "key", "language", "state", "attempts", "sent_at"]
    list_filter = ["state", "language"]
    search_fields = ["key"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator

    def get_search_results(self, request, queryset, search_term):
        # A number is stored in its international form: 06 12 34 56 78 finds +212612345678.
        number = international_number(search_term)
        if number:
            return queryset.filter(to=number), False
        return super().get_search_results(request, queryset, search_term)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
