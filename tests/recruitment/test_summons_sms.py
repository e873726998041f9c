"""Candidates' summons by SMS: each candidate called to the written or the oral exam gets one
text, in the language of the competition's notice (Arabic when it has both), with the
competition's reference and the exam's date and place, nothing about the candidate; once, after
the change is committed. Sent through the test settings' console backend."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.formats import date_format

from entraide.roles import Role
from notifications.models import TextMessage
from recruitment import services
from recruitment.models import Application, Competition
from tests.factories import ApplicationFactory, CompetitionFactory, UserFactory, unit

pytestmark = pytest.mark.django_db

EXAM_DATE = datetime.date(2026, 12, 20)


@pytest.fixture
def officer(db):
    return UserFactory(username="t-rec", role=Role.RECRUITMENT_OFFICER, unit=unit("EN-SDAG"))


@pytest.fixture
def competition():
    return CompetitionFactory(
        reference="CONC-2026-SMS",
        status=Competition.Status.CLOSED,
        exam_date=EXAM_DATE,
        exam_place_ar="المعهد الوطني للعمل الاجتماعي، طنجة",
        exam_place_fr="Institut national de l'action sociale, Tanger",
    )


def eligible(competition, **extra):
    return ApplicationFactory(
        competition=competition, eligibility=Application.Eligibility.ELIGIBLE, **extra
    )


def change(competition, status, officer, capture):
    with capture(execute=True):
        services.competition_change_status(competition=competition, status=status, actor=officer)


def summons():
    return {message.key: message for message in TextMessage.objects.all()}


def test_the_eligible_candidates_are_summoned_to_the_written_exam_in_arabic(
    competition, officer, django_capture_on_commit_callbacks, capsys
):
    nadia = eligible(competition, phone="06 12 34 56 78", last_name_lat="Bennani")
    abroad = eligible(competition, phone="+33 6 12 34 56 78", cin="BE998877")
    eligible(competition, status=Application.Status.WITHDRAWN)
    eligible(competition, confirmed_at=None, confirmation_deadline=timezone.now())
    ApplicationFactory(competition=competition)  # still being examined
    ApplicationFactory(
        competition=competition,
        eligibility=Application.Eligibility.REJECTED,
        rejection_reason=Application.RejectionReason.AGE,
    )

    with translation.override("fr"):  # the officer's page: the summons keep their language
        change(competition, Competition.Status.WRITTEN, officer, django_capture_on_commit_callbacks)

    sent = summons()
    assert set(sent) == {f"summons:{nadia.pk}:written", f"summons:{abroad.pk}:written"}
    with translation.override("ar"):
        expected = services.summons_text(competition, Competition.Status.WRITTEN)
        day = date_format(EXAM_DATE, "DATE_FORMAT")
    assert "CONC-2026-SMS" in expected and day in expected
    assert "المعهد الوطني للعمل الاجتماعي، طنجة" in expected
    for message in sent.values():
        assert message.text == expected and message.language == "ar"
        assert message.state == TextMessage.State.SENT
        assert "Bennani" not in message.text and nadia.cin not in message.text
    assert sent[f"summons:{nadia.pk}:written"].to == "+212612345678"
    assert sent[f"summons:{abroad.pk}:written"].to == "+33612345678"
    out = capsys.readouterr().out
    assert out.count(expected) == 2 and "SMS to +212612345678" in out


def test_a_notice_written_in_french_alone_summons_in_french(
    officer, django_capture_on_commit_callbacks
):
    competition = CompetitionFactory(
        reference="CONC-2026-FR",
        status=Competition.Status.CLOSED,
        notice_ar="",
        exam_date=EXAM_DATE,
        exam_place_fr="Rabat",
    )
    application = eligible(competition)
    change(competition, Competition.Status.WRITTEN, officer, django_capture_on_commit_callbacks)
    message = TextMessage.objects.get(key=f"summons:{application.pk}:written")
    with translation.override("fr"):
        assert message.text == services.summons_text(competition, Competition.Status.WRITTEN)
        assert date_format(EXAM_DATE, "DATE_FORMAT") in message.text
    assert message.language == "fr" and "Rabat" in message.text


@pytest.mark.parametrize(
    ("exam_date", "place", "shown"),
    [(EXAM_DATE, "", ["date"]), (None, "Rabat", ["Rabat"]), (None, "", [])],
)
def test_the_summons_say_what_the_competition_knows_of_the_exam(exam_date, place, shown):
    competition = CompetitionFactory(
        reference="CONC-2026-TXT", exam_date=exam_date, exam_place_ar=place, exam_place_fr=place
    )
    with translation.override("fr"):
        text = services.summons_text(competition, Competition.Status.WRITTEN)
        day = date_format(EXAM_DATE, "DATE_FORMAT")
    assert "CONC-2026-TXT" in text
    assert (day in text) == ("date" in shown)
    assert ("Rabat" in text) == ("Rabat" in shown)


def test_only_the_candidates_called_to_the_oral_are_summoned_to_it(
    competition, officer, django_capture_on_commit_callbacks
):
    called = eligible(competition, called_to_oral=True, written_present=True, written_mark=15)
    not_called = eligible(competition, written_present=True, written_mark=8)
    change(competition, Competition.Status.WRITTEN, officer, django_capture_on_commit_callbacks)
    change(competition, Competition.Status.ORAL, officer, django_capture_on_commit_callbacks)
    assert set(summons()) == {
        f"summons:{called.pk}:written",
        f"summons:{not_called.pk}:written",
        f"summons:{called.pk}:oral",
    }
    oral = summons()[f"summons:{called.pk}:oral"]
    assert "CONC-2026-SMS" in oral.text and oral.state == TextMessage.State.SENT


def test_an_oral_call_made_once_the_oral_began_summons_the_newly_called_once(
    competition, officer, django_capture_on_commit_callbacks
):
    competition.status = Competition.Status.ORAL
    competition.save()
    first = eligible(competition, written_present=True, written_mark=Decimal(16))
    with django_capture_on_commit_callbacks(execute=True):
        services.oral_call(competition=competition, actor=officer)
    assert set(summons()) == {f"summons:{first.pk}:oral"}

    second = eligible(competition, written_present=True, written_mark=Decimal(12))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.oral_call(competition=competition, actor=officer) == 2
    assert set(summons()) == {f"summons:{first.pk}:oral", f"summons:{second.pk}:oral"}
    assert TextMessage.objects.filter(state=TextMessage.State.SENT).count() == 2


def test_an_oral_call_before_the_oral_summons_no_one_yet(
    competition, officer, django_capture_on_commit_callbacks
):
    competition.status = Competition.Status.WRITTEN
    competition.save()
    eligible(competition, written_present=True, written_mark=Decimal(16))
    with django_capture_on_commit_callbacks(execute=True):
        services.oral_call(competition=competition, actor=officer)
    assert not TextMessage.objects.filter(key__endswith=":oral").exists()


def test_the_summons_leave_only_once_the_change_is_committed(
    competition, officer, django_capture_on_commit_callbacks, capsys
):
    eligible(competition)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.competition_change_status(
            competition=competition, status=Competition.Status.WRITTEN, actor=officer
        )
    assert len(callbacks) == 1 and capsys.readouterr().out == ""
    assert TextMessage.objects.get().state == TextMessage.State.QUEUED


def test_a_refused_change_summons_no_one(competition, officer):
    eligible(competition)
    with pytest.raises(ValidationError):
        services.competition_change_status(
            competition=competition, status=Competition.Status.ORAL, actor=officer
        )
    assert not TextMessage.objects.exists()
