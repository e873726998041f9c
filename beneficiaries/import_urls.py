"""The pages of the bulk import of people, at /imports/ (names without a namespace)."""

from django.urls import path

from . import import_views

urlpatterns = [
    path("beneficiaries/", import_views.import_new, name="import_new"),
    path("<int:pk>/", import_views.import_job, name="import_job"),
    path("<int:pk>/errors.csv", import_views.import_errors, name="import_errors"),
]
