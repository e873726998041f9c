"""Emergencies' forms: an emergency declared by a delegation, a household registered from a
phone (a few big fields, one column), a kit handed in a round, the search of households."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.fields import CINFormField
from entraide.validators import normalise_phone, phone_validator
from territory.models import OrgUnit, Province

from .emergencies import communes_of
from .models import Item, Programme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EmergencyForm(forms.Form):
    """An emergency: the delegation is the user's own, or chosen among those in their scope
    (the national roles)."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("For example: floods of 12 March in Oued Zem."),
    )
    delegation = forms.ModelChoiceField(label=_("Delegation"), queryset=OrgUnit.objects.none())
    province = forms.ModelChoiceField(
        label=_("Province or prefecture"), queryset=Province.objects.none()
    )
    communes = forms.CharField(
        label=_("Communes hit"),
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("One commune per line."),
    )
    started_on = forms.DateField(label=_("Struck on"), widget=DATE, initial=timezone.localdate)
    kit = forms.ModelChoiceField(label=_("Kit distributed"), queryset=Item.objects.none())
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        delegations = OrgUnit.objects.visible_to(user).delegations()
        self.fields["delegation"].queryset = delegations
        if user.unit is not None and user.unit.kind == OrgUnit.Kind.DELEGATION:
            # A delegate declares an emergency of their own delegation: nothing to choose.
            self.fields["delegation"].initial = user.unit.pk
            self.fields["delegation"].widget = forms.HiddenInput()
            self.fields["delegation"].queryset = delegations.filter(pk=user.unit.pk)
        self.fields["province"].queryset = (
            Province.objects.filter(delegations__in=self.fields["delegation"].queryset)
            .distinct()
            .order_by("name")
        )
        self.fields["kit"].queryset = Item.objects.active()
        self.fields["programme"].queryset = Programme.objects.filter(kind=Programme.Kind.EMERGENCY)

    def clean_communes(self):
        communes = communes_of(self.cleaned_data["communes"])
        if not communes:
            raise forms.ValidationError(_("Name at least one commune hit."))
        if any(len(name) > 120 for name in communes):
            raise forms.ValidationError(_("A commune's name has 120 characters at most."))
        return communes


class HouseholdForm(forms.Form):
    """A household registered on the spot: what a worker can ask standing in a douar, on a
    phone; only the head's name, the commune and the members are needed."""

    head_name = forms.CharField(
        label=_("Head of household"),
        max_length=160,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )
    cin = CINFormField(
        label=_("CIN"),
        required=False,
        widget=forms.TextInput(
            attrs={"dir": "ltr", "autocomplete": "off", "autocapitalize": "characters"}
        ),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "dir": "ltr", "inputmode": "tel"}),
    )
    members = forms.IntegerField(
        label=_("Members of the household"),
        min_value=1,
        max_value=99,
        initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    commune = forms.ChoiceField(label=_("Commune"))
    douar = forms.CharField(
        label=_("Douar or neighbourhood"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    needs = forms.CharField(
        label=_("Needs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )
    # Shown once the household sounds like one already registered.
    confirmed = forms.BooleanField(
        label=_("It is another household: register it anyway"), required=False
    )

    def __init__(self, *args, emergency, **kwargs):
        super().__init__(*args, **kwargs)
        communes = emergency.communes
        self.fields["commune"].choices = [(c, c) for c in communes]
        if len(communes) == 1:
            self.fields["commune"].initial = communes[0]

    def clean_phone(self):
        phone = normalise_phone(self.cleaned_data["phone"])
        if phone:
            phone_validator(phone)
        return phone


class KitForm(forms.Form):
    round = forms.TypedChoiceField(label=_("Round"), coerce=int)

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].choices = [(r, r) for r in rounds]


class HouseholdSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or CIN"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "dir": "auto"}),
    )
