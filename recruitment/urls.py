from django.urls import path

from . import public, views

app_name = "recruitment"

COMPETITION = "staff/<str:reference>/"

urlpatterns = [
    # Staff (before the public notices, whose reference could read "staff").
    path("staff/", views.competition_list, name="competitions"),
    path("staff/new/", views.competition_create, name="competition_create"),
    path("staff/documents/<int:pk>/", views.document_download, name="document"),
    path(COMPETITION, views.competition_detail, name="competition"),
    path(f"{COMPETITION}edit/", views.competition_edit, name="competition_edit"),
    path(f"{COMPETITION}do/<slug:action>/", views.competition_action, name="competition_action"),
    path(f"{COMPETITION}lines/<int:pk>/edit/", views.line_edit, name="line_edit"),
    path(f"{COMPETITION}lines/<int:pk>/delete/", views.line_delete, name="line_delete"),
    path(f"{COMPETITION}applications/", views.application_list, name="applications"),
    path(f"{COMPETITION}applications/<int:pk>/", views.application_detail, name="application"),
    path(
        f"{COMPETITION}applications/<int:pk>/void/",
        views.application_void,
        name="application_void",
    ),
    path(f"{COMPETITION}marks/<slug:stage>/", views.marks, name="marks"),
    path(
        f"{COMPETITION}lists/<slug:stage>.<slug:fmt>",
        views.staff_list,
        name="staff_list",
    ),
    # Public: no account.
    path("", public.notices, name="notices"),
    path("status/", public.status, name="status"),
    path("<str:reference>/", public.notice, name="notice"),
    path("<str:reference>/apply/", public.apply, name="apply"),
    path("<str:reference>/apply/sent/", public.sent, name="sent"),
    path("<str:reference>/confirm/<str:token>/", public.confirm, name="confirm"),
    path("<str:reference>/receipt/", public.receipt, name="receipt"),
    path("<str:reference>/receipt.pdf", public.receipt_pdf, name="receipt_pdf"),
    path("<str:reference>/lists/<slug:stage>.pdf", public.published_list, name="published_list"),
]
