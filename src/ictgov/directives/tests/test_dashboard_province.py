"""The dashboard shows the leader's own province by default, with merged provinces' history."""

import pytest
from django.urls import reverse

from ictgov.directives.models import Task

pytestmark = pytest.mark.django_db
URL = reverse("directives:dashboard")
BAC_LIEU_TASK = "Đề án 112"  # from the 2009 Bạc Liêu meeting in the demo


def overdue_and_units(client, **params):
    return client.get(URL, params).content.decode()


def test_leader_sees_own_province_by_default(client_for):
    page = overdue_and_units(client_for("lanhdao"))
    assert 'value="40" selected' in page
    assert "Sở Tài chính tỉnh Nghệ An" in page
    assert "Văn phòng Ủy ban nhân dân tỉnh Bạc Liêu" not in page


def test_a_merged_province_includes_its_predecessors_history(client_for):
    """Seen by the administrator (a department's staff see their own province only)."""
    assert Task.objects.filter(lead_unit__name="Văn phòng Ủy ban nhân dân tỉnh Bạc Liêu").exists()
    page = overdue_and_units(client_for("quantri"), province="96")  # Cà Mau took in Bạc Liêu
    assert "Văn phòng Ủy ban nhân dân tỉnh Bạc Liêu" in page
    assert "Sở Tài chính tỉnh Nghệ An" not in page


def test_all_provinces_for_the_administrator_only_their_own_for_a_leader(client_for):
    page = overdue_and_units(client_for("quantri"), province="")
    assert "Văn phòng Ủy ban nhân dân tỉnh Bạc Liêu" in page
    assert "Sở Tài chính tỉnh Nghệ An" in page
    leader = overdue_and_units(client_for("lanhdao"), province="")
    assert "Sở Tài chính tỉnh Nghệ An" in leader
    assert "Văn phòng Ủy ban nhân dân tỉnh Bạc Liêu" not in leader


def test_unknown_province_is_refused_clearly(client_for):
    response = client_for("lanhdao").get(URL, {"province": "99"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tỉnh, thành phố: Hãy chọn một giá trị trong danh sách" in page
