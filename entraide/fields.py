"""Model fields that keep the portal's common values clean on every path that writes them:
`save()`, `bulk_create()` (both through `pre_save`), `QuerySet.update()` and lookups (through
`get_prep_value`), and `full_clean()` (through `to_python`).
"""

from django import forms
from django.db import models

from .validators import (
    CIN_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    cin_validator,
    clean_text,
    normalise_cin,
    normalise_phone,
    phone_validator,
)


class _Normalised:
    """Mixin: `normalise(value)` is applied before validation and before the database."""

    def normalise(self, value):
        raise NotImplementedError

    def to_python(self, value):
        value = super().to_python(value)
        return self.normalise(value) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if isinstance(value, str):
            value = self.normalise(value)
            # The instance's own value, not through the field's descriptor: the descriptor of
            # a field translated by modeltranslation reads the active language, else the
            # other one, and writes the active language's column. Set through it, the text
            # read in the other language would be written into the active one's.
            model_instance.__dict__[self.attname] = value
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return self.normalise(value) if isinstance(value, str) else value


class CleanCharField(_Normalised, models.CharField):
    """A name or a short text: NFC, without bidirectional overrides, zero-width or control
    characters (a name with U+202E never shows reversed), without surrounding spaces."""

    def normalise(self, value):
        return " ".join(clean_text(value).split()) if value else value


class CleanTextField(_Normalised, models.TextField):
    """A free text: as CleanCharField, keeping its line breaks."""

    def normalise(self, value):
        return clean_text(value, multiline=True).strip() if value else value


class CINFormField(forms.CharField):
    """A CIN typed in a form: "be 123456" is BE123456 before any rule is checked. The box
    takes a few more characters than a CIN has, for the spaces people type."""

    default_validators = [cin_validator]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", CIN_MAX_LENGTH)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value if value in self.empty_values else normalise_cin(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if "maxlength" in attrs:
            attrs["maxlength"] = str(CIN_MAX_LENGTH + 3)
        return {**attrs, "dir": "ltr", "autocapitalize": "characters", "spellcheck": "false"}


class CINField(_Normalised, models.CharField):
    """The national identity card number, as `entraide.validators` defines it."""

    default_validators = [cin_validator]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", CIN_MAX_LENGTH)
        super().__init__(*args, **kwargs)

    def normalise(self, value):
        return normalise_cin(value)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CINFormField, **kwargs})


class PhoneField(_Normalised, models.CharField):
    """A phone number, stored as its digits (after + when typed with one)."""

    default_validators = [phone_validator]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", PHONE_MAX_LENGTH)
        super().__init__(*args, **kwargs)

    def normalise(self, value):
        return normalise_phone(value)


def with_languages(*names):
    """Each translated field's name followed by its columns in every language
    (modeltranslation's `name_ar`, `name_fr`), as QuerySet.only() must read them for the field
    to show in either language: `only(*with_languages("name", "type__name"))`."""
    from django.conf import settings

    suffixes = ["", *(f"_{code}" for code, _label in settings.LANGUAGES)]
    return [f"{name}{suffix}" for name in names for suffix in suffixes]
