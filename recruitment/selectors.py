"""Reads: the lists a competition publishes, and its figures."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Count, Model, Q
from django.utils.translation import gettext_lazy as _

from territory.models import Region

from .models import Application, Competition, Grade, PostLine, Specialty

# stage: (title, the status from which the public may read it, filter, order)
STAGES = {
    "written": (
        _("Candidates called to the written exam"),
        Competition.Status.WRITTEN,
        Q(status="submitted", eligibility="eligible"),
        ("post_line", "last_name_lat", "first_name_lat", "pk"),
    ),
    "oral": (
        _("Candidates called to the oral exam"),
        Competition.Status.ORAL,
        Q(status="submitted", eligibility="eligible", called_to_oral=True),
        ("post_line", "last_name_lat", "first_name_lat", "pk"),
    ),
    "admitted": (
        _("Candidates admitted"),
        Competition.Status.RESULTS,
        Q(result="admitted"),
        ("post_line", "rank"),
    ),
    "waiting": (
        _("Waiting list"),
        Competition.Status.RESULTS,
        Q(result="waiting"),
        ("post_line", "rank"),
    ),
}
ORDER = list(Competition.Status.values)


def stage_is_public(competition: Competition, stage: str) -> bool:
    """A list is public once the competition has reached its stage (and until archived)."""
    if competition.status == Competition.Status.ARCHIVED:
        return False
    reached = STAGES[stage][1]
    return ORDER.index(competition.status) >= ORDER.index(reached)


def public_stages(competition: Competition) -> list[str]:
    return [stage for stage in STAGES if stage_is_public(competition, stage)]


def stage_list(competition: Competition, stage: str) -> list[tuple[PostLine, list[Application]]]:
    """[(post line, [applications])] of a list, in the order it is published."""
    _title, _status, condition, order = STAGES[stage]
    applications = (
        competition.applications.confirmed()
        .filter(condition)
        .select_related("post_line__grade")
        .order_by(*order)
    )
    lines: dict[PostLine, list[Application]] = {}
    for application in applications:
        lines.setdefault(application.post_line, []).append(application)
    return list(lines.items())


def list_version(competition: Competition) -> str:
    """A stamp that changes whenever anything a list shows changes: the latest audit event of
    the competition, of its post lines, of its applications and of the grades. The events are
    written by database triggers, so a change by any path (a page, an import, the admin, raw
    SQL) moves the stamp."""
    parts = [
        (Competition.pgh_event_model, "pgh_obj_id"),
        (PostLine.pgh_event_model, "competition_id"),
        (Application.pgh_event_model, "competition_id"),
    ]
    selects = [
        f"(SELECT max(pgh_id) FROM {model._meta.db_table} WHERE {column} = %(pk)s)"  # noqa: S608
        for model, column in parts
    ]
    selects.append(f"(SELECT max(pgh_id) FROM {Grade.pgh_event_model._meta.db_table})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(selects)}", {"pk": competition.pk})  # noqa: S608
        row = cursor.fetchone()
    return "-".join(str(value or 0) for value in row)


def public_row(application: Application, competition: Competition) -> dict[str, Any]:
    """What a published list shows of a candidate: the name in both scripts and the CIN,
    partly masked unless the competition says otherwise; the birth date only if it says so."""
    row = {
        "name_ar": f"{application.last_name_ar} {application.first_name_ar}",
        "name_lat": f"{application.last_name_lat} {application.first_name_lat}",
        "cin": application.masked_cin() if competition.public_list_masks_cin else application.cin,
        "rank": application.rank,
        "seat": application.get_seat_category_display() if application.seat_category else "",
    }
    if competition.public_list_shows_birth_date:
        row["birth_date"] = application.birth_date
    return row


def figures(competition: Competition) -> dict[str, Any]:
    """Applications, eligible, present at the written exam and admitted: in all, and by
    specialty, sex and region."""
    counts = {
        "applications": Count("pk"),
        "eligible": Count("pk", filter=Q(eligibility=Application.Eligibility.ELIGIBLE)),
        "present": Count("pk", filter=Q(written_present=True)),
        "admitted": Count("pk", filter=Q(result=Application.Result.ADMITTED)),
        "withdrawn": Count("pk", filter=Q(status=Application.Status.WITHDRAWN)),
    }
    applications = competition.applications.confirmed()
    total = applications.aggregate(**counts)

    def by(field: str, model: type[Model]) -> list[dict[str, Any]]:
        # Grouped by id, named through the objects: their names follow the page's language.
        rows = list(applications.values(field).annotate(**counts))
        named = model.objects.in_bulk([row[field] for row in rows])
        rows = [{**row, "label": str(named.get(row[field], ""))} for row in rows]
        return sorted(rows, key=lambda row: row["label"])

    sexes = dict(Application.Sex.choices)
    by_sex = [
        {**row, "label": sexes.get(row["sex"], row["sex"])}
        for row in applications.values("sex").annotate(**counts).order_by("sex")
    ]
    return {
        "total": total,
        "by_specialty": by("specialty", Specialty),
        "by_sex": by_sex,
        "by_region": by("province__region", Region),
    }
