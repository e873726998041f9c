from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from entraide.fields import CINFormField
from entraide.forms import each_in_its_direction
from entraide.templatetags.portal import listing
from entraide.uploads import HeldUploads
from entraide.validators import DOCUMENT_TYPES, check_upload, normalise_cin, normalise_phone
from territory.models import OrgUnit, Province

from .models import (
    Application,
    ApplicationDocument,
    Category,
    Competition,
    PostLine,
    ReservedShare,
    Specialty,
)

ACCEPT = ",".join(DOCUMENT_TYPES)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CompetitionForm(forms.ModelForm):
    class Meta:
        model = Competition
        fields = [
            "reference",
            "title_ar",
            "title_fr",
            "notice_ar",
            "notice_fr",
            "year",
            "unit",
            "opens_at",
            "deadline",
            "exam_date",
            "exam_place_ar",
            "exam_place_fr",
            "written_coefficient",
            "oral_coefficient",
            "oral_minimum",
            "pass_mark",
            "written_call_ratio",
            "waiting_list_ratio",
            "public_list_masks_cin",
            "public_list_shows_birth_date",
            "max_upload_mb",
        ]
        widgets = {
            "opens_at": DateTimeInput(),
            "deadline": DateTimeInput(),
            "exam_date": DateInput(),
            "notice_ar": forms.Textarea(attrs={"rows": 6}),
            "notice_fr": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "deadline": _("Date and hour, Casablanca time."),
            "notice_fr": _(
                "One language is enough for a draft; the notice is published with both."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The notice may be drafted in one language (Competition.clean asks for one); it is
        # published only with both (services.competition_change_status).
        for name in ("title_ar", "title_fr"):
            self.fields[name].required = True
        each_in_its_direction(self)
        self.fields["unit"].queryset = OrgUnit.objects.visible_to(user)
        self.fields["year"].initial = timezone.localdate().year
        if self.instance.pk and self.instance.status != Competition.Status.DRAFT:
            # Published: the deadline moves only by an extension, which the notice shows.
            self.fields["deadline"].disabled = True
            self.fields["deadline"].help_text = _(
                "Extend the deadline from the competition's page."
            )


class PostLineForm(forms.ModelForm):
    class Meta:
        model = PostLine
        fields = [
            "grade",
            "specialties",
            "posts",
            "diplomas_ar",
            "diplomas_fr",
            "min_age",
            "max_age",
        ]
        widgets = {"specialties": forms.CheckboxSelectMultiple}
        help_texts = {
            "diplomas_fr": _(
                "One language is enough for a draft; the notice is published with both."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        each_in_its_direction(self)


class ReservedShareForm(forms.ModelForm):
    class Meta:
        model = ReservedShare
        fields = ["category", "percent"]


class ExtensionForm(forms.Form):
    new_deadline = forms.DateTimeField(label=_("New deadline"), widget=DateTimeInput())
    decided_on = forms.DateField(
        label=_("Decided on"), widget=DateInput(), initial=timezone.localdate
    )
    reason = forms.CharField(label=_("Reason"), max_length=255)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Competition.Status.choices)


class ApplicationForm(forms.ModelForm):
    """The public application form. The documents are fields of their own, each checked for
    type, size and content here (and again by the service). A document accepted while the
    form is refused is held (entraide.uploads.HeldUploads) and used when the form comes back
    without a new file for it: the candidate attaches it once."""

    # Required, or the card for the disability share: checked in clean(), a held file counts.
    cin_copy = forms.FileField(label=_("Copy of the CIN"), required=False)
    diploma_copy = forms.FileField(label=_("Copy of the diploma"), required=False)
    cv = forms.FileField(label=_("Curriculum vitae"), required=False)
    card = forms.FileField(
        label=_("Disability card or category certificate"),
        required=False,
        help_text=_("Required when you apply on a reserved share."),
    )

    DOCUMENT_FIELDS = {
        "cin_copy": ApplicationDocument.Kind.CIN,
        "diploma_copy": ApplicationDocument.Kind.DIPLOMA,
        "cv": ApplicationDocument.Kind.CV,
        "card": ApplicationDocument.Kind.CARD,
    }
    REQUIRED_DOCUMENTS = ("cin_copy", "diploma_copy")

    class Meta:
        model = Application
        fields = [
            "post_line",
            "cin",
            "first_name_ar",
            "last_name_ar",
            "first_name_lat",
            "last_name_lat",
            "sex",
            "birth_date",
            "email",
            "phone",
            "province",
            "diploma",
            "specialty",
            "category",
            "accommodation_requested",
            "accommodation_details",
        ]
        widgets = {
            "birth_date": DateInput(),
            "post_line": forms.RadioSelect,
            "accommodation_details": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "cin": _("As on your national identity card, e.g. AB123456."),
            "accommodation_details": _(
                "For a candidate with a disability: what you need for the exams."
            ),
        }

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.competition = competition
        # Typed with a space or in lower case ("ab 123456"): tidied before the model checks it.
        self.fields["cin"].max_length = 12
        self.fields["cin"].widget.attrs["maxlength"] = 12
        self.fields["cin"].validators = []
        self.fields["phone"].max_length = 24
        self.fields["phone"].widget.attrs["maxlength"] = 24
        self.fields["phone"].validators = []
        lines = competition.lines.select_related("grade").prefetch_related("specialties")
        self.fields["post_line"].queryset = lines
        self.fields["post_line"].empty_label = None
        self.fields["post_line"].label_from_instance = line_label
        self.fields["specialty"].queryset = Specialty.objects.active()
        self.fields["province"].queryset = Province.objects.select_related("region")
        self.fields["category"].choices = [("", _("none"))] + [
            (s.category, s.get_category_display()) for s in competition.reserved_shares.all()
        ]
        for name in self.DOCUMENT_FIELDS:
            self.fields[name].widget.attrs["accept"] = ACCEPT
        self.max_upload_size = competition.max_upload_mb * 1024 * 1024
        self.held_uploads = HeldUploads(
            self.data.get("held", ""), scope=f"recruitment.apply:{competition.reference}"
        )
        for name in ("first_name_ar", "last_name_ar"):
            self.fields[name].widget.attrs.update(dir="rtl", lang="ar")
        for name in ("first_name_lat", "last_name_lat", "cin", "email", "phone"):
            self.fields[name].widget.attrs.update(dir="ltr")

    def clean_cin(self):
        return normalise_cin(self.cleaned_data.get("cin"))

    def clean_phone(self):
        # "06 61 23 45 67" is 0661234567: the model's rule (entraide.validators) then checks it.
        return normalise_phone(self.cleaned_data.get("phone"))

    def _document(self, name):
        """The file sent for `name`, checked; else the one held from an earlier sending."""
        upload = self.cleaned_data.get(name)
        if not upload:
            return self.held_uploads.get(name)
        try:
            check_upload(upload, max_size=self.max_upload_size)
        except forms.ValidationError as error:
            raise forms.ValidationError(
                _("“%(file)s” is refused: %(reason)s"),
                code=error.code,
                # Isolated (FSI … PDI): a Latin file name inside an Arabic sentence.
                params={"file": f"\u2068{upload.name}\u2069", "reason": " ".join(error.messages)},
            ) from None
        return upload

    def clean_cin_copy(self):
        return self._document("cin_copy")

    def clean_diploma_copy(self):
        return self._document("diploma_copy")

    def clean_cv(self):
        return self._document("cv")

    def clean_card(self):
        return self._document("card")

    def keep_documents(self):
        """Before the form is shown again: hold each document just sent that was accepted,
        in place of the one held for it before."""
        for name in self.DOCUMENT_FIELDS:
            upload = self.files.get(name)
            if upload and name not in self.errors:
                self.held_uploads.hold(name, upload)

    @property
    def has_field_errors(self):
        return any(name != forms.forms.NON_FIELD_ERRORS for name in self.errors)

    @property
    def held_token(self):
        return self.held_uploads.token()

    @property
    def held_names(self):
        held = self.held_uploads.names()
        return {name: held.get(name, "") for name in self.DOCUMENT_FIELDS}

    def clean(self):
        data = super().clean()
        required = list(self.REQUIRED_DOCUMENTS)
        if data.get("category") == "disability":
            required.append("card")
        for name in required:
            if name not in self.errors and not data.get(name):
                self.add_error(name, _("Attach this document."))
        if data.get("accommodation_requested") and not data.get("accommodation_details"):
            self.add_error("accommodation_details", _("Say what you need for the exams."))
        line, specialty = data.get("post_line"), data.get("specialty")
        if line and specialty and not line.specialties.filter(pk=specialty.pk).exists():
            self.add_error(
                "specialty", _("This post is not open to this specialty: choose another post.")
            )
        return data

    def documents(self):
        return {kind: self.cleaned_data.get(name) for name, kind in self.DOCUMENT_FIELDS.items()}


def line_label(line):
    specialties = listing(line.specialty_names)  # the comma of the page's language
    return ngettext(
        "%(grade)s · %(specialties)s · %(posts)s post",
        "%(grade)s · %(specialties)s · %(posts)s posts",
        line.posts,
    ) % {
        "grade": line.grade_name,
        "specialties": specialties,
        "posts": line.posts,
    }


class VoidForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason for voiding"),
        choices=[("", "---------"), *Application.VoidReason.choices],
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=255,
        required=False,
        help_text=_("Required when the reason is “other reason”. The candidate does not see it."),
    )


class StatusCheckForm(forms.Form):
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=12)
    # "be 123456" is BE123456, as everywhere in the portal.
    cin = CINFormField(label=_("CIN"))


class ApplicationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=60,
        help_text=_("Name, CIN or receipt number."),
    )
    post_line = forms.ModelChoiceField(PostLine.objects.none(), label=_("Post"), required=False)
    eligibility = forms.ChoiceField(
        label=_("Eligibility"),
        choices=[("", "---------"), *Application.Eligibility.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "---------"), *Application.Status.choices], required=False
    )
    category = forms.ChoiceField(
        label=_("Reserved category"), choices=[("", "---------"), *Category.choices], required=False
    )

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post_line"].queryset = competition.lines.select_related("grade")

    def filter(self, applications):
        from django.db.models import Q

        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("q"):
            text = data["q"].strip()
            applications = applications.filter(
                Q(cin__iexact=text)
                | Q(receipt_number__iexact=text)
                | Q(last_name_lat__icontains=text)
                | Q(first_name_lat__icontains=text)
                | Q(last_name_ar__icontains=text)
                | Q(first_name_ar__icontains=text)
            )
        for name in ("post_line", "eligibility", "status", "category"):
            if data.get(name):
                applications = applications.filter(**{name: data[name]})
        return applications


class ScreeningForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("eligible", _("eligible")), ("rejected", _("not eligible"))],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("Reason for rejection"),
        choices=[("", "---------"), *Application.RejectionReason.choices],
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "rejected" and not data.get("reason"):
            self.add_error("reason", _("Give the coded reason for the rejection."))
        return data
