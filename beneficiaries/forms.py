from django import forms
from django.utils.translation import gettext_lazy as _

from centres.forms import visible_delegations
from centres.models import Centre, Service, TargetGroup
from entraide.models import User
from entraide.protection import may_read
from entraide.roles import Role
from entraide.validators import normalise_cin, normalise_phone
from territory.models import Province

from .models import (
    Assessment,
    Attachment,
    Beneficiary,
    CaseFile,
    Consent,
    FollowUp,
    HouseholdMember,
    Mediation,
    Note,
    PlanGoal,
    Referral,
    ServiceDelivery,
)
from .perms import can_oversee
from .selectors import cins_on_file

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LTR = {"dir": "ltr"}


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find a person"),
        required=False,
        max_length=100,
        help_text=_("Name in Arabic or Latin letters, file number, CIN or phone."),
        widget=forms.TextInput(attrs={"type": "search", "autofocus": True}),
    )


def check_cin(value, *, instance, user, request=None, where, record=True):
    """The CIN of a person's file being created or changed, or ValidationError. A CIN on file
    is an error, and the answer may not tell a user more than their scope allows: the file's
    number if they may see it; outside it, only that the CIN cannot be used here (recorded
    and counted: past the hourly allowance, no CIN is checked at all). `record` False for an
    import, whose transaction may roll back: it counts its allowance once and records after."""
    from . import services

    cin = normalise_cin(value)
    if not cin or cin == instance.cin:
        return cin
    if record and user is not None and services.cin_checks_paused(user):
        raise forms.ValidationError(services.CIN_CHECKS_PAUSED, code="cin_paused")
    held = cins_on_file(user, [cin], exclude_pk=instance.pk)
    if cin in held and held[cin]:
        raise forms.ValidationError(
            services.CIN_HELD_HERE, code="cin_held", params={"number": held[cin]}
        )
    if cin in held:
        if record and user is not None:
            services.cin_refusals_record(actor=user, cins=[cin], where=where, request=request)
        raise forms.ValidationError(services.CIN_HELD_ELSEWHERE, code="cin_held_elsewhere")
    return cin


class BeneficiaryAdminForm(forms.ModelForm):
    """The admin's form of a person's file: the same CIN answer as the portal's."""

    request = None  # set by BeneficiaryAdmin.get_form

    def clean_cin(self):
        return check_cin(
            self.cleaned_data.get("cin"),
            instance=self.instance,
            user=self.request.user,
            request=self.request,
            where="admin",
        )


class BeneficiaryForm(forms.ModelForm):
    class Meta:
        model = Beneficiary
        fields = [
            "first_name_ar",
            "last_name_ar",
            "first_name_lat",
            "last_name_lat",
            "sex",
            "birth_date",
            "birth_year",
            "cin",
            "phone",
            "address",
            "province",
            "commune",
            "marital_status",
            "education",
            "target_groups",
            "disability_type",
            "disability_degree",
            "disability_card",
            "delegation",
            "centre",
        ]
        widgets = {
            "birth_date": DATE,
            "target_groups": forms.CheckboxSelectMultiple,
            "first_name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "last_name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "first_name_lat": forms.TextInput(attrs={"dir": "ltr", "lang": "fr"}),
            "last_name_lat": forms.TextInput(attrs={"dir": "ltr", "lang": "fr"}),
            "cin": forms.TextInput(attrs=LTR),
            "phone": forms.TextInput(attrs={"dir": "ltr", "type": "tel"}),
        }

    def __init__(self, *args, user, request=None, **kwargs):
        self.user, self.request = user, request
        super().__init__(*args, **kwargs)
        delegations = visible_delegations(user)
        self.fields["delegation"].queryset = delegations
        if user.unit in delegations:
            self.fields["delegation"].initial = user.unit
        self.fields["province"].queryset = Province.objects.filter(
            delegations__in=delegations
        ).distinct()
        self.fields["centre"].queryset = Centre.objects.visible_to(user).open()
        self.fields["target_groups"].queryset = TargetGroup.objects.active()

    def clean_cin(self):
        return check_cin(
            self.cleaned_data.get("cin"),
            instance=self.instance,
            user=self.user,
            request=self.request,
            where="person form",
        )

    def clean_phone(self):
        return normalise_phone(self.cleaned_data.get("phone"))

    def clean(self):
        data = super().clean()
        delegation, province = data.get("delegation"), data.get("province")
        if delegation and province and not delegation.provinces.filter(pk=province.pk).exists():
            self.add_error("province", _("This province is not covered by the delegation."))
        return data


class HouseholdForm(forms.ModelForm):
    class Meta:
        model = HouseholdMember
        fields = ["name", "relation", "age"]


HouseholdFormSet = forms.inlineformset_factory(
    Beneficiary, HouseholdMember, form=HouseholdForm, extra=2, can_delete=True
)


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["purpose", "given", "given_by"]
        widgets = {"given": forms.RadioSelect(choices=[(True, _("given")), (False, _("refused"))])}

    signed_form = forms.FileField(label=_("Signed form (optional)"), required=False)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Attachment.Kind.choices)
    file = forms.FileField(label=_("File"), help_text=_("PDF, JPEG or PNG, 10 MB at most."))


PROBLEM_CHOICES = CaseFile.Problem.choices


def workers_of(user):
    return User.objects.visible_to(user).filter(
        role__in=[Role.SOCIAL_WORKER, Role.DELEGATE], is_active=True
    )


class CaseForm(forms.ModelForm):
    problems = forms.MultipleChoiceField(
        label=_("Problems identified"),
        choices=PROBLEM_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CaseFile
        fields = ["channel", "problems", "risk", "worker", "protection_details"]
        widgets = {"protection_details": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Whoever is assigned reads the protection details: only those who oversee assign.
        # For anyone else the field is not in the form, so a posted `worker` is ignored and
        # an edit leaves the assignment as it is.
        if can_oversee(user):
            self.fields["worker"].queryset = workers_of(user)
        else:
            del self.fields["worker"]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            if not may_read(user, CaseFile, "protection_details", self.instance):
                del self.fields["protection_details"]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=CaseFile.Status.choices)
    reason = forms.ChoiceField(
        label=_("Closure reason"),
        choices=[("", "---------"), *CaseFile.ClosureReason.choices],
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class EntryForm(forms.ModelForm):
    """Base of the timeline forms: a date, never in the future."""

    def clean_date(self):
        from django.utils import timezone

        date = self.cleaned_data["date"]
        if date and date > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        return date


class NoteForm(EntryForm):
    class Meta:
        model = Note
        fields = ["date", "kind", "text"]
        widgets = {"date": DATE, "text": forms.Textarea(attrs={"rows": 3})}


class AssessmentForm(EntryForm):
    class Meta:
        model = Assessment
        fields = ["date", *Assessment.AREAS, "summary"]
        widgets = {"date": DATE, "summary": forms.Textarea(attrs={"rows": 2})}


class PlanGoalForm(EntryForm):
    class Meta:
        model = PlanGoal
        fields = ["date", "goal", "responsible", "due_date", "progress", "state"]
        widgets = {"date": DATE, "due_date": DATE}


class ServiceDeliveryForm(EntryForm):
    class Meta:
        model = ServiceDelivery
        fields = ["date", "service", "centre", "quantity", "amount", "notes"]
        widgets = {"date": DATE}

    def __init__(self, *args, user, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.active()
        # The centres of the case's delegation: a choice among 4,200 helps nobody, and
        # rendering it on every case page cost half a second at national size.
        self.fields["centre"].queryset = Centre.objects.visible_to(user).filter(
            delegation=case.delegation_id
        )

    def clean(self):
        data = super().clean()
        if data.get("quantity") is None and data.get("amount") is None:
            raise forms.ValidationError(_("Give a quantity or an amount."))
        return data


class ReferralForm(EntryForm):
    class Meta:
        model = Referral
        fields = ["date", "target_kind", "centre", "organisation", "reason"]
        widgets = {"date": DATE, "reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, case, **kwargs):
        super().__init__(*args, **kwargs)
        # Any open centre of the case's region may receive a referral, not only the user's
        # own delegation's (farther away: refer to the institution by name).
        regions = Province.objects.filter(delegations=case.delegation_id).values("region")
        self.fields["centre"].queryset = Centre.objects.open().filter(province__region__in=regions)


class FollowUpForm(EntryForm):
    class Meta:
        model = FollowUp
        fields = ["date", "notes", "next_date"]
        widgets = {"date": DATE, "next_date": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        if data.get("next_date") and data.get("date") and data["next_date"] <= data["date"]:
            self.add_error("next_date", _("The next follow-up comes after this one."))
        return data


class MediationForm(EntryForm):
    class Meta:
        model = Mediation
        fields = ["date", "parties", "outcome", "notes"]
        widgets = {"date": DATE, "notes": forms.Textarea(attrs={"rows": 2})}


# The timeline's kinds of entry: URL name, form, and whether the form needs the user and
# the case (to offer the right centres).
ENTRY_FORMS = {
    "note": (NoteForm, False),
    "assessment": (AssessmentForm, False),
    "goal": (PlanGoalForm, False),
    "service": (ServiceDeliveryForm, True),
    "referral": (ReferralForm, True),
    "follow-up": (FollowUpForm, False),
    "mediation": (MediationForm, False),
}


# The kinds whose forms offer centres: each on a page of its own, so that the case page does
# not render hundreds of centres' names for forms that are seldom opened.
ENTRY_PAGES = {"service", "referral"}


def entry_form(kind, user, case, *args, **kwargs):
    form_class, needs_context = ENTRY_FORMS[kind]
    if needs_context:
        kwargs.update(user=user, case=case)
    return form_class(*args, prefix=kind, **kwargs)


class MergeForm(forms.Form):
    duplicate = forms.CharField(
        label=_("File number of the duplicate"), max_length=24, widget=forms.TextInput(attrs=LTR)
    )
    confirm = forms.BooleanField(
        label=_("I have checked that both files are the same person."), required=True
    )
