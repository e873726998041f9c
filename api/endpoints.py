"""The operations of the JSON API, version 1 (served under /api/v1/ by api.urls).

Each reads through the apps' own reads (`visible_to`, `Referral.objects.received_by`,
`reports.figures`) and writes through their services, as the portal's pages do: the API scopes
and refuses exactly as the pages do, and records what it shows (api.audit)."""

import pghistory
from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer

from beneficiaries import selectors as people_selectors
from beneficiaries import services as people_services
from beneficiaries.models import RSU_ID_PATTERN, Beneficiary, Referral
from centres.models import Centre, Service, TargetGroup
from entraide.periods import Period
from entraide.protection import hidden_fields
from entraide.routers import reading_from_replica
from entraide.scoping import get_visible_or_404
from entraide.validators import normalise_cin
from recruitment import selectors as recruitment_selectors
from recruitment.models import Category, Competition, DeadlineExtension, PostLine
from reports.documents import indicator_labels
from reports.figures import MONEY, scalars
from territory.models import OrgUnit

from . import errors, schemas
from .audit import shown
from .auth import TokenAuth
from .models import ApiToken
from .pagination import DEFAULT_LIMIT, MAX_LIMIT, page

DESCRIPTION = """
The API of Entraide Nationale's portal.

**Tokens.** Every operation but the public ones (centres, competitions) takes a token issued in
the portal's administration: `Authorization: Bearer <key>`. A token acts for one account within
one unit and sees exactly what a user of that unit with the account's role sees in the portal;
a record outside it answers 404, as a missing one. Each token has scopes (`read_people`,
`read_referrals`, `write_referrals`, `read_figures`). A missing, unknown, expired or revoked
token answers 401; a missing scope, or a role that may not, 403. Every call with a token is
recorded in the portal's audit trail under the token's name.

**Errors** are JSON, `{"code": ..., "message": ...}` (and `errors`, per field, for 422), the
message in the language of `Accept-Language` (`ar`, the default, or `fr`). While the portal's
database does not answer (a restart, a failover), 503 `unavailable` with `Retry-After` in
seconds: call again then.

**Limits.** Each token may make a set number of calls a minute (the public operations: each
client address); past it, 429 with `Retry-After` in seconds.

**Pages.** Lists answer `{"results": [...], "next": cursor}`: ask for the next page with
`?cursor=<next>` until `next` is null. Cursors are opaque.
"""

TOKEN_ERRORS = {
    400: schemas.Error,
    401: schemas.Error,
    403: schemas.Error,
    404: schemas.Error,
    422: schemas.Error,
    429: schemas.Error,
    503: schemas.Error,
}
PUBLIC_ERRORS = {
    400: schemas.Error,
    404: schemas.Error,
    422: schemas.Error,
    429: schemas.Error,
    503: schemas.Error,
}


class Renderer(JSONRenderer):
    # Arabic as Arabic letters, not \u escapes: the same JSON, readable in a terminal.
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Entraide Nationale",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="schema/",
    docs_url="docs/",
    # With "ninja" in INSTALLED_APPS the page loads Swagger UI from the package's own static
    # files (no CDN), and its script from a file: the Content-Security-Policy holds.
    docs=Swagger(settings={"persistAuthorization": False}),
    renderer=Renderer(),
)
errors.install(api)

Scope = ApiToken.Scope


# Public: the registry of centres -----------------------------------------------------------------


def _centres():
    return Centre.objects.select_related("type", "province", "delegation").prefetch_related(
        Prefetch("services", queryset=Service.objects.order_by("position", "code")),
        Prefetch("target_groups", queryset=TargetGroup.objects.order_by("position", "code")),
    )


def _centre(centre):
    return {
        **schemas.named(centre),
        "type": {**schemas.named(centre.type), "family": centre.type.family},
        "status": centre.status,
        "management_mode": centre.management_mode,
        "address": centre.address,
        "commune": centre.commune,
        "province": schemas.named(centre.province),
        "delegation": schemas.named(centre.delegation),
        "latitude": float(centre.latitude) if centre.latitude is not None else None,
        "longitude": float(centre.longitude) if centre.longitude is not None else None,
        "capacity": centre.capacity,
        "capacity_unit": centre.capacity_unit,
        "services": [schemas.named(s) for s in centre.services.all()],
        "target_groups": [schemas.named(g) for g in centre.target_groups.all()],
    }


@api.get(
    "/centres/",
    response={200: schemas.CentrePage, **PUBLIC_ERRORS},
    url_name="centres",
    tags=["public"],
)
def centres(
    request,
    province: str | None = Query(None, max_length=8, description="A province's code."),
    type: str | None = Query(None, max_length=40, description="A centre type's code."),
    status: schemas.choice(Centre.Status.values) | None = None,
    cursor: str | None = Query(None, max_length=500),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    """The registry of social centres, by code: what they are, where, and what they offer.
    No personal data."""
    queryset = _centres()
    if province:
        queryset = queryset.filter(province__code=province)
    if type:
        queryset = queryset.filter(type__code=type)
    if status:
        queryset = queryset.filter(status=status)
    rows, following = page(
        queryset, name="centres", keys=("code", "pk"), cursor=cursor, limit=limit
    )
    return {"results": [_centre(c) for c in rows], "next": following}


@api.get(
    "/centres/{code}/",
    response={200: schemas.CentreOut, **PUBLIC_ERRORS},
    url_name="centre",
    tags=["public"],
)
def centre(request, code: str = Path(..., max_length=30, example="C-KHO-001")):
    """One centre of the registry."""
    found = _centres().filter(code=code).first()
    if found is None:
        raise Http404
    return _centre(found)


# Public: competitions -----------------------------------------------------------------------------


def _competitions():
    lines = PostLine.objects.select_related("grade").prefetch_related("specialties")
    return (
        Competition.objects.public()
        .exclude(status=Competition.Status.ARCHIVED)
        .select_related("unit")
        .prefetch_related(
            Prefetch("lines", queryset=lines.order_by("pk")),
            "reserved_shares",
            Prefetch("extensions", queryset=DeadlineExtension.objects.order_by("pk")),
        )
    )


def _published(entry):
    """A grade or a specialty as the notice published it (else as the catalogue has it)."""
    return {"code": entry["code"], "name_ar": entry.get("ar", ""), "name_fr": entry.get("fr", "")}


def _line(line):
    if line.published_grade:
        grade = {**_published(line.published_grade), "scale": line.published_grade["scale"]}
        specialties = [_published(s) for s in line.published_specialties]
    else:
        grade = {**schemas.named(line.grade), "scale": line.grade.scale}
        specialties = [schemas.named(s) for s in line.specialties.all()]
    return {
        "grade": grade,
        "specialties": specialties,
        "posts": line.posts,
        "diplomas_ar": line.diplomas_ar or "",
        "diplomas_fr": line.diplomas_fr or "",
        "min_age": line.min_age,
        "max_age": line.max_age,
    }


def _competition(competition, now):
    lines = list(competition.lines.all())
    extensions = list(competition.extensions.all())
    stages = recruitment_selectors.public_stages(competition)
    return {
        "reference": competition.reference,
        "title_ar": competition.title_ar or "",
        "title_fr": competition.title_fr or "",
        "status": competition.status,
        "is_open": competition.is_open(now),
        "year": competition.year,
        "organising_unit": schemas.named(competition.unit),
        "publication_date": competition.publication_date,
        "opens_at": competition.opens_at,
        "deadline": competition.deadline,
        "deadline_extended": bool(extensions),
        "exam_date": competition.exam_date,
        "exam_place_ar": competition.exam_place_ar or "",
        "exam_place_fr": competition.exam_place_fr or "",
        "notice_ar": competition.notice_ar or "",
        "notice_fr": competition.notice_fr or "",
        "total_posts": sum(line.posts for line in lines),
        "lines": [_line(line) for line in lines],
        "reserved_shares": [
            {
                "category": share.category,
                "label": str(Category(share.category).label),
                "percent": share.percent,
            }
            for share in competition.reserved_shares.all()
        ],
        "extensions": [
            {
                "previous_deadline": e.previous_deadline,
                "new_deadline": e.new_deadline,
                "decided_on": e.decided_on,
                "reason": e.reason,
            }
            for e in extensions
        ],
        "published_lists": [
            {
                "stage": stage,
                "title": str(recruitment_selectors.STAGES[stage][0]),
                "url": reverse("recruitment:published_list", args=[competition.reference, stage]),
            }
            for stage in stages
        ],
        "url": competition.get_public_url(),
    }


@api.get(
    "/competitions/",
    response={200: schemas.CompetitionPage, **PUBLIC_ERRORS},
    url_name="competitions",
    tags=["public"],
)
def competitions(
    request,
    open: bool | None = Query(None, description="Only those open for applications now."),
    cursor: str | None = Query(None, max_length=500),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    """The public competitions and their notices, as the public pages show them, by
    deadline."""
    queryset = _competitions()
    if open is not None:
        current = Competition.objects.open_for_applications().values("pk")
        queryset = queryset.filter(pk__in=current) if open else queryset.exclude(pk__in=current)
    rows, following = page(
        queryset, name="competitions", keys=("deadline", "pk"), cursor=cursor, limit=limit
    )
    now = timezone.now()
    return {"results": [_competition(c, now) for c in rows], "next": following}


@api.get(
    "/competitions/{reference}/",
    response={200: schemas.CompetitionOut, **PUBLIC_ERRORS},
    url_name="competition",
    tags=["public"],
)
def competition(request, reference: str = Path(..., max_length=40, example="CONC-2026-001")):
    """One public competition and its notice."""
    found = _competitions().filter(reference=reference).first()
    if found is None:
        raise Http404
    return _competition(found, timezone.now())


# People -------------------------------------------------------------------------------------------

PERSON_FIELDS = ("first_name_ar", "last_name_ar", "first_name_lat", "last_name_lat")


def _person(actor, person):
    # What the account may not read of this person is left out, as the pages leave it out
    # (entraide.protection); the API never gives the CIN nor the RSU identifier back.
    hidden = set(hidden_fields(actor, Beneficiary, person))
    return {
        "file_number": person.file_number,
        **{name: "" if name in hidden else getattr(person, name) for name in PERSON_FIELDS},
        "sex": person.sex,
        "birth_date": None if "birth_date" in hidden else person.birth_date,
        "birth_year": None if "birth_year" in hidden else person.birth_year,
        "delegation": person.delegation.code,
    }


@api.get(
    "/people/",
    response={200: schemas.PeopleOut, **TOKEN_ERRORS},
    auth=TokenAuth(Scope.READ_PEOPLE),
    url_name="people",
    tags=["people"],
)
def people(
    request,
    cin: str | None = Query(
        None, pattern=r"^[A-Za-z]{1,2}[0-9]{1,7}$", description="A CIN.", example="AB123456"
    ),
    rsu: str | None = Query(
        None, pattern=RSU_ID_PATTERN, description="An RSU household identifier."
    ),
):
    """The person with this CIN, or the people of the household with this RSU identifier,
    among the files the token sees (404 when none: held elsewhere or not at all)."""
    if bool(cin) == bool(rsu):
        raise errors.ApiError(
            "validation_error",
            errors=[
                errors.field_error(
                    ("query",), "missing", _("Give a CIN or an RSU household identifier.")
                )
            ],
        )
    actor = request.user
    files = Beneficiary.objects.visible_to(actor).active().select_related("delegation")
    if cin:
        found = list(files.filter(cin=normalise_cin(cin))[:1])
    else:
        found = list(files.filter(rsu_id=rsu).order_by("file_number")[:50])
    if not found:
        raise Http404
    shown(request, found)
    return {"results": [_person(actor, person) for person in found]}


# Figures ------------------------------------------------------------------------------------------


@api.get(
    "/figures/{unit_code}/",
    response={200: schemas.FiguresOut, **TOKEN_ERRORS},
    auth=TokenAuth(Scope.READ_FIGURES),
    url_name="figures",
    tags=["figures"],
)
def figures(
    request,
    unit_code: str = Path(..., max_length=40, example="DP-MA-KHO"),
    period: str | None = Query(
        None,
        pattern=r"^(20[0-9]{2}|2100)(-(0[1-9]|1[0-2])|-[Qq][1-4])?$",
        description="2025-03, 2025-Q1 or 2025; this month if none.",
        example="2025-Q1",
    ),
):
    """The indicators of a unit (and what lies under it) for a period, as the activity report
    computes them (reports.figures)."""
    unit = get_visible_or_404(OrgUnit, request.user, code=unit_code)
    if period:
        try:
            chosen = Period.parse(period)
        except ValueError as error:
            raise errors.ApiError(
                "validation_error",
                errors=[errors.field_error(("query", "period"), "invalid", error.args[0])],
            ) from None
    else:
        chosen = Period.current("month", timezone.localdate())
    with reading_from_replica():
        values = scalars(unit, chosen)
    labels = indicator_labels()
    return {
        "unit": {**schemas.named(unit), "kind": unit.kind},
        "period": {
            "code": str(chosen),
            "kind": chosen.kind,
            "start": chosen.start,
            "end": chosen.end,
            "label": str(chosen.label),
        },
        "indicators": {
            name: f"{value:.2f}" if name in MONEY else int(value) for name, value in values.items()
        },
        "labels": {name: str(labels.get(name, name)) for name in values},
    }


# Referrals ----------------------------------------------------------------------------------------


def _answers(referral):
    return [schemas.ANSWERS[state] for state in referral.answers() if state in schemas.ANSWERS]


def _shared(user, referral):
    shared = people_selectors.share(user, referral)
    person = shared.get("name")
    return {
        "sex": referral.case.beneficiary.sex,
        "province": schemas.named(referral.case.beneficiary.province),
        **{name: getattr(person, name) if person else None for name in PERSON_FIELDS},
        "age": shared.get("age"),
        "phone": shared.get("phone"),
        "address": shared.get("address"),
        "withheld": shared["withheld"],
    }


def _referral(user, referral):
    association = referral.association
    return {
        "id": referral.pk,
        "case_number": referral.case.number,
        "state": referral.state,
        "urgency": referral.urgency,
        "date": referral.date,
        "sent_at": referral.sent_at,
        "due_at": referral.due_at,
        "overdue": referral.is_overdue,
        "referring_delegation": schemas.named(referral.case.delegation),
        "centre": schemas.named(referral.centre) if referral.centre_id else None,
        "association": (
            {
                "id": association.pk,
                "name_ar": association.name_ar or association.name,
                "name_fr": association.name_fr or association.name,
            }
            if association is not None
            else None
        ),
        "service": schemas.named(referral.service) if referral.service_id else None,
        "reason": referral.reason,
        "answered_at": referral.answered_at,
        "refusal_reason": referral.refusal_reason,
        "refusal_note": referral.refusal_note,
        "completed_on": referral.completed_on,
        "answers": _answers(referral),
        "person": _shared(user, referral),
    }


@api.get(
    "/referrals/",
    response={200: schemas.ReferralPage, **TOKEN_ERRORS},
    auth=TokenAuth(Scope.READ_REFERRALS),
    url_name="referrals",
    tags=["referrals"],
)
def referrals(
    request,
    state: schemas.choice(Referral.State.values) | None = None,
    centre: str | None = Query(None, max_length=30, description="A centre's code."),
    cursor: str | None = Query(None, max_length=500),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    """The referrals sent to the centres (or the association) the token's account answers
    for, as the portal's inbox selects them, oldest first: new ones come on the last pages."""
    received = people_selectors.received_referrals(request.user)
    if state:
        received = received.filter(state=state)
    if centre:
        received = received.filter(centre__code=centre)
    rows, following = page(
        received, name="referrals", keys=("created_at", "pk"), cursor=cursor, limit=limit
    )
    shown(request, [referral.case for referral in rows])
    return {"results": [_referral(request.user, r) for r in rows], "next": following}


@api.post(
    "/referrals/{referral_id}/answer",
    response={200: schemas.AnswerOut, 409: schemas.Error, **TOKEN_ERRORS},
    auth=TokenAuth(Scope.WRITE_REFERRALS),
    url_name="referral_answer",
    tags=["referrals"],
)
def answer_referral(request, referral_id: int, payload: schemas.AnswerIn):
    """Accept a referral, refuse it with a reason of the catalogue (and a note for "other"),
    or report the service done, through the service the portal's inbox uses. A referral the
    token's account does not receive answers 404; one that cannot take that answer now, 409."""
    actor = request.user
    referral = people_selectors.received_referrals(actor).filter(pk=referral_id).first()
    if referral is None:
        raise Http404
    token = request.api_token
    # The audit trail's context of the change names the token beside the account.
    with pghistory.context(api_token=token.name, api_token_prefix=token.prefix):
        if payload.answer == "accept":
            done = people_services.referral_accept(referral=referral, actor=actor)
        elif payload.answer == "complete":
            done = people_services.referral_complete(referral=referral, actor=actor)
        else:
            done = people_services.referral_refuse(
                referral=referral,
                reason=payload.refusal_reason or "",
                note=payload.refusal_note,
                actor=actor,
            )
    shown(request, [done.case])
    return {
        "id": done.pk,
        "state": done.state,
        "answered_at": done.answered_at,
        "refusal_reason": done.refusal_reason,
        "completed_on": done.completed_on,
        "answers": _answers(done),
    }


# The root: where the document and its pages are ---------------------------------------------------


def index_urls():
    return {
        "schema_url": reverse("api:openapi-json"),
        "docs_url": reverse("api:openapi-view"),
    }
