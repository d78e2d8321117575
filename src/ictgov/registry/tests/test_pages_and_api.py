"""The registry's pages and API: list and filters (old and new communes), export that imports
again, create with Vietnamese errors, GeoJSON in scope, the criterion."""

import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest

from ictgov.registry import services
from ictgov.registry.models import Facility, Kind

from .helpers import BEFORE, CUA_LO, HA_HUY_TAP, VINH_PHU, commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(users):
    officer = users["chuyenvien"]
    ward = services.create_facility(
        officer,
        Kind.BTS,
        {
            "name": "Trạm Zeta Hà Huy Tập",
            "site_code": "TEST-1",
            "technologies": ["4g"],
            "latitude": Decimal("18.67"),
            "longitude": Decimal("105.68"),
            "street": "Số 1 Lê Lợi",
        },
        commune=commune(HA_HUY_TAP, BEFORE),
        recorded_on=BEFORE,
    )
    other = services.create_facility(
        officer,
        Kind.RADIO,
        {
            "name": "Đài Zeta Cửa Lò",
            "latitude": Decimal("18.80"),
            "longitude": Decimal("105.72"),
            "condition": "broken",
            "loudspeaker_clusters": 4,
        },
        commune=commune(CUA_LO),
    )
    return ward, other


def test_list_filters_by_old_or_new_commune_and_searches_both_addresses(two, client_for):
    ward, other = two
    client = client_for("chuyenvien")
    old = commune(HA_HUY_TAP, BEFORE)
    page = client.get(f"/registry/?area={old.pk}").content.decode()
    assert "Trạm Zeta Hà Huy Tập" in page and "Đài Zeta Cửa Lò" not in page
    page = client.get("/registry/?q=ha huy tap zeta").content.decode()
    assert "Trạm Zeta Hà Huy Tập" in page
    page = client_for("canboxa").get("/registry/?q=zeta").content.decode()
    assert "Trạm Zeta Hà Huy Tập" in page and "Đài Zeta Cửa Lò" not in page


def test_export_of_a_type_imports_again_as_duplicates(two, client_for):
    from ictgov.registry import imports

    response = client_for("chuyenvien").get("/registry/?kind=bts&q=zeta&export=xlsx")
    body = b"".join(response.streaming_content)
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(body)).active
    rows = list(ws.iter_rows(values_only=True))
    header = rows[3]
    assert "Mã xã" in header and "Mã xã mới" in header and "Địa chỉ cũ" in header
    data = dict(zip(header, rows[4], strict=True))
    assert data["Mã xã"] == HA_HUY_TAP and data["Mã xã mới"] == VINH_PHU
    result = imports.spec("bts").validate(body)
    assert [str(e).split(": ", 1)[1] for e in result.errors] == [
        "mã trạm TEST-1 đã có trong sổ quản lý."
    ]


def test_create_page_and_its_errors(client_for):
    client = client_for("chuyenvien")
    form = {
        "name": "Bưu cục Thử",
        "commune": commune(VINH_PHU).pk,
        "recorded_on": date.today().strftime("%d/%m/%Y"),
        "status": "active",
        "post_type": "post_office",
        "latitude": "30.5",
        "longitude": "105.7",
    }
    response = client.post("/registry/new/post/", form)
    assert response.status_code == 400
    page = response.content.decode()
    # Named once, its number written as in Vietnamese (it read "Vĩ độ: Vĩ độ 30.5 nằm …").
    assert "Vĩ độ: 30,5 nằm ngoài lãnh thổ Việt Nam (từ 7,0 đến 23,5)." in page
    assert "Vĩ độ: Vĩ độ" not in page
    form["latitude"] = "18.7"
    response = client.post("/registry/new/post/", form)
    assert response.status_code == 302
    facility = Facility.objects.get(name="Bưu cục Thử")
    assert facility.code.startswith("BC-") and facility.address.endswith(
        "Phường Vinh Phú, Tỉnh Nghệ An"
    )
    page = client.get(response["Location"]).content.decode()
    assert "Bưu cục Thử" in page


def test_geojson_is_scoped_and_carries_the_kind(two, client_for):
    url = "/api/v1/registry/facilities.geojson?q=zeta"
    data = json.loads(client_for("chuyenvien").get(url).content)
    assert data["type"] == "FeatureCollection"
    kinds = {f["properties"]["name"]: f["properties"]["kind"] for f in data["features"]}
    assert kinds == {"Trạm Zeta Hà Huy Tập": "bts", "Đài Zeta Cửa Lò": "radio"}
    feature = next(f for f in data["features"] if f["properties"]["kind"] == "bts")
    assert feature["geometry"] == {"type": "Point", "coordinates": [105.68, 18.67]}
    data = json.loads(client_for("canboxa").get(url).content)
    assert [f["properties"]["name"] for f in data["features"]] == ["Trạm Zeta Hà Huy Tập"]
    bad = client_for("chuyenvien").get("/api/v1/registry/facilities.geojson?kind=nope")
    assert bad.status_code == 422


def test_geojson_written_by_the_database_is_the_python_one(two, users):
    """On PostgreSQL the map's FeatureCollection is written by the database; it holds exactly
    what the Python writer gives (names with quotes and markup, an empty code, a row without
    coordinates left out), on SQLite the Python writer answers."""
    from ictgov.core.scoping import visible
    from ictgov.registry import selectors

    ward, other = two
    Facility.objects.filter(pk=ward.pk).update(name='Trạm "Zeta" <b>&</b> \\ mới', code="")
    services.create_facility(
        users["chuyenvien"],
        Kind.RADIO,
        {"name": "Đài Zeta không tọa độ"},
        commune=commune(CUA_LO),
    )
    qs = visible(Facility.objects.filter(name__icontains="zeta"), users["chuyenvien"])
    text = selectors.geojson_text(qs)
    assert json.loads(text) == json.loads(json.dumps(selectors.geojson(qs)))
    names = sorted(f["properties"]["name"] for f in json.loads(text)["features"])
    assert names == ['Trạm "Zeta" <b>&</b> \\ mới', "Đài Zeta Cửa Lò"]
    assert json.loads(selectors.geojson_text(qs.none())) == {
        "type": "FeatureCollection",
        "features": [],
    }


def test_every_page_of_the_list_shows_its_rows_in_order(users, client_for):
    """The list finds a page's rows by id first: page after page, the rows are those of the
    whole ordered list, each once, with their operator and the count of all."""
    from ictgov.core.scoping import visible

    expected = list(
        visible(Facility.objects.filter(kind="bts"), users["chuyenvien"])
        .order_by("kind", "name", "pk")
        .values_list("code", flat=True)
    )
    assert len(expected) > 50
    client = client_for("chuyenvien")
    shown = []
    for page in (1, 2, 3):
        response = client.get(f"/registry/?kind=bts&page={page}")
        assert response.context["paginator"].count == len(expected)
        shown += [obj.code for obj, _cells, _css in response.context["rows"]]
    assert shown == expected[:75]
    first = response.context["rows"][0][0]
    assert first.operator_label in response.text and first.get_absolute_url() in response.text


def test_the_criterion_map_places_each_commune_with_its_verdict(users, client_for):
    """No commune shapes: a commune stands at the average of its located facilities, in the
    colour of its verdict; one without any is only in the table."""
    officer = users["chuyenvien"]
    cua_lo = commune(CUA_LO)
    Facility.objects.filter(commune=cua_lo).update(latitude=None, longitude=None)
    for i, (lat, lon) in enumerate([("18.80", "105.70"), ("18.90", "105.80")]):
        services.create_facility(
            officer,
            Kind.POST,
            {"name": f"Điểm bưu chính {i}", "latitude": Decimal(lat), "longitude": Decimal(lon)},
            commune=cua_lo,
        )
    response = client_for("chuyenvien").get("/registry/criterion/")
    points = {p["code"]: p for p in response.context["points"]}
    point = points[CUA_LO]
    assert (point["lat"], point["lon"]) == (18.85, 105.75)
    verdicts = {r.commune.code: r.verdict for r in response.context["results"]}
    assert point["verdict"] == verdicts[CUA_LO] and point["url"].startswith("/registry/criterion/")
    located = set(
        Facility.objects.filter(latitude__isnull=False).values_list("commune__code", flat=True)
    )
    assert set(points) == located & set(verdicts)
    assert 'id="criterion-points"' in response.text and "criterion_map.js" in response.text
    # On a phone each commune is a card: each indicator's verdict under the indicator's name.
    row = response.text.split(f'data-commune="{CUA_LO}"')[1].split("</tr>")[0]
    indicators = response.context["indicators"]
    assert indicators and 'stack-on-phone" data-testid="criterion-table"' in response.text
    for indicator in indicators:
        assert f'<td data-label="{indicator.code}. {indicator.name}"><span class="badge' in row
    assert '<td data-label="Kết quả"><strong>' in row
    # A commune officer's map has their commune only.
    response = client_for("canboxa").get("/registry/criterion/")
    assert {p["code"] for p in response.context["points"]} <= {VINH_PHU}


def test_api_list_filters_and_pages(two, client_for):
    body = json.loads(client_for("canboxa").get("/api/v1/registry/facilities?q=zeta").content)
    assert body["count"] == 1 and body["items"][0]["old_commune_code"] == HA_HUY_TAP
    assert body["items"][0]["commune_code"] == VINH_PHU


def test_map_page_serves_leaflet_from_the_app(client_for):
    page = client_for("chuyenvien").get("/registry/map/?kind=bts").content.decode()
    assert "vendor/leaflet/leaflet.js" in page and "leaflet.markercluster.js" in page
    assert 'data-geojson="/api/v1/registry/facilities.geojson?kind=bts"' in page
    assert "Nền bản đồ không khả dụng" in page  # no tile server configured


def _criterion(client, code):
    body = json.loads(client.get(f"/api/v1/registry/criterion?commune={code}").content)
    (commune_result,) = body["communes"]
    return {i["code"]: i["verdict"] for i in commune_result["indicators"]}, commune_result


def test_criterion_from_the_registry_and_an_officers_assessment(two, users, client_for):
    client = client_for("chuyenvien")
    verdicts, _ = _criterion(client, CUA_LO)
    # Cửa Lò has a broken radio (and the demo's facilities, if any)
    assert verdicts["8.3"] in ("not_met", "met")
    officer = users["chuyenvien"]
    cua_lo = commune(CUA_LO)
    Facility.objects.filter(commune=cua_lo).exclude(name="Đài Zeta Cửa Lò").update(status="closed")
    verdicts, result = _criterion(client, CUA_LO)
    assert [verdicts[c] for c in ("8.1", "8.2", "8.3")] == ["not_met"] * 3
    assert result["indicators"][2]["facilities"][0]["name"] == "Đài Zeta Cửa Lò"
    services.create_facility(
        officer, Kind.POST, {"name": "Điểm BĐVHX Thử", "post_type": "culture_point"}, commune=cua_lo
    )
    services.create_facility(
        officer,
        Kind.BTS,
        {"name": "Trạm Thử 2", "site_code": "TEST-2", "technologies": ["4g"]},
        commune=cua_lo,
    )
    radio = Facility.objects.get(name="Đài Zeta Cửa Lò")
    services.update_facility(officer, radio, {"condition": "working"})
    from ictgov.registry.models import Indicator

    manual = Indicator.objects.filter(rule="manual").order_by("-criterion_set__valid_from").first()
    response = client.post(
        "/registry/criterion/assess/",
        {
            "indicator": manual.pk,
            "commune": cua_lo.pk,
            "met": "1",
            "evidence": "Phần mềm quản lý văn bản đang dùng",
            "assessed_on": date.today().strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    verdicts, result = _criterion(client, CUA_LO)
    assert verdicts == {"8.1": "met", "8.2": "met", "8.3": "met", "8.4": "met"}
    assert result["verdict"] == "met"
    page = client.get("/registry/criterion/").content.decode()
    assert f'data-commune="{CUA_LO}" data-verdict="met"' in page
    # A commune officer assesses only their own commune.
    denied = client_for("canboxa").post(
        "/registry/criterion/assess/",
        {
            "indicator": manual.pk,
            "commune": cua_lo.pk,
            "met": "0",
            "evidence": "x",
            "assessed_on": date.today().strftime("%d/%m/%Y"),
        },
    )
    assert denied.status_code == 403


def test_edit_page_keeps_the_old_commune_and_records_the_reason(two, client_for):
    ward, _other = two
    client = client_for("chuyenvien")
    page = client.get(f"/registry/facilities/{ward.pk}/edit/").content.decode()
    assert "Phường Hà Huy Tập" in page  # the commune as entered
    form = {
        "name": "Trạm Zeta Hà Huy Tập (đổi tên)",
        "commune": commune(HA_HUY_TAP, BEFORE).pk,
        "recorded_on": BEFORE.strftime("%d/%m/%Y"),
        "status": "active",
        "street": "Số 1 Lê Lợi",
        "site_code": "TEST-1",
        "technologies": ["4g", "5g"],
        "latitude": "18.67",
        "longitude": "105.68",
        "reason": "Đổi tên theo doanh nghiệp",
    }
    response = client.post(f"/registry/facilities/{ward.pk}/edit/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    ward.refresh_from_db()
    assert ward.name.endswith("(đổi tên)") and ward.technologies == "4g,5g"
    assert ward.old_commune.code == HA_HUY_TAP and ward.commune.code == VINH_PHU
    detail = client.get(f"/registry/facilities/{ward.pk}/").content.decode()
    assert "Đổi tên theo doanh nghiệp" in detail and "Phường Hà Huy Tập" in detail
    assert client_for("canboxa").get(f"/registry/facilities/{ward.pk}/edit/").status_code == 403


def test_a_game_point_page_shows_its_rule_warnings(users, client_for):
    point = services.create_facility(
        users["chuyenvien"],
        Kind.GAME_POINT,
        {
            "name": "Điểm game Zeta",
            "school_distance_m": 90,
            "floor_area_m2": Decimal("60"),
            "urban_class": "special_iii",
            "operating_since": date(2019, 5, 1),
        },
        commune=commune(HA_HUY_TAP, BEFORE),
        recorded_on=BEFORE,  # the rules of 2024 (Decree 72/2013)
    )
    page = client_for("canboxa").get(f"/registry/facilities/{point.pk}/").content.decode()
    assert "90 m, dưới 200 m" in page
    assert "Nghị định 72/2013/NĐ-CP" in page
    listed = client_for("chuyenvien").get("/registry/?warned=true&q=zeta").content.decode()
    assert "Điểm game Zeta" in listed
    # Each warning is a sentence: one after the other, not "… dưới 200 m.; Chưa có …".
    assert "dưới 200 m. Chưa có giấy chứng nhận đủ điều kiện." in listed
    response = client_for("chuyenvien").get("/registry/?warned=true&q=zeta&export=xlsx")
    assert ".;" not in _sheet_text(b"".join(response.streaming_content))


def _sheet_text(body: bytes) -> str:
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(body)).active
    return "\n".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v)


def test_a_facility_links_a_certificate_of_the_one_stop(client_for):
    from ictgov.licensing.models import Certificate

    cert = Certificate.objects.filter(status="valid").first()
    client = client_for("chuyenvien")
    choices = client.get("/core/choices/licensing.certificate/", {"q": cert.number}).json()
    assert str(cert.pk) in [c["value"] for c in choices["results"]]
    form = {
        "name": "Điểm game Zeta có giấy",
        "commune": commune(VINH_PHU).pk,
        "recorded_on": date.today().strftime("%d/%m/%Y"),
        "status": "active",
        "operating_since": "01/03/2025",
        "certificate": cert.pk,
    }
    response = client.post("/registry/new/game_point/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    point = Facility.objects.get(name="Điểm game Zeta có giấy")
    assert point.certificate == cert and point.warnings == []
    assert cert.number in client.get(response["Location"]).content.decode()


def test_a_number_too_big_for_a_picker_is_a_vietnamese_error_not_a_server_error(client_for):
    client = client_for("chuyenvien")
    huge = "99999999999999999999999"
    for url in (f"/registry/?operator={huge}", f"/registry/map/?area={huge}"):
        response = client.get(url)
        assert response.status_code == 422, url
        assert "Hãy chọn một giá trị trong danh sách." in response.content.decode()
    page = client.get("/registry/map/?kind=nope").content.decode()
    assert 'data-testid="filter-errors"' in page and 'data-testid="facility-map"' not in page
    count = Facility.objects.count()
    form = {
        "name": "Bưu cục Số Lớn",
        "commune": huge,
        "recorded_on": date.today().strftime("%d/%m/%Y"),
        "status": "active",
        "post_type": "post_office",
        "latitude": "18.7",
        "longitude": "105.7",
    }
    response = client.post("/registry/new/post/", form)
    assert response.status_code == 400
    assert "Hãy chọn một giá trị trong danh sách." in response.content.decode()
    assert Facility.objects.count() == count


def test_a_facility_picker_tells_two_of_the_same_name_apart(client_for, users):
    """Two BTS both called "Trạm Zeta" in different streets: the picker shows each one's code
    and address, in the search answers and for the chosen one on a form."""
    officer = users["chuyenvien"]
    made = [
        services.create_facility(
            officer,
            Kind.BTS,
            {"name": "Trạm Zeta", "site_code": f"TWIN-{n}", "street": street},
            commune=commune(VINH_PHU),
            recorded_on=date.today(),
        )
        for n, street in ((1, "Số 3 Lê Lợi"), (2, "Số 9 Trần Phú"))
    ]
    client = client_for("chuyenvien")
    answers = client.get("/core/choices/registry.facility/", {"q": "Trạm Zeta"}).json()["results"]
    texts = {a["value"]: a["text"] for a in answers}
    for facility in made:
        facility.refresh_from_db()
        shown = texts[str(facility.pk)]
        assert facility.code in shown and facility.address in shown, shown
    assert len({texts[str(f.pk)] for f in made}) == 2
    # a form with one of them chosen shows the same label, whether the picker lists its few
    # choices whole or loads them as the user types
    from ictgov.licensing.forms import FacilityLinkForm

    for facilities in (Facility.objects.filter(pk__in=[f.pk for f in made]), Facility.objects):
        html = str(FacilityLinkForm(initial={"facility": made[1].pk}, facilities=facilities))
        assert f"{made[1].code} · Trạm Zeta — {made[1].address}" in html


def test_the_list_keeps_its_sql_but_shows_today_s_rows_and_number(two, client_for, users):
    """The list keeps its page's and count's SQL per user and filters (core.sqlcache): a
    facility added since shows at once, in the rows and in the number; an area filter of a
    commune and of a province (same filter, another kind of unit) each give their own rows."""
    import re

    ward, other = two
    client = client_for("chuyenvien")

    def listed(params):
        response = client.get("/registry/", params)
        assert response.status_code == 200
        page = response.content.decode()
        names = re.findall(r'data-label="Tên"><a href="[^"]+">([^<]+)</a>', page)
        return response.context["paginator"].count, names

    count, names = listed({"q": "zeta"})
    assert (count, sorted(names)) == (2, sorted([ward.name, other.name]))
    assert listed({"q": "zeta"}) == (count, names)  # the kept SQL, the same answer
    services.create_facility(
        users["chuyenvien"],
        Kind.RADIO,
        {"name": "Đài Zeta Mới", "latitude": Decimal("18.81"), "longitude": Decimal("105.70")},
        commune=commune(CUA_LO),
    )
    count, names = listed({"q": "zeta"})
    assert count == 3 and "Đài Zeta Mới" in names
    province = commune(CUA_LO).province
    assert listed({"q": "zeta", "area": province.pk})[0] == 3
    assert sorted(listed({"q": "zeta", "area": commune(CUA_LO).pk})[1]) == [
        "Đài Zeta Cửa Lò",
        "Đài Zeta Mới",
    ]


def test_the_assessment_form_offers_only_the_indicators_in_force(client_for):
    from ictgov.registry.models import Indicator

    cua_lo = commune(CUA_LO)
    page = client_for("chuyenvien").get(f"/registry/criterion/communes/{cua_lo.pk}/")
    current = Indicator.objects.get(rule="manual", criterion_set__valid_to__isnull=True)
    options = re.findall(r'<option value="(\d+)"', _select(page.content.decode(), "indicator"))
    assert options == [str(current.pk)]


def _select(html: str, name: str) -> str:
    return re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)


def test_an_empty_choice_reads_vietnamese(client_for):
    # Django 6.1's blank choice, "- Select an option -", is missing from its Vietnamese catalogue.
    page = client_for("chuyenvien").get("/registry/new/game_point/").content.decode()
    assert "Select an option" not in page
    assert '<option value="" selected>— Chọn —</option>' in _select(page, "urban_class")


def test_the_commune_picker_tells_old_and_new_communes_of_one_name_apart(
    client_for, django_assert_max_num_queries
):
    client = client_for("chuyenvien")
    with django_assert_max_num_queries(6):  # not a query per choice for its district, province
        body = client.get("/core/choices/geo.administrativeunit/?q=xa bac ly").json()
    labels = [r["text"] for r in body["results"]]
    assert len(set(labels)) == len(labels)
    # Xã Bắc Lý of Kỳ Sơn district until the 2025 reform, and the commune of that name now
    # (and others of that name where the whole country is loaded).
    assert "Xã Bắc Lý, Huyện Kỳ Sơn, Tỉnh Nghệ An (đến 30/06/2025)" in labels
    assert "Xã Bắc Lý, Tỉnh Nghệ An" in labels


def test_the_map_shows_every_filter_it_applies(client_for):
    # From the list's "Xem trên bản đồ": the broken radios of a search. The map applied the
    # condition and the search but did not show them, and its "Lọc" dropped them.
    page = client_for("chuyenvien").get("/registry/map/?kind=radio&condition=broken&q=zeta")
    html = page.content.decode()
    assert '<option value="broken" selected>' in _select(html, "condition")
    assert re.search(r'<input type="text" name="q" value="zeta"', html)
    assert '<select name="technology"' not in html  # a filter not in use stays off the map


def test_editing_a_bts_keeps_its_technologies(two, client_for):
    ward, _other = two
    Facility.objects.filter(pk=ward.pk).update(technologies="4g,5g")
    client = client_for("chuyenvien")
    html = client.get(f"/registry/facilities/{ward.pk}/edit/").content.decode()
    checked = re.findall(
        r'<input type="checkbox" name="technologies" value="(\w+)"[^>]*checked', html
    )
    assert checked == ["4g", "5g"]
    # The page as the officer sees it, with only the reason typed: both stay (they were erased).
    form = dict(re.findall(r'<input type="(?:text|number)" name="(\w+)" value="([^"]*)"', html))
    response = client.post(
        f"/registry/facilities/{ward.pk}/edit/",
        {
            **form,
            "technologies": checked,
            "status": "active",
            "commune": ward.old_commune_id,
            "new_commune": ward.commune_id,
            "recorded_on": ward.recorded_on.strftime("%d/%m/%Y"),
            "reason": "Kiểm tra",
        },
    )
    assert response.status_code == 302
    ward.refresh_from_db()
    assert ward.technology_list == ["4g", "5g"]


def test_the_form_asks_for_the_address_in_one_place(client_for):
    # The commune came last, after the type's own fields, far from the street it completes.
    html = client_for("chuyenvien").get("/registry/new/game_point/").content.decode()
    names = re.findall(r'name="(\w+)"', html.split('name="csrfmiddlewaretoken"', 1)[1])
    street = names.index("street")
    assert names[street : street + 4] == ["street", "commune", "new_commune", "recorded_on"]
