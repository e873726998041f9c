from django.utils.functional import cached_property

from .models import Notification


class UnreadNotifications:
    """The header's count of the user's unread notifications: one query, asked the first time
    a template reads `unread_notifications.count` (not at all on a page that does not show
    it, nor for an anonymous visitor)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def count(self):
        if not getattr(self.user, "is_authenticated", False):
            return 0
        return Notification.objects.for_user(self.user).unread().count()


def unread_notifications(request):
    return {"unread_notifications": UnreadNotifications(getattr(request, "user", None))}
