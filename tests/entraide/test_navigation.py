"""The sidebar ({% navigation %}): rendered once for each different input and reused, it shows
each user the links their permissions, role and staff flag give them, the page they are on
marked, in their language: as the template renders them from the user's own permissions."""

import re

import pytest
from django.contrib.auth.context_processors import PermWrapper
from django.template.loader import get_template
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation

from entraide.roles import Role
from entraide.templatetags.portal import _NAVIGATION, navigation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["/{}/", "/{}/beneficiaries/", "/{}/beneficiaries/duplicates/", "/{}/centres/"]


def by_hand(user, path):
    """The sidebar rendered with Django's own permission checks, nothing cached."""
    match = resolve(path)
    return get_template("partials/navigation.html").render(
        {
            "here": {"app_name": match.app_name, "url_name": match.url_name},
            "perms": PermWrapper(user),
            "role": user.role,
            "is_staff": user.is_staff,
        }
    )


def ours(user, path):
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    request.user = user
    return navigation({"request": request, "user": user})


@pytest.mark.parametrize("role", [*Role.values, "superuser"])
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_each_user_sees_the_links_of_their_own_permissions(role, language):
    if role == "superuser":
        user = UserFactory(role="", is_superuser=True, is_staff=True)
    else:
        user = UserFactory(role=role, is_staff=role == Role.ADMINISTRATOR)
    _NAVIGATION.clear()
    with translation.override(language):
        for page in PAGES:
            path = page.format(language)
            first, again = ours(user, path), ours(user, path)
            assert first == again == by_hand(user, path), (role, path)
            assert f'href="/{language}/profile/' in first


def test_the_sidebar_is_keyed_on_every_page_name_its_template_compares():
    from pathlib import Path

    from django.conf import settings

    from entraide.templatetags.portal import NAVIGATION_APPS, NAVIGATION_URL_NAMES

    template = (Path(settings.BASE_DIR) / "templates/partials/navigation.html").read_text()
    compared = re.findall(r"here\.(app_name|url_name) [!=]= '([a-z_]+)'", template)
    assert compared
    for kind, name in compared:
        assert name in (NAVIGATION_APPS if kind == "app_name" else NAVIGATION_URL_NAMES), name


def test_a_link_is_current_on_its_own_apps_page_only():
    delegate = UserFactory(role=Role.DELEGATE)
    officer = UserFactory(role=Role.PARTNERSHIP_OFFICER)
    current = re.compile(r'href="([^"]+)" aria-current="page"')
    with translation.override("fr"):
        assert current.findall(ours(delegate, "/fr/beneficiaries/work/")) == [
            "/fr/beneficiaries/work/"
        ]
        assert current.findall(ours(officer, "/fr/partnerships/")) == ["/fr/partnerships/"]
        # The notifications' inbox is not the referrals' one.
        manager = UserFactory(role=Role.CENTRE_MANAGER)
        assert 'data-testid="nav-inbox"' in ours(manager, "/fr/notifications/")
        assert current.findall(ours(manager, "/fr/notifications/")) == []


def test_users_of_other_permissions_or_pages_never_share_a_sidebar():
    _NAVIGATION.clear()
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    delegate = UserFactory(role=Role.DELEGATE)
    with translation.override("fr"):
        assert "nav-duplicates" not in ours(worker, "/fr/beneficiaries/")
        assert "nav-duplicates" in ours(delegate, "/fr/beneficiaries/")
        on_search = ours(delegate, "/fr/beneficiaries/")
        on_centres = ours(delegate, "/fr/centres/")
    current = re.compile(r'href="([^"]+)" aria-current="page"')
    assert current.findall(on_search) == ["/fr/beneficiaries/"]
    assert current.findall(on_centres) == ["/fr/centres/"]
    # A permission given to the user alone changes what they see.
    from django.contrib.auth.models import Permission

    worker.user_permissions.add(Permission.objects.get(codename="view_audit"))
    worker = type(worker).objects.get(pk=worker.pk)
    with translation.override("fr"):
        assert 'href="/fr/audit/' in ours(worker, "/fr/beneficiaries/")
