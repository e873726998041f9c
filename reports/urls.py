from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("generated/<int:pk>/", views.report_job, name="job"),
    path("generated/<int:pk>/download/", views.report_download, name="download"),
    path("<slug:code>/", views.unit_report, name="unit"),
    path("<slug:code>/compare/", views.compare, name="compare"),
    path("<slug:code>/pdf/", views.report_generate, name="generate"),
    path("<slug:code>/<slug:table>.<slug:fmt>", views.unit_table, name="table"),
]
