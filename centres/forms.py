from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from entraide.enums import Sex
from entraide.forms import NamedModelChoiceField
from entraide.models import User
from entraide.roles import Role
from territory.forms import visible_delegations
from territory.models import OrgUnit, Province, Region

from .models import AgeBand, Centre, CentreType, Service, TargetGroup


class CentreFilterForm(forms.Form):
    SORTS = {
        "code": ("code",),
        "name": ("name", "code"),
        "type": ("type__position", "type__code", "code"),
        "delegation": ("delegation__code", "code"),
        "status": ("status", "code"),
        "capacity": ("capacity", "code"),
    }

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Code or name, in Arabic or Latin letters."),
    )
    region = NamedModelChoiceField(Region.objects.all(), label=_("Region"), required=False)
    delegation = NamedModelChoiceField(
        OrgUnit.objects.none(), label=_("Delegation"), required=False
    )
    type = NamedModelChoiceField(CentreType.objects.all(), label=_("Type"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "---------"), *Centre.Status.choices], required=False
    )
    management_mode = forms.ChoiceField(
        label=_("Management"),
        choices=[("", "---------"), *Centre.ManagementMode.choices],
        required=False,
    )
    service = NamedModelChoiceField(Service.objects.all(), label=_("Service"), required=False)
    target_group = NamedModelChoiceField(
        TargetGroup.objects.all(), label=_("Target group"), required=False
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("code", _("code")),
            ("name", _("name")),
            ("type", _("type")),
            ("delegation", _("delegation")),
            ("status", _("status")),
            ("capacity", _("capacity")),
            ("-capacity", _("capacity, largest first")),
        ],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = visible_delegations(user)

    def filter(self, centres):
        """The centres matching the valid filters, sorted."""
        # A bad value drops its own filter (and shows its error), never the others.
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("q"):
            centres = centres.search(data["q"])
        if data.get("region"):
            centres = centres.filter(province__region=data["region"])
        if data.get("delegation"):
            centres = centres.filter(delegation=data["delegation"])
        if data.get("type"):
            # A type includes its sub-kinds (EPS and its five kinds).
            centres = centres.filter(Q(type=data["type"]) | Q(type__parent=data["type"]))
        for name in ("status", "management_mode"):
            if data.get(name):
                centres = centres.filter(**{name: data[name]})
        if data.get("service"):
            centres = centres.filter(services=data["service"])
        if data.get("target_group"):
            centres = centres.filter(target_groups=data["target_group"])
        sort = data.get("sort") or "code"
        descending = sort.startswith("-")
        keys = self.SORTS[sort.lstrip("-")]
        return centres.order_by(*(f"-{k}" if descending else k for k in keys))


class CentreForm(forms.ModelForm):
    class Meta:
        model = Centre
        fields = [
            "code",
            "name_ar",
            "name_fr",
            "type",
            "delegation",
            "province",
            "commune",
            "address",
            "latitude",
            "longitude",
            "phone",
            "email",
            "management_mode",
            "status",
            "status_date",
            "opened_on",
            "capacity",
            "capacity_unit",
            "staff_count",
            "target_groups",
            "services",
            "managers",
        ]
        widgets = {
            "status_date": forms.DateInput(attrs={"type": "date"}),
            "opened_on": forms.DateInput(attrs={"type": "date"}),
            "target_groups": forms.CheckboxSelectMultiple,
            "services": forms.CheckboxSelectMultiple,
            "managers": forms.CheckboxSelectMultiple,
            "code": forms.TextInput(attrs={"dir": "ltr"}),
            "phone": forms.TextInput(attrs={"dir": "ltr", "type": "tel"}),
            "email": forms.EmailInput(attrs={"dir": "ltr"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        delegations = visible_delegations(user)
        self.fields["delegation"].queryset = delegations
        self.fields["province"].queryset = Province.objects.filter(
            delegations__in=delegations
        ).distinct()
        self.fields["type"].queryset = CentreType.objects.active()
        self.fields["services"].queryset = Service.objects.active()
        self.fields["target_groups"].queryset = TargetGroup.objects.active()
        self.fields["managers"].queryset = User.objects.visible_to(user).filter(
            role=Role.CENTRE_MANAGER, is_active=True
        )
        self.fields["name_ar"].required = True
        self.fields["name_fr"].required = True
        self.fields["name_fr"].widget.attrs["dir"] = "ltr"
        self.fields["name_ar"].widget.attrs["dir"] = "rtl"


def cell_name(service_id, sex, age_band):
    return f"n_{service_id}_{sex}_{age_band}"


class ActivityForm(forms.Form):
    """A month's totals and a grid of people served: one row per service, one column per sex
    and age band."""

    people_served = forms.IntegerField(label=_("People served"), min_value=0)
    new_entries = forms.IntegerField(label=_("New entries"), min_value=0, initial=0)
    exits = forms.IntegerField(label=_("Exits"), min_value=0, initial=0)
    sessions_held = forms.IntegerField(label=_("Sessions held"), min_value=0, initial=0)
    over_capacity_note = forms.CharField(
        label=_("Explanation of figures above capacity"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    FIGURES = ["people_served", "new_entries", "exits", "sessions_held", "over_capacity_note"]

    def __init__(self, *args, activity, services, **kwargs):
        self.activity = activity
        self.services = list(services)
        initial = {name: getattr(activity, name) for name in self.FIGURES}
        if activity.pk:
            for line in activity.lines.all():
                initial[cell_name(line.service_id, line.sex, line.age_band)] = line.people
        super().__init__(*args, initial=initial, **kwargs)
        self.rows = []
        for service in self.services:
            cells = []
            for sex in Sex:
                for band in AgeBand:
                    name = cell_name(service.pk, sex.value, band.value)
                    self.fields[name] = forms.IntegerField(
                        label=f"{service} · {sex.label} · {band.label}",
                        min_value=0,
                        required=False,
                        widget=forms.NumberInput(
                            attrs={"class": "cell", "min": 0, "inputmode": "numeric"}
                        ),
                    )
                    cells.append(self[name])
            self.rows.append((service, cells))

    def columns(self):
        return [(sex.label, band.label) for sex in Sex for band in AgeBand]

    def clean(self):
        data = super().clean()
        people = data.get("people_served")
        if people is None:
            return data
        for name in ("new_entries", "exits"):
            if data.get(name) is not None and data[name] > people:
                self.add_error(
                    name,
                    ValidationError(
                        ngettext(
                            "Cannot exceed the %(people)s person served.",
                            "Cannot exceed the %(people)s people served.",
                            people,
                        ),
                        params={"people": people},
                    ),
                )
        for service in self.services:
            total = sum(data.get(cell_name(service.pk, s, b)) or 0 for s in Sex for b in AgeBand)
            if total > people:
                self.add_error(
                    None,
                    ValidationError(
                        ngettext(
                            "%(service)s: %(total)s counted, more than the %(people)s person "
                            "served this month.",
                            "%(service)s: %(total)s counted, more than the %(people)s people "
                            "served this month.",
                            people,
                        ),
                        params={"service": service, "total": total, "people": people},
                    ),
                )
        return data

    def figures(self):
        return {name: self.cleaned_data[name] for name in self.FIGURES}

    def cells(self):
        return {
            (service.pk, s.value, b.value): self.cleaned_data.get(
                cell_name(service.pk, s.value, b.value)
            )
            or 0
            for service in self.services
            for s in Sex
            for b in AgeBand
        }


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label


def activity_services(centre, activity):
    """The grid's rows: the services the centre offers, and any already counted this month."""
    counted = activity.lines.values("service") if activity.pk else Service.objects.none()
    return Service.objects.filter(Q(centres=centre) | Q(pk__in=counted)).distinct()
