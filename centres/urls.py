from django.urls import path

from . import views

app_name = "centres"

ACTIVITY = "<str:code>/activity/<int:year>/<int:month>/"

urlpatterns = [
    path("", views.centre_list, name="list"),
    path("export.csv", views.centre_export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", views.centre_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("new/", views.centre_create, name="create"),
    path("returns/", views.missing_returns, name="missing"),
    path("<str:code>/", views.centre_detail, name="detail"),
    path("<str:code>/edit/", views.centre_edit, name="edit"),
    path(ACTIVITY, views.activity_edit, name="activity"),
    path(f"{ACTIVITY}validate/", views.activity_validate, name="activity_validate"),
    path(f"{ACTIVITY}reopen/", views.activity_reopen, name="activity_reopen"),
]
