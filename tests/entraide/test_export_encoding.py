"""CSV exports open in Excel with their Arabic intact: UTF-8 with a byte-order mark (EF BB BF),
offered first beside XLSX, in the admin and on the portal's own pages; and what the admin
exports imports back, with or without the mark, or saved again in Windows-1256."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from centres.models import Centre
from tests.factories import CentreFactory

pytestmark = pytest.mark.django_db

BOM = b"\xef\xbb\xbf"


def export_data(client, model="centres_centre"):
    """What the admin's export form sends by default: every column, the first format."""
    page = client.get(reverse(f"admin:{model}_export"))
    form = page.context["form"]
    data = {name: "on" for name, field in form.fields.items() if field.initial is True}
    return {**data, "resource": "0", "format": form.fields["format"].initial}


def test_the_admin_export_page_speaks_the_page_language_and_offers_csv_for_excel_first(
    client_for, administrator
):
    with translation.override("ar"):
        url = reverse("admin:centres_centre_export")
        csv_label, xlsx_label = _("CSV for Excel (UTF-8)"), _("Excel workbook (XLSX)")
    page = client_for(administrator).get(url)
    body = page.content.decode()
    assert 'lang="ar"' in body
    for words in ("This exporter will export", "Select all", "Export 1 selected item"):
        assert words not in body
    form = page.context["form"]
    assert form.fields["format"].choices == [("0", csv_label), ("1", xlsx_label)]
    assert form.fields["format"].initial == "0"
    assert '<option value="0" selected>' in body
    # Each column under its name in the file, not "Type Code (type_code)".
    assert form.fields["centreresource_type_code"].label == "type_code"


def test_an_admin_csv_export_starts_with_the_byte_order_mark_excel_needs(client_for, administrator):
    CentreFactory(code="C-BOM-1", name_ar="مركز الأمل")
    client = client_for(administrator)
    with translation.override("ar"):
        response = client.post(reverse("admin:centres_centre_export"), export_data(client))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    assert response.content[:3] == BOM
    assert "مركز الأمل" in response.content.decode("utf-8-sig")


def test_an_admin_xlsx_export_is_still_offered(client_for, administrator):
    CentreFactory(code="C-BOM-2")
    client = client_for(administrator)
    data = {**export_data(client), "format": "1"}
    response = client.post(reverse("admin:centres_centre_export"), data)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:4] == b"PK\x03\x04"


@pytest.mark.parametrize("encoding", ["as exported", "without the mark", "windows-1256"])
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_an_admin_csv_export_imports_back_unchanged(client_for, administrator, language, encoding):
    CentreFactory(
        code="C-RT-1",
        name_fr="Centre d'écoute n° 1",
        latitude=Decimal("32.881234"),
        longitude=Decimal("-6.906789"),
    )
    CentreFactory(code="C-RT-2", rabat=True, services=["reception"])
    before = {c.code: (c.name_ar, c.latitude, c.capacity) for c in Centre.objects.all()}
    client = client_for(administrator)
    with translation.override(language):
        export_url = reverse("admin:centres_centre_export")
        import_url = reverse("admin:centres_centre_import")
        process_url = reverse("admin:centres_centre_process_import")
    exported = client.post(export_url, export_data(client)).content
    assert exported[:3] == BOM
    if encoding == "without the mark":
        exported = exported[3:]
    elif encoding == "windows-1256":
        exported = exported.decode("utf-8-sig").encode("cp1256")
    upload = io.BytesIO(exported)
    upload.name = "centres.csv"
    response = client.post(import_url, {"import_file": upload, "format": "0", "resource": "0"})
    result = response.context["result"]
    assert result.reasons() == []
    assert result.totals["new"] == result.totals["update"] == 0
    assert result.totals["skip"] == len(before)
    response = client.post(process_url, response.context["confirm_form"].initial)
    assert response.status_code == 302
    after = {c.code: (c.name_ar, c.latitude, c.capacity) for c in Centre.objects.all()}
    assert after == before


@pytest.mark.parametrize(
    "url_name", ["centres:export_csv", "partnerships:associations_csv", "territory:export"]
)
def test_the_portals_own_csv_exports_start_with_the_byte_order_mark(client_for, central, url_name):
    CentreFactory(code="C-BOM-3", name_ar="مركز النور")
    response = client_for(central).get(reverse(url_name))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content[:3] == BOM
    response.content.decode("utf-8-sig")  # and the rest is UTF-8


def test_the_units_page_offers_xlsx_beside_csv(client_for, central):
    client = client_for(central)
    page = client.get(reverse("territory:tree")).content.decode()
    assert reverse("territory:export") in page and reverse("territory:export_xlsx") in page
    response = client.get(reverse("territory:export_xlsx"))
    assert response.status_code == 200
    assert response.content[:4] == b"PK\x03\x04"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).active
    header = next(sheet.iter_rows(values_only=True))
    assert header == ("code", "kind", "name_ar", "name_fr", "region", "provinces")
