import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entraide.pagination import EstimatedCountPaginator
from territory.models import Province

pytestmark = pytest.mark.django_db


def test_an_unfiltered_large_table_is_estimated_not_counted(monkeypatch):
    monkeypatch.setattr(EstimatedCountPaginator, "ESTIMATE_ABOVE", 10)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE territory_province")
    with CaptureQueriesContext(connection) as queries:
        count = EstimatedCountPaginator(Province.objects.all(), 20).count
    assert count == Province.objects.count()
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)


def test_a_filtered_list_is_counted_exactly(monkeypatch):
    monkeypatch.setattr(EstimatedCountPaginator, "ESTIMATE_ABOVE", 10)
    provinces = Province.objects.filter(region__code="MA-05")
    assert EstimatedCountPaginator(provinces, 20).count == provinces.count()
