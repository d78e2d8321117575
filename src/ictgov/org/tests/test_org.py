from datetime import date

import pytest

from ictgov.core.models import HardDeleteForbidden
from ictgov.org.models import ClusterTerm, EmulationCluster, Unit
from ictgov.org.selectors import best_unit, match_units

pytestmark = pytest.mark.django_db
NGHE_AN = {"level": "province", "code": "40", "valid_from": date(2025, 7, 1)}


def province():
    from ictgov.geo.models import AdministrativeUnit

    return AdministrativeUnit.objects.get(**NGHE_AN)


@pytest.mark.parametrize(
    "written, expected",
    [
        ("Sở Tài chính", "Sở Tài chính tỉnh Nghệ An"),
        ("so tai chinh", "Sở Tài chính tỉnh Nghệ An"),
        ("Sở Nội Vụ", "Sở Nội vụ tỉnh Nghệ An"),
        ("Sở Tài chín", "Sở Tài chính tỉnh Nghệ An"),  # a typo
        ("Văn phòng UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh Nghệ An"),
        ("Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng Ủy ban nhân dân tỉnh Nghệ An"),
        ("Sở KH&CN", "Sở Khoa học và Công nghệ tỉnh Nghệ An"),
        ("Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ tỉnh Nghệ An"),
    ],
)
def test_names_written_in_text_match_units_of_the_province(written, expected):
    assert best_unit(written, province=province(), on=date(2026, 1, 1)).name == expected


def test_matching_respects_dates_and_provinces():
    # In 2009 Bạc Liêu's Sở TT&TT existed; in 2026 it does not.
    from ictgov.geo.models import AdministrativeUnit

    bac_lieu = AdministrativeUnit.objects.get(level="province", code="95")
    found = best_unit("Sở TT&TT", province=bac_lieu, on=date(2009, 4, 20))
    assert found.name == "Sở Thông tin và Truyền thông tỉnh Bạc Liêu"
    assert best_unit("Sở TT&TT", province=bac_lieu, on=date(2026, 1, 1)) is None


def test_unrelated_text_matches_nothing():
    assert match_units("Hợp tác xã nông nghiệp Quỳnh Lưu", province=province()) == []


def test_agency_successors_after_2025():
    old = Unit.objects.get(name="Sở Thông tin và Truyền thông tỉnh Hà Giang")
    names = {s.name for s in old.successors.all()}
    assert names == {
        "Sở Khoa học và Công nghệ tỉnh Tuyên Quang",
        "Sở Văn hóa, Thể thao và Du lịch tỉnh Tuyên Quang",
    }
    assert old.valid_to == date(2025, 2, 28)


def test_nghe_an_clusters_have_yearly_heads_and_members():
    # The 2015 report's five clusters (the reporting demo adds today's cluster of wards).
    clusters = EmulationCluster.objects.filter(admin_unit__code="40", name__contains="ngành TT&TT")
    assert clusters.count() == 5
    term = ClusterTerm.objects.get(cluster=clusters.first(), year=2015)
    assert term.head_unit in term.members.all()
    assert term.leader.full_name in {"Hồ Quang Thành", "Nguyễn Văn Thông"}


def test_records_of_legal_weight_are_never_hard_deleted():
    unit = Unit.objects.get(name="Sở Nội vụ tỉnh Nghệ An")
    with pytest.raises(HardDeleteForbidden):
        unit.delete()
    with pytest.raises(HardDeleteForbidden):
        Unit.objects.filter(pk=unit.pk).delete()
    assert Unit.objects.filter(pk=unit.pk).exists()


def test_history_records_who_changed_what(users, client_for):
    unit = Unit.objects.get(name="Sở Nội vụ tỉnh Nghệ An")
    unit.phone = "0238 3844 123"
    unit._history_user = users["quantri"]
    unit.save()
    page = client_for("lanhdao").get(unit.get_absolute_url()).content.decode()
    assert "Lịch sử thay đổi" in page
    assert "0238 3844 123" in page
    assert "Quản trị hệ thống" in page  # who
    assert unit.history.count() == 2


def test_agency_succession_is_kept_with_its_history_and_never_deleted(client_for):
    from ictgov.org.models import UnitSuccession

    link = UnitSuccession.objects.select_related("predecessor").first()
    link.legal_basis = "Nghị quyết 190/2025/QH15"
    link.save()
    assert link.history.first().legal_basis == "Nghị quyết 190/2025/QH15"
    assert link.history.count() >= 1

    with pytest.raises(HardDeleteForbidden):
        link.delete()
    with pytest.raises(HardDeleteForbidden):
        UnitSuccession.objects.filter(pk=link.pk).delete()

    # The administrator sees the row in the admin but can neither delete it nor its inline row.
    admin = client_for("quantri")
    assert admin.get(f"/admin/org/unitsuccession/{link.pk}/change/").status_code == 200
    assert admin.get(f"/admin/org/unitsuccession/{link.pk}/delete/").status_code == 403
    page = admin.get(f"/admin/org/unit/{link.predecessor_id}/change/").content.decode()
    assert 'name="successor_links-0-DELETE"' not in page
    assert UnitSuccession.objects.filter(pk=link.pk).exists()
