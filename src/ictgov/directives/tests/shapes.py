"""What the sentence-shape tests of the drafting (test_extraction_shapes*.py) share: no Django
and no calendar, the heading their texts follow, and the ways they compare."""

from __future__ import annotations

import pytest

from ictgov.directives.extraction import extract_tasks, normalise_unit_name

HEADING = "Chủ tịch UBND tỉnh kết luận và chỉ đạo như sau:\n"


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """Override the project-wide fixture: these tests need neither Django nor the calendar."""
    yield


def only(text):
    """The one task drafted from `text` under the heading."""
    tasks = extract_tasks(HEADING + text)
    assert len(tasks) == 1, [(t.lead, t.content) for t in tasks]
    return tasks[0]


def drafted_as(text, lead, content):
    """The one task drafted from `text` under the heading has `lead` and its content starts
    with `content`."""
    task = only(text)
    assert task.lead == lead
    assert task.content.startswith(content)


def same(a, b):
    """Two unit names that are the same name."""
    return normalise_unit_name(a) == normalise_unit_name(b)
