from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import AccessEvent, User


class _NameChoices(forms.models.ModelChoiceIterator):
    """(primary key, name) of each row, read by values_list: no model instance for each
    option (with modeltranslation's, 2.5 ms for the 150 options of the centre filters)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")


class NamedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose options are the rows' `name` (their `__str__`, translated by
    modeltranslation's values_list as by the instance): for the filters of long lists. The
    value chosen is checked and returned as by ModelChoiceField."""

    iterator = _NameChoices

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.to_field_name is not None:
            raise ValueError("NamedModelChoiceField's options are the rows' primary keys.")


def each_in_its_direction(form):
    """The text fields a form asks for in each language (modeltranslation's `_ar` and `_fr`)
    are typed in their language's direction, whatever the page's."""
    for name, field in form.fields.items():
        if name.endswith("_ar"):
            field.widget.attrs.update(dir="rtl", lang="ar")
        elif name.endswith("_fr"):
            field.widget.attrs.update(dir="ltr", lang="fr")


class UsernameThrottleMessageMixin:
    """Says so when the sign-in was refused by the per-username throttle (entraide/auth.py),
    rather than calling a right password wrong."""

    def get_invalid_login_error(self):
        if getattr(self.request, "username_throttled", False):
            minutes = max(1, settings.LOGIN_USERNAME_WINDOW_SECONDS // 60)
            return forms.ValidationError(
                ngettext(
                    "Too many failed sign-ins for this username: it cannot sign in for up to "
                    "%(minutes)s minute. Try again later, or ask your administrator.",
                    "Too many failed sign-ins for this username: it cannot sign in for up to "
                    "%(minutes)s minutes. Try again later, or ask your administrator.",
                    minutes,
                ),
                code="username_throttled",
                params={"minutes": minutes},
            )
        return super().get_invalid_login_error()


class SignInForm(UsernameThrottleMessageMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The username or password is wrong. After 5 failed attempts the account is "
            "locked for 15 minutes from this address."
        ),
        "inactive": _("This account is disabled."),
    }


class AdminSignInForm(UsernameThrottleMessageMixin, AdminAuthenticationForm):
    pass


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language"]


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}
        ),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit() or not self.device.verify_token(token):
            raise forms.ValidationError(
                _("This code is wrong or has expired. Try the current one.")
            )
        return token


CHANGE_ACTIONS = [
    ("insert", _("created")),
    ("update", _("changed")),
    ("delete", _("deleted")),
]


def audited_model_choices():
    """The record types that have a change history, as "app_label.Model" choices."""
    from django.apps import apps
    from pghistory.models import Event

    tracked = {
        model.pgh_tracked_model
        for model in apps.get_models()
        if issubclass(model, Event) and getattr(model, "pgh_tracked_model", None)
    }
    return sorted(((m._meta.label, m._meta.verbose_name) for m in tracked), key=lambda c: str(c[1]))


class AuditFilterForm(forms.Form):
    KIND_CHOICES = [("changes", _("Changes to records")), ("access", _("Sign-ins and reads"))]

    kind = forms.ChoiceField(
        label=_("Show"),
        choices=KIND_CHOICES,
        required=False,
        help_text=_(
            "Changes: who created, changed or deleted a record, with the values before and "
            "after. Sign-ins and reads: who signed in and which records they opened or exported."
        ),
    )
    user = forms.ModelChoiceField(
        label=_("User"),
        queryset=User.objects.order_by("username"),
        required=False,
        empty_label=_("Everyone"),
        help_text=_("The person who made the change or signed in."),
    )
    record_type = forms.ChoiceField(
        label=_("Record type"),
        required=False,
        help_text=_("The kind of record: a person, a case, a centre…"),
    )
    record_id = forms.CharField(
        label=_("Record number"),
        required=False,
        max_length=64,
        help_text=_(
            "The number shown after # in the list, with its record type. A record's name in "
            "the list leads to its whole history."
        ),
    )
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[
            ("", _("All actions")),
            (_("Changes to records"), CHANGE_ACTIONS),
            (_("Sign-ins and reads"), AccessEvent.Action.choices),
        ],
        help_text=_("What was done."),
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("First day included."),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Last day included."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = [("", _("All types")), *audited_model_choices()]
