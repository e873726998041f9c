"""Every page says whose it is (the Kingdom and the Entraide Nationale, in both scripts) and
leads to the legal notice, the personal data notice, the accessibility statement and contact,
which anyone may read without an account."""

import pytest
from django.urls import reverse
from django.utils import translation

from .. import factories

IDENTITY = ("المملكة المغربية", "Royaume du Maroc", "التعاون الوطني", "Entraide Nationale")
FOOTER = ("legal_notice", "privacy", "accessibility", "contact")
TITLES = {
    "legal_notice": "Legal notice",
    "privacy": "Personal data",
    "accessibility": "Accessibility statement",
    "contact": "Contact",
}


def url(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def assert_identity_and_footer(response, language):
    assert response.status_code == 200
    text = response.text
    for name in IDENTITY:
        assert name in text
    for name in FOOTER:
        assert f'href="{url(name, language)}"' in text


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_public_competition_notice_shows_the_identity_and_the_footer(client, language):
    competition = factories.CompetitionFactory()
    response = client.get(url("recruitment:notice", language, reference=competition.reference))
    assert_identity_and_footer(response, language)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_staff_page_shows_the_identity_and_the_footer(client_for, worker, language):
    response = client_for(worker).get(url("home", language))
    assert_identity_and_footer(response, language)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("name", FOOTER)
def test_each_footer_page_opens_without_an_account_with_its_title(client, name, language):
    response = client.get(url(name, language))
    assert response.status_code == 200
    with translation.override(language):
        title = translation.gettext(TITLES[name])  # {% translate %} does not escape
    assert f"<h1>{title}</h1>" in response.text
    assert f"<title>{title} ·" in response.text
    assert f'<html lang="{language}"' in response.text


@pytest.mark.django_db
def test_the_personal_data_notice_names_the_controller_the_rights_and_the_cndp(client):
    text = client.get(url("privacy", "fr")).text
    for part in ("Entraide Nationale", "09-08", "CNDP"):
        assert part in text


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_an_admin_page_ends_with_the_portal_footer(client_for, administrator, language):
    response = client_for(administrator).get(url("admin:index", language))
    assert response.status_code == 200
    text = response.text
    for name in FOOTER:
        assert f'href="{url(name, language)}"' in text
    assert 'id="footer"' in text


def test_the_server_error_page_stands_alone_with_the_identity_and_the_legal_links(rf):
    from django.views.defaults import server_error

    text = server_error(rf.get("/ar/")).content.decode()
    for name in IDENTITY:
        assert name in text
    for name in ("legal_notice", "privacy"):
        for language in ("ar", "fr"):
            assert f'href="{url(name, language)}"' in text
    assert "css/portal.css" in text


@pytest.mark.django_db
def test_the_admin_list_of_people_names_each_person_once_per_script(client_for, administrator):
    person = factories.BeneficiaryFactory(
        first_name_ar="فاطمة",
        last_name_ar="الزهراء",
        first_name_lat="Fatima",
        last_name_lat="Zahra",
    )
    response = client_for(administrator).get(
        url("admin:beneficiaries_beneficiary_changelist", "fr")
    )
    assert response.status_code == 200
    text = response.text
    assert "فاطمة الزهراء" in text and "Fatima Zahra" in text
    assert person.file_number in text


@pytest.mark.django_db
def test_a_database_that_does_not_answer_is_a_503_page_saying_to_check_and_try_again(
    client_for, administrator, monkeypatch
):
    from django.db import OperationalError

    def refused(user):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("centres.views._listed", refused)
    client = client_for(administrator)
    client.raise_request_exception = False
    response = client.get(url("centres:list", "fr"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    text = response.content.decode()
    # In both languages, as the 500 page: with the identity and the legal links, no database.
    assert "Le service est momentanément indisponible" in text
    assert "الخدمة غير متاحة مؤقتا" in text
    assert "vérifiez que c'est enregistré" in text
    for name in IDENTITY:
        assert name in text
    for name in ("legal_notice", "privacy"):
        for language in ("ar", "fr"):
            assert f'href="{url(name, language)}"' in text


@pytest.mark.django_db
def test_any_other_error_stays_a_500(client_for, administrator, monkeypatch):
    def broken(user):
        raise ValueError("a bug")

    monkeypatch.setattr("centres.views._listed", broken)
    client = client_for(administrator)
    client.raise_request_exception = False
    response = client.get(url("centres:list", "fr"))
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()


def test_an_error_arising_from_a_lost_connection_counts_as_the_database_not_answering():
    from django.db import InterfaceError, OperationalError

    from entraide.unavailable import database_unavailable

    assert database_unavailable(OperationalError("refused"))
    assert database_unavailable(InterfaceError("connection already closed"))
    try:
        try:
            raise InterfaceError("connection already closed")
        except InterfaceError as lost:
            raise RuntimeError("while reading the session") from lost
    except RuntimeError as error:
        assert database_unavailable(error)
    assert not database_unavailable(ValueError("a bug"))
    assert not database_unavailable(None)
    # A bug raised while handling a refused connection, the refusal set aside, is a bug.
    try:
        try:
            raise OperationalError("refused")
        except OperationalError:
            raise KeyError("a bug") from None
    except KeyError as error:
        assert not database_unavailable(error)
