"""API tokens in the admin, for administrators only (no role but theirs has the model's
permissions): issue one (its key shown once, in the message that follows, and kept nowhere),
list them, revoke them. A token is never deleted: the audit trail names it."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from entraide.scoping import ScopedAdminMixin

from . import services
from .models import ApiToken


class ApiTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"),
        choices=ApiToken.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ApiToken
        fields = ["name", "user", "unit", "scopes", "expires_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = ApiTokenForm
    list_display = [
        "name",
        "prefix",
        "user",
        "unit",
        "scope_list",
        "state",
        "expires_at",
        "last_used_at",
    ]
    list_filter = ["unit__kind"]
    list_select_related = ["user", "unit"]
    search_fields = ["name", "=prefix", "user__username", "unit__code"]
    raw_id_fields = ["user"]
    readonly_fields = ["prefix", "revoked_at", "last_used_at", "created_by", "created_at"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # A key keeps the account and the unit it was issued for: another one is issued
            # for another account or unit.
            readonly = ["user", "unit", *readonly]
        return readonly

    @admin.display(description=_("scopes"))
    def scope_list(self, token):
        return ", ".join(str(ApiToken.Scope(scope).label) for scope in token.scopes)

    @admin.display(description=_("state"))
    def state(self, token):
        return token.status

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        key = services.token_issue(token=obj, actor=request.user)
        messages.warning(
            request,
            _(
                "The key of the token “%(name)s” is %(key)s. Copy it now and give it to its "
                "holder: it is kept nowhere and will not be shown again."
            )
            % {"name": obj.name, "key": key},
        )

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            services.token_revoke(token=token, actor=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count)
            % {"count": count},
            messages.SUCCESS,
        )
