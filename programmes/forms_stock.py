"""The store's forms: a lot received, a lot counted, a donation recorded. The delegation is the
page's, never a field."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Donation, Item, Programme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _not_in_the_future(day):
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))
    return day


class LotForm(forms.Form):
    """Units received into the store: from one of the delegation's donations, or a purchase."""

    item = forms.ModelChoiceField(label=_("item"), queryset=Item.objects.none())
    quantity = forms.IntegerField(label=_("quantity"), min_value=1, max_value=10_000_000)
    donation = forms.ModelChoiceField(
        label=_("from the donation"), queryset=Donation.objects.none(), required=False
    )
    purchase = forms.CharField(
        label=_("or the purchase reference"),
        max_length=60,
        required=False,
        help_text=_("A market, an order."),
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    received_on = forms.DateField(label=_("received on"), widget=DATE)

    def __init__(self, *args, delegation, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("received_on", timezone.localdate())
        self.fields["item"].queryset = Item.objects.active()
        self.fields["donation"].queryset = Donation.objects.filter(delegation=delegation)

    def clean_received_on(self):
        return _not_in_the_future(self.cleaned_data["received_on"])

    def clean(self):
        data = super().clean()
        donation, purchase = data.get("donation"), (data.get("purchase") or "").strip()
        if "donation" in data and "purchase" in data:
            if donation is None and not purchase:
                self.add_error("donation", _("Say which donation or purchase the lot comes from."))
            elif donation is not None and purchase:
                self.add_error(
                    "purchase", _("A lot comes from a donation or a purchase, not both.")
                )
        return data


class CountForm(forms.Form):
    """What a count of a lot found, and why it differs from what the store believed."""

    found = forms.IntegerField(label=_("units found"), min_value=0, max_value=10_000_000)
    reason = forms.CharField(
        label=_("reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_("A broken unit, a mistake at reception, a unit found."),
    )


class DonationForm(forms.ModelForm):
    class Meta:
        model = Donation
        fields = ["donor", "kind", "amount", "programme", "received_on", "note"]
        widgets = {
            "donor": forms.TextInput(attrs={"dir": "auto"}),
            "received_on": DATE,
            "note": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.all()

    def clean_received_on(self):
        return _not_in_the_future(self.cleaned_data["received_on"])
