from django.urls import path

from . import views

app_name = "territory"

urlpatterns = [
    path("", views.unit_tree, name="tree"),
    path("export.csv", views.units_export, {"fmt": "csv"}, name="export"),
    path("export.xlsx", views.units_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("<slug:code>/", views.unit_detail, name="unit"),
]
