from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    path("", views.work, name="work"),
    path("figures/", views.figures, name="figures"),
    path("figures.csv", views.figures, {"fmt": "csv"}, name="figures_csv"),
    path("figures.xlsx", views.figures, {"fmt": "xlsx"}, name="figures_xlsx"),
    path("associations/", views.association_list, name="associations"),
    path(
        "associations/export.csv", views.association_export, {"fmt": "csv"}, name="associations_csv"
    ),
    path(
        "associations/export.xlsx",
        views.association_export,
        {"fmt": "xlsx"},
        name="associations_xlsx",
    ),
    path("associations/new/", views.association_create, name="association_create"),
    path("associations/<int:pk>/", views.association_detail, name="association"),
    path("associations/<int:pk>/edit/", views.association_edit, name="association_edit"),
    path("conventions/", views.convention_list, name="conventions"),
    path("conventions/export.csv", views.convention_export, {"fmt": "csv"}, name="conventions_csv"),
    path(
        "conventions/export.xlsx",
        views.convention_export,
        {"fmt": "xlsx"},
        name="conventions_xlsx",
    ),
    path("conventions/new/", views.convention_create, name="convention_create"),
    path("conventions/<int:pk>/", views.convention_detail, name="convention"),
    path("conventions/<int:pk>/edit/", views.convention_edit, name="convention_edit"),
    path(
        "conventions/<int:pk>/<slug:action>/",
        views.convention_action,
        name="convention_action",
    ),
    path("documents/<slug:kind>/<int:pk>/", views.document_download, name="document"),
    path("inspections/", views.inspection_list, name="inspections"),
    path("inspections/export.csv", views.inspection_export, {"fmt": "csv"}, name="inspections_csv"),
    path(
        "inspections/export.xlsx",
        views.inspection_export,
        {"fmt": "xlsx"},
        name="inspections_xlsx",
    ),
    path("inspections/new/", views.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection"),
    path(
        "inspections/<int:pk>/<slug:action>/",
        views.inspection_action,
        name="inspection_action",
    ),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
]
