"""Lists come by pages after an opaque cursor: walking them gives every row once, in order,
even when rows are added or removed meanwhile; a cursor made up, or taken from another list,
is refused (400)."""

import time

import pytest

from centres.models import Centre
from tests.factories import CentreFactory

pytestmark = pytest.mark.django_db


def walk(client, path, limit):
    codes, cursor, pages = [], None, 0
    while True:
        query = f"?limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(path + query).json()
        codes += [row["code"] for row in body["results"]]
        pages += 1
        cursor = body["next"]
        if cursor is None:
            return codes, pages


def test_walking_the_pages_gives_every_row_once_in_order(api):
    for n in range(7):
        CentreFactory(code=f"C-PAGE-{n:02d}")
    codes, pages = walk(api(), "/api/v1/centres/", 3)
    assert codes == sorted(Centre.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    assert pages == -(-len(codes) // 3)


def test_a_page_does_not_shift_when_rows_come_and_go(api):
    for n in range(6):
        CentreFactory(code=f"C-PAGE-{n:02d}")
    client = api()
    everything = list(Centre.objects.order_by("code").values_list("code", flat=True))
    first = client.get("/api/v1/centres/?limit=2").json()
    assert [r["code"] for r in first["results"]] == everything[:2]
    # Before the cursor: one removed, one added; the next page is still what followed.
    Centre.objects.filter(code=everything[0]).delete()
    CentreFactory(code="A-BEFORE-ALL")
    second = client.get(f"/api/v1/centres/?limit=2&cursor={first['next']}").json()
    assert [r["code"] for r in second["results"]] == everything[2:4]


def test_the_same_cursor_gives_the_same_page(api, monkeypatch):
    for n in range(5):
        CentreFactory(code=f"C-PAGE-{n:02d}")
    client = api()
    cursor = client.get("/api/v1/centres/?limit=2").json()["next"]
    once = client.get(f"/api/v1/centres/?limit=2&cursor={cursor}").json()
    twice = client.get(f"/api/v1/centres/?limit=2&cursor={cursor}").json()
    assert once == twice
    # A cursor carries no time: the same page, asked a minute later, hands the same one.
    later = time.time() + 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get("/api/v1/centres/?limit=2").json()["next"] == cursor


def test_a_made_up_or_foreign_cursor_is_400(api):
    for n in range(3):
        CentreFactory(code=f"C-PAGE-{n:02d}")
    client = api()
    for bad in ("nonsense", "WyJDLVBBR0UtMDEiLCIxIl0:forged:sig"):
        response = client.get(f"/api/v1/centres/?cursor={bad}")
        assert response.status_code == 400
        assert response.json()["code"] == "bad_cursor"
    centres_cursor = client.get("/api/v1/centres/?limit=1").json()["next"]
    response = client.get(f"/api/v1/competitions/?cursor={centres_cursor}")
    assert response.status_code == 400
