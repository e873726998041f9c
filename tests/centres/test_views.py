"""The centre pages: who sees what, what each role may change, and fixed query counts."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import escape
from pghistory.models import Events

from centres.models import Centre, CentreType, MonthlyActivity, Service, TargetGroup
from entraide.models import AccessEvent
from tests.factories import CentreFactory, MonthlyActivityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def khouribga():
    return CentreFactory(code="C-KHO-T1", name_ar="مركز الإستماع خريبكة", name_fr="Centre d'Écoute")


@pytest.fixture
def rabat():
    return CentreFactory(code="C-RAB-T1", rabat=True, name_fr="Centre de Rabat")


def listed_codes(response):
    return {centre.code for centre in response.context["page"]}


def test_the_list_shows_only_centres_under_the_users_unit(client_for, worker, khouribga, rabat):
    response = client_for(worker).get(reverse("centres:list"))
    assert response.status_code == 200
    assert listed_codes(response) == {"C-KHO-T1"}


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_list_shows_each_centre_as_its_table_reads_it(client_for, worker, language):
    """The rows (centres/templatetags/centre_rows.py): the code, the name linked to the
    centre's page, the type, delegation and province, the status's badge and the capacity
    in the plural its number takes, every value escaped, in the page's language."""
    from django.test import SimpleTestCase

    from centres.models import capacity_text
    from entraide.templatetags.portal import badge

    open_one = CentreFactory(code="C-KHO-R1", name_fr="Centre <b>A</b>", name_ar="مركز <أ>")
    closed = CentreFactory(
        code="C-KHO-R2", status=Centre.Status.CLOSED, capacity=None, capacity_unit=""
    )
    beds = CentreFactory(code="C-KHO-R3", capacity=1, capacity_unit="beds")
    html = client_for(worker).get(f"/{language}/centres/").content.decode()
    with translation.override(language):
        for centre, capacity in [
            (open_one, capacity_text(100, "places")),
            (closed, ""),
            (beds, capacity_text(1, "beds")),
        ]:
            row = (
                f'<tr><td dir="ltr">{centre.code}</td><td><a href="{centre.get_absolute_url()}">'
                f"{escape(centre.name)}</a></td><td>{escape(str(centre.type))}</td>"
                f"<td>{escape(str(centre.delegation))}</td><td>{escape(str(centre.province))}"
                f"</td><td>{badge('status', centre.get_status_display(), value=centre.status)}"
                f"</td><td>{capacity}</td></tr>"
            )
            SimpleTestCase().assertInHTML(row, html)
        assert escape(open_one.name) in {"Centre &lt;b&gt;A&lt;/b&gt;", "مركز &lt;أ&gt;"}
    # None listed: the row that says so.
    empty = client_for(worker).get(f"/{language}/centres/", {"q": "zzzz-none"}).content.decode()
    assert 'colspan="7"' in empty and empty.count("<tr>") == 2  # the head's and this one


def test_a_coordinator_sees_the_regions_centres_and_national_roles_all(
    client_for, coordinator, central, khouribga, rabat
):
    assert listed_codes(client_for(coordinator).get(reverse("centres:list"))) == {"C-KHO-T1"}
    assert listed_codes(client_for(central).get(reverse("centres:list"))) >= {
        "C-KHO-T1",
        "C-RAB-T1",
    }


@pytest.mark.parametrize(
    "query",
    ["استماع", "الإستماع", "الاستماع", "ecoute", "ÉCOUTE", "c-kho-t1", "kho-t1"],
)
def test_search_matches_arabic_and_latin_names_and_code(client_for, central, khouribga, query):
    response = client_for(central).get(reverse("centres:list"), {"q": query})
    assert "C-KHO-T1" in listed_codes(response)


def test_filters_narrow_the_list(client_for, central, khouribga, rabat):
    client = client_for(central)
    kho = khouribga.delegation
    assert listed_codes(client.get(reverse("centres:list"), {"delegation": kho.pk})) == {"C-KHO-T1"}
    region = rabat.province.region
    assert listed_codes(client.get(reverse("centres:list"), {"region": region.pk})) == {"C-RAB-T1"}
    rabat.status = Centre.Status.CLOSED
    rabat.save()
    assert "C-RAB-T1" in listed_codes(client.get(reverse("centres:list"), {"status": "closed"}))
    assert "C-KHO-T1" not in listed_codes(client.get(reverse("centres:list"), {"status": "closed"}))
    sewing = Service.objects.get(code="sewing")
    rabat.services.add(sewing)
    assert listed_codes(client.get(reverse("centres:list"), {"service": sewing.pk})) == {"C-RAB-T1"}
    women = TargetGroup.objects.get(code="women")
    khouribga.target_groups.add(women)
    assert listed_codes(client.get(reverse("centres:list"), {"target_group": women.pk})) == {
        "C-KHO-T1"
    }


def test_a_type_filter_includes_its_sub_kinds(client_for, central):
    CentreFactory(code="C-EPS-1", type=CentreType.objects.get(code="eps-elderly"))
    eps = CentreType.objects.get(code="eps")
    response = client_for(central).get(reverse("centres:list"), {"type": eps.pk})
    assert listed_codes(response) == {"C-EPS-1"}


def test_sorting_by_capacity_largest_first(client_for, worker):
    CentreFactory(code="C-A", capacity=10)
    CentreFactory(code="C-B", capacity=300)
    response = client_for(worker).get(reverse("centres:list"), {"sort": "-capacity"})
    assert [c.code for c in response.context["page"]][:2] == ["C-B", "C-A"]


def test_the_list_runs_a_fixed_number_of_queries(client_for, central, django_assert_num_queries):
    client = client_for(central)
    CentreFactory.create_batch(2)
    client.get(reverse("centres:list"))  # warm the session and permission caches

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("centres:list")).status_code == 200
        return len(captured)

    few = count()
    CentreFactory.create_batch(30)
    with django_assert_num_queries(few):
        client.get(reverse("centres:list"))


def test_the_export_is_scoped_filtered_formula_safe_and_audited(client_for, worker, rabat):
    CentreFactory(code="C-KHO-T2", name_fr="=HYPERLINK(1)")
    CentreFactory(code="C-KHO-T3", name_fr="Autre")
    client = client_for(worker)
    response = client.get(reverse("centres:export_csv"), {"q": "hyperlink"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["C-KHO-T2"]
    assert rows[1][2] == "'=HYPERLINK(1)"
    response = client.get(reverse("centres:export_xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(codes) == ["C-KHO-T2", "C-KHO-T3"]
    assert AccessEvent.objects.filter(actor=worker, action="export").count() == 2


def test_a_centre_page_shows_identity_services_and_a_year_of_activity(client_for, worker):
    centre = CentreFactory(code="C-PAGE")
    MonthlyActivityFactory(centre=centre, people_served=77)
    response = client_for(worker).get(centre.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "C-PAGE" in content
    assert "77" in content
    assert len(response.context["chart"].columns) == 12


def test_the_centre_page_of_another_delegation_is_a_404(client_for, worker, rabat):
    assert client_for(worker).get(rabat.get_absolute_url()).status_code == 404


def test_the_centre_page_runs_a_fixed_number_of_queries(client_for, worker):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(worker)
    small = CentreFactory(code="C-SMALL")
    big = CentreFactory(code="C-BIG", services=["reception", "orientation", "sewing", "meals"])
    for month in range(1, 12):
        MonthlyActivityFactory(centre=big, month=f"2026-{month:02d}-01")
    client.get(small.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(small.get_absolute_url())
    with CaptureQueriesContext(connection) as many:
        client.get(big.get_absolute_url())
    assert len(many) == len(few)


def test_a_social_worker_cannot_create_or_edit_a_centre(client_for, worker, khouribga):
    client = client_for(worker)
    assert client.get(reverse("centres:create")).status_code == 403
    assert client.get(reverse("centres:edit", args=[khouribga.code])).status_code == 403


def test_a_delegate_creates_a_centre_in_their_delegation(client_for, delegate):
    client = client_for(delegate)
    cas = CentreType.objects.get(code="cas")
    data = {
        "code": "C-KHO-NEW",
        "name_ar": "مركز جديد",
        "name_fr": "Nouveau centre",
        "type": cas.pk,
        "delegation": delegate.unit.pk,
        "province": delegate.unit.provinces.first().pk,
        "management_mode": "en",
        "status": "open",
        "status_date": "2026-01-01",
        "capacity": "50",
        "capacity_unit": "places",
        "staff_count": "4",
        "services": [Service.objects.get(code="reception").pk],
    }
    response = client.post(reverse("centres:create"), data)
    assert response.status_code == 302, response.context["form"].errors
    centre = Centre.objects.get(code="C-KHO-NEW")
    assert centre.delegation == delegate.unit
    created = Events.objects.tracks(centre).get(pgh_label="insert")
    assert created.pgh_context["user"] == delegate.pk


def test_a_delegate_cannot_place_a_centre_in_another_delegation(client_for, delegate):
    rabat_unit = CentreFactory.build(rabat=True).delegation
    cas = CentreType.objects.get(code="cas")
    response = client_for(delegate).post(
        reverse("centres:create"),
        {
            "code": "C-X",
            "name_ar": "س",
            "name_fr": "X",
            "type": cas.pk,
            "delegation": rabat_unit.pk,
            "province": rabat_unit.provinces.first().pk,
            "management_mode": "en",
            "status": "open",
            "status_date": "2026-01-01",
            "staff_count": "0",
        },
    )
    assert response.status_code == 200
    assert "delegation" in response.context["form"].errors
    assert not Centre.objects.filter(code="C-X").exists()


def test_a_delegate_cannot_edit_a_centre_of_another_delegation(client_for, delegate, rabat):
    response = client_for(delegate).get(reverse("centres:edit", args=[rabat.code]))
    assert response.status_code == 404


def test_the_monthly_returns_page_lists_centres_that_have_not_submitted(client_for, delegate):
    done = CentreFactory(code="C-DONE")
    CentreFactory(code="C-LATE")
    MonthlyActivityFactory(centre=done, status=MonthlyActivity.Status.SUBMITTED)
    response = client_for(delegate).get(reverse("centres:missing"))
    assert {c.code for c in response.context["missing"]} >= {"C-LATE"}
    assert "C-DONE" not in {c.code for c in response.context["missing"]}
    assert [a.centre.code for a in response.context["awaiting"]] == ["C-DONE"]


def test_the_monthly_returns_page_is_scoped(client_for, worker_rabat, khouribga):
    worker_rabat.role = "delegate"
    worker_rabat.save()
    response = client_for(worker_rabat).get(reverse("centres:missing"))
    assert "C-KHO-T1" not in {c.code for c in response.context["missing"]}


def test_every_role_with_a_unit_can_open_the_centre_list(client_for):
    for role in ("social_worker", "delegate", "coordinator", "centre_manager"):
        user = UserFactory(username=f"u-{role}", role=role)
        assert client_for(user).get(reverse("centres:list")).status_code == 200


@pytest.mark.parametrize(
    ("language", "direction", "words"),
    [
        ("ar", "rtl", ["مركز المساعدة الاجتماعية", "الخدمات المقدمة"]),
        ("fr", "ltr", ["assistance sociale", "Services proposés"]),
    ],
)
def test_every_centre_page_renders_in_both_languages(
    client_for, delegate, language, direction, words
):
    centre = CentreFactory(code="C-LANG")
    activity = MonthlyActivityFactory(centre=centre, status=MonthlyActivity.Status.SUBMITTED)
    client = client_for(delegate)
    month = activity.month
    paths = [
        "centres/",
        "centres/new/",
        "centres/returns/",
        "centres/C-LANG/",
        "centres/C-LANG/edit/",
        f"centres/C-LANG/activity/{month.year}/{month.month}/",
    ]
    for path in paths:
        response = client.get(f"/{language}/{path}")
        assert response.status_code == 200, path
        content = response.content.decode()
        assert f'<html lang="{language}" dir="{direction}">' in content, path
    detail = client.get(f"/{language}/centres/C-LANG/").content.decode()
    with translation.override(language):
        month_name = date_format(month, "F Y")  # month names in the page's language
    for word in [*words, month_name]:
        assert word in detail


def test_a_bad_filter_value_drops_only_that_filter(client_for, worker, khouribga):
    CentreFactory(code="C-OTHER-NAME", name_fr="Autre", name_ar="آخر")
    response = client_for(worker).get(reverse("centres:list"), {"q": "ecoute", "type": "99999"})
    assert listed_codes(response) == {"C-KHO-T1"}
    assert "type" in response.context["form"].errors
