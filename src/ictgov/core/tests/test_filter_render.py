"""A filter bar's widgets, kept once rendered for an input (core.filtersets.FilterBoundField),
are exactly what Django renders afresh, for every filter set of every app, in both languages,
with no input, with values, with bad values; and what depends on the database or the user is
never kept."""

import importlib
from datetime import date

import pytest
from django import forms
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import translation

from ictgov.core.filtersets import FilterSet

pytestmark = pytest.mark.django_db
APPS = ["accounts", "directives", "geo", "licensing", "org", "registry", "reporting"]


def _filtersets():
    for app in APPS:
        importlib.import_module(f"ictgov.{app}.filtersets")
    found, todo = [], list(FilterSet.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls._meta.model is not None:
            found.append(cls)
    return sorted(found, key=lambda c: c.__qualname__)


def _inputs(filterset_class):
    """No input, then each field given a plausible value, then each a bad one."""
    form = filterset_class(QueryDict(""), queryset=None).form
    plausible, bad = {}, {}
    for name, field in form.fields.items():
        choices = [v for v, _l in getattr(field, "choices", []) if v not in ("", None)][:1]
        if isinstance(field, forms.ModelChoiceField):
            continue  # a chosen record is never kept
        if isinstance(field, forms.DateField):
            plausible[name], bad[name] = date.today().strftime("%d/%m/%Y"), "31/02/2026"
        elif choices:
            plausible[name], bad[name] = str(choices[0]), "khong-co"
        else:
            plausible[name], bad[name] = "12", "<b>x</b>"
    return [None, plausible, bad]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_kept_widgets_are_what_django_renders(users, language):
    request = RequestFactory().get("/")
    request.user = users["lanhdao"]
    kept = 0
    with translation.override(language):
        for filterset_class in _filtersets():
            for data in _inputs(filterset_class):
                for _twice in range(2):
                    query = QueryDict(mutable=True)
                    for name, value in (data or {}).items():
                        query[name] = value
                    filterset = filterset_class(
                        query if data is not None else None, queryset=None, request=request
                    )
                    form = filterset.form
                    if form.is_bound:
                        form.is_valid()
                    for bf in form:
                        fresh = forms.BoundField.__str__(bf)
                        assert str(bf) == fresh, (filterset_class.__name__, bf.name, data)
                        kept += bf._render_key() is not None
    assert kept > 100  # most widgets are kept


def test_what_depends_on_the_database_or_the_user_is_not_kept(users):
    from ictgov.directives.filtersets import TaskFilterSet
    from ictgov.licensing.filtersets import DossierFilterSet

    request = RequestFactory().get("/")
    request.user = users["lanhdao"]
    dossiers = DossierFilterSet(QueryDict(""), queryset=None, request=request).form
    assert dossiers["state"]._render_key() is not None
    # Choices read from the database are kept under what was read: a renamed procedure is
    # another key, and the bar shows the new name.
    from ictgov.licensing.models import Procedure

    before = str(dossiers["procedure"])
    assert dossiers["procedure"]._render_key() is not None
    procedure = Procedure.objects.order_by("name", "pk").first()
    Procedure.objects.filter(pk=procedure.pk).update(name="Thủ tục đổi tên <mới>")
    again = DossierFilterSet(QueryDict(""), queryset=None, request=request).form["procedure"]
    shown = str(again)
    assert shown != before and "Thủ tục đổi tên &lt;mới&gt;" in shown
    assert shown == forms.BoundField.__str__(again)
    unit = users["lanhdao"].unit_id
    tasks = TaskFilterSet(QueryDict(f"lead_unit={unit}"), queryset=None, request=request).form
    tasks.is_valid()
    assert tasks["lead_unit"]._render_key() is None  # a chosen record: its label from the DB
    tasks.fields["status"].choices = [("open", "x")]  # changed for this form
    assert tasks["status"]._render_key() is None
