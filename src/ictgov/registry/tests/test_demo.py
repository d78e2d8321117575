"""The demo registry (loaded with the test database): every type, old addresses, broken radio
stations, rule warnings, communes that meet the criterion and communes that fail it."""

import pytest

from ictgov.registry import selectors
from ictgov.registry.models import Facility, Kind

pytestmark = pytest.mark.django_db


def test_demo_tells_the_reports_story(users):
    demo = Facility.objects.filter(is_demo=True, province__code="40")
    assert set(demo.values_list("kind", flat=True)) == set(Kind.values)
    assert demo.filter(kind=Kind.RADIO, condition="broken").exists()
    assert demo.exclude(old_commune=None).exists()
    assert demo.filter(kind=Kind.GAME_POINT).exclude(warnings=[]).exists()
    # Its history says where the records come from: the demo, not an Excel file.
    reasons = set(
        Facility.history.filter(is_demo=True).values_list("history_change_reason", flat=True)
    )
    assert reasons == {"Dữ liệu minh họa"}
    leader = users["lanhdao"]
    province = selectors.home_province(leader)
    summary = selectors.summary(selectors.evaluate(selectors.visible_communes(leader, province)))
    assert summary["counts"]["met"] and summary["counts"]["not_met"]


def test_a_second_load_changes_nothing():
    from io import StringIO

    from ictgov.registry import demo

    before = Facility.objects.count()
    demo.load(StringIO())
    assert Facility.objects.count() == before
