from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property

from .models import Notification

# Read with the signed-in user (entraide.auth.USER_ANNOTATIONS, notifications.apps).
PRELOADED = "unread_notifications_count"


def unread_count():
    """The user's unread notifications, as a subquery of the user's row."""
    unread = (
        Notification.objects.unread()
        .filter(recipient=OuterRef("pk"))
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(unread, output_field=IntegerField()), 0)


class UnreadNotifications:
    """The header's count of the user's unread notifications. Read with the user on a page
    asked for (GET): no query of its own. After a POST (which may have marked some read or
    sent some) the page shown asks for it again, the first time a template reads
    `unread_notifications.count`."""

    def __init__(self, user, method="GET"):
        self.user = user
        self.method = method

    @cached_property
    def count(self):
        if not getattr(self.user, "is_authenticated", False):
            return 0
        preloaded = getattr(self.user, PRELOADED, None)
        if preloaded is not None and self.method in ("GET", "HEAD"):
            return preloaded
        return Notification.objects.for_user(self.user).unread().count()


def unread_notifications(request):
    return {
        "unread_notifications": UnreadNotifications(
            getattr(request, "user", None), getattr(request, "method", "GET")
        )
    }
