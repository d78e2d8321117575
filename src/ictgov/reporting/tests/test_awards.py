"""The list of emulation awards (khen thưởng, danh hiệu thi đua) decided on the ranking pages:
filtered through its filter set, exported to Excel, scoped like every read."""

import io
from datetime import date

import pytest

from ictgov.reporting.models import AwardProposal

pytestmark = pytest.mark.django_db
URL = "/reporting/emulation/awards/"


@pytest.fixture
def decided(users):
    """The demo's 2025 proposals of the wards' cluster, decided by an officer (the demo invents
    no decision number; these are the test's own)."""
    from ictgov.reporting import services

    awards = AwardProposal.objects.filter(year=2025, cluster__name__startswith="Cụm thi đua các")
    for n, award in enumerate(awards, start=1):
        services.record_award_decision(
            users["chuyenvien"],
            award,
            state="granted",
            number=f"9{n}/QĐ-KT",
            on=date(2026, 2, 3),
            issuer="Ủy ban nhân dân tỉnh",
        )
    return awards


@pytest.fixture
def elsewhere():
    """A cluster of another province (Thanh Hóa) with an award of its own."""
    from ictgov.core.models import valid_on_q
    from ictgov.geo.models import AdministrativeUnit
    from ictgov.org.models import EmulationCluster, Unit, UnitKind

    province = AdministrativeUnit.objects.filter(level="province", code="38").get(
        valid_on_q(date.today())
    )
    cluster = EmulationCluster.objects.create(name="Cụm thi đua Thanh Hóa", admin_unit=province)
    unit = Unit.objects.create(
        name="Ủy ban nhân dân phường Hạc Thành",
        kind=UnitKind.PEOPLES_COMMITTEE,
        admin_unit=province,
    )
    return AwardProposal.objects.create(
        cluster=cluster, year=2025, unit=unit, kind="flag", proposed_on=date(2026, 1, 10)
    )


def _units_listed(response) -> str:
    assert response.status_code == 200, response.content[:300]
    return response.content.decode()


def test_the_department_lists_filters_and_exports_its_province_awards(
    client_for, decided, elsewhere
):
    from openpyxl import load_workbook

    c = client_for("lanhdao")
    granted = AwardProposal.objects.filter(year=2025, state="granted").select_related("unit")
    assert granted.count() >= 3
    page = _units_listed(c.get(URL + "?year=2025"))
    for award in granted:
        assert award.unit.name in page and award.decision_number in page
    assert "Hạc Thành" not in page  # another province's award is not theirs to read
    flag = granted.get(kind="flag")
    only_flags = _units_listed(c.get(URL + "?year=2025&kind=flag"))
    assert flag.unit.name in only_flags
    assert all(a.unit.name not in only_flags for a in granted.exclude(kind="flag"))
    # Accent-insensitive search on the unit's name, and the decision number.
    from ictgov.core.text import fold

    found = _units_listed(c.get(URL + f"?q={fold(flag.unit.admin_unit.name)}"))
    assert flag.unit.name in found and "Hạc Thành" not in found
    assert flag.unit.name in _units_listed(c.get(URL + f"?decision_number={flag.decision_number}"))

    export = c.get(URL + "?year=2025&export=xlsx")
    assert export.status_code == 200
    body = b"".join(export.streaming_content) if export.streaming else export.content
    ws = load_workbook(io.BytesIO(body)).active
    text = " ".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v)
    assert flag.unit.name in text and flag.decision_number in text and "Hạc Thành" not in text

    bad = c.get(URL + "?year=hai-nghin")
    assert bad.status_code == 422 and "Năm" in bad.content.decode()


def test_a_commune_reads_its_province_awards_an_administrator_all(client_for, decided, elsewhere):
    ward = _units_listed(client_for("canboxa").get(URL))
    assert "Cờ thi đua" in ward and "Hạc Thành" not in ward
    assert "Hạc Thành" in _units_listed(client_for("quantri").get(URL))
    assert client_for("taichinh").get(URL).status_code == 403
