from datetime import date

import pytest

from ictgov.geo import selectors
from ictgov.geo.models import AdministrativeUnit, Succession
from ictgov.geo.services import load_geography

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("national_geography"),
    pytest.mark.xdist_group("national"),
]


def count(level, on):
    return selectors.units(level=level, on=on).count()


def test_both_sets_are_loaded_with_their_real_sizes():
    assert count("province", date(2026, 1, 1)) == 34
    assert count("commune", date(2026, 1, 1)) == 3321
    assert count("district", date(2026, 1, 1)) == 0
    assert count("province", date(2024, 1, 1)) == 63
    assert count("district", date(2024, 1, 1)) == 696
    assert count("commune", date(2024, 1, 1)) == 10051


def test_the_reform_day_splits_the_two_sets():
    assert count("province", date(2025, 6, 30)) == 63
    assert count("province", date(2025, 7, 1)) == 34


def test_second_load_changes_nothing():
    before = (AdministrativeUnit.objects.count(), Succession.objects.count())
    result = load_geography()
    assert not result.changed
    assert (AdministrativeUnit.objects.count(), Succession.objects.count()) == before


def test_load_repairs_a_unit_edited_by_hand():
    unit = AdministrativeUnit.objects.get(level="province", code="40", valid_from=date(2025, 7, 1))
    AdministrativeUnit.objects.filter(pk=unit.pk).update(name="Sai tên")
    result = load_geography()
    assert result.updated == 1
    unit.refresh_from_db()
    assert unit.name == "Tỉnh Nghệ An"


def test_codes_are_padded_by_level_and_reused_codes_stay_apart():
    # Code 44 was Quảng Bình before the reform and is Quảng Trị after it.
    units = AdministrativeUnit.objects.filter(level="province", code="44")
    assert {u.name for u in units} == {"Tỉnh Quảng Bình", "Tỉnh Quảng Trị"}
    assert AdministrativeUnit.objects.filter(level="district", code="412").get().name == (
        "Thành phố Vinh"
    )


def test_old_province_leads_to_its_successor():
    ha_giang = selectors.resolve("Ha Giang", date(2014, 9, 23))[0]
    assert ha_giang.name == "Tỉnh Hà Giang" and ha_giang.level == "province"
    assert [u.name for u in ha_giang.current_successors()] == ["Tỉnh Tuyên Quang"]


def test_old_commune_leads_to_a_current_commune_of_the_new_province():
    commune = AdministrativeUnit.objects.filter(level="commune", valid_from__isnull=True).first()
    successors = commune.current_successors()
    assert successors and all(s.level == "commune" and s.is_current for s in successors)


def test_old_district_leads_to_the_communes_that_took_over():
    district = AdministrativeUnit.objects.get(level="district", code="412")  # TP Vinh
    names = {u.name for u in district.current_successors()}
    assert "Phường Vinh Phú" in names
    assert all(u.parent.code == "40" for u in district.current_successors())


def test_resolve_is_accent_insensitive_and_type_prefix_optional():
    assert selectors.resolve("tinh nghe an", date(2026, 1, 1))[0].code == "40"
    assert selectors.resolve("NGHỆ AN", date(2026, 1, 1))[0].code == "40"
    # The province of Quảng Bình ended in 2025; only communes of that name remain.
    assert {u.level for u in selectors.resolve("Quang Binh", date(2026, 1, 1))} == {"commune"}
    assert selectors.resolve("Quang Binh", date(2020, 1, 1))[0].level == "province"


def test_search_matches_word_beginnings_only():
    names = {u.name for u in selectors.units(q="nghe an")}
    assert names == {"Tỉnh Nghệ An"}
