from django.urls import path

from . import duplicate_views, transfer_views, views

app_name = "beneficiaries"

urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.create, name="create"),
    path("work/", views.work_list, name="work"),
    path("overview/", views.overview, name="overview"),
    path("overview/reassign/", views.reassign, name="reassign"),
    path("cases/", views.case_list, name="cases"),
    path("referrals/", views.referral_list, name="referrals"),
    path("follow-ups/", views.follow_up_list, name="follow_ups"),
    path("cases/<str:number>/", views.case_detail, name="case"),
    path("cases/<str:number>/edit/", views.case_edit, name="case_edit"),
    path("cases/<str:number>/status/", views.case_status, name="case_status"),
    path("cases/<str:number>/add/<slug:kind>/", views.entry_add, name="entry_add"),
    path("referrals/<int:pk>/state/", views.referral_state, name="referral_state"),
    path("referrals/received/", views.referral_inbox, name="inbox"),
    path("referrals/received/<int:pk>/", views.referral_received, name="referral_received"),
    path("documents/<int:pk>/", views.attachment_download, name="attachment"),
    path("requests/", transfer_views.file_requests, name="file_requests"),
    path("requests/elsewhere/", transfer_views.request_elsewhere, name="request_elsewhere"),
    path("requests/<int:pk>/", transfer_views.file_request, name="file_request"),
    path("requests/<int:pk>/file/", transfer_views.shared_file, name="shared_file"),
    path("duplicates/", duplicate_views.duplicate_list, name="duplicates"),
    path("duplicates/<int:pk>/", duplicate_views.duplicate_detail, name="duplicate"),
    path("<str:file_number>/", views.detail, name="detail"),
    path("<str:file_number>/edit/", views.edit, name="edit"),
    path("<str:file_number>/consent/", views.consent, name="consent"),
    path("<str:file_number>/documents/", views.attachment_upload, name="attachment_upload"),
    path("<str:file_number>/cases/new/", views.case_open, name="case_open"),
    path("<str:file_number>/merge/", views.merge, name="merge"),
    path("<str:file_number>/transfer/", transfer_views.transfer_new, name="transfer_new"),
    path("<str:file_number>/export.json", views.export_json, name="export_json"),
    path("<str:file_number>/export.pdf", views.export_pdf, name="export_pdf"),
]
