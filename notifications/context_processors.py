from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Func, IntegerField, OuterRef
from django.utils.functional import cached_property
from django.utils.html import format_html

from entraide import numbers

from .models import Notification

# Read with the signed-in user (entraide.auth.USER_ANNOTATIONS, notifications.apps).
PRELOADED = "unread_notifications_count"


# The header counts this many unread notifications at most, and says "99+" beyond: a backlog
# of thousands (a delegate who never opens the inbox) was counted whole on every page.
HEADER_MAX = 99


def unread_count():
    """The user's unread notifications, up to HEADER_MAX + 1, as a subquery of the user's row:
    cardinality(ARRAY(SELECT id ... LIMIT 100)), read from the index of the unread."""
    unread = (
        Notification.objects.unread()
        .filter(recipient=OuterRef("pk"))
        .order_by()
        .values("pk")[: HEADER_MAX + 1]
    )
    return Func(ArraySubquery(unread), function="cardinality", output_field=IntegerField())


class UnreadNotifications:
    """The header's count of the user's unread notifications. Read with the user on a page
    asked for (GET): no query of its own. After a POST (which may have marked some read or
    sent some) the page shown asks for it again, the first time a template reads
    `unread_notifications.at_most` (the header) or `.count` (exact, the inbox)."""

    def __init__(self, user, method="GET"):
        self.user = user
        self.method = method

    @cached_property
    def at_most(self):
        """The count up to HEADER_MAX, HEADER_MAX + 1 beyond (the header's badge)."""
        if not getattr(self.user, "is_authenticated", False):
            return 0
        preloaded = getattr(self.user, PRELOADED, None)
        if preloaded is not None and self.method in ("GET", "HEAD"):
            return preloaded
        unread = Notification.objects.for_user(self.user).unread().order_by()
        return unread.values("pk")[: HEADER_MAX + 1].count()

    @property
    def many(self):
        """More than the header counts: it says "99+"."""
        return self.at_most > HEADER_MAX

    @property
    def most(self):
        return HEADER_MAX

    @property
    def beyond(self):
        """The badge beyond the header's count: "99+", left to right in either language."""
        return format_html('<bdi dir="ltr">{}+</bdi>', numbers.number(HEADER_MAX))

    @cached_property
    def count(self):
        """The exact count (the inbox says it): read again only beyond the header's count."""
        if not self.many:
            return self.at_most
        return Notification.objects.for_user(self.user).unread().count()


def unread_notifications(request):
    return {
        "unread_notifications": UnreadNotifications(
            getattr(request, "user", None), getattr(request, "method", "GET")
        )
    }
