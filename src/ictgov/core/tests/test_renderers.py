"""The form renderer writes selects and inputs in Python: the markup must be Django's own."""

from datetime import date

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from ictgov.core.renderers import FormRenderer
from ictgov.core.widgets import DateInput, PickerSelect

CHOICES = [
    ("", "Mọi tình trạng"),
    ("open", "Chưa hoàn thành <b>&</b>"),
    (3, mark_safe("An <i>toàn</i>")),
    (1234567, 1234567),
    ("Nhóm", [("a", "Một"), ("b", 'Hai "kép"')]),
]
WIDGETS = [
    (forms.Select(choices=CHOICES, attrs={"class": "form-select", "data-x": 'a"b'}), "open"),
    (forms.Select(choices=CHOICES), 3),
    (forms.Select(choices=CHOICES), None),
    (forms.SelectMultiple(choices=CHOICES, attrs={"required": True, "hidden": False}), ["a", 3]),
    (forms.NullBooleanSelect(), True),
    (PickerSelect(choices=CHOICES), "b"),
    (forms.TextInput(attrs={"class": "form-control", "placeholder": "Nhập <từ>"}), 'x"y<z>'),
    (forms.TextInput(), None),
    (forms.NumberInput(attrs={"min": 1}), 12345),
    (DateInput(), date(2026, 12, 1)),
    (forms.HiddenInput(), mark_safe("<b>")),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(), False),
    (forms.EmailInput(), "a@b.vn"),
    (forms.Textarea(), "not intercepted <x>"),
    (forms.RadioSelect(choices=CHOICES[:3]), "open"),
]


@pytest.mark.parametrize(("widget", "value"), WIDGETS)
def test_same_markup_as_django(widget, value):
    attrs = {"id": "id_f"}
    django_html = widget.render("f", value, attrs, renderer=DjangoTemplates())
    assert widget.render("f", value, attrs, renderer=FormRenderer()) == django_html


def test_the_project_uses_it(settings):
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FormRenderer)
    html = forms.Select(choices=CHOICES).render("status", "open")
    assert '<option value="open" selected>Chưa hoàn thành &lt;b&gt;&amp;&lt;/b&gt;</option>' in html


def test_an_option_template_of_its_own():
    class Own(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Own(choices=CHOICES[:2])
    django_html = widget.render("f", "open", renderer=DjangoTemplates())
    assert widget.render("f", "open", renderer=FormRenderer()) == django_html
