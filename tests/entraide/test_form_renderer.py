"""<select> written in Python gives the HTML Django's templates give, for every kind."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from entraide.form_renderer import FormRenderer


class Sample(forms.Form):
    plain = forms.ChoiceField(choices=[("", "---------"), ("a", "Alpha"), ("b", "B & <b>")])
    grouped = forms.ChoiceField(
        choices=[("Maroc", [("kho", "خريبكة"), ("rab", "Rabat")]), ("x", 'Quote "x"')],
        required=False,
    )
    several = forms.MultipleChoiceField(choices=[("1", "One"), ("2", "Two")], required=False)
    yes_no = forms.NullBooleanField(required=False)
    attrs = forms.ChoiceField(
        choices=[("1", "One")],
        widget=forms.Select(attrs={"data-testid": "t<1>", "disabled": True, "autofocus": False}),
    )


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"plain": "b", "grouped": "rab", "several": ["1", "2"], "yes_no": "true", "attrs": "1"},
        {"plain": "zz", "grouped": "", "several": ["3"], "attrs": "<script>"},
    ],
)
def test_select_html_is_djangos(data):
    for name in Sample.base_fields:
        ours = Sample(data, renderer=FormRenderer())[name].as_widget()
        django = Sample(data, renderer=DjangoTemplates())[name].as_widget()
        assert ours == django, name


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_named_model_choice_field_renders_and_cleans_as_a_model_choice_field(language):
    """entraide.forms.NamedModelChoiceField reads (pk, name) instead of making instances: the
    same options, names translated the same, the same choice returned."""
    from django import forms as django_forms
    from django.utils import translation
    from django.utils.html import escape

    from centres.models import CentreType
    from entraide.forms import NamedModelChoiceField
    from territory.models import OrgUnit

    for queryset in (CentreType.objects.all(), OrgUnit.objects.delegations().order_by("code")):

        class Plain(django_forms.Form):
            choice = django_forms.ModelChoiceField(queryset, required=False)

        class Named(django_forms.Form):
            choice = NamedModelChoiceField(queryset, required=False)

        chosen = queryset[3]
        with translation.override(language):
            for data in (None, {"choice": str(chosen.pk)}):
                plain, named = Plain(data), Named(data)
                assert str(named["choice"]) == str(plain["choice"])
                assert escape(chosen.name) in str(named["choice"])
            assert f'value="{chosen.pk}" selected' in str(named["choice"])
            assert named.is_valid() and named.cleaned_data["choice"] == chosen
            refused = Named({"choice": "0"})
            assert not refused.is_valid() and "choice" in refused.errors


class Inputs(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"autofocus": True, "data-x": "a<b"}))
    search = forms.CharField(widget=forms.SearchInput(attrs={"type": "search", "off": False}))
    number = forms.DecimalField(widget=forms.NumberInput(attrs={"step": 0.5, "min": None}))
    email = forms.EmailField()
    url = forms.URLField(assume_scheme="https")
    tel = forms.CharField(widget=forms.TelInput)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    when = forms.DateTimeField()
    time = forms.TimeField()
    color = forms.CharField(widget=forms.ColorInput)
    safe = forms.CharField(initial=mark_safe("<b>kept</b>"))  # noqa: S308 - the case tested


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"text": "x \"<y>\" & 'z'", "search": "كريمة", "number": "1.5", "email": "a@b.ma"},
        {"date": "2026-12-06", "when": "2026-12-06 10:00", "time": "10:00", "hidden": "&amp;"},
        {"password": "p<w>", "url": "https://x.ma/?a=1&b=2", "tel": "+212 6", "color": "#fff"},
    ],
)
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_input_html_is_djangos(data, language):
    from django.utils import translation

    with translation.override(language):
        for name in Inputs.base_fields:
            ours = Inputs(data, renderer=FormRenderer())[name].as_widget()
            django = Inputs(data, renderer=DjangoTemplates())[name].as_widget()
            assert ours == django, name
