"""Passwords are stored by Argon2id (entraide.auth.PortalArgon2Hasher); a password stored by
PBKDF2 before still signs its owner in, and is then stored by Argon2id."""

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django.urls import reverse

from entraide.models import User
from entraide.settings import base
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough passphrase"


@pytest.fixture
def production_hashers():
    # The tests' own settings store passwords by a fast hasher; these are production's.
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        yield


def test_a_new_password_is_stored_by_argon2id_with_owasps_parameters(production_hashers):
    assert settings.PASSWORD_HASHERS[0] == "entraide.auth.PortalArgon2Hasher"
    user = UserFactory()
    user.set_password(PASSWORD)
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert user.check_password(PASSWORD)
    assert not user.check_password(PASSWORD + "!")


def test_a_password_stored_by_pbkdf2_signs_in_and_is_stored_again_by_argon2id(
    client, production_hashers
):
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    # And the wrong password is refused, before as after.
    client.logout()
    response = client.post(reverse("login"), {"username": user.username, "password": "nope"})
    assert response.status_code == 200
