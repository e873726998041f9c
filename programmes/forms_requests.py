"""The forms of aid requests: a request recorded from a person's file, a committee meeting, a
decision on one request, a delivery with its signed receipt, the requests list's filters."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from territory.models import OrgUnit

from .models import AidRequest, Item, Programme


class RequestForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), empty_label=None
    )
    need = forms.CharField(
        label=_("Need expressed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    monthly_income = forms.DecimalField(
        label=_("Declared monthly household income (MAD)"),
        required=False,
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Leave empty when the person declares none."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(is_open=True).order_by(
            "name", "code"
        )


class MeetingForm(forms.Form):
    delegation = forms.ModelChoiceField(
        label=_("Delegation"), queryset=OrgUnit.objects.none(), empty_label=None
    )
    held_on = forms.DateField(
        label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    members = forms.CharField(
        label=_("Members present"),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("Their names and roles, one per line."),
    )

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("held_on", timezone.localdate())
        if user.unit_id:
            kwargs["initial"].setdefault("delegation", user.unit_id)
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = (
            OrgUnit.objects.visible_to(user).filter(kind=OrgUnit.Kind.DELEGATION).order_by("code")
        )


DECISIONS = [
    (AidRequest.Status.APPROVED, AidRequest.Status.APPROVED.label),
    (AidRequest.Status.REJECTED, AidRequest.Status.REJECTED.label),
    (AidRequest.Status.WAITING_BUDGET, AidRequest.Status.WAITING_BUDGET.label),
]


class DecisionForm(forms.Form):
    """The committee's decision on one request; the page holds one per request, each with the
    request's id as its prefix."""

    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_("Required for a rejection, and to approve a person who is not eligible."),
    )
    item = forms.ModelChoiceField(
        label=_("Item given"),
        queryset=Item.objects.none(),
        required=False,
        help_text=_("For an approval: an item of the catalogue, or an amount."),
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, initial=1, required=False)
    amount = forms.DecimalField(
        label=_("Amount (MAD)"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
    )

    def __init__(self, *args, aid_request, **kwargs):
        kwargs.setdefault("prefix", f"r{aid_request.pk}")
        super().__init__(*args, **kwargs)
        self.aid_request = aid_request
        self.fields["item"].queryset = Item.objects.filter(is_active=True).order_by(
            "position", "code"
        )

    def clean(self):
        data = super().clean()
        if data.get("decision") == AidRequest.Status.APPROVED:
            if not data.get("item") and data.get("amount") is None:
                raise ValidationError(_("Give an item of the catalogue or an amount."))
            if data.get("item") and data.get("amount") is not None:
                raise ValidationError(_("Give an item of the catalogue or an amount, not both."))
        return data

    def entitlement(self):
        data = self.cleaned_data
        if data.get("item"):
            return {"item": data["item"], "quantity": data.get("quantity") or 1}
        return {"amount": data.get("amount")}


class DeliverForm(forms.Form):
    receipt = forms.FileField(
        label=_("Signed receipt"),
        help_text=_(
            "The receipt signed or marked with the thumbprint of the person, scanned: PDF, "
            "JPEG or PNG, 10 MB at most."
        ),
    )


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + list(AidRequest.Status.choices),
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        required=False,
        queryset=Programme.objects.order_by("name", "code"),
        to_field_name="code",
        empty_label=_("All"),
    )
