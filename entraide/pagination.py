"""Paging large tables without counting them on every request."""

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property


class EstimatedCountPaginator(Paginator):
    """For the admin's lists of large tables: an unfiltered list takes PostgreSQL's estimate
    of the table's size (kept by ANALYZE) instead of COUNT(*) over every row; a filtered or
    scoped list, which is small, is counted exactly."""

    # Below this many rows, counting is cheap and exact.
    ESTIMATE_ABOVE = 10_000

    @cached_property
    def count(self):
        queryset = self.object_list
        query = getattr(queryset, "query", None)
        if query is not None and not query.where:
            table = queryset.model._meta.db_table
            with connections[queryset.db].cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [table]
                )
                row = cursor.fetchone()
            if row and row[0] > self.ESTIMATE_ABOVE:
                return row[0]
        return super().count
