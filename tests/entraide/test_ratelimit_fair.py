"""Rate limits that count what signals abuse, not honest people sharing an address: the
kernel's `Limit` and 429 answer, and the public application form, sent from cyber-cafés,
campuses and mobile operators' NAT."""

import datetime
import html
import re

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from entraide.ratelimit import Limit, limited, window_end
from recruitment.models import Application
from tests.factories import CompetitionFactory
from tests.recruitment.test_public import documents, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


@pytest.fixture
def clock(monkeypatch):
    """The server's clock, moved by the test: it starts a minute into a fresh hour, so that
    hourly windows do not end in the middle of a test."""
    start = timezone.now().replace(minute=1, second=0, microsecond=0)

    class Clock:
        now = start

        def advance(self, seconds):
            self.now += datetime.timedelta(seconds=seconds)

    moving = Clock()
    monkeypatch.setattr(timezone, "now", lambda: moving.now)
    return moving


def retry_text(response):
    match = re.search(r'data-testid="retry-after">(.*?)</p>', response.content.decode(), re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


# The kernel ------------------------------------------------------------------------------------


def test_a_limit_counts_what_the_caller_says_and_is_reached_at_its_allowance(clock):
    rule = Limit("fair-test", limit=3, seconds=60)
    assert not rule.reached("10.0.0.1")
    assert rule.hit("10.0.0.1", amount=2) is False
    assert rule.count("10.0.0.1") == 2
    assert not rule.reached("10.0.0.1")
    assert rule.hit("10.0.0.1") is False
    assert rule.reached("10.0.0.1")
    assert rule.hit("10.0.0.1") is True
    # Another key, and the next window, start from nothing.
    assert rule.count("10.0.0.2") == 0
    clock.advance(60)
    assert rule.count("10.0.0.1") == 0


def test_the_429_page_says_when_to_come_back(clock):
    clock.advance(15 * 60)  # 16 minutes into the hour: 44 minutes left
    view = limited("fair-page", limit=1, seconds=3600)(lambda request: HttpResponse("ok"))
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    assert view(request).status_code == 200
    response = view(request)
    assert response.status_code == 429
    assert response["Retry-After"] == str(44 * 60)
    back = timezone.localtime(window_end(seconds=3600))
    text = retry_text(response)
    assert back.strftime("%H:%M") in text
    assert "44" in text


def test_a_short_limit_says_how_many_seconds_to_wait(clock):
    clock.advance(3)
    view = limited("fair-short", limit=1, seconds=10)(lambda request: HttpResponse("ok"))
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    view(request)
    response = view(request)
    assert response.status_code == 429
    assert response["Retry-After"] == "7"
    assert "7" in retry_text(response)


# The public application form ------------------------------------------------------------------


@pytest.fixture
def competition():
    return CompetitionFactory(reference="CONC-2026-FAIR")


def send(client, competition, address="41.250.1.1", **overrides):
    url = reverse("recruitment:apply", args=[competition.reference])
    return client.post(
        url, {**form_data(competition, **overrides), **documents()}, REMOTE_ADDR=address
    )


def candidate(n, **overrides):
    return {"cin": f"CD{200000 + n}", "email": f"candidate{n}@example.ma", **overrides}


def test_a_cyber_cafe_of_thirty_candidates_each_with_a_typo_all_get_through(
    client, competition, clock
):
    for n in range(30):
        clock.advance(20)
        typo = send(client, competition, **candidate(n, email=f"candidate{n}@example"))
        assert typo.status_code == 422, n
        clock.advance(20)
        sent = send(client, competition, **candidate(n))
        assert sent.status_code == 302, (n, sent.status_code)
    assert Application.objects.filter(competition=competition).count() == 30


def test_one_cin_flooding_a_competition_is_stopped_from_any_address(client, competition, clock):
    for n in range(3):
        clock.advance(30)
        assert (
            send(client, competition, cin="EF123456", email=f"x{n}@example.ma").status_code == 302
        )
    clock.advance(30)
    flood = send(client, competition, cin="EF123456", email="x9@example.ma", address="41.1.1.1")
    assert flood.status_code == 429
    assert "CIN" in html.unescape(flood.content.decode())
    assert timezone.localtime(window_end(seconds=3600)).strftime("%H:%M") in retry_text(flood)
    assert Application.objects.filter(cin="EF123456").count() == 3
    # Other candidates at the same address are not held back, and the CIN applies again
    # once the hour is over.
    assert send(client, competition, **candidate(1)).status_code == 302
    clock.advance(3600)
    assert send(client, competition, cin="EF123456", email="me@example.ma").status_code == 302


def test_a_burst_of_forms_is_stopped_for_a_few_seconds(client, competition, clock):
    statuses = [
        send(client, competition, cin="", address="41.9.9.9").status_code for _ in range(11)
    ]
    assert statuses == [422] * 10 + [429]
    burst = send(client, competition, cin="", address="41.9.9.9")
    assert int(burst["Retry-After"]) <= 10
    assert "seconde" in retry_text(burst) or "second" in retry_text(burst)
    # Other addresses are not held back, and the address is welcome again seconds later.
    assert send(client, competition, address="41.9.9.10", **candidate(1)).status_code == 302
    clock.advance(10)
    assert send(client, competition, address="41.9.9.9", **candidate(2)).status_code == 302


def test_past_sixty_applications_in_an_hour_an_address_waits_for_the_next_hour(
    client, competition, clock
):
    for n in range(60):
        clock.advance(15)
        assert send(client, competition, **candidate(n)).status_code == 302, n
    clock.advance(15)
    held = send(client, competition, **candidate(60))
    assert held.status_code == 429
    assert timezone.localtime(window_end(seconds=3600)).strftime("%H:%M") in retry_text(held)
    clock.advance(3600)
    assert send(client, competition, **candidate(60)).status_code == 302
