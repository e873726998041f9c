"""Attacks on the centres' seams: an admin import confirmed with a file it never previewed,
names typed with invisible characters."""

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from import_export.formats.base_formats import CSV

from centres.models import Centre
from tests.centres.test_import import GOOD, HEADER
from tests.factories import CentreFactory

pytestmark = pytest.mark.django_db


def test_the_confirm_step_of_an_admin_import_writes_nothing_of_a_file_with_bad_rows(
    client_for, administrator
):
    client = client_for(administrator)
    # The confirm POST names the stored file to import: here one whose preview would have
    # shown a bad row (unknown type), beside a good one.
    bad = HEADER + GOOD[0] + "C-IMP-9,مركز,X,no-such-type,DP-MA-KHO,MA-KHO,open,1,places,1,,\n"
    upload = SimpleUploadedFile("centres.csv", bad.encode("utf-8"))
    stored = admin.site._registry[Centre].write_to_tmp_storage(upload, CSV())
    response = client.post(
        reverse("admin:centres_centre_process_import"),
        {
            "import_file_name": stored.name,
            "original_file_name": "centres.csv",
            "format": "0",
            "resource": "0",
        },
        follow=True,
    )
    assert not Centre.objects.filter(code__startswith="C-IMP").exists()
    # Sent back to the import page with an error, not told that the import finished.
    assert response.redirect_chain[-1][0].endswith("/import/")
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_a_centre_name_with_a_right_to_left_override_is_stored_without_it():
    centre = CentreFactory(name_fr="Centre \u202eelif\u202c Al Amal", commune="Khouribga\u200b")
    centre.refresh_from_db()
    assert centre.name_fr == "Centre elif Al Amal"
    assert centre.commune == "Khouribga"
    Centre.objects.filter(pk=centre.pk).update(address="1 rue\u0000 des Orangers")
    centre.refresh_from_db()
    assert centre.address == "1 rue des Orangers"


def test_a_centre_phone_follows_the_one_phone_rule():
    centre = CentreFactory(phone="05 23 45.67-89")
    centre.refresh_from_db()
    assert centre.phone == "0523456789"
    centre.phone = "12345"
    with pytest.raises(Exception) as refused:
        centre.full_clean()
    assert "phone" in refused.value.message_dict
