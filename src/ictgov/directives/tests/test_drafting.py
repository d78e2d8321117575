"""Drafting against the registry of the demo: names written in conclusions become units."""

import json
from datetime import date

import pytest

from ictgov.core.models import valid_on_q
from ictgov.directives import demo
from ictgov.directives.drafting import propose_tasks
from ictgov.geo.models import AdministrativeUnit
from ictgov.org.models import Unit
from ictgov.org.selectors import best_unit

pytestmark = pytest.mark.django_db
ON = date(2026, 3, 2)


def nghe_an():
    return AdministrativeUnit.objects.get(level="province", code="40", valid_from=date(2025, 7, 1))


def khcn():
    return Unit.objects.get(name="Sở Khoa học và Công nghệ tỉnh Nghệ An")


def test_a_parenthesised_parent_picks_the_unit_under_that_parent():
    found = best_unit(
        "Phòng Bưu chính, Viễn thông và Chuyển đổi số (Sở KH&CN Nghệ An)",
        province=nghe_an(),
        on=ON,
    )
    assert found.name == "Phòng Bưu chính, Viễn thông và Chuyển đổi số (Sở KH&CN Nghệ An)"
    assert found.parent == khcn()


def test_proposal_matches_a_division_and_keeps_its_parent_out_of_the_content():
    text = (
        "Giao Phòng Bưu chính, Viễn thông và Chuyển đổi số (Sở KH&CN Nghệ An) chủ trì, phối "
        "hợp với Viettel Nghệ An, Viễn thông Nghệ An rà soát các trạm BTS trước ngày 30/4/2026."
    )
    [task] = propose_tasks(text, reference_date=ON, province=nghe_an(), host=khcn())
    division = Unit.objects.get(pk=task.lead_unit_id)
    assert division.parent == khcn()
    assert "(" not in task.content and task.content.startswith("Rà soát các trạm BTS")
    names = {Unit.objects.get(pk=pk).name for pk in task.coordinating_unit_ids}
    assert names == {"Viettel Nghệ An", "Viễn thông Nghệ An (VNPT)"}
    assert task.unmatched == []


def test_a_written_list_of_several_units_becomes_several_units():
    text = "Đề nghị Sở Tài chính chủ trì, phối hợp với Viettel Nghệ An, Viễn thông Nghệ An và Bưu điện tỉnh Nghệ An xây dựng phương án."  # noqa: E501
    [task] = propose_tasks(text, reference_date=ON, province=nghe_an(), host=khcn())
    assert Unit.objects.get(pk=task.lead_unit_id).name == "Sở Tài chính tỉnh Nghệ An"
    assert None not in task.coordinating_unit_ids
    assert len(set(task.coordinating_unit_ids)) == 3


def test_units_outside_the_registry_are_proposed_as_written_and_flagged():
    text = "Giao Hợp tác xã nông nghiệp Quỳnh Lưu phối hợp với Sở Tài chính rà soát diện tích lúa."
    [task] = propose_tasks(text, reference_date=ON, province=nghe_an(), host=khcn())
    assert task.lead == "Hợp tác xã nông nghiệp Quỳnh Lưu"
    assert task.lead_unit_id is None
    assert task.unmatched == ["Hợp tác xã nông nghiệp Quỳnh Lưu"]
    assert task.to_dict()["unmatched"] == ["Hợp tác xã nông nghiệp Quỳnh Lưu"]


def _demo_proposals(source):
    doc = json.loads((demo.CONCLUSIONS / source.file).read_text(encoding="utf-8"))
    # The province as it was on the meeting's day (NULLs sort differently on each database).
    province = AdministrativeUnit.objects.filter(
        valid_on_q(source.held_on), level="province", code=source.province_code
    ).get()
    host = Unit.objects.get(name=source.place) if source.file != "source_001.json" else None
    return propose_tasks(doc["text"], reference_date=source.held_on, province=province, host=host)


@pytest.mark.parametrize("source", demo.SOURCES, ids=[s.file for s in demo.SOURCES])
def test_demo_conclusions_match_their_own_units(source):
    for task in _demo_proposals(source):
        if task.lead_unit_id is None:
            continue
        unit = Unit.objects.get(pk=task.lead_unit_id)
        # A province's sector ("ngành TT&TT") is never matched to a central body.
        if unit.admin_unit_id is None:
            assert "bộ" in task.lead.lower(), (task.lead, unit.name)


def test_demo_named_departments_are_all_matched():
    source = next(s for s in demo.SOURCES if s.file == "source_004.json")
    named = [
        t for t in _demo_proposals(source) if t.lead and t.lead.startswith(("Sở", "Văn phòng"))
    ]
    assert named and all(t.lead_unit_id is not None for t in named)
    assert all(
        i is not None
        for t in named
        for i, n in zip(t.coordinating_unit_ids, t.coordinating, strict=True)
        if n.startswith("Sở")
    )


def test_sector_of_the_province_is_its_department():
    source = next(s for s in demo.SOURCES if s.file == "source_002.json")
    sector = [t for t in _demo_proposals(source) if t.lead == "ngành TT&TT"]
    assert sector
    for task in sector:
        assert Unit.objects.get(pk=task.lead_unit_id).name == source.place
