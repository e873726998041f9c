"""Activity reports and dashboards: the figures of a unit for a period, computed once by SQL
aggregates over the scoped data (`figures.py`) and shown by the dashboards, the report page,
its CSV and XLSX tables and the PDF alike, so they always agree."""
