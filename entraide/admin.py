from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .forms import AdminSignInForm
from .models import User
from .scoping import ScopedAdminMixin

# The admin's sign-in goes through the same backends; it says so too when a username is paused.
admin.site.login_form = AdminSignInForm


@admin.register(User)
class UserAdmin(ScopedAdminMixin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "unit", "role", "is_active"]
    list_filter = ["role", "is_active", "is_staff", "unit__kind"]
    list_select_related = ["unit"]
    search_fields = ["username", "first_name", "last_name", "email", "unit__code"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets[:1],
        (_("Assignment"), {"fields": ["unit", "role", "language"]}),
        *DjangoUserAdmin.fieldsets[1:],
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "password1", "password2"]}),
        (_("Assignment"), {"fields": ["unit", "role", "language"]}),
    ]
