"""Attacks on partnerships' seams: executables renamed as signed documents, names that display
reversed."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerships.models import Amendment, Convention, Inspection, OwedReport
from tests.partnerships.test_admin_import import make_association

pytestmark = pytest.mark.django_db

EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00 this program cannot be run in DOS mode"


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (Convention, "signed_document"),
        (OwedReport, "document"),
        (Amendment, "document"),
        (Inspection, "report"),
    ],
)
def test_every_document_field_refuses_a_renamed_executable(model, field):
    instance = model()
    setattr(instance, field, SimpleUploadedFile("signed.pdf", EXECUTABLE))
    with pytest.raises(ValidationError) as refused:
        instance.full_clean()
    assert refused.value.message_dict[field]
    setattr(instance, field, SimpleUploadedFile("signed.pdf", b"%PDF-1.7 signed"))
    with pytest.raises(ValidationError) as refused:
        instance.full_clean()
    assert field not in refused.value.message_dict


def test_an_association_is_stored_with_clean_names_and_a_normalised_phone():
    association = make_association(
        name_fr="Association \u202eLAMA\u202c",
        president="Fatima\u200b Zahra",
        phone="05 22 33 44 55",
    )
    association.refresh_from_db()
    assert (association.name_fr, association.president) == ("Association LAMA", "Fatima Zahra")
    assert association.phone == "0522334455"
