from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .forms import AdminSignInForm
from .imports import PortalAdmin
from .models import User
from .scoping import ScopedAdminMixin

# The admin's sign-in goes through the same backends; it says so too when a username is paused.
admin.site.login_form = AdminSignInForm


@admin.register(User)
class UserAdmin(ScopedAdminMixin, DjangoUserAdmin):
    list_display = [
        "username",
        "first_name_ar",
        "last_name_ar",
        "first_name",
        "last_name",
        "unit",
        "role",
        "is_active",
    ]
    list_filter = ["role", "is_active", "is_staff", "unit__kind"]
    list_select_related = ["unit"]
    search_fields = [
        "username",
        "first_name_ar",
        "last_name_ar",
        "first_name",
        "last_name",
        "email",
        "unit__code",
    ]
    # The name in both scripts, side by side, as civil documents write it (under Django's
    # own title of the section, translated by its catalogue).
    NAMES = ["first_name_ar", "last_name_ar", "first_name", "last_name"]
    PERSONAL_INFO = DjangoUserAdmin.fieldsets[1][0]
    fieldsets = [
        *DjangoUserAdmin.fieldsets[:1],
        (PERSONAL_INFO, {"fields": [*NAMES, "email"]}),
        (_("Assignment"), {"fields": ["unit", "role", "language"]}),
        *DjangoUserAdmin.fieldsets[2:],
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "password1", "password2"]}),
        (PERSONAL_INFO, {"fields": NAMES}),
        (_("Assignment"), {"fields": ["unit", "role", "language"]}),
    ]


class ReferenceAdmin(PortalAdmin, TranslationAdmin):
    """The admin of a catalogue (`models.ReferenceModel`): entries reordered and retired from
    the list itself, imported and exported by their code (`imports.ReferenceResource`)."""

    list_display = ["code", "name", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name_ar", "name_fr"]
