from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

admin.site.site_header = _("Entraide Nationale: administration")
admin.site.site_title = _("Entraide portal")
admin.site.index_title = _("Administration")

# A database that does not answer is a 503 with Retry-After, not a 500 (entraide.unavailable).
handler500 = "entraide.unavailable.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", views.switch_language, name="set_language"),
    # The JSON API, outside the language prefixes: Accept-Language chooses its messages.
    path("api/v1/", include("api.urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("login/", views.sign_in, name="login"),
    path("logout/", views.sign_out, name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(success_url="/"),
        name="password_change",
    ),
    path("profile/", views.profile, name="profile"),
    path("legal-notice/", views.legal_notice, name="legal_notice"),
    path("personal-data/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("contact/", views.contact, name="contact"),
    path("profile/two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("login/two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("audit/", views.audit, name="audit"),
    path("units/", include("territory.urls")),
    path("centres/", include("centres.urls")),
    path("beneficiaries/", include("beneficiaries.urls")),
    path("partnerships/", include("partnerships.urls")),
    path("concours/", include("recruitment.urls")),
    path("reports/", include("reports.urls")),
    path("imports/", include("beneficiaries.import_urls")),
    path("notifications/", include("notifications.urls")),
    path("appointments/", include("appointments.urls")),
    path("enrolments/", include("enrolments.urls")),
    path("programmes/", include("programmes.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
