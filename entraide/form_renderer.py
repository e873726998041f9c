"""The form renderer: Django's, but for the widgets whose templates cost the most.

A <select> is rendered by Django through a template per option (select_option.html, and
attrs.html inside it): a filter form of the centre list, with its regions, delegations,
provinces, types and services, spent half of the page's time there (make bench; cProfile).
An <input> goes through three templates (text.html includes input.html, which includes
attrs.html): 0.7 ms of the people search's page on the bench's machine for its one field,
as much for each field of a form. The same HTML is written here in Python, from the same
context (the widget's `optgroups`, `value` and `attrs`), escaped the same way. Any other
widget, or one given a template of its own, goes through Django's templates as before."""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
# Django's templates that are input.html and nothing else.
INPUTS = {
    f"django/forms/widgets/{kind}.html"
    for kind in (
        *("input", "text", "search", "number", "email", "url", "tel", "password", "hidden"),
        *("date", "datetime", "time", "color"),
    )
}


def _attrs(attrs):
    """django/forms/widgets/attrs.html: ` name="value"`, a bare ` name` for True, nothing
    for False."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {conditional_escape(name)}")
        else:
            out.append(f' {conditional_escape(name)}="{_formatted(value)}"')
    return "".join(out)


def render_select(widget):
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in options:
            if option["template_name"] != OPTION:
                return None  # an option of its own kind: Django's templates
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above


def _formatted(value):
    """`{{ value|stringformat:'s' }}`: the value as text, escaped unless it is safe already."""
    return conditional_escape(value if isinstance(value, SafeData) else "%s" % (value,))  # noqa: UP031 - stringformat's own


def render_input(widget):
    """django/forms/widgets/input.html (with attrs.html)."""
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return mark_safe(  # noqa: S308 - every value escaped
        f'<input type="{conditional_escape(widget["type"])}"'
        f' name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
    )


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            html = render_select(context["widget"])
            if html is not None:
                return html
        elif template_name in INPUTS:
            return render_input(context["widget"])
        return super().render(template_name, context, request)
