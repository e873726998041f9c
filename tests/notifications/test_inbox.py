"""The inbox: each person's own notifications, newest first, said in the reader's language;
opened through the portal (marked read on the way), never someone else's; the header's count,
one query at most per page; the choices of how each kind comes."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from notifications.context_processors import UnreadNotifications
from notifications.models import SENTENCES, Channel, Kind, Notification, Preference
from notifications.services import notify, preferences_set

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db


def page_text(response):
    return html.unescape(response.content.decode())


def sentence(kind, about, language):
    with translation.override(language):
        return SENTENCES[kind] % {"about": about}


# The inbox ---------------------------------------------------------------------------------------


def test_the_inbox_lists_the_users_own_notifications_newest_first(client_for, worker, worker_rabat):
    older = NotificationFactory(recipient=worker, about="KHO-2026-000001-1")
    newer = NotificationFactory(recipient=worker, about="KHO-2026-000002-1")
    NotificationFactory(recipient=worker_rabat, about="RAB-2026-000009-1")
    response = client_for(worker).get(reverse("notifications:inbox"))
    assert response.status_code == 200
    assert list(response.context["page"]) == [newer, older]
    text = page_text(response)
    assert "RAB-2026-000009-1" not in text
    assert text.index("KHO-2026-000002-1") < text.index("KHO-2026-000001-1")


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_each_notification_is_said_in_the_readers_language(client_for, worker, language):
    NotificationFactory(recipient=worker, kind=Kind.JOB_FINISHED, about="registre.csv")
    with translation.override(language):
        response = client_for(worker).get(reverse("notifications:inbox"))
    text = page_text(response)
    assert f'<html lang="{language}"' in text
    # `about` isolated in its own direction inside the sentence.
    expected = sentence(Kind.JOB_FINISHED, "<bdi>registre.csv</bdi>", language)
    assert expected in text


def test_unread_notifications_are_marked(client_for, worker):
    NotificationFactory(recipient=worker, about="UNREAD-1")
    NotificationFactory(recipient=worker, about="READ-1", read=True)
    body = client_for(worker).get(reverse("notifications:inbox")).content.decode()
    rows = [row.split("</tr>")[0] for row in body.split("<tr")[2:]]
    assert len(rows) == 2
    [unread] = [row for row in rows if "UNREAD-1" in row]
    [read] = [row for row in rows if "READ-1" in row and row != unread]
    assert 'class="unread"' in unread and 'class="unread"' not in read
    assert "UNREAD-1" in unread and 'data-testid="unread"' in unread and "<strong>" in unread
    assert "READ-1" in read and 'data-testid="unread"' not in read


def test_about_is_escaped(client_for, worker):
    NotificationFactory(recipient=worker, about="<script>alert(1)</script>")
    body = client_for(worker).get(reverse("notifications:inbox")).content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_an_empty_inbox_says_so(client_for, worker):
    body = client_for(worker).get(reverse("notifications:inbox")).content.decode()
    assert 'data-testid="no-notification"' in body
    assert 'data-testid="mark-all-read"' not in body


def test_the_inbox_is_paged_in_a_constant_number_of_queries(
    client_for, worker, django_assert_max_num_queries
):
    client = client_for(worker)
    NotificationFactory.create_batch(3, recipient=worker)
    client.get(reverse("notifications:inbox"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("notifications:inbox"))
    NotificationFactory.create_batch(40, recipient=worker)
    with django_assert_max_num_queries(len(few)):
        first = client.get(reverse("notifications:inbox"))
    assert len(first.context["page"]) == 25
    second = client.get(reverse("notifications:inbox"), {"page": 2})
    assert len(second.context["page"]) == 18
    assert "?page=2" in first.content.decode()


# Opening one -------------------------------------------------------------------------------------


def test_opening_a_notification_marks_it_read_and_leads_to_its_page_in_the_page_language(
    client_for, worker
):
    with translation.override("ar"):
        url = reverse("profile")
    notification = NotificationFactory(recipient=worker, url=url)
    with translation.override("fr"):
        response = client_for(worker).get(reverse("notifications:open", args=[notification.pk]))
        assert response.status_code == 302
        assert response["Location"] == reverse("profile")
    assert response["Location"].startswith("/fr/")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_is_missing_and_stays_unread(
    client_for, worker, worker_rabat, administrator
):
    theirs = NotificationFactory(recipient=worker_rabat)
    url = reverse("notifications:open", args=[theirs.pk])
    assert client_for(worker).get(url).status_code == 404
    assert client_for(administrator).get(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("link", ["https://evil.example/", "//evil.example/x", ""])
def test_a_notification_leads_nowhere_but_the_portal(client_for, worker, link):
    notification = NotificationFactory(recipient=worker, url=link)
    response = client_for(worker).get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:inbox")


def test_mark_all_read_marks_the_users_own_only(client_for, worker, worker_rabat):
    NotificationFactory.create_batch(2, recipient=worker)
    theirs = NotificationFactory(recipient=worker_rabat)
    client = client_for(worker)
    with translation.override("fr"):
        response = client.post(reverse("notifications:mark_all_read"), follow=True)
        assert response.redirect_chain[-1][0] == reverse("notifications:inbox")
    assert not Notification.objects.for_user(worker).unread().exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405


# The header's count ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_header_shows_the_unread_count_with_a_label_that_says_it(client_for, worker, language):
    NotificationFactory.create_batch(3, recipient=worker)
    NotificationFactory(recipient=worker, read=True)
    with translation.override(language):
        body = client_for(worker).get(reverse("profile")).content.decode()
        label = ngettext(
            "%(counter)s unread notification", "%(counter)s unread notifications", 3
        ) % {"counter": '<bdi dir="ltr">3</bdi>'}
    header = body.split('<header class="site-header">')[1].split("</header>")[0]
    link = header.split('data-testid="notifications-link"')[1].split("</a>")[0]
    assert 'data-testid="unread-badge"' in link
    assert '<bdi dir="ltr">3</bdi></span>' in link
    assert f'<span class="visually-hidden">{label}</span>' in link


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_beyond_99_unread_the_header_says_99_plus_and_the_inbox_the_exact_count(
    client_for, worker, language
):
    """The header counts a hundred unread at most (a backlog of thousands was counted whole
    on every page); the inbox still says how many."""
    NotificationFactory.create_batch(120, recipient=worker)
    client = client_for(worker)
    with translation.override(language):
        page = client.get(reverse("profile"))
        label = gettext("More than %(counter)s unread notifications") % {
            "counter": '<bdi dir="ltr">99</bdi>'
        }
        exact = ngettext(
            "%(counter)s unread notification", "%(counter)s unread notifications", 120
        ) % {"counter": '<bdi dir="ltr">120</bdi>'}
    header = page.content.decode().split('<header class="site-header">')[1].split("</header>")[0]
    link = header.split('data-testid="notifications-link"')[1].split("</a>")[0]
    assert '<bdi dir="ltr">99+</bdi></span>' in link
    assert f'<span class="visually-hidden">{label}</span>' in link
    assert page.context["unread_notifications"].at_most == 100
    with translation.override(language):
        inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert exact in inbox
    # At 99, the header says 99.
    Notification.objects.filter(
        pk__in=Notification.objects.filter(recipient=worker).values("pk")[:21]
    ).update(read_at=timezone.now())
    link = (
        client.get(reverse("profile")).content.decode().split('data-testid="notifications-link"')[1]
    )
    assert '<bdi dir="ltr">99</bdi></span>' in link.split("</a>")[0]


def test_without_unread_notifications_the_header_shows_no_badge(client_for, worker):
    NotificationFactory(recipient=worker, read=True)
    body = client_for(worker).get(reverse("profile")).content.decode()
    assert 'data-testid="notifications-link"' in body
    assert 'data-testid="unread-badge"' not in body


def test_the_header_count_is_read_with_the_user_and_is_fresh_after_marking_read(
    client_for, worker, monkeypatch, django_assert_num_queries
):
    """A page asked for reads the count with the signed-in user (entraide.auth): no query of
    its own, on any page, the inbox included; marking read is seen on the page that follows."""
    NotificationFactory.create_batch(3, recipient=worker)
    client = client_for(worker)
    client.get(reverse("profile"))
    with monkeypatch.context() as patched:
        patched.setattr(UnreadNotifications, "at_most", 3)
        with CaptureQueriesContext(connection) as without:
            client.get(reverse("profile"))
    with django_assert_num_queries(len(without)):
        page = client.get(reverse("profile"))
    assert page.context["unread_notifications"].count == 3
    client.get(reverse("notifications:inbox"))
    with CaptureQueriesContext(connection) as inbox:
        page = client.get(reverse("notifications:inbox"))
    # No query of its own for the unread (the page lists them all, and counts its pages).
    unread = [
        q["sql"]
        for q in inbox
        if q["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "notifications_notification"')
        and '"read_at" IS NULL' in q["sql"]
    ]
    assert not unread, unread
    assert page.context["unread_notifications"].count == 3
    # Opened, one is read: the next page says two.
    first = Notification.objects.filter(recipient=worker).first()
    client.get(reverse("notifications:open", args=[first.pk]))
    assert client.get(reverse("profile")).context["unread_notifications"].count == 2


def test_an_anonymous_page_asks_nothing_of_notifications(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("login")).status_code == 200
    assert not [q for q in queries if "notifications_notification" in q["sql"]]


# Preferences -------------------------------------------------------------------------------------


def test_the_profile_and_the_inbox_lead_to_the_choices(client_for, worker):
    client = client_for(worker)
    target = f'href="{reverse("notifications:preferences")}"'
    assert target in client.get(reverse("profile")).content.decode()
    assert target in client.get(reverse("notifications:inbox")).content.decode()


def test_a_user_chooses_how_each_kind_comes(client_for, worker):
    client = client_for(worker)
    page = client.get(reverse("notifications:preferences"))
    assert page.status_code == 200
    form = page.context["form"]
    assert set(form.fields) == set(Kind.values)
    assert all(form[kind].value() == Channel.PORTAL for kind in Kind.values)
    choices = dict.fromkeys(Kind.values, Channel.PORTAL)
    choices |= {Kind.CASE_ASSIGNED: Channel.EMAIL, Kind.JOB_FINISHED: Channel.DIGEST}
    response = client.post(reverse("notifications:preferences"), choices)
    assert response.status_code == 302
    chosen = dict(Preference.objects.filter(user=worker).values_list("kind", "channel"))
    assert chosen[Kind.CASE_ASSIGNED] == Channel.EMAIL
    assert chosen[Kind.JOB_FINISHED] == Channel.DIGEST
    again = client.get(reverse("notifications:preferences")).context["form"]
    assert again[Kind.CASE_ASSIGNED].value() == Channel.EMAIL


def test_a_refused_choice_is_shown_again(client_for, worker):
    response = client_for(worker).post(
        reverse("notifications:preferences"), {Kind.CASE_ASSIGNED: "pigeon"}
    )
    assert response.status_code == 422
    assert not Preference.objects.filter(user=worker).exists()


def test_changing_a_choice_keeps_one_row_per_kind(worker):
    preferences_set(user=worker, choices={Kind.CASE_ASSIGNED: Channel.EMAIL})
    preferences_set(
        user=worker,
        choices={Kind.CASE_ASSIGNED: Channel.DIGEST, Kind.TRANCHE_DUE: Channel.EMAIL},
    )
    assert dict(Preference.objects.filter(user=worker).values_list("kind", "channel")) == {
        Kind.CASE_ASSIGNED: Channel.DIGEST,
        Kind.TRANCHE_DUE: Channel.EMAIL,
    }


def test_a_user_without_an_email_address_is_told_it_stays_in_the_portal(client_for, worker):
    worker.email = ""
    worker.save()
    body = client_for(worker).get(reverse("notifications:preferences")).content.decode()
    assert 'data-testid="no-email"' in body


# notify ------------------------------------------------------------------------------------------


def test_notify_tells_each_active_recipient_once_per_key(worker, worker_rabat, delegate):
    delegate.is_active = False
    delegate.save()
    first = notify(
        recipients=[worker, worker, worker_rabat, delegate, None],
        kind=Kind.REFERRAL_OVERDUE,
        about="KHO-2026-000001-1",
        key="referral:1:overdue",
    )
    assert {row.recipient_id for row in first} == {worker.pk, worker_rabat.pk}
    again = notify(
        recipients=[worker], kind=Kind.REFERRAL_OVERDUE, about="x", key="referral:1:overdue"
    )
    assert again == []
    assert Notification.objects.count() == 2
