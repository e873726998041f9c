"""<select> written in Python gives the HTML Django's templates give, for every kind."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

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
