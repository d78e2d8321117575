"""The letterhead every printed document uses (Decree 30/2020): body above, issuer, place."""

import pytest

from ictgov.org.letterhead import letterhead


@pytest.mark.django_db
def test_a_department_under_the_provincial_committee(users):
    head = letterhead(users["lanhdao"].unit)
    assert head.parent == "Ủy ban nhân dân tỉnh Nghệ An"
    # The province is named once, in the body above.
    assert head.issuer == "Sở Khoa học và Công nghệ"
    assert head.place == "Nghệ An"


@pytest.mark.django_db
def test_a_division_prints_its_departments_letterhead(users):
    assert users["chuyenvien"].unit.kind == "division"
    assert letterhead(users["chuyenvien"].unit) == letterhead(users["lanhdao"].unit)


@pytest.mark.django_db
def test_a_commune_committee_writes_its_own_place(users):
    head = letterhead(users["canboxa"].unit)
    assert head.parent == ""
    assert head.issuer == "Ủy ban nhân dân phường Vinh Phú"
    assert head.place == "Vinh Phú"


@pytest.mark.django_db
def test_the_weekly_schedule_carries_it(client_for):
    page = client_for("chuyenvien").get("/directives/schedule/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN" in text
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in text
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH" not in text
    assert "Nghệ An, ngày" in text
