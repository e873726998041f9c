"""Writes to competitions and applications. Each runs in one transaction; the audit triggers
record every change to an application and its marks, with who made it (a candidate has no
account: the context says "candidate" and the receipt number)."""

from __future__ import annotations

import math
import secrets
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from entraide.audit import acting_as
from entraide.templatetags.portal import listing
from entraide.validators import check_upload, normalise_cin, written_languages
from notifications.sms import sms_send

from .models import (
    Application,
    ApplicationDocument,
    Competition,
    DeadlineExtension,
    PostLine,
    ReservedShare,
    confirmation_digest,
)

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import date, datetime

    from django.core.files.uploadedfile import UploadedFile
    from django.db.models import QuerySet

    from entraide.models import User

    from .forms import CompetitionForm, PostLineForm, ReservedShareForm

REQUIRED_DOCUMENTS = [ApplicationDocument.Kind.CIN, ApplicationDocument.Kind.DIPLOMA]


def _locked(competition):
    return Competition.objects.select_for_update().get(pk=competition.pk)


def local(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def competition_save(*, form: CompetitionForm, actor: User) -> Competition:
    with transaction.atomic(), acting_as(actor):
        return form.save()


def _draft_only(competition):
    if competition.status != Competition.Status.DRAFT:
        raise ValidationError(
            _("The notice is published: its posts and reserved shares can no longer change.")
        )


def post_line_add(*, competition: Competition, form: PostLineForm, actor: User) -> PostLine:
    """Add a post line from a valid PostLineForm, while the competition is a draft: once the
    notice is out, the posts are what candidates applied for."""
    with transaction.atomic(), acting_as(actor):
        current = _locked(competition)
        _draft_only(current)
        form.instance.competition = current
        return form.save()


def post_line_change(*, line: PostLine, form: PostLineForm, actor: User) -> PostLine:
    """Save a valid PostLineForm bound to `line`, while its competition is a draft."""
    with transaction.atomic(), acting_as(actor):
        _draft_only(_locked(line.competition))
        return form.save()


def post_line_delete(*, line: PostLine, actor: User) -> None:
    """Remove a post line from a draft competition (no one can have applied to it yet)."""
    with transaction.atomic(), acting_as(actor):
        _draft_only(_locked(line.competition))
        line.delete()


def _keep_lines_as_published(competition):
    """The notice says what the catalogue says today; a later correction of the catalogue
    must not rewrite it (PostLine.published_grade)."""
    lines = list(competition.lines.select_related("grade").prefetch_related("specialties"))
    for line in lines:
        line.keep_as_published()
    PostLine.objects.bulk_update(lines, ["published_grade", "published_specialties"])


def reserved_share_set(
    *, competition: Competition, form: ReservedShareForm, actor: User
) -> ReservedShare:
    """Set a reserved share from a valid ReservedShareForm, while the competition is a draft."""
    with transaction.atomic(), acting_as(actor):
        current = _locked(competition)
        _draft_only(current)
        form.instance.competition = current
        return form.save()


def untranslated(competition: Competition) -> list[str]:
    """Why the notice is not yet written in both languages, as published notices are: its
    text (the conditions of the competition) or the diplomas required for a post missing in
    Arabic or in French. Empty when both languages are there."""
    reasons = []
    both = len(settings.LANGUAGES)
    if len(written_languages(competition, "notice")) < both:
        reasons.append(
            _(
                "The notice cannot be published: write its text, the conditions of the "
                "competition, in Arabic and in French."
            )
        )
    lines = [
        line
        for line in competition.lines.select_related("grade")
        if len(written_languages(line, "diplomas")) < both
    ]
    if lines:
        reasons.append(
            ngettext(
                "The notice cannot be published: write the diplomas required for the post "
                "%(posts)s in Arabic and in French.",
                "The notice cannot be published: write the diplomas required for the posts "
                "%(posts)s in Arabic and in French.",
                len(lines),
            )
            % {"posts": listing(f"\u2068{line.grade_name}\u2069" for line in lines)}
        )
    return reasons


def competition_change_status(*, competition: Competition, status: str, actor: User) -> Competition:
    """Move the competition to its next status, after that step's checks. Reaching the
    written or the oral exam summons its candidates by SMS (SUMMONED_STAGES), once the change
    is committed."""
    with transaction.atomic(), acting_as(actor):
        current = _locked(competition)
        if status not in current.next_statuses():
            raise ValidationError(
                _("A competition %(from)s cannot become %(to)s.")
                % {"from": current.get_status_display(), "to": Competition.Status(status).label}
            )
        if status == Competition.Status.PUBLISHED:
            if not current.lines.exists():
                raise ValidationError(_("Add the posts before publishing the notice."))
            if current.deadline <= timezone.now():
                raise ValidationError(_("The deadline has passed: set a later one first."))
            reasons = untranslated(current)
            if reasons:
                raise ValidationError(reasons)
            current.publication_date = current.publication_date or timezone.localdate()
            _keep_lines_as_published(current)
        if status == Competition.Status.CLOSED and current.deadline > timezone.now():
            raise ValidationError(
                _("Applications close at the deadline, %(deadline)s.")
                % {"deadline": local(current.deadline)}
            )
        current.status = status
        current.save(update_fields=["status", "publication_date", "updated_at"])
        if status in SUMMONED_STAGES:
            _summon(current, status, summoned(current, status))
        return current


def deadline_extend(
    *,
    competition: Competition,
    new_deadline: datetime,
    reason: str,
    decided_on: date,
    actor: User,
) -> DeadlineExtension:
    """Move the deadline later. The old and new deadlines, the date decided and the reason are
    kept, and the public notice says the deadline was extended. A competition closed after
    its first deadline opens again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the deadline is extended."))
    with transaction.atomic(), acting_as(actor, reason=reason):
        current = _locked(competition)
        if current.status not in (Competition.Status.PUBLISHED, Competition.Status.CLOSED):
            raise ValidationError(
                _("Only the deadline of a published competition can be extended.")
            )
        if new_deadline <= current.deadline:
            raise ValidationError(
                _("The new deadline must come after the current one, %(deadline)s.")
                % {"deadline": local(current.deadline)}
            )
        if new_deadline <= timezone.now():
            raise ValidationError(_("The new deadline has already passed."))
        if current.exam_date and timezone.localtime(new_deadline).date() >= current.exam_date:
            raise ValidationError(
                _("The written exam is on %(date)s: the new deadline must come before it.")
                % {"date": date_format(current.exam_date, "DATE_FORMAT")}
            )
        extension = DeadlineExtension.objects.create(
            competition=current,
            previous_deadline=current.deadline,
            new_deadline=new_deadline,
            decided_on=decided_on,
            reason=reason,
            recorded_by=actor,
        )
        current.deadline = new_deadline
        current.status = Competition.Status.PUBLISHED
        current.save(update_fields=["deadline", "status", "updated_at"])
        return extension


def age_limits_error(line: PostLine, birth_date: date, on: date) -> str | None:
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    if not line.min_age <= age <= line.max_age:
        return ngettext(
            "This post is open to candidates aged %(min)s to %(max)s on %(date)s; "
            "you will be %(age)s.",
            "This post is open to candidates aged %(min)s to %(max)s on %(date)s; "
            "you will be %(age)s.",
            age,
        ) % {
            "min": line.min_age,
            "max": line.max_age,
            "date": date_format(on, "DATE_FORMAT"),
            "age": age,
        }
    return None


# While a candidate may still confirm an application sent online: until the exams begin.
CONFIRMABLE = (Competition.Status.PUBLISHED, Competition.Status.CLOSED)
CIN_TAKEN = gettext_lazy(
    "An application with this CIN has already been received for this competition."
)


def application_submit(
    *,
    application: Application,
    documents: Mapping[str, UploadedFile | None],
    now: datetime | None = None,
    channel: str = "online",
    actor: User | None = None,
    site_url: str = "",
) -> Application:
    """Receive an application. The server's clock decides the deadline (Africa/Casablanca);
    the competition row is locked so that an extension or closure and an application never
    cross. Refused: after the deadline, while another confirmed application holds the CIN,
    outside the post's age limits, or without the required documents, each with its own
    message.

    Online, the application holds nothing until the candidate opens the link emailed to the
    address they gave (`site_url` is the portal's address for that link): until then it is
    not counted, screened or listed, and it expires after Application.CONFIRMATION_DELAY. On
    paper, staff received it: it is confirmed at once."""
    now = now or timezone.now()
    uploads = {kind: upload for kind, upload in documents.items() if upload}
    missing = [k for k in REQUIRED_DOCUMENTS if k not in uploads]
    if application.category == "disability" and ApplicationDocument.Kind.CARD not in uploads:
        missing.append(ApplicationDocument.Kind.CARD)
    if missing and channel == "online":
        raise ValidationError(
            _("Attach these documents: %(documents)s.")
            % {"documents": ", ".join(str(ApplicationDocument.Kind(k).label) for k in missing)}
        )
    competition = application.competition
    types = {
        kind: check_upload(upload, max_size=competition.max_upload_mb * 1024 * 1024)
        for kind, upload in uploads.items()
    }
    try:
        with transaction.atomic(), acting_as(actor, channel=channel):
            current = _locked(competition)
            if channel == "online" and not current.is_open(now):
                if now >= current.deadline:
                    raise ValidationError(
                        _("The deadline for applications was %(deadline)s: it has passed.")
                        % {"deadline": local(current.deadline)}
                    )
                raise ValidationError(_("This competition is not open for applications."))
            problem = age_limits_error(
                application.post_line,
                application.birth_date,
                timezone.localtime(current.deadline).date(),
            )
            if problem:
                raise ValidationError(problem)
            application.competition = current
            application.channel = channel
            # Online, the server's clock; on paper, the date the file was received, if given.
            if channel == "online" or application.submitted_at is None:
                application.submitted_at = now
            token = None
            if channel == "online":
                token = secrets.token_urlsafe(32)
                application.confirmed_at = None
                application.confirmation_deadline = now + Application.CONFIRMATION_DELAY
                application.confirmation_key = confirmation_digest(token)
            else:
                application.confirmed_at = now
            application.full_clean()
            if _cin_taken(application):
                raise ValidationError(CIN_TAKEN)
            application.save()
            for kind, upload in uploads.items():
                ApplicationDocument.objects.create(
                    application=application,
                    kind=kind,
                    file=upload,
                    original_name=upload.name[:200],
                    content_type=types[kind],
                    size=upload.size,
                )
            if token is not None:
                link = site_url.rstrip("/") + reverse(
                    "recruitment:confirm", args=[current.reference, token]
                )
                language = translation.get_language()
                transaction.on_commit(
                    lambda: _send_confirmation(application, link=link, language=language)
                )
            return application
    except IntegrityError as error:
        if "application_one_per_cin" in str(error):
            raise ValidationError(CIN_TAKEN) from None
        raise


def _cin_taken(application):
    return (
        Application.objects.holding_cin()
        .filter(competition=application.competition, cin=application.cin)
        .exclude(pk=application.pk)
        .exists()
    )


def _send_confirmation(application, *, link, language):
    """The email with the confirmation link, in the language the candidate applied in."""
    with translation.override(language):
        context = {
            "application": application,
            "competition": application.competition,
            "link": link,
            "expires": local(application.confirmation_deadline),
        }
        subject = render_to_string("recruitment/email/confirm_subject.txt", context)
        body = render_to_string("recruitment/email/confirm.txt", context)
    send_mail(" ".join(subject.split()), body, None, [application.email])


def pending_application(token: str) -> Application | None:
    """The online application this confirmation link was sent for, while it waits for its
    confirmation (expired or not); None for an unknown or already used link."""
    if not token or len(token) > 100:
        return None
    return (
        Application.objects.select_related("competition")
        .filter(confirmed_at__isnull=True, confirmation_key=confirmation_digest(token))
        .first()
    )


def application_confirm(*, application: Application, now: datetime | None = None) -> Application:
    """The candidate opened the link sent to their email address: the application is received
    and now holds its CIN. Refused once expired, once the exams have begun, or when another
    application confirmed meanwhile holds the same CIN."""
    now = now or timezone.now()
    try:
        with transaction.atomic(), acting_as(None, candidate=application.receipt_number):
            current = Application.objects.select_for_update().get(pk=application.pk)
            if current.confirmed_at is not None:
                raise ValidationError(_("This application is already confirmed."))
            if current.confirmation_deadline <= now:
                raise ValidationError(
                    _("This link has expired: send your application again."), code="expired"
                )
            competition = _locked(current.competition)
            if competition.status not in CONFIRMABLE:
                raise ValidationError(
                    _("This competition no longer receives applications."), code="expired"
                )
            if _cin_taken(current):
                raise ValidationError(CIN_TAKEN)
            current.confirmed_at = now
            current.confirmation_key = ""
            current.save(update_fields=["confirmed_at", "confirmation_key"])
            return current
    except IntegrityError as error:
        if "application_one_per_cin" in str(error):
            raise ValidationError(CIN_TAKEN) from None
        raise


def applications_purge_expired(*, before: datetime, dry_run: bool = False) -> int:
    """Delete the online applications never confirmed whose link expired before `before`, with
    their documents and files: they were never received. Returns how many."""
    expired = Application.objects.expired(at=before)
    count = expired.count()
    if dry_run or not count:
        return count
    with transaction.atomic(), acting_as(None, purge="unconfirmed applications"):
        documents = list(ApplicationDocument.objects.filter(application__in=expired))
        files = [document.file for document in documents if document.file]
        ApplicationDocument.objects.filter(pk__in=[d.pk for d in documents]).delete()
        expired.delete()
        # The rows are gone only if the transaction commits: the files go after it.
        transaction.on_commit(lambda: [file.delete(save=False) for file in files])
    return count


def find_application(*, receipt_number: str, cin: str) -> Application | None:
    """The confirmed application with this receipt number and this CIN, or None: both must
    match, so a receipt number alone never opens someone else's application."""
    receipt_number = (receipt_number or "").strip().upper()
    cin = normalise_cin(cin)
    if not receipt_number or not cin:
        return None
    return (
        Application.objects.confirmed()
        .select_related("competition", "post_line__grade")
        .filter(receipt_number=receipt_number, cin=cin)
        .first()
    )


def application_withdraw(*, application: Application) -> Application:
    """The candidate withdraws; the application is kept (never deleted), marked withdrawn.
    A withdrawn application no longer holds the CIN: the candidate may apply again."""
    with transaction.atomic(), acting_as(None, candidate=application.receipt_number):
        current = Application.objects.select_for_update().get(pk=application.pk)
        if current.status != Application.Status.SUBMITTED:
            raise ValidationError(_("This application is already withdrawn."))
        if current.competition.status in (
            Competition.Status.RESULTS,
            Competition.Status.ARCHIVED,
        ):
            raise ValidationError(_("The results are published: it is too late to withdraw."))
        current.status = Application.Status.WITHDRAWN
        current.withdrawn_at = timezone.now()
        current.save(update_fields=["status", "withdrawn_at"])
        return current


def application_void(
    *, application: Application, reason: str, actor: User, note: str = ""
) -> Application:
    """Staff void an application, for a coded reason (sent with someone else's CIN, a
    duplicate...) and a note: it is kept, marked voided, and no longer holds the CIN, so the
    rightful candidate can apply. Who voided it is the acting user."""
    if reason not in Application.VoidReason.values:
        raise ValidationError(_("Give the coded reason for voiding the application."))
    note = (note or "").strip()
    if reason == Application.VoidReason.OTHER and not note:
        raise ValidationError(_("Say why the application is voided."))
    with transaction.atomic(), acting_as(actor, reason=reason, note=note):
        current = Application.objects.select_for_update().get(pk=application.pk)
        if current.status != Application.Status.SUBMITTED or current.confirmed_at is None:
            raise ValidationError(_("Only a received application can be voided."))
        if _locked(current.competition).status in (
            Competition.Status.RESULTS,
            Competition.Status.ARCHIVED,
        ):
            raise ValidationError(_("The results are published: the application stays."))
        current.status = Application.Status.VOIDED
        current.voided_at = timezone.now()
        current.void_reason = reason
        current.void_note = note
        current.voided_by = actor
        current.save(update_fields=["status", "voided_at", "void_reason", "void_note", "voided_by"])
        return current


def application_screen(
    *,
    application: Application,
    eligible: bool,
    reason: str = "",
    note: str = "",
    actor: User,
) -> Application:
    if not eligible and not reason:
        raise ValidationError(_("Give the coded reason for the rejection."))
    with transaction.atomic(), acting_as(actor):
        current = Application.objects.select_for_update().get(pk=application.pk)
        if current.status != Application.Status.SUBMITTED or current.confirmed_at is None:
            raise ValidationError(_("Only a received application is screened."))
        current.eligibility = (
            Application.Eligibility.ELIGIBLE if eligible else Application.Eligibility.REJECTED
        )
        current.rejection_reason = "" if eligible else reason
        current.rejection_note = note
        current.full_clean()
        current.save(update_fields=["eligibility", "rejection_reason", "rejection_note"])
        return current


def called_to_written(competition: Competition) -> QuerySet[Application]:
    return competition.applications.confirmed().filter(
        status=Application.Status.SUBMITTED, eligibility=Application.Eligibility.ELIGIBLE
    )


# Summons by SMS ---------------------------------------------------------------------------------

# The stages a candidate is summoned to: the competition's status when it reaches each.
SUMMONED_STAGES = (Competition.Status.WRITTEN, Competition.Status.ORAL)


def summoned(competition: Competition, stage: str) -> QuerySet[Application]:
    """The candidates called to `stage`: every eligible one to the written exam, those of
    the oral call (oral_call) to the oral."""
    called = called_to_written(competition)
    return called.filter(called_to_oral=True) if stage == Competition.Status.ORAL else called


def summons_language(competition: Competition) -> str:
    """The summons are in the language of the competition's notice: the one it is written
    in, or the portal's default (Arabic) when it is written in both, as a published notice
    is."""
    languages = written_languages(competition, "notice")
    return languages[0] if len(languages) == 1 else settings.LANGUAGE_CODE


def summons_text(competition: Competition, stage: str) -> str:
    """The summons to `stage` in the active language: the competition's reference, the stage,
    and the date and place of the exam where the competition knows them (those of the
    written exam; the oral has none recorded). Nothing about the candidate: a text message is
    read by whoever holds the phone."""
    values = {"reference": competition.reference}
    if stage == Competition.Status.ORAL:
        return (
            _("Entraide Nationale, competition %(reference)s: you are called to the oral exam.")
            % values
        )
    if competition.exam_date:
        values["date"] = date_format(competition.exam_date, "DATE_FORMAT")
    if competition.exam_place:
        values["place"] = competition.exam_place
    if "date" in values and "place" in values:
        text = _(
            "Entraide Nationale, competition %(reference)s: you are summoned to the written "
            "exam on %(date)s at %(place)s."
        )
    elif "date" in values:
        text = _(
            "Entraide Nationale, competition %(reference)s: you are summoned to the written "
            "exam on %(date)s."
        )
    elif "place" in values:
        text = _(
            "Entraide Nationale, competition %(reference)s: you are summoned to the written "
            "exam at %(place)s."
        )
    else:
        text = _(
            "Entraide Nationale, competition %(reference)s: you are summoned to the written exam."
        )
    return text % values


def _summon(competition, stage, applications):
    """Text the summons to `stage` to each of these applications' phone, once per application
    and stage (a candidate summoned already is not summoned again), after the caller's
    transaction commits. Returns how many were summoned now."""
    stage = Competition.Status(stage).value
    with translation.override(summons_language(competition)):
        text = summons_text(competition, stage)
        messages = (
            sms_send(to=phone, text=text, key=f"summons:{pk}:{stage}")
            for pk, phone in applications.order_by("pk").values_list("pk", "phone")
        )
        return sum(message is not None for message in messages)


def _results_not_published(competition):
    if competition.status in (Competition.Status.RESULTS, Competition.Status.ARCHIVED):
        raise ValidationError(
            _("The results are published: marks and ranking can no longer change.")
        )


def marks_save(
    *,
    competition: Competition,
    stage: str,
    marks: Mapping[int, tuple[bool, Decimal | None]],
    actor: User,
) -> int:
    """Store the marks of one exam: {application id: (present, mark)}. An absent candidate has
    no mark; a present one has a mark between 0 and 20."""
    field_present, field_mark = f"{stage}_present", f"{stage}_mark"
    errors = []
    with transaction.atomic(), acting_as(actor, stage=stage):
        _results_not_published(_locked(competition))
        # Only those the marks page lists: confirmed, received and eligible.
        called = called_to_written(competition).select_for_update()
        applications = {a.pk: a for a in called.filter(pk__in=list(marks))}
        for pk, (present, mark) in marks.items():
            application = applications.get(pk)
            if application is None:
                continue
            if present and mark is None:
                errors.append(
                    _("%(receipt)s: a present candidate needs a mark.")
                    % {"receipt": application.receipt_number}
                )
                continue
            if mark is not None and not Decimal(0) <= mark <= Decimal(20):
                errors.append(
                    _("%(receipt)s: a mark is between 0 and 20.")
                    % {"receipt": application.receipt_number}
                )
                continue
            setattr(application, field_present, present)
            setattr(application, field_mark, mark if present else None)
        if errors:
            raise ValidationError(errors)
        Application.objects.bulk_update(list(applications.values()), [field_present, field_mark])
    return len(applications)


def oral_call(*, competition: Competition, actor: User) -> int:
    """Call to the oral, per post line, the best written marks at or above the minimum, up to
    `written_call_ratio` candidates per post; candidates tied with the last one called are
    called too. Those called are summoned by SMS when the competition reaches its oral, or at
    once if it has already."""
    with transaction.atomic(), acting_as(actor):
        current = _locked(competition)
        _results_not_published(current)
        applications = called_to_written(current)
        applications.update(called_to_oral=False)
        for line in current.lines.all():
            candidates = list(
                applications.filter(
                    post_line=line,
                    written_present=True,
                    written_mark__gte=current.oral_minimum,
                ).order_by("-written_mark", "pk")
            )
            quota = line.posts * current.written_call_ratio
            called = candidates[:quota]
            if called:
                last = called[-1].written_mark
                called += [c for c in candidates[quota:] if c.written_mark == last]
            Application.objects.filter(pk__in=[c.pk for c in called]).update(called_to_oral=True)
        if current.status == Competition.Status.ORAL:
            # Called after the competition reached its oral: summoned now (those summoned
            # by an earlier call are not summoned again).
            _summon(current, current.status, summoned(current, current.status))
        return applications.filter(called_to_oral=True).count()


def final_mark(application: Application, competition: Competition) -> Decimal:
    total = competition.written_coefficient + competition.oral_coefficient
    value = (
        application.written_mark * competition.written_coefficient
        + application.oral_mark * competition.oral_coefficient
    ) / total
    return value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def reserved_seats(posts: int, percent: int) -> int:
    """Seats a share reserves on a line: the percentage of the posts, rounded half up."""
    return math.floor(Decimal(posts) * Decimal(percent) / 100 + Decimal("0.5"))


def merit_order(application: Application) -> tuple[Decimal, Decimal, date, int]:
    """Higher final mark first; a tie goes to the higher written mark, then to the older
    candidate, then to the earlier application."""
    return (
        -application.final_mark,
        -application.written_mark,
        application.birth_date,
        application.pk,
    )


def results_compute(
    *, competition: Competition, actor: User | None
) -> dict[PostLine, tuple[list[Application], list[Application]]]:
    """Rank each post line and fill it: reserved seats first, each with the best candidates of
    its category who passed; then every other seat by merit (a reserved seat no one of the
    category can take goes to merit too). Then the waiting list, by merit. Returns
    {line: (admitted, waiting)}."""
    with transaction.atomic(), acting_as(actor):
        current = _locked(competition)
        _results_not_published(current)
        shares = list(ReservedShare.objects.filter(competition=current))
        everyone = called_to_written(current)
        everyone.update(final_mark=None, rank=None, result="", seat_category="")
        outcome = {}
        for line in current.lines.all():
            examined = list(
                everyone.filter(
                    post_line=line,
                    called_to_oral=True,
                    oral_present=True,
                    oral_mark__isnull=False,
                    written_mark__isnull=False,
                )
            )
            for application in examined:
                application.final_mark = final_mark(application, current)
            examined.sort(key=merit_order)
            for rank, application in enumerate(examined, start=1):
                application.rank = rank
                application.result = Application.Result.NOT_ADMITTED
            passed = [a for a in examined if a.final_mark >= current.pass_mark]
            admitted = []
            for share in shares:
                seats = reserved_seats(line.posts, share.percent)
                of_category = [
                    a for a in passed if a.category == share.category and a not in admitted
                ]
                for application in of_category[:seats]:
                    application.seat_category = share.category
                    admitted.append(application)
            for application in passed:
                if len(admitted) >= line.posts:
                    break
                if application not in admitted:
                    admitted.append(application)
            for application in admitted:
                application.result = Application.Result.ADMITTED
            rest = [a for a in passed if a not in admitted]
            waiting = rest[: line.posts * current.waiting_list_ratio]
            for application in waiting:
                application.result = Application.Result.WAITING
            Application.objects.bulk_update(
                examined, ["final_mark", "rank", "result", "seat_category"]
            )
            outcome[line] = (
                sorted(admitted, key=lambda a: a.rank),
                waiting,
            )
        return outcome
