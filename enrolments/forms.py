"""The register's forms: a section, a person placed on a waiting list, the decisions about them
(admission, priority, withdrawal, exit), and the public check of a certificate."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from beneficiaries.models import Beneficiary
from beneficiaries.selectors import numbered
from centres.models import TargetGroup
from entraide.numbers import number
from entraide.protection import may_read
from entraide.validators import normalise_cin

from .models import Enrolment, Section, season_of

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REASON = forms.Textarea(attrs={"rows": 2})


def _target_groups(*chosen):
    """The target groups still offered, and those already chosen even if no longer offered."""
    chosen = [pk for pk in chosen if pk]
    return TargetGroup.objects.filter(Q(is_active=True) | Q(pk__in=chosen))


class SectionForm(forms.ModelForm):
    """A section of a centre for a season; the centre is the page's, never a field."""

    class Meta:
        model = Section
        fields = [
            "name",
            "kind",
            "starts_on",
            "ends_on",
            "places",
            "priority_groups",
            "absences_before_alert",
            "delivers_certificate",
        ]
        widgets = {
            "name": forms.TextInput(attrs={"dir": "auto"}),
            "starts_on": DATE,
            "ends_on": DATE,
            "priority_groups": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.centre = centre
        if self.instance.pk is None:
            starts_on, ends_on = season_of(timezone.localdate())
            self.initial.setdefault("starts_on", starts_on)
            self.initial.setdefault("ends_on", ends_on)
            chosen = []
        else:
            chosen = list(self.instance.priority_groups.values_list("pk", flat=True))
        self.fields["priority_groups"].queryset = _target_groups(*chosen)

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on <= starts_on:
            self.add_error("ends_on", _("The season must end after it starts."))
        name = data.get("name")
        if name and starts_on:
            # The centre is not a field of the form: Django leaves this constraint to the
            # database, which would answer with an error page.
            same = Section.objects.filter(
                centre=self.instance.centre, name=name, starts_on=starts_on
            ).exclude(pk=self.instance.pk)
            if same.exists():
                self.add_error("name", _("The centre already has a section of this name."))
        return data


class WaitForm(forms.Form):
    """A person placed on a section's waiting list, found by their file number or CIN among
    the files the user may read."""

    person = forms.CharField(
        label=_("File number or CIN"),
        max_length=30,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    target_group = forms.ModelChoiceField(
        label=_("Target group"),
        queryset=TargetGroup.objects.none(),
        required=False,
        help_text=_("People of the groups the section serves first come first on the list."),
    )
    vulnerability = forms.TypedChoiceField(
        label=_("Vulnerability"),
        choices=Enrolment.Vulnerability.choices,
        coerce=int,
        initial=Enrolment.Vulnerability.ORDINARY,
    )
    requested_on = forms.DateField(label=_("Asked on"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, widget=REASON)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # A CIN is looked for only by those who may read it (entraide.protection): found, it
        # would name its holder to someone who may not know it (a centre's manager).
        self.by_cin = may_read(user, Beneficiary, "cin")
        if not self.by_cin:
            self.fields["person"].label = _("File number")
        self.fields["target_group"].queryset = _target_groups()
        self.initial.setdefault("requested_on", timezone.localdate())

    def clean_person(self):
        text = self.cleaned_data["person"].strip()
        people = Beneficiary.objects.visible_to(self.user).active()
        # The number first, then the CIN: each by its own index (an OR of the two read every
        # file in scope).
        person = people.filter(numbered(text)).first()
        cin = normalise_cin(text) if self.by_cin else ""
        if person is None and cin:
            person = people.filter(cin=cin).first()
        if person is None:
            if not self.by_cin:
                raise forms.ValidationError(_("No file of your scope has this number."))
            raise forms.ValidationError(
                _("No file of your scope has this number or CIN. Search the person first.")
            )
        return person

    def clean_requested_on(self):
        day = self.cleaned_data["requested_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date of the request cannot be in the future."))
        return day


def _ahead_message(count):
    # The service's own sentence (services.admit), so that the page and a refusal agree.
    return ngettext(
        "%(count)s person comes before on the list: say why this one is admitted first.",
        "%(count)s people come before on the list: say why this one is admitted first.",
        count,
    ) % {"count": number(count)}


class AdmitForm(forms.Form):
    """An admission: a reason is needed when people come before on the list."""

    reason = forms.CharField(
        label=_("Why this person is admitted first"), required=False, widget=REASON
    )

    def __init__(self, *args, ahead=0, **kwargs):
        # Its own ids: the enrolment's page also holds the withdrawal's reason.
        kwargs.setdefault("auto_id", "admit_%s")
        super().__init__(*args, **kwargs)
        self.ahead = ahead
        if ahead:
            field = self.fields["reason"]
            field.required = True
            field.help_text = _ahead_message(ahead)
            field.error_messages["required"] = _("Say why this person is admitted first.")


class PriorityForm(forms.Form):
    target_group = forms.ModelChoiceField(
        label=_("Target group"), queryset=TargetGroup.objects.none(), required=False
    )
    vulnerability = forms.TypedChoiceField(
        label=_("Vulnerability"), choices=Enrolment.Vulnerability.choices, coerce=int
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=REASON,
        error_messages={"required": _("Say why the priority changes.")},
    )

    def __init__(self, *args, enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_group"].queryset = _target_groups(enrolment.target_group_id)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the person leaves the list"),
        widget=REASON,
        error_messages={"required": _("Say why the person leaves the list.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "withdraw_%s")
        super().__init__(*args, **kwargs)


class ExitForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "---------"), *Enrolment.Outcome.choices]
    )
    left_on = forms.DateField(label=_("Left on"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, widget=REASON)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("left_on", timezone.localdate())

    def clean_left_on(self):
        day = self.cleaned_data["left_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date of leaving cannot be in the future."))
        return day


def normalise_code(value):
    """A verification code as stored: without the spaces and hyphens it is printed or typed
    with, in capitals."""
    return "".join(ch for ch in (value or "") if ch not in " -\u2010\u2011\u2012\u2013\t").upper()


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("The code printed on the certificate, for example ABCD-EFGH-JKMN."),
        widget=forms.TextInput(
            attrs={"dir": "ltr", "autocomplete": "off", "autocapitalize": "characters"}
        ),
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if not code.isalnum():
            raise forms.ValidationError(_("A verification code has letters and digits only."))
        return code
