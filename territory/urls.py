from django.urls import path

from . import views

app_name = "territory"

urlpatterns = [
    path("", views.unit_tree, name="tree"),
    path("export.csv", views.units_export, name="export"),
    path("<slug:code>/", views.unit_detail, name="unit"),
]
