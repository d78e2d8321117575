"""Every list takes its filters from one filter set, for the page, the export and the API; bad
filter input is refused the same way everywhere: 422, naming the field, never ignored."""

import django_filters
import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from ictgov.core.filtersets import DateFilter, SearchFilter
from ictgov.core.views import ObjectListView

pytestmark = pytest.mark.django_db


def list_pages():
    """(url, view class) of every list page, found in the resolver."""
    out = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                view = getattr(p.callback, "view_class", None)
                if view is not None and issubclass(view, ObjectListView):
                    out.append(("/" + prefix + str(p.pattern), view))

    walk(get_resolver().url_patterns)
    return out


def api_lists():
    """(url, filter set) of every API list that takes a filter set's parameters."""
    from ictgov.api import api

    out = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        op = operations.get("get")
        if not op or "{" in path:
            continue
        names = {p["name"] for p in op.get("parameters", []) if p["in"] == "query"}
        names -= {"page", "page_size"}
        for fs in _all_filtersets():
            if set(fs.base_filters) == names:
                out.append((path, fs))
                break
    return out


def _all_filtersets():
    from ictgov.core.filtersets import FilterSet

    found, todo = [], [FilterSet]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def bad_values(filterset_class):
    """(parameter, bad value) pairs: one per filter that can be given a wrong value."""
    out = []
    for name, flt in filterset_class.base_filters.items():
        if isinstance(flt, SearchFilter):
            out.append((name, "x" * 201))
        elif isinstance(flt, DateFilter | django_filters.DateFilter):
            out.append((name, "31/02/2026"))
        elif isinstance(flt, django_filters.ChoiceFilter):
            out.append((name, "khong-co"))
        elif isinstance(flt, django_filters.NumberFilter | django_filters.ModelChoiceFilter):
            out.append((name, "abc"))
        elif isinstance(flt, django_filters.BooleanFilter):  # core's is strict
            out.append((name, "abc"))
    return out


PAGES = list_pages()


def test_every_list_page_has_a_filter_set():
    assert len(PAGES) >= 8
    assert all(view.filterset_class is not None for _url, view in PAGES), PAGES


@pytest.mark.parametrize("url, view", PAGES, ids=[u for u, _v in PAGES])
def test_bad_filter_input_on_a_page_and_its_export_is_a_422_naming_the_field(url, view, client_for):
    client = client_for("quantri")
    cases = bad_values(view.filterset_class)
    assert cases, f"{url}: no filter to test"
    for name, value in cases:
        field = view.filterset_class.base_filters[name]
        for params in ({name: value}, {name: value, "export": "xlsx"}):
            response = client.get(url, params)
            assert response.status_code == 422, (url, params, response.status_code)
            body = response.content.decode()
            assert str(field.label) in body, (url, name)
            assert 'data-testid="filter-errors"' in body


def test_api_lists_are_found():
    paths = {path for path, _fs in api_lists()}
    assert {
        "/api/v1/geo/units",
        "/api/v1/org/units",
        "/api/v1/directives/meetings",
        "/api/v1/directives/conclusions",
        "/api/v1/directives/tasks",
    } <= paths


@pytest.mark.parametrize("path, filterset", api_lists(), ids=[p for p, _f in api_lists()])
def test_bad_filter_input_on_the_api_is_a_422_naming_the_field(path, filterset, client_for):
    client = client_for("quantri")
    for name, value in bad_values(filterset):
        response = client.get(path, {name: value})
        assert response.status_code == 422, (path, name, response.status_code)
        body = response.json()
        assert [e["field"] for e in body["errors"]] == [name], (path, body)
        assert str(filterset.base_filters[name].label) in body["detail"]


def test_search_is_accent_insensitive_on_the_page_and_the_api_alike(client_for):
    client = client_for("lanhdao")
    page = client.get("/directives/meetings/", {"q": "giao ban"}).content.decode()
    api = client.get("/api/v1/directives/conclusions", {"q": "so tai chinh"}).json()
    accented = client.get("/api/v1/directives/conclusions", {"q": "Sở Tài chính"}).json()
    assert api["count"] == accented["count"] > 0
    assert "Giao ban" in page


@pytest.mark.parametrize("path", ["/api/v1/geo/units", "/api/v1/directives/tasks"])
def test_a_page_past_the_last_is_a_404_and_a_bad_page_a_422(path, client_for):
    client = client_for("quantri")
    response = client.get(path, {"page": 10**6})
    assert response.status_code == 404 and "trang" in response.json()["detail"]
    assert client.get(path, {"page": 10**12}).status_code == 422
    assert client.get(path, {"page": "abc"}).status_code == 422


def test_a_page_past_the_last_on_a_list_page_is_a_404(client_for):
    response = client_for("quantri").get("/org/units/", {"page": 10**6})
    assert response.status_code == 404


def test_a_picker_works_out_what_the_user_may_pick_only_when_needed(client_for, users):
    """The inbox's pickers load their choices as the user types: with nothing picked, the page
    never works out the scope of units, people and meetings; a picked unit still narrows the
    list and one the user may not see is refused."""
    from unittest import mock

    from ictgov.core import scoping
    from ictgov.directives.models import Task
    from ictgov.org.models import Unit

    client = client_for("chuyenvien")
    seen = []
    real = scoping.visible

    def spy(queryset, user):
        seen.append(queryset.model.__name__)
        return real(queryset, user)

    with mock.patch("ictgov.directives.filtersets.visible", spy):
        assert client.get("/directives/").status_code == 200
        assert seen == []
        unit = Task.objects.filter(lead_unit__isnull=False).first().lead_unit
        page = client.get(f"/directives/?lead_unit={unit.pk}&status=").content.decode()
        assert seen == ["Unit"] and unit.name in page
        foreign = Unit.objects.exclude(pk__in=real(Unit.objects.all(), users["chuyenvien"]))
        if foreign.exists():
            assert client.get(f"/directives/?lead_unit={foreign.first().pk}").status_code == 422


def test_a_shared_filter_form_class_still_checks_each_users_own_picks(client_for, users):
    """The filter form's class is made once (core FilterSet.get_form_class), but each request's
    picker checks a value against what that request's user may pick: asked alternately by two
    users, a unit one of them may not see is refused to that one only."""
    from ictgov.core.scoping import visible
    from ictgov.directives.filtersets import TaskFilterSet
    from ictgov.org.models import Unit

    names = [name for name in users if name != "quantri"]
    pair = None
    for a in names:
        for b in names:
            mine = set(visible(Unit.objects.all(), users[a]).values_list("pk", flat=True))
            theirs = set(visible(Unit.objects.all(), users[b]).values_list("pk", flat=True))
            if mine - theirs:
                pair = a, b, min(mine - theirs)
                break
        if pair:
            break
    assert pair, "two demo users who may see different units"
    a, b, unit = pair
    url = f"/directives/?lead_unit={unit}&status="
    clients = {a: client_for(a), b: client_for(b)}
    for who, status in [(a, 200), (b, 422), (a, 200), (b, 422)]:
        assert clients[who].get(url).status_code == status, who
    assert TaskFilterSet(None).get_form_class() is TaskFilterSet(None).get_form_class()
