from django import forms
from django.utils.text import capfirst

from .models import Channel, Kind


class PreferencesForm(forms.Form):
    """One choice of channel per kind of notification, a field named after the kind."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=capfirst(kind.label), choices=Channel.choices, initial=Channel.PORTAL
            )
