from datetime import date

import pytest

from ictgov.core.testing import read_export
from ictgov.core.text import expand_abbreviations, fold

pytestmark = pytest.mark.django_db


def test_fold_strips_vietnamese_diacritics():
    assert fold("Sở Nội vụ  ĐÀ NẴNG") == "so noi vu da nang"
    assert fold("Quản lý") == fold("quan ly")
    assert expand_abbreviations("Sở TT&TT") == "so thong tin va truyen thong"


def test_fold_by_table_is_nfd_without_marks_for_every_character_of_the_basic_plane():
    """The table `fold` translates with is filled as characters are met: for each of them it
    must say what decomposing and dropping the marks says."""
    import unicodedata

    def by_nfd(text):
        text = text.replace("đ", "d").replace("Đ", "D")
        decomposed = unicodedata.normalize("NFD", text)
        return " ".join("".join(c for c in decomposed if unicodedata.category(c) != "Mn").split())

    plane = [chr(cp) for cp in range(0x80, 0x10000) if not 0xD800 <= cp <= 0xDFFF]
    for start in range(0, len(plane), 4096):
        chunk = " ".join(plane[start : start + 4096])
        assert fold(chunk) == by_nfd(chunk).lower(), start


def test_search_box_is_accent_insensitive(client):
    page = client.get("/geo/units/", {"q": "nghe an"}).content.decode()
    assert "Tỉnh Nghệ An" in page
    # Every date ("on" left empty): the province before and after the 2025 reform.
    page = client.get("/geo/units/", {"q": "NGHỆ AN", "level": "province", "on": ""})
    assert "Tỉnh Nghệ An" in page.content.decode() and "2 kết quả" in page.content.decode()


def test_list_dates_are_dd_mm_yyyy(client):
    params = {"q": "nghe an", "level": "province", "on": ""}
    page = client.get("/geo/units/", params).content.decode()
    assert "30/06/2025" in page and "01/07/2025" in page


@pytest.mark.usefixtures("national_geography")
@pytest.mark.xdist_group("national")
def test_lists_paginate(client):
    first = client.get("/geo/units/", {"level": "province"}).content.decode()
    assert "Trang 1/" in first
    second = client.get("/geo/units/", {"level": "province", "page": 2}).content.decode()
    assert "Trang 2/" in second


def test_htmx_search_returns_only_the_table(client):
    response = client.get(
        "/geo/units/",
        {"q": "vinh phu"},
        headers={"HX-Request": "true", "HX-Target": "object-table"},
    )
    body = response.content.decode()
    assert "Phường Vinh Phú" in body and "<html" not in body


def test_excel_export_of_a_filtered_list(client):
    response = client.get("/geo/units/", {"q": "nghe an", "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    export = read_export(response)
    assert export.title == "Đơn vị hành chính"
    assert export.as_of.startswith("Tính đến ngày ")
    assert export.headers[:3] == ["STT", "Mã", "Tên"]
    assert {r[2] for r in export.rows} == {"Tỉnh Nghệ An"}
    assert [r[0] for r in export.rows] == list(range(1, len(export.rows) + 1))


def test_assets_are_served_by_the_app(client):
    page = client.get("/").content.decode()
    assert "cdn" not in page.lower() and "https://" not in page
    assert client.get("/static/vendor/bootstrap/css/bootstrap.min.css").status_code == 200
    for asset in (
        "/static/django_htmx/htmx-2.min.js",
        "/static/vendor/tom-select/js/tom-select.complete.min.js",
        "/static/vendor/leaflet/leaflet.js",
        "/static/core/ictgov.js",
    ):
        response = client.get(asset)
        assert response.status_code == 200, asset
        assert b"".join(response.streaming_content)[:200].strip(), asset


def test_api_docs_work_offline(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "swagger" in page.lower()
    assert "cdn.jsdelivr" not in page and "unpkg" not in page
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/geo/units" in schema["paths"]


def test_unknown_page_is_a_vietnamese_404(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_interface_is_vietnamese_even_for_english_browsers(client):
    page = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert 'lang="vi"' in page


def test_scoped_reads_never_repeat_a_row(users):
    from ictgov.core.scoping import visible
    from ictgov.directives import services
    from ictgov.directives.models import Task
    from ictgov.org.models import Unit

    finance = Unit.objects.get(name="Sở Tài chính tỉnh Nghệ An")
    home_affairs = Unit.objects.get(name="Sở Nội vụ tỉnh Nghệ An")
    ward = Unit.objects.get(name="Ủy ban nhân dân phường Vinh Phú")
    task = services.create_task(
        users["lanhdao"],
        services.TaskDraft(
            content="Phối hợp hai sở",
            lead_unit=ward,
            coordinating_units=[finance, home_affairs],
            due_on=date(2026, 12, 31),
        ),
        assigned_on=date(2026, 11, 2),
    )
    for name in ("taichinh", "canboxa", "lanhdao"):
        qs = visible(Task.objects.filter(pk=task.pk), users[name])
        assert len(list(qs)) == qs.count() == 1, name


def test_menu_marks_only_the_current_section(client_for):
    page = client_for("lanhdao").get("/directives/dashboard/").content.decode()
    assert page.count("nav-link active") == 1
    assert 'nav-link active" aria-current="page" href="/directives/dashboard/"' in page


@pytest.mark.usefixtures("national_geography")
@pytest.mark.xdist_group("national")
def test_lists_filter_by_validity_day(client_for):
    c = client_for("lanhdao")
    url = "/org/units/?q=so+thong+tin+ha+giang&on={}"
    assert "tỉnh Hà Giang" in c.get(url.format("01/01/2020")).content.decode()
    assert "tỉnh Hà Giang" not in c.get(url.format("01/01/2026")).content.decode()
    page = c.get("/geo/units/?level=province&on=01/01/2026").content.decode()
    assert "34 kết quả" in page


def test_clip_cuts_at_the_end_of_a_word():
    from ictgov.core.text import clip

    name = "Cấp Giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử"
    assert clip(name, 200) == name
    assert clip(name, 40) == "Cấp Giấy chứng nhận đủ điều kiện hoạt…"
    assert all(
        len(clip(name, n)) <= n and name.startswith(clip(name, n)[:-1]) for n in range(5, 80)
    )
    words = name.split()
    for n in range(20, 80):  # every cut ends with a whole word of the name
        assert clip(name, n)[:-1].split()[-1] in words
    assert clip("Mộtchuỗirấtdài", 8) == "Mộtchuỗ…"  # no space to cut at: where the limit falls
