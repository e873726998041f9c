from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from entraide.auth import USER_ANNOTATIONS

        from .context_processors import unread_count

        # The header's count of unread notifications, read with the signed-in user.
        USER_ANNOTATIONS["unread_notifications_count"] = unread_count
