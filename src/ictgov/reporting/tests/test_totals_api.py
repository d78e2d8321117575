"""The API's live totals: the user's province (and the provinces it was formed from) with the
indicator in one query, so a request costs the session's two queries, that one and the sums."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ictgov.reporting import selectors
from ictgov.reporting.models import Indicator

pytestmark = pytest.mark.django_db
URL = "/api/v1/reporting/totals?indicator=HS_TTHC&period=2024-Q1..2026-Q3"


def test_a_commune_gets_its_province_across_the_reform_in_four_queries(client_for):
    from ictgov.geo.models import AdministrativeUnit

    c = client_for("canboxa")  # phường Vinh Phú: today's Nghệ An, formed from the old one
    c.get(URL)  # warm (translations, URL resolver)
    with CaptureQueriesContext(connection) as queries:
        response = c.get(URL)
    assert response.status_code == 200, response.content[:300]
    assert len(queries) == 4, [q["sql"][:120] for q in queries]
    rows = response.json()["totals"]
    new = AdministrativeUnit.objects.get(level="province", code="40", valid_from__isnull=False)
    old = AdministrativeUnit.objects.get(level="province", code="40", valid_from__isnull=True)
    by_area = {r["area_id"] for r in rows}
    assert by_area == {new.pk, old.pk}  # district figures to 2025-Q2, communes' after
    assert {r["area"] for r in rows} == {new.name}
    expected = selectors.province_series(
        Indicator.objects.get(code="HS_TTHC"),
        first=date(2024, 1, 1),
        last=date(2026, 7, 1),
        kind="quarter",
        province=new,
    )
    got = {(r["area_id"], r["period"]): r["value"] for r in rows}
    assert len(got) == sum(len(v) for v in expected.values())
    from ictgov.core.periods import period_of

    for pid, values in expected.items():
        for start, value in values.items():
            assert got[(pid, period_of(start, "quarter").code)] == str(value)


def test_an_unknown_indicator_or_a_wrong_period_is_named(client_for):
    c = client_for("canboxa")
    unknown = c.get("/api/v1/reporting/totals?indicator=KHONG_CO&period=2026-Q1")
    assert unknown.status_code == 422 and "KHONG_CO" in unknown.json()["detail"]
    wrong = c.get("/api/v1/reporting/totals?indicator=HS_TTHC&period=2026-03")
    assert wrong.status_code == 422 and "theo quý" in wrong.json()["detail"]


def test_the_lookup_gives_the_indicator_and_the_unit_province(users):
    ind, province = selectors.totals_lookup("BTS", users["canboxa"].unit_id)
    assert (ind.code, ind.aggregation, ind.kind) == ("BTS", "last", "month")
    assert province.code == "40" and province.is_current
    assert len(selectors.province_areas(province)) == 2
    ind, province = selectors.totals_lookup("BTS", None)
    assert ind.code == "BTS" and province is None
    assert selectors.totals_lookup("KHONG_CO", users["canboxa"].unit_id) == (None, None)


@pytest.mark.parametrize("level", ["province", "national", "unit"])
def test_every_level_answers_to_its_documented_schema(client_for, level):
    from ictgov.reporting.api import ReportingTotalsOut

    for who in ("canboxa", "quantri"):
        response = client_for(who).get(f"{URL}&level={level}&geography=current")
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        assert body["totals"], (who, level)
        assert ReportingTotalsOut.model_validate(body).model_dump(mode="json") == body
