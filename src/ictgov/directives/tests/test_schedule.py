"""The leaders' weekly schedule, built from the meetings: day by day, by time, printable."""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse

from ictgov.directives import services
from ictgov.org.models import Unit

pytestmark = pytest.mark.django_db
URL = reverse("directives:schedule")


@pytest.fixture
def week(users):
    monday = date(2027, 3, 1)  # a week of its own, ahead
    host = Unit.objects.get(name="Sở Khoa học và Công nghệ tỉnh Nghệ An")
    make = lambda title, day, at, **kw: services.create_meeting(  # noqa: E731
        users["lanhdao"],
        kind="lam_viec",
        title=title,
        held_on=day,
        starts_at=at,
        host_unit=host,
        place="Phòng họp 1",
        **kw,
    )
    return {
        "afternoon": make("Họp chiều thứ Hai", monday, time(14, 0)),
        "morning": make("Họp sáng thứ Hai", monday, time(8, 0)),
        "visit": make(
            "Đoàn công tác hai ngày",
            monday + timedelta(days=2),
            time(7, 30),
            held_until=monday + timedelta(days=3),
        ),
        "other": make("Họp tuần sau", monday + timedelta(days=7), time(8, 0)),
    }


def test_the_week_day_by_day_and_by_time(client_for, week):
    response = client_for("lanhdao").get(URL, {"week": "2027-W09"})
    assert response.status_code == 200
    days = {d: [m.title for m in items] for _w, d, items in response.context["days"]}
    monday = date(2027, 3, 1)
    assert days[monday] == ["Họp sáng thứ Hai", "Họp chiều thứ Hai"]
    assert (
        days[monday + timedelta(days=2)]
        == days[monday + timedelta(days=3)]
        == ["Đoàn công tác hai ngày"]
    )
    assert "Họp tuần sau" not in response.content.decode()
    page = response.content.decode()
    assert "LỊCH CÔNG TÁC TUẦN" in page and "08h00" in page and "14h00" in page
    assert "từ ngày 01/03/2027 đến ngày 07/03/2027" in page
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page and "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in page


def test_a_bad_week_is_explained(client_for):
    response = client_for("lanhdao").get(URL, {"week": "tuần sau"})
    assert response.status_code == 422 and "2026-W49" in response.content.decode()


def test_the_schedule_is_scoped_like_the_meetings(client_for, week):
    page = client_for("canboxa").get(URL, {"week": "2027-W09"}).content.decode()
    assert "Họp sáng thứ Hai" not in page  # a provincial meeting the ward has no part in
