import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("national_geography")
@pytest.mark.xdist_group("national")
def test_units_on_a_date_are_paginated_with_a_count(client):
    body = client.get("/api/v1/geo/units", {"level": "province", "on": "2026-01-01"}).json()
    assert body["count"] == 34
    assert len(body["items"]) == 34
    body = client.get("/api/v1/geo/units", {"level": "province", "on": "2024-01-01"}).json()
    assert body["count"] == 63


@pytest.mark.usefixtures("national_geography")
@pytest.mark.xdist_group("national")
def test_units_are_paginated(client):
    body = client.get("/api/v1/geo/units", {"level": "commune", "on": "2026-01-01"}).json()
    assert body["count"] == 3321
    assert len(body["items"]) == 100
    page2 = client.get(
        "/api/v1/geo/units", {"level": "commune", "on": "2026-01-01", "page": 2}
    ).json()
    assert page2["items"][0]["code"] != body["items"][0]["code"]


def test_unit_detail_has_parent_children_and_succession(client):
    body = client.get("/api/v1/geo/units/02", {"on": "2014-01-01"}).json()
    assert body["name"] == "Tỉnh Hà Giang"
    assert any(c["name"] == "Huyện Xín Mần" for c in body["children"])
    assert [s["unit"]["name"] for s in body["successors"]] == ["Tỉnh Tuyên Quang"]
    assert [u["code"] for u in body["current_successors"]] == ["08"]

    commune = client.get("/api/v1/geo/units/16702").json()
    assert commune["name"] == "Phường Vinh Phú"
    assert commune["parent"]["code"] == "40"
    assert commune["predecessors"]


def test_unknown_code_is_a_clear_404(client):
    response = client.get("/api/v1/geo/units/99999")
    assert response.status_code == 404
    assert "99999" in response.json()["detail"]


def test_resolve_an_old_name_on_an_old_date(client):
    body = client.get("/api/v1/geo/resolve", {"name": "Ha Giang", "on": "2014-09-23"}).json()
    first = body["matches"][0]
    assert first["name"] == "Tỉnh Hà Giang"
    assert [u["name"] for u in first["current_successors"]] == ["Tỉnh Tuyên Quang"]


def test_bad_date_is_rejected_in_vietnamese(client):
    response = client.get("/api/v1/geo/units", {"on": "31/02/2024"})
    assert response.status_code == 422
    assert "không hợp lệ" in response.json()["detail"]
