"""What the API answers and accepts, as pydantic models: the OpenAPI document is made of them.

Answers are built field by field by the operations (api.endpoints), never from a model's
fields wholesale: a field added to a model is not published by accident."""

import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import create_model

from beneficiaries.models import Referral
from centres.models import Centre
from recruitment.models import Competition
from reports.figures import INDICATORS, MONEY


def choice(values):
    """The type of a field that takes one of `values`."""
    return Literal[tuple(values)]


# Errors ------------------------------------------------------------------------------------------


class FieldError(Schema):
    field: str = Field(description="Where: query.cin, body.answer, path.code...")
    type: str
    message: str


class Error(Schema):
    code: str = Field(description="Stable, for programs: token_expired, not_found...")
    message: str = Field(description="For people, in the language of Accept-Language.")
    errors: list[FieldError] | None = None


# Shared -------------------------------------------------------------------------------------------


class Named(Schema):
    """An entry of a catalogue or of the territory: its code and its names."""

    code: str
    name_ar: str
    name_fr: str


def named(entry):
    return {
        "code": entry.code,
        "name_ar": entry.name_ar or entry.name or "",
        "name_fr": entry.name_fr or entry.name or "",
    }


# Centres (public) ---------------------------------------------------------------------------------


class CentreType(Named):
    family: str


class CentreOut(Schema):
    code: str
    name_ar: str
    name_fr: str
    type: CentreType
    status: choice(Centre.Status.values)
    management_mode: choice(Centre.ManagementMode.values)
    address: str
    commune: str
    province: Named
    delegation: Named
    latitude: float | None
    longitude: float | None
    capacity: int | None
    capacity_unit: str
    services: list[Named]
    target_groups: list[Named]


class CentrePage(Schema):
    results: list[CentreOut]
    next: str | None = Field(description="The cursor of the next page; null on the last.")


# Competitions (public) ---------------------------------------------------------------------------


class Grade(Named):
    scale: int


class PostLine(Schema):
    grade: Grade
    specialties: list[Named]
    posts: int
    diplomas_ar: str
    diplomas_fr: str
    min_age: int
    max_age: int


class ReservedShare(Schema):
    category: str
    label: str
    percent: int


class Extension(Schema):
    previous_deadline: datetime.datetime
    new_deadline: datetime.datetime
    decided_on: datetime.date
    reason: str


class PublishedList(Schema):
    stage: str
    title: str
    url: str = Field(description="The list as a PDF, in the language of the address.")


class CompetitionOut(Schema):
    reference: str
    title_ar: str
    title_fr: str
    status: choice(Competition.Status.values)
    is_open: bool
    year: int
    organising_unit: Named
    publication_date: datetime.date | None
    opens_at: datetime.datetime
    deadline: datetime.datetime
    deadline_extended: bool
    exam_date: datetime.date | None
    exam_place_ar: str
    exam_place_fr: str
    notice_ar: str
    notice_fr: str
    total_posts: int
    lines: list[PostLine]
    reserved_shares: list[ReservedShare]
    extensions: list[Extension]
    published_lists: list[PublishedList]
    url: str = Field(description="The public notice, where candidates apply.")


class CompetitionPage(Schema):
    results: list[CompetitionOut]
    next: str | None


# People -------------------------------------------------------------------------------------------


class PersonOut(Schema):
    file_number: str
    first_name_ar: str
    last_name_ar: str
    first_name_lat: str
    last_name_lat: str
    sex: Literal["F", "M"]
    birth_date: datetime.date | None
    birth_year: int | None = Field(description="When only an approximate year is known.")
    delegation: str = Field(description="The code of the delegation that holds the file.")


class PeopleOut(Schema):
    results: list[PersonOut]


# Figures ------------------------------------------------------------------------------------------

MONEY_PATTERN = r"^-?[0-9]+\.[0-9]{2}$"

Indicators = create_model(
    "Indicators",
    __base__=Schema,
    **{
        name: (str, Field(pattern=MONEY_PATTERN)) if name in MONEY else (int, ...)
        for name in INDICATORS
    },
)


class Unit(Named):
    kind: str


class PeriodOut(Schema):
    code: str = Field(description="2025-03, 2025-Q1 or 2025.")
    kind: Literal["month", "quarter", "year"]
    start: datetime.date
    end: datetime.date
    label: str


class FiguresOut(Schema):
    unit: Unit
    period: PeriodOut
    indicators: Indicators = Field(description="Counts, and sums of dirhams as decimal text.")
    labels: dict[str, str] = Field(description="Each indicator's name, in the language asked.")


# Referrals ----------------------------------------------------------------------------------------

ANSWERS = {
    Referral.State.ACCEPTED: "accept",
    Referral.State.REFUSED: "refuse",
    Referral.State.COMPLETED: "complete",
}


class Association(Schema):
    id: int
    name_ar: str
    name_fr: str


class SharedPerson(Schema):
    """Who the referral is about, as far as the person's consent to sharing allows: the
    names, age, phone and address are null without it."""

    sex: Literal["F", "M"]
    province: Named
    first_name_ar: str | None
    last_name_ar: str | None
    first_name_lat: str | None
    last_name_lat: str | None
    age: int | None
    phone: str | None
    address: str | None
    withheld: bool = Field(description="Whether anything was left out for want of consent.")


class ReferralOut(Schema):
    id: int
    case_number: str
    state: choice(Referral.State.values)
    urgency: choice(Referral.Urgency.values)
    date: datetime.date
    sent_at: datetime.datetime | None
    due_at: datetime.datetime | None
    overdue: bool
    referring_delegation: Named
    centre: Named | None
    association: Association | None
    service: Named | None
    reason: str
    answered_at: datetime.datetime | None
    refusal_reason: str
    refusal_note: str
    completed_on: datetime.date | None
    answers: list[choice(ANSWERS.values())] = Field(description="What may be answered now.")
    person: SharedPerson


class ReferralPage(Schema):
    results: list[ReferralOut]
    next: str | None


class AnswerIn(Schema):
    answer: choice(ANSWERS.values())
    refusal_reason: choice(Referral.RefusalReason.values) | None = Field(
        None, description="Required to refuse."
    )
    refusal_note: str = Field("", max_length=1000, description="Required with the reason other.")


class AnswerOut(Schema):
    id: int
    state: choice(Referral.State.values)
    answered_at: datetime.datetime | None
    refusal_reason: str
    completed_on: datetime.date | None
    answers: list[choice(ANSWERS.values())]


class Index(Schema):
    schema_url: str
    docs_url: str
