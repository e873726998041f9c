from django.urls import path

from . import import_views, month_views, public, rollcall_views, views

app_name = "enrolments"

urlpatterns = [
    # The register of a centre: its sections of the season, the people waiting and placed.
    path("centre/<str:code>/", views.centre, name="centre"),
    path("centre/<str:code>/sections/new/", views.section_new, name="section_new"),
    path("centre/<str:code>/import/", import_views.import_list, name="import"),
    path("sections/<int:pk>/", views.section, name="section"),
    path("sections/<int:pk>/edit/", views.section_edit, name="section_edit"),
    path("sections/<int:pk>/wait/", views.wait, name="wait"),
    path("enrolled/<int:pk>/", views.enrolment, name="enrolment"),
    path("enrolled/<int:pk>/admit/", views.admit, name="admit"),
    path("enrolled/<int:pk>/priority/", views.priority, name="priority"),
    path("enrolled/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("enrolled/<int:pk>/exit/", views.exit, name="exit"),
    path("enrolled/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    # Roll-calls and attendance.
    path("sections/<int:pk>/roll-call/", rollcall_views.roll_call, name="roll_call"),
    path("sections/<int:pk>/attendance/", rollcall_views.attendance, name="attendance"),
    path("absent/", rollcall_views.absent, name="absent"),
    # The centre's month, computed from the register.
    path("centre/<str:code>/month/<int:year>/<int:month>/", month_views.month, name="month"),
    # Public, no account: a certificate checked by its code.
    path("verify/", public.verify, name="verify"),
    path("verify/<str:code>/", public.verified, name="verified"),
]
