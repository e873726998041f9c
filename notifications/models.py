from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from entraide.fields import CleanCharField, CleanTextField, PhoneField


class Kind(models.TextChoices):
    """What a notification is about. Its sentence is `SENTENCES[kind]`, said at display time
    in the reader's language."""

    REFERRAL_RECEIVED = "referral_received", _("referral received")
    REFERRAL_ANSWERED = "referral_answered", _("referral answered")
    REFERRAL_OVERDUE = "referral_overdue", _("referral overdue")
    TRANSFER_ASKED = "transfer_asked", _("transfer asked")
    TRANSFER_DECIDED = "transfer_decided", _("transfer decided")
    CASE_ASSIGNED = "case_assigned", _("case assigned")
    FOLLOW_UP_DUE = "follow_up_due", _("follow-up due tomorrow")
    MONTH_TO_VALIDATE = "month_to_validate", _("month to validate")
    MONTH_RETURNED = "month_returned", _("month returned")
    REPORT_OWED_OVERDUE = "report_owed_overdue", _("report owed overdue")
    TRANCHE_DUE = "tranche_due", _("tranche due")
    JOB_FINISHED = "job_finished", _("import or report finished")
    DUPLICATES_FOUND = "duplicates_found", _("likely duplicates found")
    ABSENT_TOO_LONG = "absent_too_long", _("absent too long")


# One sentence per kind; `about` names the record by a reference that is no personal data
# (a case number, a centre, a month), since the sentence may leave the portal by email.
SENTENCES = {
    Kind.REFERRAL_RECEIVED: _("A referral was sent to you: %(about)s."),
    Kind.REFERRAL_ANSWERED: _("Your referral was answered: %(about)s."),
    Kind.REFERRAL_OVERDUE: _("A referral is waiting past its deadline: %(about)s."),
    Kind.TRANSFER_ASKED: _("A transfer of a file is asked of your delegation: %(about)s."),
    Kind.TRANSFER_DECIDED: _("Your transfer request was decided: %(about)s."),
    Kind.CASE_ASSIGNED: _("A case was assigned to you: %(about)s."),
    Kind.FOLLOW_UP_DUE: _("A follow-up is due tomorrow: %(about)s."),
    Kind.MONTH_TO_VALIDATE: _("A month of activity awaits validation: %(about)s."),
    Kind.MONTH_RETURNED: _("A month of activity was returned for correction: %(about)s."),
    Kind.REPORT_OWED_OVERDUE: _("A report owed by a partner is overdue: %(about)s."),
    Kind.TRANCHE_DUE: _("A subsidy tranche is due: %(about)s."),
    Kind.JOB_FINISHED: _("Your import or report is finished: %(about)s."),
    Kind.DUPLICATES_FOUND: _("New likely duplicates await your review: %(about)s."),
    Kind.ABSENT_TOO_LONG: _("Someone has missed too many roll-calls in a row: %(about)s."),
}


class Channel(models.TextChoices):
    PORTAL = "portal", _("in the portal only")
    EMAIL = "email", _("in the portal and by email at once")
    DIGEST = "digest", _("in the portal and in a daily email digest")


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        """A person's own notifications: nobody else's, whatever their role."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def to_email(self):
        """Not emailed yet, to an active recipient who has an email address."""
        return self.filter(emailed_at__isnull=True, recipient__is_active=True).exclude(
            recipient__email=""
        )

    def sent_by(self, channel):
        """Those whose recipient chose `channel` for their kind (no row: the portal only)."""
        chosen = Preference.objects.filter(
            user=OuterRef("recipient"), kind=OuterRef("kind"), channel=channel
        )
        return self.filter(Exists(chosen))


class Notification(models.Model):
    # A notification is a message to one person, not a record of the work (the audit trail
    # and the records themselves are): it goes with its recipient.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    about = CleanCharField(_("about"), max_length=200, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # The same event never notifies a person twice (a sweep run by two workers, a retry):
    # "referral:12:overdue", unique per recipient when given.
    key = models.CharField(_("key"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Sent by email, at once or in a digest: never sent twice.
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)
    # Failed attempts to email it at once (notifications.tasks): retried up to a few times,
    # then left in the portal alone.
    email_attempts = models.PositiveSmallIntegerField(_("email attempts"), default=0)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=~Q(key=""),
                name="notification_once_per_event",
            ),
        ]

    def __str__(self):
        return self.sentence

    @property
    def sentence(self):
        return SENTENCES[self.kind] % {"about": self.about}

    @property
    def sentence_html(self):
        """The sentence for a page or an HTML email: `about`, often Latin or a number inside
        an Arabic sentence, isolated in a <bdi>."""
        about = format_html("<bdi>{}</bdi>", self.about)
        # The translation is escaped and `about` is escaped by format_html: safe to mark.
        return mark_safe(conditional_escape(SENTENCES[self.kind]) % {"about": about})  # noqa: S308


class Preference(models.Model):
    """How a person wants one kind of notification; without a row, in the portal only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.PORTAL
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind"),
        ]

    def __str__(self):
        return f"{self.user} {self.kind}: {self.channel}"


class TextMessage(models.Model):
    """One text message (SMS) to a phone, as `notifications.sms.sms_send` recorded it: what was
    sent, in which language, when, and why not. Written by notifications.sms alone; the admin
    shows them read only, to answer "was the candidate (the person) told?"."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    # International form (+212612345678), as the gateway takes it; a number no SMS can reach
    # is kept as typed (its digits), with the message failed.
    to = PhoneField(_("phone number"))
    # Only what the caller wrote: a reference, a date, a place; never a person's situation.
    text = CleanTextField(_("text"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    # The same message is never recorded, so never sent, twice (a job run by two workers, a
    # retry): "summons:12:written". It leaves the portal as the gateway's reference: no
    # personal data in it.
    key = models.CharField(_("key"), max_length=120, unique=True)
    state = models.CharField(_("state"), max_length=6, choices=State.choices, default=State.QUEUED)
    # Attempts to hand it to the gateway, the successful one included (notifications.tasks
    # retries a failed one a few times, later each time, then gives up: failed).
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False),
                name="textmessage_sent_has_its_time",
                violation_error_message=_("A text message sent has the time it was sent."),
            ),
        ]

    def __str__(self):
        return self.key
