"""A one-stop dossier and its certificates linked to a facility of the registry: picked from
the facilities the officer may see, carried to the certificate issued on it (and to its
renewal), shown on both sides."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from ictgov.licensing import services as licensing
from ictgov.licensing.models import Certificate
from ictgov.licensing.tests.helpers import application, pdf_file, procedure
from ictgov.licensing.tests.test_api import bearer
from ictgov.registry import services
from ictgov.registry.models import Facility, Kind

from .helpers import CUA_LO, VINH_PHU, commune

pytestmark = pytest.mark.django_db


def game_point(user, code=VINH_PHU, name="Điểm game Sao Mai") -> Facility:
    return services.create_facility(
        user,
        Kind.GAME_POINT,
        {
            "name": name,
            "street": "Số 8 Phan Đình Phùng",
            "operator_name": "Hộ kinh doanh Sao Mai",
            "operating_since": date(2025, 3, 1),
        },
        commune=commune(code),
    )


def approve(officer, dossier):
    licensing.act(officer, dossier, "accept")
    with licensing.pdfs_deferred():
        licensing.act(officer, dossier, "approve")
    return dossier.certificates.get()


def test_a_dossier_received_for_a_facility_gives_it_its_certificate(users):
    officer = users["chuyenvien"]
    point = game_point(officer)
    assert [w["message"] for w in point.warnings] == ["Chưa có giấy chứng nhận đủ điều kiện."]
    app = application(facility=point, facility_name="", facility_address="", locality=None)
    d = licensing.submit(officer, app, channel="in_person")
    assert d.facility == point
    # What the officer left empty is taken from the registry.
    assert d.facility_name == "Điểm game Sao Mai"
    assert d.facility_address == point.address and d.locality == point.commune

    cert = approve(officer, d)
    assert cert.facility == point
    point.refresh_from_db()
    assert point.certificate == cert and point.warnings == []
    assert point.history.first().history_change_reason == f"Giấy chứng nhận {cert.number}"


def test_a_reissue_keeps_the_facility_and_becomes_its_licence(users):
    officer = users["chuyenvien"]
    point = game_point(officer)
    first = approve(
        officer, licensing.submit(officer, application(facility=point), channel="in_person")
    )
    reissue = procedure(
        "Cấp lại Giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử "
        "công cộng"
    )
    files = {r.pk: [pdf_file()] for r in reissue.requirements.all()}
    d = licensing.submit(
        officer, application(reissue, certificate=first, files=files), channel="in_person"
    )
    assert d.facility is None  # the reissue's dossier names the certificate, not the facility
    second = approve(officer, d)
    assert second.facility == point and second.replaces == first
    point.refresh_from_db()
    assert point.certificate == second


def test_a_facility_outside_the_officers_scope_cannot_be_picked(users):
    point = game_point(users["chuyenvien"], CUA_LO, "Điểm game Cửa Lò")
    app = application(facility=point)
    with pytest.raises(licensing.LicensingError, match="không thuộc phạm vi sổ quản lý của bạn"):
        licensing.submit(users["canboxa"], app, channel="in_person")  # officer of Vinh Phú
    d = licensing.submit(users["canboxa"], application(), channel="in_person")
    with pytest.raises(licensing.LicensingError, match="không thuộc phạm vi"):
        licensing.link_facility(users["canboxa"], d, point)
    with pytest.raises(PermissionDenied):
        licensing.link_facility(users["doanhnghiep"], d, game_point(users["chuyenvien"]))


def test_linking_later_carries_to_the_certificates_and_shows_on_both_pages(users, client_for):
    officer = users["chuyenvien"]
    point = game_point(officer)
    d = licensing.submit(users["doanhnghiep"], application())
    cert = approve(officer, d)
    assert cert.facility is None

    staff = client_for("chuyenvien")
    page = staff.get(f"/licensing/dossiers/{d.pk}/")
    assert 'data-testid="link-facility"' in page.text and "Chưa gắn" in page.text
    response = staff.post(f"/licensing/dossiers/{d.pk}/facility/", {"facility": point.pk})
    assert response.status_code == 302
    d.refresh_from_db()
    cert.refresh_from_db()
    point.refresh_from_db()
    assert d.facility == point and cert.facility == point and point.certificate == cert

    page = staff.get(f"/licensing/dossiers/{d.pk}/").text
    assert f'href="/registry/facilities/{point.pk}/"' in page and point.code in page
    page = staff.get(f"/licensing/certificates/{cert.pk}/").text
    assert f'href="/registry/facilities/{point.pk}/"' in page
    page = staff.get(f"/registry/facilities/{point.pk}/").text
    assert f'href="/licensing/dossiers/{d.pk}/"' in page and d.receipt_code in page
    assert f'href="/licensing/certificates/{cert.pk}/"' in page and cert.number in page

    api = Client().get(f"/api/v1/licensing/dossiers/{d.pk}", headers=bearer(officer))
    assert api.json()["facility_id"] == point.pk

    # The applicant sees the dossier, not the registry: no link, and may not link.
    applicant = client_for("doanhnghiep")
    page = applicant.get(f"/licensing/dossiers/{d.pk}/").text
    assert "/registry/facilities/" not in page and "link-facility" not in page
    assert applicant.post(f"/licensing/dossiers/{d.pk}/facility/", {}).status_code == 403


def test_a_facility_outside_the_scope_is_not_a_choice_on_the_page(users, client_for):
    d = licensing.submit(users["doanhnghiep"], application())  # decided by Vinh Phú (canboxa)
    elsewhere = game_point(users["chuyenvien"], CUA_LO, "Điểm game Cửa Lò")
    response = client_for("canboxa").post(
        f"/licensing/dossiers/{d.pk}/facility/", {"facility": elsewhere.pk}
    )
    assert response.status_code == 400
    d.refresh_from_db()
    assert d.facility is None
    assert not Certificate.objects.filter(facility=elsewhere).exists()
