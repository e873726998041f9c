"""What an import accepts, on the admin's import pages and the portal's import page alike
(`entraide.validators.check_import_file`): a CSV text file or an XLSX workbook, of a size the
page can take, whose content is what its name says. Checked before the file is stored or read:
import-export reads an admin file whole before any Resource counts its rows.

Each test is an upload that used to go through: a file of any size read whole into memory, an
image or an executable renamed .csv and parsed as text."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from beneficiaries.models import Beneficiary
from centres.models import Centre
from entraide.imports import ADMIN_IMPORT_MAX_SIZE, PortalImportAdminMixin
from entraide.models import ImportJob
from entraide.validators import IMPORT_MAX_SIZE, check_import_file
from partnerships.models import Association
from recruitment.models import Application

pytestmark = pytest.mark.django_db

# Each admin page that imports a file, with the Resource chosen and the model it would write.
PAGES = [
    ("admin:centres_centre_import", "0", Centre),
    ("admin:partnerships_association_import", "0", Association),
    ("admin:beneficiaries_beneficiary_import", "0", Beneficiary),
    ("admin:recruitment_application_import", "1", Application),  # the exam centre's marks
]

CENTRES = (
    "code,name_ar,name_fr,type_code,delegation_code,province_code,status,latitude,longitude\n"
    "C-BIG-1,مركز كبير,Centre grand,cas,DP-MA-KHO,MA-KHO,open,32.88,-6.90\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00 this program cannot be run in DOS mode"


def upload(content, name):
    handle = io.BytesIO(content)
    handle.name = name
    return handle


@pytest.fixture
def never_stored(monkeypatch):
    """Fails the test if the admin stores the file (the step before it reads it whole)."""

    def store(self, import_file, input_format):
        raise AssertionError("the refused file was stored to be read")

    monkeypatch.setattr(PortalImportAdminMixin, "write_to_tmp_storage", store)


def post_import(client, url, resource, handle):
    return client.post(url, {"import_file": handle, "format": "0", "resource": resource})


@pytest.mark.parametrize(("page", "resource", "model"), PAGES)
def test_an_oversized_file_to_an_admin_import_page_is_refused_before_it_is_read(
    client_for, administrator, never_stored, page, resource, model
):
    # A good row, then blank lines (skipped, but read) past the size the admin takes.
    content = CENTRES.encode() + b"\r\n" * (ADMIN_IMPORT_MAX_SIZE // 2 + 1)
    before = model.objects.count()
    with translation.override("ar"):
        url = reverse(page)
        megabytes = ADMIN_IMPORT_MAX_SIZE // (1024 * 1024)
        expected = ngettext(
            "The file is larger than %(size)s MB.",
            "The file is larger than %(size)s MB.",
            megabytes,
        ) % {"size": megabytes}
    response = post_import(client_for(administrator), url, resource, upload(content, "big.csv"))
    assert response.status_code == 200
    assert response.context["form"].errors["import_file"] == [expected]
    assert "confirm_form" not in response.context
    assert model.objects.count() == before
    assert not Centre.objects.filter(code="C-BIG-1").exists()


@pytest.mark.parametrize(("page", "resource", "model"), PAGES)
@pytest.mark.parametrize(
    ("content", "name"),
    [
        (PNG + b"a,b\n1,2\n", "photo.csv"),
        (PDF, "scan.csv"),
        (EXECUTABLE, "tool.csv"),
        ("code,name\nC-1,مركز\n".encode("utf-16"), "utf16.csv"),
        (CENTRES.encode(), "centres.xlsx"),  # a text file renamed as a workbook
    ],
    ids=["png", "pdf", "executable", "utf-16", "text-as-xlsx"],
)
def test_a_file_whose_content_is_not_its_type_is_refused_by_the_admin(
    client_for, administrator, never_stored, page, resource, model, content, name
):
    before = model.objects.count()
    with translation.override("ar"):
        url = reverse(page)
        expected = _("The file's content does not match its type.")
    response = post_import(client_for(administrator), url, resource, upload(content, name))
    assert response.status_code == 200
    assert response.context["form"].errors["import_file"] == [expected]
    assert "confirm_form" not in response.context
    assert model.objects.count() == before


def test_a_file_of_another_type_is_refused_by_the_admin(client_for, administrator, never_stored):
    with translation.override("ar"):
        url = reverse("admin:centres_centre_import")
        expected = _("Send a .csv or .xlsx file.")
    response = post_import(
        client_for(administrator), url, "0", upload(CENTRES.encode(), "centres.txt")
    )
    assert response.context["form"].errors["import_file"] == [expected]


def test_a_good_file_still_reaches_the_preview(client_for, administrator, private_media):
    response = post_import(
        client_for(administrator),
        reverse("admin:centres_centre_import"),
        "0",
        upload(CENTRES.encode("cp1256"), "centres.csv"),
    )
    assert response.status_code == 200
    assert response.context["confirm_form"]


@pytest.mark.parametrize(
    ("content", "name"),
    [(PNG, "people.csv"), (PDF, "people.csv"), ("a,b\n".encode("utf-16"), "people.csv")],
    ids=["png", "pdf", "utf-16"],
)
def test_the_portals_import_page_refuses_the_same_files(client_for, worker, content, name):
    response = client_for(worker).post(
        reverse("import_new"), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ImportJob.objects.exists()


def test_the_kernels_check_reads_only_the_first_bytes_and_names_each_refusal():
    # A text file in each encoding the kit reads, with Arabic, tabs and Windows line ends.
    for text in ("الاسم;المدينة\r\nأمينة;\tخريبكة\r\n", "nom,ville\nAmina,Khouribga\n"):
        for encoding in ("utf-8", "utf-8-sig", "cp1256"):
            handle = SimpleUploadedFile("people.csv", text.encode(encoding))
            assert check_import_file(handle) == ".csv"
            assert handle.tell() == 0  # left where a reader starts
    big = SimpleUploadedFile("people.csv", b"a,b\n")
    big.size = IMPORT_MAX_SIZE + 1
    refusals = {
        "file_size": big,
        "file_type": SimpleUploadedFile("people.xls", b"\xd0\xcf\x11\xe0"),
        "content": SimpleUploadedFile("people.xlsx", b"a,b\n"),
    }
    for code, handle in refusals.items():
        with pytest.raises(ValidationError) as refused:
            check_import_file(handle)
        assert refused.value.code == code
    # A binary byte past the first line is found too: not only a NUL at the very start.
    late = SimpleUploadedFile("people.csv", b"a,b\n" * 500 + b"\x01\x02")
    with pytest.raises(ValidationError):
        check_import_file(late)
