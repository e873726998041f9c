import datetime

from django import forms
from django.db.models import Model, QuerySet
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, Service, TargetGroup
from entraide.models import User
from entraide.periods import Period
from entraide.protection import may_read
from entraide.roles import Role
from entraide.templatetags.portal import listing
from entraide.validators import check_name_scripts, normalise_cin, normalise_phone
from partnerships.models import Association
from territory.forms import visible_delegations
from territory.models import OrgUnit, Province

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


class PeriodFilterField(forms.CharField):
    """A period as written in a URL: 2026-11, 2026-Q4 or 2026."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return Period.parse(value)
        except ValueError as error:
            raise forms.ValidationError(error.args[0]) from None


class StateFilterField(forms.ChoiceField):
    def label_of(self, value):
        return dict(self.choices)[value]


class WorkerFilterField(StateFilterField):
    ME, NOBODY = "me", "none"

    def __init__(self, **kwargs):
        super().__init__(choices=[(self.ME, _("me")), (self.NOBODY, _("nobody"))], **kwargs)


class ListFilterForm(forms.Form):
    """The filters of a list, read from its URL: a report's figure links to its very rows this
    way. Each valid filter narrows the rows and is shown as one the user can remove; a bad one
    is dropped, with its error."""

    unit = forms.CharField(required=False, max_length=30)
    worker = WorkerFilterField(required=False)

    scope = "delegation"  # the lookup from a row to its owning unit
    worker_field = "case__worker"  # the lookup from a row to its case's social worker
    # filter: (what the user reads, with %(value)s; how it narrows the rows)
    narrowing = {}

    def __init__(self, data, *, user, today):
        super().__init__(data)
        self.user, self.today = user, today
        self.is_valid()

    def clean_unit(self):
        from territory.models import OrgUnit

        code = self.cleaned_data["unit"]
        if not code:
            return None
        unit = OrgUnit.objects.visible_to(self.user).filter(code=code).first()
        if unit is None:
            raise forms.ValidationError(_("No unit with this code in your scope."))
        return unit

    def apply(self, rows):
        """The rows every valid filter keeps, and [(filter, what the user reads)]."""
        from territory.models import OrgUnit

        active = []
        for name, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            if name == "unit":
                units = OrgUnit.objects.under(value).values("pk")
                rows = rows.filter(**{f"{self.scope}__in": units})
                active.append((name, value.name))
                continue
            if name == "worker":
                # "me" is whoever reads the list: the home page links each user to their own.
                if value == WorkerFilterField.ME:
                    rows = rows.filter(**{self.worker_field: self.user})
                else:
                    rows = rows.filter(**{f"{self.worker_field}__isnull": True})
                shown = self.fields[name].label_of(value)
                active.append((name, _("Social worker: %(value)s") % {"value": shown}))
                continue
            text, narrow = self.narrowing[name]
            rows = narrow(rows, value, self.today)
            shown = value.label if isinstance(value, Period) else self.fields[name].label_of(value)
            active.append((name, text % {"value": shown}))
        return rows, active

    @property
    def has_period(self):
        return any(isinstance(value, Period) for value in self.cleaned_data.values())


class CaseFilterForm(ListFilterForm):
    status = StateFilterField(required=False, choices=CaseFile.Status.choices)
    open = StateFilterField(required=False, choices=[("1", _("not closed"))])
    opened = PeriodFilterField(required=False)
    closed = PeriodFilterField(required=False)

    worker_field = "worker"
    narrowing = {
        "status": (_("Status: %(value)s"), lambda rows, status, today: rows.filter(status=status)),
        "open": (_("Status: %(value)s"), lambda rows, flag, today: rows.open()),
        "opened": (
            _("Opened in %(value)s"),
            lambda rows, period, today: rows.opened_between(period.start, period.end),
        ),
        "closed": (
            _("Closed in %(value)s"),
            lambda rows, period, today: rows.closed_between(period.start, period.end),
        ),
    }


class ReferralFilterForm(ListFilterForm):
    state = StateFilterField(required=False, choices=Referral.State.choices)
    overdue = StateFilterField(required=False, choices=[("1", _("unanswered past its deadline"))])
    made = PeriodFilterField(required=False)
    completed = PeriodFilterField(required=False)

    scope = "case__delegation"
    narrowing = {
        "state": (_("State: %(value)s"), lambda rows, state, today: rows.filter(state=state)),
        "overdue": (_("State: %(value)s"), lambda rows, flag, today: rows.overdue()),
        "made": (
            _("Made in %(value)s"),
            lambda rows, period, today: rows.made_between(period.start, period.end),
        ),
        "completed": (
            _("Completed in %(value)s"),
            lambda rows, period, today: rows.completed_between(period.start, period.end),
        ),
    }


class FollowUpFilterForm(ListFilterForm):
    overdue = PeriodFilterField(required=False)

    scope = "case__delegation"
    narrowing = {
        "overdue": (
            _("Overdue at the end of %(value)s"),
            lambda rows, period, today: rows.overdue(period.start, period.end, today),
        ),
    }


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
    # The version of the file the form was shown with (services.beneficiary_update).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

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
            "rsu_id",
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
            "rsu_id": forms.TextInput(attrs={**LTR, "inputmode": "numeric"}),
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
        check_name_scripts(self)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

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


# The members one file may list. Django's own cap is 2,000 forms: a POST claiming that many
# (household-TOTAL_FORMS) made the page build and render 2,000 rows, 4 s of a server's CPU.
# The page shows the members and two empty rows, never more than this; more is refused.
HOUSEHOLD_MAX = 30

HouseholdFormSet = forms.inlineformset_factory(
    Beneficiary,
    HouseholdMember,
    form=HouseholdForm,
    extra=2,
    can_delete=True,
    max_num=HOUSEHOLD_MAX,
    absolute_max=HOUSEHOLD_MAX,
    validate_max=True,
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
            # A new case is the creator's unless they choose someone else.
            if not self.instance.pk and self.fields["worker"].queryset.filter(pk=user.pk).exists():
                self.fields["worker"].initial = user.pk
        else:
            del self.fields["worker"]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            if not may_read(user, CaseFile, "protection_details", self.instance):
                del self.fields["protection_details"]


class CaseFileAdminForm(forms.ModelForm):
    """The admin's form of a case: a status set there obeys the rules of the portal's status
    action (services.check_case_status)."""

    def clean(self):
        from . import services

        data = super().clean()
        status = data.get("status")
        if status and "status" in self.changed_data:
            try:
                services.check_case_status(self.instance, status)
            except forms.ValidationError as error:
                self.add_error(None, error)
        return data


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

    scale = None  # a legend of the scores (AssessmentForm)

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
    # The id of the scale's legend, which every score points to (aria-describedby).
    SCALE_ID = "assessment-scale"

    class Meta:
        model = Assessment
        fields = ["date", *Assessment.AREAS, "summary"]
        widgets = {"date": DATE, "summary": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for area in Assessment.AREAS:
            self.fields[area].widget.attrs.update(
                {"min": 0, "max": 4, "aria-describedby": self.SCALE_ID}
            )

    @property
    def scale(self):
        """What each score means, for the legend beside the scores."""
        return Assessment.Level.choices


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
        fields = [
            "date",
            "target_kind",
            "centre",
            "association",
            "organisation",
            "service",
            "urgency",
            "reason",
        ]
        widgets = {"date": DATE, "reason": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "association": _(
                "A partner association of the region: it answers from the portal when it has "
                "accounts there. Another one, or an outside institution: name it below."
            ),
            "urgency": _(
                "Urgent: a danger or a crisis. The answer is then due within hours, not days."
            ),
        }

    def __init__(self, *args, user, case, **kwargs):
        super().__init__(*args, **kwargs)
        # Any open centre of the case's region may receive a referral, not only the user's
        # own delegation's (farther away: refer to the institution by name).
        regions = Province.objects.filter(delegations=case.delegation_id).values("region")
        self.fields["centre"].queryset = Centre.objects.open().filter(province__region__in=regions)
        self.fields["association"].queryset = Association.objects.filter(
            province__region__in=regions, status=Association.Status.ACTIVE
        ).order_by("name")
        self.fields["service"].queryset = Service.objects.active()
        # Normal unless said otherwise (a form posted without it, as before it existed).
        self.fields["urgency"].required = False

    def clean_urgency(self):
        return self.cleaned_data.get("urgency") or Referral.Urgency.NORMAL

    def clean(self):
        data = super().clean()
        # What belongs to another kind of receiver is dropped, not refused: the form shows
        # every field at once.
        if data.get("target_kind") != Referral.TargetKind.CENTRE:
            data["centre"] = None
        if data.get("target_kind") != Referral.TargetKind.ASSOCIATION:
            data["association"] = None
        elif data.get("association") is not None:
            data["organisation"] = ""
        return data


class RefusalForm(forms.Form):
    """A centre refuses a referral: why, in the catalogue's words, and a note."""

    refusal_reason = forms.ChoiceField(
        label=_("Reason for refusing"),
        choices=[("", "---------"), *Referral.RefusalReason.choices],
    )
    refusal_note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the reason is “other reason”."),
    )

    def __init__(self, *args, referral=None, **kwargs):
        # The fields of each referral's form have ids of their own: a list shows many.
        prefix = f"refuse-{referral.pk}" if referral is not None else None
        super().__init__(*args, prefix=prefix, **kwargs)

    def clean(self):
        data = super().clean()
        if (
            data.get("refusal_reason") == Referral.RefusalReason.OTHER
            and not (data.get("refusal_note") or "").strip()
        ):
            self.add_error("refusal_note", _("Say why the referral is refused."))
        return data


class InboxFilterForm(forms.Form):
    """The inbox of a centre's manager: the referrals in one state, of one of their centres."""

    AWAITING, ACCEPTED, CLOSED = "sent", "accepted", "closed"

    state = forms.ChoiceField(
        required=False,
        choices=[
            (AWAITING, _("Awaiting an answer")),
            (ACCEPTED, _("Accepted, service under way")),
            (CLOSED, _("Closed")),
        ],
    )
    centre = forms.ModelChoiceField(
        label=_("Centre"),
        queryset=Centre.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All my centres"),
    )
    # Those awaiting an answer past their deadline only (the home page's link).
    overdue = forms.BooleanField(required=False)

    STATES = {
        AWAITING: [Referral.State.SENT],
        ACCEPTED: [Referral.State.ACCEPTED],
        CLOSED: [Referral.State.REFUSED, Referral.State.COMPLETED, Referral.State.WITHDRAWN],
    }

    def __init__(self, data, *, centres):
        super().__init__(data)
        self.fields["centre"].queryset = centres
        self.is_valid()

    def value(self, name):
        return self.cleaned_data.get(name) if self.is_bound else None

    @property
    def chosen_state(self):
        if self.value("overdue"):
            return self.AWAITING
        return self.value("state") or self.AWAITING


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


# A form refused because someone saved the record meanwhile (services.ConflictError) --------------


def on_top_of(data, saved, prefix=None):
    """The refused form's data, carrying the saved record's version: shown again and submitted
    again, it saves on top of the version the user now sees, not the one first read."""
    data = data.copy()
    data[f"{prefix}-version" if prefix else "version"] = saved.version
    return data


def _key(value):
    """What a value is, for comparing a form's value with a record's."""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, QuerySet | list | tuple | set):
        return frozenset(_key(item) for item in value)
    if value in (None, ""):
        return None
    return value


def _shown(field, value):
    """A value as the page shows it: choices by their labels, records by their names."""
    if isinstance(value, QuerySet | list | tuple | set):
        return listing(_shown(field, item) for item in value) or "—"
    if value in (None, ""):
        return "—"
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    choices = getattr(field, "choices", None)
    if choices is not None:
        return str(dict(choices).get(value, value))
    return str(value)


def differences(form, saved, user):
    """Where a validated form's values differ from the saved record's: for each such field,
    its name and label, and both values as the page shows them ("yours", "saved"), for the
    fields of the form that `user` may read on the saved record, never the others
    (entraide.protection)."""
    rows = []
    model = type(saved)
    for name, field in form.fields.items():
        if name == "version" or name not in form.cleaned_data:
            continue
        if not may_read(user, model, name, saved):
            continue
        yours = form.cleaned_data[name]
        now = getattr(saved, name)
        if model._meta.get_field(name).many_to_many:
            now = list(now.all())
        if _key(yours) != _key(now):
            rows.append(
                {
                    "name": name,
                    "label": field.label,
                    "yours": _shown(field, yours),
                    "saved": _shown(field, now),
                }
            )
    return rows


# Files that move between delegations ------------------------------------------------------------


class TransferForm(forms.Form):
    """The owning side asks another delegation to take over a file."""

    to = forms.ModelChoiceField(
        label=_("Receiving delegation"),
        queryset=OrgUnit.objects.none(),
        to_field_name="code",
    )
    province = forms.ModelChoiceField(
        label=_("Province where the person now lives"),
        queryset=Province.objects.none(),
        help_text=_("A province the receiving delegation covers."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    override_reason = forms.CharField(
        label=_("Reason for sharing without consent"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the person has not consented to the sharing of their data."),
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        delegations = (
            OrgUnit.objects.delegations().exclude(pk=person.delegation_id).order_by("name")
        )
        self.fields["to"].queryset = delegations
        self.fields["province"].queryset = Province.objects.order_by("name")
        # Offered under the delegation that covers them: on a phone, a list of 75 provinces
        # out of order hides the right one.
        self.fields["province"].choices = [
            ("", "---------"),
            *(
                (delegation.name, [(p.pk, p.name) for p in delegation.provinces.all()])
                for delegation in delegations.prefetch_related("provinces")
            ),
        ]

    def clean(self):
        data = super().clean()
        to, province = data.get("to"), data.get("province")
        if to and province and not to.provinces.filter(pk=province.pk).exists():
            self.add_error("province", _("This province is not covered by the delegation."))
        return data


class ElsewhereRequestForm(forms.Form):
    """A worker asks the owner of a file they may not see: for the file, or to read it."""

    kind = forms.ChoiceField(
        label=_("Ask for"),
        choices=[
            ("transfer", _("the transfer of the file to my delegation")),
            ("read", _("read access to the file for 30 days")),
        ],
        widget=forms.RadioSelect,
        initial="transfer",
    )
    province = forms.ModelChoiceField(
        label=_("Province where the person now lives"),
        queryset=Province.objects.none(),
        required=False,
        help_text=_("For a transfer: a province your delegation covers."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        # Shown beside the person form, whose fields have the same names.
        super().__init__(*args, prefix="elsewhere", **kwargs)
        unit = user.unit
        self.fields["province"].queryset = (
            unit.provinces.order_by("name") if unit is not None else Province.objects.none()
        )

    def clean(self):
        data = super().clean()
        if data.get("kind") == "transfer" and not data.get("province"):
            self.add_error("province", _("Choose the province where the person now lives."))
        return data


class DecisionForm(forms.Form):
    """The deciding delegate's answer to a request about a file."""

    override_reason = forms.CharField(
        label=_("Reason for sharing without consent"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the person has not consented to the sharing of their data."),
    )
    refusal_note = forms.CharField(
        label=_("Reason for refusing"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReassignForm(forms.Form):
    """A delegate gives many cases to one worker at once."""

    cases = forms.ModelMultipleChoiceField(
        label=_("Cases"),
        queryset=CaseFile.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        to_field_name="number",
        error_messages={"required": _("Choose at least one case.")},
    )
    worker = forms.ModelChoiceField(label=_("Assign to"), queryset=User.objects.none())

    def __init__(self, *args, user, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases
        self.fields["worker"].queryset = workers_of(user).order_by("last_name", "first_name")
