"""The component set of templates/components/: each component renders the markup its header
promises, and the pages use the components instead of writing the same markup by hand."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def render(name, **context):
    with translation.override("en"):
        return render_to_string(f"components/{name}.html", context).strip()


@pytest.mark.parametrize(
    ("context", "markup"),
    [
        (
            {"kind": "status", "value": "open", "label": "open"},
            '<span class="badge status-open">open</span>',
        ),
        (
            {
                "kind": "convention",
                "value": "in_force",
                "label": "in force",
                "testid": "convention-status",
            },
            '<span class="badge convention-in_force" data-testid="convention-status">'
            "in force</span>",
        ),
        (
            {"kind": "flag", "label": "overdue"},
            '<span class="badge flag">overdue</span>',
        ),
        (
            {
                "kind": "status",
                "value": "open",
                "label": "done",
                "note": mark_safe("<bdi>01/02/2026</bdi>"),
            },  # noqa: S308
            '<span class="badge status-open">done <bdi>01/02/2026</bdi></span>',
        ),
    ],
)
def test_badge_renders_its_kind_value_and_label(context, markup):
    assert render("badge", **context) == markup


@pytest.mark.parametrize(
    ("context", "markup"),
    test_badge_renders_its_kind_value_and_label.pytestmark[0].args[1],
)
def test_the_badge_tag_writes_the_components_markup(context, markup):
    """{% badge %}, for long lists, without an include: the same markup."""
    from django.template import Context, Template

    arguments = " ".join(f"{name}={name}" for name in context if name not in ("kind", "label"))
    template = Template("{% load portal %}{% badge kind label " + arguments + " %}")
    assert template.render(Context(context)) == markup
    escaped = Template("{% load portal %}{% badge 'case' label value='open' %}")
    assert (
        escaped.render(Context({"label": "<b>"}))
        == '<span class="badge case-open">&lt;b&gt;</span>'
    )


def test_badge_escapes_its_label():
    assert (
        render("badge", kind="case", value="open", label="<b>")
        == '<span class="badge case-open">&lt;b&gt;</span>'
    )


@pytest.mark.parametrize(
    ("level", "role"),
    [
        ("info", ' role="status"'),
        ("success", ' role="status"'),
        ("warning", ""),
        ("error", ' role="alert"'),
    ],
)
def test_notice_is_an_alert_only_for_an_error(level, role):
    assert (
        render("notice", level=level, text="Saved.")
        == f'<p class="notice notice-{level}"{role}>Saved.</p>'
    )


def test_notice_carries_its_test_id():
    html = render("notice", level="warning", text="Read-only.", testid="activity-notice")
    assert html == '<p class="notice notice-warning" data-testid="activity-notice">Read-only.</p>'


def test_empty_state_says_its_text_or_a_default():
    assert render("empty", text="No convention.") == '<p class="empty-state">No convention.</p>'
    assert render("empty") == '<p class="empty-state">Nothing to show yet.</p>'


class FakePage:
    def __init__(self, number, pages):
        self.number = number
        self.paginator = type("Paginator", (), {"num_pages": pages})()

    def has_other_pages(self):
        return self.paginator.num_pages > 1

    def has_previous(self):
        return self.number > 1

    def has_next(self):
        return self.number < self.paginator.num_pages

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1


def test_pagination_links_keep_the_query():
    html = render("pagination", page=FakePage(2, 3), query="status=open")
    assert 'href="?status=open&amp;page=1"' in html
    assert 'href="?status=open&amp;page=3"' in html
    assert "Page 2 of 3" in html


def test_pagination_is_absent_on_a_single_page():
    assert render("pagination", page=FakePage(1, 1), query="") == ""
    assert render("pagination_simple", page=FakePage(1, 1), querystring="") == ""


def test_simple_pagination_does_not_count_the_pages():
    html = render("pagination_simple", page=FakePage(1, 2), querystring="")
    assert 'href="?page=2"' in html
    assert "Page 1" in html
    assert "of" not in html


def test_field_ties_its_label_help_and_errors_to_the_input():
    from django import forms

    class Form(forms.Form):
        name = forms.CharField(label="Name", help_text="As on the CIN.")

    form = Form(data={})
    html = render("field", field=form["name"])
    assert '<label for="id_name" class="required">Name' in html
    assert 'id="id_name_helptext"' in html
    assert 'class="errorlist" id="id_name_error"' in html


def page_templates():
    return sorted(
        path
        for path in TEMPLATES.rglob("*.html")
        if "components" not in path.relative_to(TEMPLATES).parts
    )


def test_no_page_writes_a_badge_by_hand():
    by_hand = [
        str(path.relative_to(TEMPLATES))
        for path in page_templates()
        if 'class="badge ' in path.read_text()
    ]
    assert by_hand == []


def test_no_page_includes_the_old_partials_of_components():
    old = re.compile(r"partials/(field|pagination(_simple)?)\.html")
    stale = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if old.search(path.read_text())
    ]
    assert stale == []
    assert not (TEMPLATES / "partials" / "field.html").exists()
