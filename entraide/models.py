import pgtrigger
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .audit import audited
from .fields import CleanCharField
from .roles import NATIONAL_ROLES, TWO_FACTOR_ROLES, Role
from .scoping import ScopedQuerySet
from .uploads import PrivatePath
from .validators import arabic_name, latin_name


def in_page_script(arabic, latin):
    """Of a name's Arabic and Latin forms, the one of the active language's script, else the
    other one."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return (arabic or latin) if language == "ar" else (latin or arabic)


class ReferenceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class ReferenceModel(models.Model):
    """A translated entry of a catalogue that administrators extend in the admin (target
    groups, services, fields of action, grades...): its name in Arabic and French (each app's
    translation.py registers `name`), its place in lists, and whether it is still offered.
    The entries an app starts from are in its `reference` module (load_catalogues)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = CleanCharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self):
        return self.name


class UserQuerySet(ScopedQuerySet):
    scope_field = "unit"

    def delegates_of(self, unit_id):
        """The active delegates of a unit: who decides for a delegation (its months, its
        files asked for, its escalations)."""
        return self.filter(role=Role.DELEGATE, unit=unit_id, is_active=True)


class StaffManager(UserManager.from_queryset(UserQuerySet)):
    pass


@audited(exclude=["password", "last_login"])
@pgtrigger.register(
    # Disabling an account ends its sessions, whatever path disabled it (admin, service,
    # bulk update, SQL): the database does it.
    pgtrigger.Trigger(
        name="end_sessions_when_disabled",
        operation=pgtrigger.Update,
        when=pgtrigger.After,
        condition=pgtrigger.Q(old__is_active=True, new__is_active=False),
        func="DELETE FROM entraide_session WHERE user_id = NEW.id; RETURN NULL;",
    ),
)
class User(AbstractUser):
    """A member of staff: where they sit (`unit`) and what they do there (`role`).

    Their name is kept in both scripts side by side, as civil documents write it: Django's
    `first_name` and `last_name` are the Latin forms, `first_name_ar` and `last_name_ar` the
    Arabic ones. Pages show the form of their language (`display_name`)."""

    first_name = CleanCharField(
        _("first name (Latin)"), max_length=150, blank=True, validators=[latin_name]
    )
    last_name = CleanCharField(
        _("last name (Latin)"), max_length=150, blank=True, validators=[latin_name]
    )
    first_name_ar = CleanCharField(
        _("first name (Arabic)"), max_length=150, blank=True, validators=[arabic_name]
    )
    last_name_ar = CleanCharField(
        _("last name (Arabic)"), max_length=150, blank=True, validators=[arabic_name]
    )
    unit = models.ForeignKey(
        "territory.OrgUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("unit"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=5, choices=settings.LANGUAGES, default="ar"
    )

    objects = StaffManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="") | models.Q(unit__isnull=False),
                name="user_with_role_has_unit",
                violation_error_message=_("A user with a role must be assigned to a unit."),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def names(self):
        """The name in Arabic script and in Latin script, either possibly empty."""
        arabic = f"{self.first_name_ar} {self.last_name_ar}".strip()
        latin = f"{self.first_name} {self.last_name}".strip()
        return arabic, latin

    @property
    def display_name(self):
        """The name in the script of the page's language (Arabic in Arabic, Latin in French),
        else in the other script; empty when neither is known."""
        return in_page_script(*self.names)

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return in_page_script(self.first_name_ar.strip(), self.first_name.strip())

    @property
    def has_national_scope(self):
        return self.is_superuser or self.role in NATIONAL_ROLES

    @property
    def requires_two_factor(self):
        return self.is_superuser or self.is_staff or self.role in TWO_FACTOR_ROLES


class Session(AbstractBaseSession):
    """Django's database session, with the user it belongs to, so that all of a user's
    sessions can be ended at once (see the trigger on User)."""

    user = models.ForeignKey(
        User, models.CASCADE, null=True, blank=True, related_name="+", db_index=True
    )

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore


@pgtrigger.register(
    pgtrigger.Protect(
        name="access_events_are_append_only", operation=pgtrigger.Update | pgtrigger.Delete
    ),
)
class AccessEvent(models.Model):
    """One sign-in, sign-out, read, export or printed report: append-only."""

    class Action(models.TextChoices):
        LOGIN = "login", _("signed in")
        LOGIN_FAILED = "login_failed", _("failed sign-in")
        LOCKED_OUT = "locked_out", _("locked out")
        LOGOUT = "logout", _("signed out")
        VIEW = "view", _("read")
        EXPORT = "export", _("export")
        REPORT = "report", _("report")
        DOWNLOAD = "download", _("download")
        # A CIN refused because a file outside the user's scope holds it: the answer tells
        # nothing more, but a run of them is someone probing who is on file where.
        CIN_REFUSED = "cin_refused", _("CIN refused (held elsewhere)")

    at = models.DateTimeField(_("time"), db_default=Now(), db_index=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        User,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="access_events",
        verbose_name=_("user"),
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("page"), max_length=500, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    content_type = models.ForeignKey(
        ContentType, models.PROTECT, null=True, blank=True, verbose_name=_("record type")
    )
    object_id = models.CharField(_("record"), max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=200, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        ordering = ["-at", "-id"]
        permissions = [("view_audit", _("Can read the audit trail"))]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="access_event_object_idx")
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.username} {self.at:%Y-%m-%d %H:%M}"


class JobQuerySet(ScopedQuerySet):
    scope_field = "unit"


def job_file_path(job, filename):
    # A random name in a private tree (MEDIA_ROOT is not served), in the folder of the job's
    # kind: nothing in the path tells whose data the file holds.
    return PrivatePath(job.files_folder)(job, filename)


class Job(models.Model):
    """Work that outlasts a request (an import, a report), run by a task under a lease
    (entraide.jobs): queued, running, then finished, while the person who asked for it watches
    its page. It belongs to a unit, whose scope sees it.

    Each kind of job declares its `status` with `Job.status_field(Status)`, its `Status`
    naming QUEUED, RUNNING and FAILED and its own word for success; its `files_folder`; what
    to say when its worker is gone (`interrupted`); and where the reason of a failure goes
    (`record_failure`)."""

    unit = models.ForeignKey(
        "territory.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked for by"),
    )
    # What the job writes for people (the reasons of a failure, a report) is in the language
    # of the person who asked for it.
    language = models.CharField(_("language"), max_length=5, default="ar")
    # The file the job was given (an upload to import) or made (a report): deleted if its
    # worker dies (entraide.jobs.reap).
    file = models.FileField(_("file"), upload_to=job_file_path, max_length=200, blank=True)
    created_at = models.DateTimeField(_("asked for"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    @staticmethod
    def status_field(status):
        """The `status` of a kind of job, in the words of its `status` choices."""
        return models.CharField(
            _("status"), max_length=10, choices=status.choices, default=status.QUEUED
        )

    @property
    def is_finished(self):
        return self.status not in (self.Status.QUEUED, self.Status.RUNNING)

    def finish(self, status):
        """Record the job's outcome; the caller saves it."""
        self.status = status
        self.finished_at = timezone.now()

    def fail(self, reason):
        """Record that the job failed, and why, in words for the person who asked for it;
        the caller saves it."""
        self.finish(self.Status.FAILED)
        self.record_failure(reason)

    def abandon(self):
        """Its worker is gone (entraide.jobs.reap): failed, saying so in the job's language."""
        with translation.override(self.language or "ar"):
            self.fail(str(self.interrupted))

    def record_failure(self, reason):
        raise NotImplementedError


class ImportJob(Job):
    """A file imported in the background: who sent it, how far the import is, and its outcome
    (the number of records created, or every bad row with its line)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("imported")
        FAILED = "failed", _("failed")

    class Importer(models.TextChoices):
        BENEFICIARIES = "beneficiaries", _("beneficiaries")

    # None when sent by someone above every unit (a superuser): seen by national roles only.
    unit = models.ForeignKey(
        "territory.OrgUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    # An import always has a sender: it runs as them, within their scope.
    created_by = models.ForeignKey(
        User, models.PROTECT, related_name="import_jobs", verbose_name=_("imported by")
    )
    status = Job.status_field(Status)
    importer = models.CharField(_("import of"), max_length=30, choices=Importer.choices)
    # Shown in lists of imports: a name typed with U+202E ("gpj.exe") must not show reversed.
    original_name = CleanCharField(_("file name"), max_length=200)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows read"), default=0)
    created_count = models.PositiveIntegerField(_("records created"), default=0)
    # [[line, reason], ...]: the header is line 1; a line of null is about the whole file.
    errors = models.JSONField(_("errors"), default=list, blank=True)

    files_folder = "imports"
    # The import's transaction rolled back with its worker.
    interrupted = _("The import was interrupted with its worker: nothing was imported.")

    class Meta(Job.Meta):
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"{self.get_importer_display()} · {self.original_name}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("import_job", args=[self.pk])

    def record_failure(self, reason):
        self.errors = [[None, reason]]


class RateCounter(models.Model):
    """Requests counted per key (an action and a client address) and time window, for
    `entraide.ratelimit`: one row per window, incremented atomically by PostgreSQL, shared by
    every app server."""

    key = models.CharField(max_length=200)
    window = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window"], name="ratecounter_key_window")
        ]
        indexes = [models.Index(fields=["window"], name="ratecounter_window_idx")]

    def __str__(self):
        return f"{self.key} @ {self.window:%Y-%m-%d %H:%M}: {self.count}"


class GeneratedReport(Job):
    """An activity report asked for from a unit's page or by `manage.py activity_report`:
    generated (at once, or by a task with its progress), kept, and downloaded later by those
    whose scope includes the unit."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("being generated")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    status = Job.status_field(Status)
    period = models.CharField(_("period"), max_length=10)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)

    files_folder = "reports"
    interrupted = _("The report was interrupted with its worker: ask for it again.")

    class Meta(Job.Meta):
        verbose_name = _("activity report")
        verbose_name_plural = _("activity reports")

    def __str__(self):
        return f"{self.unit.code} {self.period} ({self.language})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("reports:job", args=[self.pk])

    def record_failure(self, reason):
        self.error = reason
