"""Facilities: placing old and new addresses through geo's succession links, coordinates,
duplicates, the game-point rules by date, the history."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from ictgov.core.errors import ServiceError
from ictgov.registry import services
from ictgov.registry.models import Facility, Kind

from .helpers import BEFORE, CUA_LO, HA_HUY_TAP, VINH_PHU, commune

pytestmark = pytest.mark.django_db


def bts(user, **kw):
    data = {
        "name": kw.pop("name", "Trạm BTS Vinh Phú 1"),
        "street": "Số 5 Lê Lợi",
        "site_code": kw.pop("site_code", "NAN-T001"),
        "technologies": ["4g", "5g"],
        "latitude": Decimal("18.679585"),
        "longitude": Decimal("105.681335"),
        "operator_name": "Viettel Nghệ An",
        **kw.pop("data", {}),
    }
    return services.create_facility(
        user, Kind.BTS, data, commune=kw.pop("commune", commune(VINH_PHU)), **kw
    )


def test_new_address_gets_a_code_and_both_forms_when_entered_old(users):
    f = bts(users["chuyenvien"])
    assert f.code == f"BTS-{f.pk:07d}"
    assert f.address == "Số 5 Lê Lợi, Phường Vinh Phú, Tỉnh Nghệ An"
    assert f.old_address == "" and f.old_commune is None and f.province.code == "40"

    old = bts(
        users["chuyenvien"],
        name="Trạm Hà Huy Tập",
        site_code="NAN-T002",
        commune=commune(HA_HUY_TAP, BEFORE),
        recorded_on=BEFORE,
    )
    assert old.commune.code == VINH_PHU and old.old_commune.code == HA_HUY_TAP
    assert old.old_address == "Số 5 Lê Lợi, Phường Hà Huy Tập, Thành phố Vinh, Tỉnh Nghệ An"
    assert old.address == "Số 5 Lê Lợi, Phường Vinh Phú, Tỉnh Nghệ An"
    # Both forms are searchable, accents or not.
    assert Facility.objects.search("ha huy tap").filter(pk=old.pk).exists()
    assert Facility.objects.search("vinh phu").filter(pk=old.pk).exists()


def test_an_old_commune_is_refused_on_a_date_after_the_reform(users):
    with pytest.raises(ServiceError, match="không tồn tại vào ngày"):
        bts(users["chuyenvien"], commune=commune(HA_HUY_TAP, BEFORE))


def test_import_geography_tells_codes_by_date():
    geo = services.Geography()
    assert geo.place(VINH_PHU, date.today()).old_commune is None
    old = geo.place(VINH_PHU, BEFORE)  # 16702 was phường Nghi Phú before the reform
    assert old.old_commune.name == "Phường Nghi Phú" and old.commune.name == "Phường Vinh Phú"
    with pytest.raises(ServiceError, match="99999"):
        geo.place("99999", date.today())


def test_convert_an_old_address_through_geo():
    street, placement = services.convert_address(
        "Số 12 Nguyễn Du, phường Hà Huy Tập, thành phố Vinh, tỉnh Nghệ An"
    )
    assert street == "Số 12 Nguyễn Du"
    assert placement.commune.code == VINH_PHU and placement.old_commune.code == HA_HUY_TAP
    assert services.convert_address("xã Không Có, huyện Nào Đó, tỉnh Nghệ An") is None


def test_coordinates_outside_vietnam_and_duplicates_are_refused(users):
    with pytest.raises(ServiceError, match="Vĩ độ"):
        bts(users["chuyenvien"], data={"latitude": Decimal("35.1")})
    bts(users["chuyenvien"])
    with pytest.raises(ServiceError, match="trùng"):
        bts(users["chuyenvien"], name="Tên khác")  # same site code


def test_only_staff_write(users):
    with pytest.raises(PermissionDenied):
        bts(users["canboxa"])


def test_game_point_rules_follow_the_record_date(users):
    """The rules of the day the record's facts hold (FACTS §2: "a warning today uses
    147/2024"), not of the day the point opened."""
    data = {
        "name": "Điểm game Hà Huy Tập",
        "floor_area_m2": Decimal("25"),
        "school_distance_m": 120,
        "nearest_school": "THCS Hà Huy Tập",
        "operating_since": date(2020, 3, 1),
    }
    old = services.create_facility(
        users["chuyenvien"],
        Kind.GAME_POINT,
        data,
        commune=commune(HA_HUY_TAP, BEFORE),  # a record of 2024, in that year's commune
        recorded_on=BEFORE,
    )
    messages = [w["message"] for w in old.warnings]
    assert any("120 m, dưới 200 m" in m for m in messages)
    assert any("dưới 30 m²" in m for m in messages)
    assert all("72/2013" in w["source"] for w in old.warnings)
    # The same point recorded today: no distance or area condition exists any more.
    today = services.create_facility(
        users["chuyenvien"],
        Kind.GAME_POINT,
        {**data, "name": "Điểm game Hà Huy Tập (hôm nay)"},
        commune=commune(VINH_PHU),
    )
    assert [w["source"] for w in today.warnings] == [services.SOURCE_147]  # certificate only
    new = services.create_facility(
        users["chuyenvien"],
        Kind.GAME_POINT,
        {**data, "name": "Điểm game mới", "operating_since": date(2025, 2, 1)},
        commune=commune(VINH_PHU),
    )
    assert [w["source"] for w in new.warnings] == [services.SOURCE_147]


def test_update_keeps_history_with_reason(users):
    f = bts(users["chuyenvien"])
    services.update_facility(
        users["chuyenvien"],
        f,
        {"status": "suspended", "street": "Số 7 Lê Lợi"},
        commune=commune(CUA_LO),
        reason="Di dời",
    )
    f.refresh_from_db()
    assert f.commune.code == CUA_LO and f.address.startswith("Số 7 Lê Lợi, Phường Cửa Lò")
    assert f.history.first().history_change_reason == "Di dời"


def test_an_assessment_counts_for_the_criterion_set_in_force_on_its_date(users):
    from ictgov.registry.models import Indicator

    manual = Indicator.objects.filter(rule="manual").select_related("criterion_set")
    current = manual.get(criterion_set__valid_to__isnull=True)
    ended = manual.exclude(pk=current.pk).get()
    today = date.today()
    # The 2021–2025 set's 8.4 assessed today would be recorded and count for nothing.
    with pytest.raises(ServiceError, match="không áp dụng vào ngày"):
        services.record_assessment(
            users["chuyenvien"],
            indicator=ended,
            commune=commune(CUA_LO),
            met=True,
            evidence="Phần mềm quản lý văn bản",
            assessed_on=today,
        )
    services.record_assessment(
        users["chuyenvien"],
        indicator=current,
        commune=commune(CUA_LO),
        met=True,
        evidence="Phần mềm quản lý văn bản",
        assessed_on=today,
    )


def test_an_officer_keeps_the_registry_of_their_own_province(users):
    from ictgov.geo.models import AdministrativeUnit

    elsewhere = next(
        u
        for u in AdministrativeUnit.objects.filter(level="commune", valid_from__isnull=False)
        if u.is_current and u.province.pk != commune(VINH_PHU).province.pk
    )
    # Saved in another province's registry, the facility was out of its author's sight:
    # "Đã thêm cơ sở vào sổ" on a "Không tìm thấy trang".
    with pytest.raises(ServiceError, match="ngoài phạm vi"):
        bts(users["chuyenvien"], commune=elsewhere)
    assert not Facility.objects.filter(site_code="NAN-T001").exists()
    f = bts(users["chuyenvien"])
    with pytest.raises(ServiceError, match="ngoài phạm vi"):
        services.update_facility(users["chuyenvien"], f, {}, commune=elsewhere)
    f.refresh_from_db()
    assert f.commune.code == VINH_PHU


def test_an_area_in_a_warning_reads_as_written_in_vietnamese(users):
    data = {"name": "Điểm game Diện Tích", "operating_since": date(2020, 3, 1)}
    for area, shown in ((Decimal("25.0"), "25 m²"), (Decimal("27.5"), "27,5 m²")):
        point = services.create_facility(
            users["chuyenvien"],
            Kind.GAME_POINT,
            {**data, "name": f"{data['name']} {area}", "floor_area_m2": area},
            commune=commune(HA_HUY_TAP, BEFORE),
            recorded_on=BEFORE,  # the rules of 2024 (Decree 72/2013)
        )
        assert f"Diện tích phòng máy {shown}, dưới 30 m²" in point.warning_text


def test_a_record_date_after_today_is_refused_as_the_import_refuses_it(users):
    from datetime import timedelta

    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(ServiceError, match="không được sau hôm nay"):
        bts(users["chuyenvien"], recorded_on=tomorrow)
    f = bts(users["chuyenvien"])
    with pytest.raises(ServiceError, match="không được sau hôm nay"):
        services.update_facility(users["chuyenvien"], f, {"recorded_on": tomorrow})
    f.refresh_from_db()
    assert f.recorded_on == date.today()
