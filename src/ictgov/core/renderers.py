"""The form renderer: Django's, with the commonest widgets written in Python.

Django renders a select through one template per option (`select.html` includes
`select_option.html`, which includes `attrs.html`): a filter bar with a few selects of a dozen
options costs several milliseconds on every list page. Selects and the plain `<input>` widgets
are written here with the same markup, character for character, as Django's templates
(core/tests/test_renderers.py compares them); every other template goes to Django's renderer.
"""

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
# The widgets whose template is only `{% include "django/forms/widgets/input.html" %}`.
INPUTS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)
_CONTEXT = Context(autoescape=True)  # localisation as a template's {{ value }} has it


def _text(value) -> str:
    """`{{ value }}`."""
    return render_value_in_context(value, _CONTEXT)


def _s(value) -> str:
    """`{{ value|stringformat:'s' }}`."""
    text = str(value)  # what "%s" % value gives (a tuple too, as the filter has it)
    return conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text)


def _attrs(attrs) -> str:
    """`django/forms/widgets/attrs.html`."""
    out = []
    for name, value in attrs.items():
        if value is not False:
            out.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_s(value)}"')
    return "".join(out)


def select_html(widget) -> str:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] == OPTION:
                html = (
                    f'<option value="{_s(option["value"])}"{_attrs(option["attrs"])}>'
                    f"{_text(option['label'])}</option>\n"
                )
            else:  # a widget of its own making: its template, as Django would include it
                html = None
            parts.append("\n  ")
            parts.append(html if html is not None else _include(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def input_html(widget) -> str:
    value = widget["value"]
    shown = f' value="{_s(value)}"' if value is not None else ""
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{shown}'
        f"{_attrs(widget['attrs'])}>"
    )


def _include(option) -> str:
    from django.forms.renderers import get_default_renderer

    # As `{% include %}` does: the template's text, not stripped.
    template = get_default_renderer().get_template(option["template_name"])
    return template.render({"widget": option})


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None and type(context) is dict and len(context) == 1:
            if template_name == SELECT:
                return select_html(widget)
            if template_name in INPUTS:
                return input_html(widget)
        return super().render(template_name, context, request)
