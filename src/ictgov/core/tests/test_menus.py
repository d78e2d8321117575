"""Menus by role: each user sees what they can use; the admin and the API docs speak the site."""

import pytest

pytestmark = pytest.mark.django_db


def _menu(client):
    return [item["label"] for item in client.get("/").context["NAV_ITEMS"]]


def test_a_business_sees_only_what_it_can_use(client_for):
    menu = [str(label) for label in _menu(client_for("doanhnghiep"))]
    assert "Nhiệm vụ của đơn vị" not in menu and "Cơ quan, đơn vị" not in menu
    assert "Lịch làm việc" in menu
    staff = [str(label) for label in _menu(client_for("chuyenvien"))]
    assert {"Nhiệm vụ của đơn vị", "Cơ quan, đơn vị", "Theo dõi nhiệm vụ"} <= set(staff)


def test_the_home_page_greets_a_user_with_or_without_a_unit(client_for):
    business = client_for("doanhnghiep").get("/").content.decode()
    assert "Xin chào Công ty TNHH Dịch vụ Game Vinh." in business  # no unit: no “(—)”
    officer = client_for("canboxa").get("/").content.decode()
    assert "Xin chào Hoàng Văn Nam (Ủy ban nhân dân phường Vinh Phú)." in officer


def test_api_docs_are_linked_from_the_footer_and_carry_the_site_header(client_for):
    page = client_for("taichinh").get("/").content.decode()
    assert 'data-testid="api-docs-link"' in page
    assert 'class="nav-link" href="/api/v1/docs"' not in page  # not in the main menu
    docs = client_for(None).get("/api/v1/docs").content.decode()
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH NGHỆ AN" in docs.upper() and 'id="swagger-ui"' in docs


def test_the_admin_speaks_the_sites_name_and_hides_the_task_queue(client_for, users):
    page = client_for("quantri").get("/admin/").content.decode()
    assert "Quản trị hệ thống ictgov" in page and "Django" not in page.split("<title>")[1][:80]
    assert "/admin/django_tasks_database/" in page  # the superuser sees the queue
    officer = users["chuyenvien"]
    officer.is_staff = True
    officer.save()
    from django.contrib.auth.models import Permission

    officer.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["core", "django_tasks_database"])
    )
    page = client_for("chuyenvien").get("/admin/").content.decode()
    assert "Quản trị hệ thống ictgov" in page
    assert "/admin/django_tasks_database/" not in page and "/admin/core/" in page


def test_the_administrative_unit_list_opens_on_the_units_in_force_today(client):
    from django.utils import timezone

    response = client.get("/geo/units/", {"level": "province"})
    assert response.context["filter_form"]["on"].value() == f"{timezone.localdate():%d/%m/%Y}"
    names = {u.name for u in response.context["object_list"]}
    assert "Tỉnh Nghệ An" in names and "Tỉnh Hà Giang" not in names


def test_what_the_layout_renders_once_per_language_depends_on_nothing_else():
    """`{% once_per_language %}` keeps a stretch of the layout rendered once per language and
    process: nothing inside may depend on the user, the request, a token or a setting a test
    or an administrator changes."""
    import re
    from pathlib import Path

    from django.template.loader import get_template

    source = Path(get_template("base.html").origin.name).read_text()
    blocks = re.findall(r"{% once_per_language %}(.*?){% endonce_per_language %}", source, re.S)
    assert blocks
    dependent = ("user", "request", "csrf", "nonce", "messages", "UNREAD", "AUTHORITY", "title")
    for block in blocks:
        for word in dependent:
            assert word not in block, (word, block)


def test_each_user_and_language_get_their_own_header(client_for):
    """The header's fixed stretches follow the language, the rest follows the user."""
    officer = client_for("chuyenvien")
    business = client_for("doanhnghiep")
    for _ in range(2):  # the second round is served from what the first one rendered
        page = officer.get("/").content.decode()
        assert "Nguyễn Thị Lan" in page and "Đăng xuất" in page
        assert "Công ty TNHH Dịch vụ Game Vinh" in business.get("/").content.decode()
    officer.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = officer.get("/").content.decode()
    assert "Sign out" in english and "Đăng xuất" not in english
    assert "Đăng xuất" in business.get("/").content.decode()
