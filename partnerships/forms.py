from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, TargetGroup
from entraide.forms import each_in_its_direction
from entraide.protection import hidden_fields
from territory.forms import visible_delegations
from territory.models import OrgUnit, Province, Region

from .models import (
    Amendment,
    Association,
    Commitment,
    ControlCampaign,
    Convention,
    FieldOfAction,
    Inspection,
    OwedReport,
    Partner,
    Recommendation,
    Tranche,
)

EMPTY = [("", "---------")]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _dates(*names):
    return {name: DateInput() for name in names}


class FilterForm(forms.Form):
    """A list's filters: a bad value drops its own filter (and shows its error), never the
    others. Subclasses say how each field filters (`apply`) and how to sort (SORTS)."""

    SORTS = {}

    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def apply(self, queryset, data):
        return queryset

    def filter(self, queryset):
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("q"):
            queryset = queryset.search(data["q"])
        queryset = self.apply(queryset, data)
        sort = data.get("sort") or next(iter(self.SORTS))
        descending = sort.startswith("-")
        keys = self.SORTS[sort.lstrip("-")]
        return queryset.order_by(*(f"-{k}" if descending else k for k in keys))


class AssociationFilterForm(FilterForm):
    SORTS = {
        "name": ("name_ar", "pk"),
        "registered": ("registration_date", "pk"),
        "delegation": ("delegation__code", "name_ar"),
    }

    region = forms.ModelChoiceField(Region.objects.all(), label=_("Region"), required=False)
    delegation = forms.ModelChoiceField(
        OrgUnit.objects.none(), label=_("Delegation"), required=False
    )
    legal_status = forms.ChoiceField(
        label=_("Legal status"), choices=EMPTY + Association.LegalStatus.choices, required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=EMPTY + Association.Status.choices, required=False
    )
    field = forms.ModelChoiceField(
        FieldOfAction.objects.all(), label=_("Field of action"), required=False
    )
    funded = forms.BooleanField(label=_("With a convention in force"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("name")),
            ("-registered", _("newest first")),
            ("delegation", _("delegation")),
        ],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].help_text = _("Name, acronym or registration number.")
        self.fields["delegation"].queryset = visible_delegations(user)

    def apply(self, associations, data):
        if data.get("region"):
            associations = associations.filter(province__region=data["region"])
        if data.get("delegation"):
            associations = associations.filter(delegation=data["delegation"])
        for name in ("legal_status", "status"):
            if data.get(name):
                associations = associations.filter(**{name: data[name]})
        if data.get("field"):
            associations = associations.filter(fields_of_action=data["field"])
        if data.get("funded"):
            associations = associations.filter(
                pk__in=Convention.objects.in_force().values("associations")
            )
        return associations


class AssociationForm(forms.ModelForm):
    class Meta:
        model = Association
        fields = [
            "name_ar",
            "name_fr",
            "acronym",
            "registration_number",
            "registration_date",
            "legal_status",
            "public_utility",
            "public_utility_date",
            "delegation",
            "province",
            "address",
            "president",
            "phone",
            "email",
            "fields_of_action",
            "target_groups",
            "status",
            "status_date",
            "bank_name",
            "bank_account",
        ]
        widgets = {
            **_dates("registration_date", "public_utility_date", "status_date"),
            "fields_of_action": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_ar"].required = True
        self.fields["name_fr"].required = True
        self.fields["delegation"].queryset = visible_delegations(user)
        self.fields["province"].queryset = Province.objects.filter(
            delegations__in=visible_delegations(user)
        ).distinct()
        self.fields["target_groups"].queryset = TargetGroup.objects.active()
        self.fields["fields_of_action"].queryset = FieldOfAction.objects.active()
        hidden = hidden_fields(user, Association)
        if hidden:
            for name in hidden:
                del self.fields[name]
        else:
            # Typed as printed on a bank's certificate, in groups: the spaces go before the
            # model checks its 24 digits.
            self.fields["bank_account"] = forms.CharField(
                label=Association._meta.get_field("bank_account").verbose_name,
                max_length=40,
                required=False,
                help_text=_("24 digits; spaces are ignored."),
            )

    def clean_bank_account(self):
        return "".join((self.cleaned_data.get("bank_account") or "").split())


class ConventionFilterForm(FilterForm):
    SORTS = {
        "start": ("start_date", "reference"),
        "end": ("end_date", "reference"),
        "reference": ("reference",),
        "contribution": ("en_contribution", "reference"),
    }

    kind = forms.ChoiceField(
        label=_("Kind"), choices=EMPTY + Convention.Kind.choices, required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=EMPTY + Convention.Status.choices, required=False
    )
    unit = forms.ModelChoiceField(OrgUnit.objects.none(), label=_("Signing unit"), required=False)
    ending_within = forms.TypedChoiceField(
        label=_("Ending within"),
        coerce=int,
        required=False,
        choices=[("", "---------"), (90, _("90 days")), (180, _("6 months")), (365, _("a year"))],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-start", _("newest first")),
            ("end", _("ending first")),
            ("reference", _("reference")),
            ("-contribution", _("largest EN contribution first")),
        ],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].help_text = _("Reference or title.")
        self.fields["unit"].queryset = OrgUnit.objects.visible_to(user)

    def apply(self, conventions, data):
        for name in ("kind", "status"):
            if data.get(name):
                conventions = conventions.filter(**{name: data[name]})
        if data.get("unit"):
            conventions = conventions.filter(
                signing_unit__in=OrgUnit.objects.under(data["unit"]).values("pk")
            )
        if data.get("ending_within"):
            today = timezone.localdate()
            conventions = conventions.filter(
                status__in=Convention.ACTIVE,
                end_date__gte=today,
                end_date__lte=today + timezone.timedelta(days=data["ending_within"]),
            )
        return conventions


class ConventionForm(forms.ModelForm):
    class Meta:
        model = Convention
        fields = [
            "reference",
            "title_ar",
            "title_fr",
            "kind",
            "signing_unit",
            "associations",
            "centres",
            "object_ar",
            "object_fr",
            "start_date",
            "end_date",
            "en_contribution",
            "partners_contribution",
            "signed_document",
        ]
        widgets = {
            **_dates("start_date", "end_date"),
            "object_ar": forms.Textarea(attrs={"rows": 3}),
            "object_fr": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "object_fr": _("In Arabic and in French, as signed; one of them is enough to save.")
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_ar"].required = True
        self.fields["title_fr"].required = True
        # The object in one language at least (Convention.clean), both as signed.
        each_in_its_direction(self)
        self.fields["signing_unit"].queryset = OrgUnit.objects.visible_to(user)
        # Associations and centres of the whole country may be parties (a national framework
        # agreement, an association working in several provinces): choices are by search in
        # the admin; here the ones the user can see.
        self.fields["associations"].queryset = Association.objects.visible_to(user).exclude(
            status=Association.Status.DISSOLVED
        )
        self.fields["centres"].queryset = Centre.objects.visible_to(user)
        self.fields["centres"].required = False
        if self.instance.pk and self.instance.status != Convention.Status.DRAFT:
            # Once signed, the terms change only by an amendment.
            for name in ("reference", "en_contribution", "partners_contribution", "end_date"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Changed by an amendment once signed.")

    def clean(self):
        data = super().clean()
        if data.get("kind") == Convention.Kind.CENTRE_MANAGEMENT and not data.get("centres"):
            self.add_error("centres", _("Name the centres the association will run."))
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Convention.Status.choices)
    signed_on = forms.DateField(label=_("Signed on"), required=False, widget=DateInput())
    reason = forms.CharField(label=_("Reason"), required=False, max_length=255)


class DocumentForm(forms.Form):
    document = forms.FileField(label=_("Signed document (PDF)"))


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "kind", "contribution"]


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["party", "description_ar", "description_fr", "due_date"]
        widgets = {
            **_dates("due_date"),
            "description_ar": forms.Textarea(attrs={"rows": 2}),
            "description_fr": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        # In one language at least (Commitment.clean), both as the convention is signed.
        each_in_its_direction(self)
        parties = [str(_("Entraide Nationale"))]
        parties += [a.name for a in convention.associations.all()]
        parties += [p.name for p in convention.partners.all()]
        self.fields["party"] = forms.ChoiceField(
            label=_("Party"), choices=[(p, p) for p in parties]
        )


class CommitmentTickForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["done", "comment"]
        widgets = {"comment": forms.TextInput()}


class TrancheForm(forms.ModelForm):
    class Meta:
        model = Tranche
        fields = ["planned_amount", "planned_date", "condition", "condition_report"]
        widgets = _dates("planned_date")

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["condition_report"].queryset = convention.reports.all()


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount paid"), max_digits=14, decimal_places=2)
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput(), initial=timezone.localdate)
    reference = forms.CharField(
        label=_("Payment reference"),
        max_length=60,
        help_text=_("The number of the transfer order."),
    )
    override_reason = forms.CharField(
        label=_("Reason for paying despite overdue reports"),
        max_length=255,
        required=False,
        help_text=_("Only for a delegate, when reports are overdue."),
    )


class ReportForm(forms.ModelForm):
    class Meta:
        model = OwedReport
        fields = ["kind", "period", "due_date"]
        widgets = _dates("due_date")


class ReportReceiveForm(forms.ModelForm):
    class Meta:
        model = OwedReport
        fields = ["received_on", "assessment", "assessment_notes", "document"]
        widgets = {
            **_dates("received_on"),
            "assessment_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].required = True


class AmendmentForm(forms.ModelForm):
    class Meta:
        model = Amendment
        fields = [
            "signed_on",
            "summary",
            "new_end_date",
            "new_en_contribution",
            "new_partners_contribution",
            "document",
        ]
        widgets = {
            **_dates("signed_on", "new_end_date"),
            "summary": forms.Textarea(attrs={"rows": 2}),
        }


def inspecting_teams(user):
    """Who may carry out an inspection: the inspectorate and its teams, whoever plans it, or
    a delegation in the user's scope inspecting what it funds."""
    inspectorate = [OrgUnit.Kind.INSPECTORATE, OrgUnit.Kind.INSPECTION_TEAM]
    delegations = visible_delegations(user).values("pk")
    return OrgUnit.objects.filter(
        models.Q(kind__in=inspectorate) | models.Q(pk__in=delegations)
    ).order_by("path")


class InspectionFilterForm(FilterForm):
    SORTS = {"planned": ("planned_date", "pk")}

    status = forms.ChoiceField(
        label=_("Status"), choices=EMPTY + Inspection.Status.choices, required=False
    )
    subject = forms.ChoiceField(
        label=_("Subject"), choices=EMPTY + Inspection.Subject.choices, required=False
    )
    campaign = forms.ModelChoiceField(
        ControlCampaign.objects.none(), label=_("Control campaign"), required=False
    )
    open_recommendations = forms.BooleanField(
        label=_("With recommendations to follow up"), required=False
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("-planned", _("newest first")), ("planned", _("oldest first"))],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].help_text = _("Association, convention or centre.")
        self.fields["campaign"].queryset = ControlCampaign.objects.visible_to(user)

    def apply(self, inspections, data):
        for name in ("status", "subject", "campaign"):
            if data.get(name):
                inspections = inspections.filter(**{name: data[name]})
        if data.get("open_recommendations"):
            inspections = inspections.filter(
                pk__in=Recommendation.objects.open().values("inspection")
            )
        return inspections


class InspectionForm(forms.ModelForm):
    class Meta:
        model = Inspection
        fields = [
            "subject",
            "association",
            "convention",
            "centre",
            "team",
            "inspectors",
            "planned_date",
        ]
        widgets = _dates("planned_date")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = Association.objects.visible_to(user)
        self.fields["convention"].queryset = Convention.objects.visible_to(user)
        self.fields["centre"].queryset = Centre.objects.visible_to(user)
        # The inspectorate's teams, or a delegation inspecting what it funds.
        self.fields["team"].queryset = inspecting_teams(user)


class InspectionResultForm(forms.ModelForm):
    class Meta:
        model = Inspection
        fields = ["status", "done_on", "conclusion", "findings", "report"]
        widgets = {**_dates("done_on"), "findings": forms.Textarea(attrs={"rows": 4})}


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["text", "due_date"]
        widgets = {**_dates("due_date"), "text": forms.Textarea(attrs={"rows": 2})}


class RecommendationFollowUpForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["status", "follow_up"]
        widgets = {"follow_up": forms.TextInput()}


class CampaignForm(forms.ModelForm):
    class Meta:
        model = ControlCampaign
        fields = ["title", "year", "unit", "share"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.visible_to(user).filter(
            kind__in=[OrgUnit.Kind.DIRECTION, OrgUnit.Kind.COORDINATION, OrgUnit.Kind.DELEGATION]
        )
        self.fields["year"].initial = timezone.localdate().year


class DrawForm(forms.Form):
    team = forms.ModelChoiceField(OrgUnit.objects.none(), label=_("Inspecting team"))
    planned_date = forms.DateField(label=_("Planned date"), widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = inspecting_teams(user)
