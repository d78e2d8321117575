"""Role × URL matrix: who may open what, and that no list or API call leaks another's records."""

import pytest

from ictgov.org.models import Unit

pytestmark = pytest.mark.django_db

ROLES = ["quantri", "lanhdao", "chuyenvien", "canboxa", "taichinh", "doanhnghiep", None]
OWN_COMMUNE = "Ủy ban nhân dân phường Vinh Phú"
OTHER_COMMUNE = "Ủy ban nhân dân phường Cửa Lò"
OTHER_DISTRICT_UNIT = "Phòng Văn hóa và Thông tin huyện Bắc Quang"
PROVINCIAL = "Sở Nội vụ tỉnh Nghệ An"

# URL → expected status per role (None = anonymous); 302 = sent to the login page.
PAGES = {
    "/": dict.fromkeys(ROLES, 200),
    "/geo/units/?q=vinh": dict.fromkeys(ROLES, 200),
    "/org/units/": {**dict.fromkeys(ROLES, 200), None: 302},
    "/org/people/": {**dict.fromkeys(ROLES, 200), None: 302},
    "/org/clusters/": {**dict.fromkeys(ROLES, 200), None: 302},
    "/accounts/users/": {**dict.fromkeys(ROLES, 403), "quantri": 200, None: 302},
    "/admin/": {**dict.fromkeys(ROLES, 302), "quantri": 200},
    "/core/calendar/": dict.fromkeys(ROLES, 200),
    "/core/calendar/new/": {**dict.fromkeys(ROLES, 403), "quantri": 200, None: 302},
    "/org/units/?export=xlsx": {**dict.fromkeys(ROLES, 200), None: 302},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", list(PAGES))
def test_page_access(client_for, role, url):
    response = client_for(role).get(url)
    assert response.status_code == PAGES[url][role], (role, url)
    if response.status_code == 403:
        assert "Không được phép truy cập" in response.content.decode()


# Which units each role sees in the agency directory (by name).
SEES = {
    "quantri": {
        OWN_COMMUNE: True,
        OTHER_COMMUNE: True,
        OTHER_DISTRICT_UNIT: True,
        PROVINCIAL: True,
    },
    "lanhdao": {
        OWN_COMMUNE: True,
        OTHER_COMMUNE: True,
        OTHER_DISTRICT_UNIT: True,
        PROVINCIAL: True,
    },
    "chuyenvien": {
        OWN_COMMUNE: True,
        OTHER_COMMUNE: True,
        OTHER_DISTRICT_UNIT: True,
        PROVINCIAL: True,
    },
    "canboxa": {
        OWN_COMMUNE: True,
        OTHER_COMMUNE: False,
        OTHER_DISTRICT_UNIT: False,
        PROVINCIAL: True,
    },
    "taichinh": {
        OWN_COMMUNE: False,
        OTHER_COMMUNE: False,
        OTHER_DISTRICT_UNIT: False,
        PROVINCIAL: True,
    },
    "doanhnghiep": {
        OWN_COMMUNE: False,
        OTHER_COMMUNE: False,
        OTHER_DISTRICT_UNIT: False,
        PROVINCIAL: True,
    },
}


@pytest.mark.parametrize("role", list(SEES))
def test_directory_list_detail_export_and_api_agree(client_for, users, role, settings):
    settings.ICTGOV = {**settings.ICTGOV, "PAGE_SIZE": 1000}
    client = client_for(role)
    listing = client.get("/org/units/").content.decode()
    export = client.get("/org/units/?export=xlsx")
    from ictgov.core.testing import read_export

    exported = {row[1] for row in read_export(export).rows}
    from ictgov.accounts.models import ApiToken

    _token, key = ApiToken.issue(users[role])
    api = (
        client_for(None)
        .get("/api/v1/org/units?page_size=1000", headers={"Authorization": f"Bearer {key}"})
        .json()
    )
    api_names = {item["name"] for item in api["items"]}
    for name, expected in SEES[role].items():
        unit = Unit.objects.get(name=name)
        detail = client.get(unit.get_absolute_url())
        assert (name in listing) is expected, (role, name, "list")
        assert (name in exported) is expected, (role, name, "export")
        assert (name in api_names) is expected, (role, name, "api")
        assert detail.status_code == (200 if expected else 404), (role, name, "detail")


def test_api_needs_a_token_for_non_public_endpoints(client):
    assert client.get("/api/v1/org/units").status_code == 401
    bad = client.get("/api/v1/org/units", headers={"Authorization": "Bearer not-a-token"})
    assert bad.status_code == 401
    assert client.get("/api/v1/geo/units").status_code == 200


def test_revoked_token_is_refused(client, users):
    from django.utils import timezone

    from ictgov.accounts.models import ApiToken

    token, key = ApiToken.issue(users["lanhdao"])
    headers = {"Authorization": f"Bearer {key}"}
    assert client.get("/api/v1/org/units", headers=headers).status_code == 200
    token.revoked_at = timezone.now()
    token.save()
    assert client.get("/api/v1/org/units", headers=headers).status_code == 401
