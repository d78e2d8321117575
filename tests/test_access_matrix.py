"""Role × route matrix, derived from the URL resolver and the OpenAPI paths: every route must have
an entry saying what each role gets, for an object in its scope and one outside it. A route
added without an entry fails `test_every_route_has_an_entry`.

Out-of-scope objects answer 404 on pages and API alike; refusals of a visible object are 403;
anonymous visitors are sent to the login page (pages) or get 401 (API).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from ictgov.core.workdays import add_working_days
from ictgov.org.models import Unit

pytestmark = pytest.mark.django_db

SIGNED_IN = ["quantri", "lanhdao", "chuyenvien", "canboxa", "taichinh", "doanhnghiep"]
ROLES = [*SIGNED_IN, None]
ADMIN = {"quantri"}
STAFF = {"quantri", "lanhdao", "chuyenvien"}
FINANCE = STAFF | {"taichinh"}  # may read what Sở Tài chính leads
WARD = STAFF | {"canboxa"}  # may read what the commune (phường Vinh Phú) leads
EVERYONE = set(SIGNED_IN)
# Licensing: the commune's People's Committee (canboxa's unit) issues game-point certificates.
LICENSING = STAFF | {"canboxa"}  # may process a dossier of phường Vinh Phú
APPLICANT_READS = LICENSING | {"doanhnghiep"}  # and its applicant reads it
OFFICERS = STAFF | {"canboxa", "taichinh"}
REGISTRY = STAFF | {"canboxa"}  # the registry's readers (canboxa: phường Vinh Phú only)
REPORT_READERS = OFFICERS  # reports: the department, communes and other agencies


def expect(ok, allowed, *, readers=None, anon=302, refused=403, unseen=404):
    """`ok` for the roles allowed; `refused` for those who see the record (or the page) but
    may not act; `unseen` for those outside its scope; `anon` for anonymous visitors."""
    out = {}
    for role in SIGNED_IN:
        if role in allowed:
            out[role] = ok
        elif readers is None or role in readers:
            out[role] = refused
        else:
            out[role] = unseen
    out[None] = anon
    return out


def api(ok, allowed, **kwargs):
    kwargs.setdefault("anon", 401)
    return expect(ok, allowed, **kwargs)


@dataclass
class Case:
    url: str  # formatted with the objects' ids: {finance_task}, {ward_task}…
    expected: dict
    method: str = "get"
    data: dict = field(default_factory=dict)
    json: bool = False


def get(url, expected):
    return Case(url, expected)


def post(url, expected, data=None, json=False):
    return Case(url, expected, "post", data or {}, json)


def patch(url, expected, data):
    return Case(url, expected, "patch", data, True)


def put(url, expected, data):
    return Case(url, expected, "put", data, True)


CORRECTORS = {"quantri", "lanhdao"}  # leaders, and whoever recorded it (the leader, here)


T = "/directives/tasks"
A = "/api/v1/directives"
TASK_BODY = {
    "content": "Việc kiểm tra quyền",
    "lead_unit_id": "{finance_unit}",
    "due_on": "2027-01-29",
}

# route (as the resolver or OpenAPI writes it) → the cases that exercise it
MATRIX = {
    # --- core, accounts ---------------------------------------------------------------------
    "": [get("/", expect(200, EVERYONE, anon=200))],
    "healthz": [get("/healthz", expect(200, EVERYONE, anon=200))],  # load balancers' probe
    "core/calendar/": [get("/core/calendar/", expect(200, EVERYONE, anon=200))],
    "core/calendar/new/": [get("/core/calendar/new/", expect(200, ADMIN))],
    "core/attachments/<int:pk>/": [
        get("/core/attachments/{finance_file}/", expect(200, FINANCE, readers=FINANCE)),
        get("/core/attachments/{ward_file}/", expect(200, WARD, readers=WARD)),
    ],
    "core/imports/<int:pk>/": [  # an import job of chuyenvien's: only its sender and admins
        get("/core/imports/{import_job}/", expect(200, {"quantri", "chuyenvien"}, readers=set()))
    ],
    "core/notifications/": [get("/core/notifications/", expect(200, EVERYONE))],
    "core/choices/<str:model>/": [
        get("/core/choices/org.unit/?q=so", expect(200, EVERYONE)),
        get("/core/choices/accounts.user/", expect(404, EVERYONE)),  # not a picker
    ],
    "accounts/login/": [get("/accounts/login/", expect(200, EVERYONE, anon=200))],
    "accounts/logout/": [post("/accounts/logout/", expect(302, EVERYONE, anon=302))],
    "accounts/users/": [get("/accounts/users/", expect(200, ADMIN))],
    "admin/": [get("/admin/", expect(200, ADMIN, refused=302))],
    "i18n/setlang/": [post("/i18n/setlang/", expect(302, EVERYONE, anon=302), {"language": "vi"})],
    # --- geo, org ---------------------------------------------------------------------------
    "geo/units/": [get("/geo/units/?q=vinh", expect(200, EVERYONE, anon=200))],
    "geo/units/<int:pk>/": [get("/geo/units/{nghe_an}/", expect(200, EVERYONE, anon=200))],
    "org/units/": [get("/org/units/", expect(200, EVERYONE))],
    "org/units/<int:pk>/": [
        get("/org/units/{provincial_unit}/", expect(200, EVERYONE)),
        get("/org/units/{ward_unit}/", expect(200, WARD, readers=WARD)),
    ],
    "org/people/": [get("/org/people/", expect(200, EVERYONE))],
    "org/people/<int:pk>/": [get("/org/people/{leader_person}/", expect(200, EVERYONE))],
    "org/clusters/": [get("/org/clusters/", expect(200, EVERYONE))],
    "org/clusters/<int:pk>/": [
        get(
            "/org/clusters/{cluster}/",
            expect(200, STAFF | {"canboxa"}, readers=STAFF | {"canboxa"}),
        )
    ],
    # --- directives pages ---------------------------------------------------------------------
    "directives/": [get("/directives/", expect(200, EVERYONE))],
    "directives/meetings/": [get("/directives/meetings/", expect(200, EVERYONE))],
    "directives/meetings/new/": [get("/directives/meetings/new/", expect(200, STAFF))],
    "directives/meetings/<int:pk>/": [
        get("/directives/meetings/{finance_meeting}/", expect(200, FINANCE, readers=FINANCE)),
        get("/directives/meetings/{ward_meeting}/", expect(200, WARD, readers=WARD)),
    ],
    "directives/meetings/<int:pk>/conclusions/new/": [
        get(
            "/directives/meetings/{finance_meeting}/conclusions/new/",
            expect(200, STAFF, readers=FINANCE),
        ),
    ],
    "directives/meetings/<int:pk>/edit/": [
        get(
            "/directives/meetings/{finance_meeting}/edit/", expect(200, CORRECTORS, readers=FINANCE)
        ),
        get("/directives/meetings/{ward_meeting}/edit/", expect(200, CORRECTORS, readers=WARD)),
    ],
    "directives/conclusions/<int:pk>/edit/": [
        get(
            "/directives/conclusions/{finance_conclusion}/edit/",
            expect(200, CORRECTORS, readers=FINANCE),
        ),
    ],
    "directives/tasks/<int:pk>/edit/": [
        get(f"{T}/{{ward_task}}/edit/", expect(200, CORRECTORS, readers=WARD)),
        get(
            f"{T}/{{done_task}}/edit/", expect(200, set(), readers=FINANCE)
        ),  # closed: reopen first
    ],
    "directives/tasks/<int:pk>/confirm/": [
        # nothing reported done yet: offered to nobody, refused to those who see the task
        get(f"{T}/{{finance_task}}/confirm/", expect(200, set(), readers=FINANCE)),
    ],
    "directives/tasks/<int:pk>/return/": [
        get(f"{T}/{{ward_task}}/return/", expect(200, set(), readers=WARD)),
    ],
    "directives/tasks/<int:pk>/withdraw/": [
        get(f"{T}/{{ward_task}}/withdraw/", expect(200, CORRECTORS, readers=WARD)),
        # acted on (an extension was asked for): cancel it instead
        get(f"{T}/{{finance_task}}/withdraw/", expect(200, set(), readers=FINANCE)),
    ],
    "directives/conclusions/<int:pk>/draft/": [
        get(
            "/directives/conclusions/{finance_conclusion}/draft/",
            expect(200, STAFF, readers=FINANCE),
        ),
        get("/directives/conclusions/{ward_conclusion}/draft/", expect(200, STAFF, readers=WARD)),
    ],
    "directives/tasks/<int:pk>/": [
        get(f"{T}/{{finance_task}}/", expect(200, FINANCE, readers=FINANCE)),
        get(f"{T}/{{ward_task}}/", expect(200, WARD, readers=WARD)),
        # another province's task: not the department's (only the administrator's)
        get(f"{T}/{{other_province_task}}/", expect(200, ADMIN, readers=ADMIN)),
    ],
    "directives/tasks/<int:pk>/report/": [
        get(f"{T}/{{finance_task}}/report/", expect(200, FINANCE, readers=FINANCE)),
        get(f"{T}/{{ward_task}}/report/", expect(200, WARD, readers=WARD)),
    ],
    "directives/tasks/<int:pk>/complete/": [
        get(f"{T}/{{finance_task}}/complete/", expect(200, FINANCE, readers=FINANCE)),
        get(f"{T}/{{done_task}}/complete/", expect(200, set(), readers=FINANCE)),
    ],
    "directives/tasks/<int:pk>/extend/": [
        get(f"{T}/{{ward_task}}/extend/", expect(200, WARD, readers=WARD)),
    ],
    "directives/tasks/<int:pk>/reopen/": [
        get(f"{T}/{{done_task}}/reopen/", expect(200, STAFF, readers=FINANCE)),
        get(f"{T}/{{finance_task}}/reopen/", expect(200, set(), readers=FINANCE)),
    ],
    "directives/tasks/<int:pk>/cancel/": [
        get(f"{T}/{{finance_task}}/cancel/", expect(200, STAFF, readers=FINANCE)),
        post(f"{T}/{{ward_task}}/cancel/", expect(302, STAFF, readers=WARD), {"reason": "Thử"}),
    ],
    "directives/extensions/<int:pk>/approve/": [
        post("/directives/extensions/{extension}/approve/", expect(302, STAFF, readers=FINANCE)),
    ],
    "directives/extensions/<int:pk>/reject/": [
        post("/directives/extensions/{extension}/reject/", expect(302, STAFF, readers=FINANCE)),
    ],
    "directives/schedule/": [get("/directives/schedule/", expect(200, EVERYONE))],
    "directives/dashboard/": [get("/directives/dashboard/", expect(200, STAFF))],
    "directives/dashboard/pdf/": [get("/directives/dashboard/pdf/", expect(200, STAFF))],
    # --- reporting pages ----------------------------------------------------------------------
    "reporting/": [
        get("/reporting/", expect(200, REPORT_READERS)),
        get("/reporting/?period=2026-Q9", expect(422, REPORT_READERS)),
    ],
    "reporting/rates/": [get("/reporting/rates/", expect(200, REPORT_READERS))],
    "reporting/submissions/": [get("/reporting/submissions/", expect(200, REPORT_READERS))],
    "reporting/submissions/new/": [
        get("/reporting/submissions/new/", expect(200, OFFICERS))  # everyone with a unit
    ],
    "reporting/submissions/<int:pk>/": [
        get("/reporting/submissions/{ward_submission}/", expect(200, WARD, readers=WARD))
    ],
    "reporting/submissions/<int:pk>/act/<str:name>/": [
        get(
            "/reporting/submissions/{ward_submission}/act/approve/",
            expect(200, STAFF, readers=WARD),  # the level above, never the commune itself
        ),
        post(  # a draft opened by mistake: cancelled by its own unit, with a reason
            "/reporting/submissions/{ward_submission}/act/withdraw/",
            expect(302, {"quantri", "canboxa"}, readers=WARD),
            {"note": "Mở nhầm kỳ", "expected_state": "draft"},
        ),
    ],
    "reporting/submissions/<int:pk>/template/": [
        get("/reporting/submissions/{ward_submission}/template/", expect(200, WARD, readers=WARD))
    ],
    "reporting/submissions/<int:pk>/upload/": [
        get(
            "/reporting/submissions/{ward_submission}/upload/",
            expect(200, {"quantri", "canboxa"}, readers=WARD),
        )
    ],
    "reporting/forms/": [get("/reporting/forms/", expect(200, REPORT_READERS))],
    "reporting/forms/<int:pk>/": [
        get("/reporting/forms/{report_form}/", expect(200, REPORT_READERS))
    ],
    "reporting/forms/<int:pk>/compile/": [
        get("/reporting/forms/{report_form}/compile/", expect(302, STAFF))
    ],
    "reporting/indicators/": [get("/reporting/indicators/", expect(200, REPORT_READERS))],
    "reporting/indicators/<int:pk>/": [
        get("/reporting/indicators/{indicator}/", expect(200, REPORT_READERS))
    ],
    "reporting/emulation/": [get("/reporting/emulation/", expect(200, WARD))],
    "reporting/emulation/awards/": [
        get("/reporting/emulation/awards/?year=2025&kind=flag", expect(200, WARD)),
        get("/reporting/emulation/awards/?year=x", expect(422, WARD)),
    ],
    "reporting/emulation/<int:pk>/<int:year>/": [
        get("/reporting/emulation/{ward_cluster}/2026/", expect(200, WARD))
    ],
    "reporting/emulation/<int:pk>/<int:year>/award/": [
        get("/reporting/emulation/{ward_cluster}/2026/award/", expect(302, STAFF))
    ],
    # --- licensing pages ----------------------------------------------------------------------
    "licensing/": [get("/licensing/", expect(200, OFFICERS))],
    "licensing/workload/": [get("/licensing/workload/", expect(200, OFFICERS))],
    "licensing/figures/": [get("/licensing/figures/", expect(200, STAFF))],
    "licensing/procedures/": [get("/licensing/procedures/", expect(200, EVERYONE, anon=200))],
    "licensing/procedures/<int:pk>/": [
        get("/licensing/procedures/{procedure}/", expect(200, EVERYONE, anon=200))
    ],
    "licensing/procedures/<int:pk>/apply/": [
        get("/licensing/procedures/{procedure}/apply/", expect(200, {"doanhnghiep"}))
    ],
    "licensing/procedures/<int:pk>/receive/": [
        get("/licensing/procedures/{procedure}/receive/", expect(200, LICENSING))
    ],
    "licensing/my/": [get("/licensing/my/", expect(200, {"quantri", "doanhnghiep"}))],
    "licensing/register/": [
        get("/licensing/register/", expect(302, EVERYONE, anon=200)),
        post("/licensing/register/", expect(302, EVERYONE, anon=400), {"username": "x"}),
    ],
    "licensing/lookup/": [
        get("/licensing/lookup/?code={ward_code}", expect(200, EVERYONE, anon=200)),
        get("/licensing/lookup/?code=X00000-000000-0000", expect(404, EVERYONE, anon=404)),
    ],
    "licensing/dossiers/<int:pk>/": [
        get(
            "/licensing/dossiers/{ward_dossier}/",
            expect(200, APPLICANT_READS, readers=APPLICANT_READS),
        ),
        get("/licensing/dossiers/{counter_dossier}/", expect(200, STAFF, readers=STAFF)),
    ],
    "licensing/dossiers/<int:pk>/act/<str:name>/": [
        get(
            "/licensing/dossiers/{ward_dossier}/act/approve/",
            expect(200, LICENSING, readers=APPLICANT_READS),
        ),
        post(
            "/licensing/dossiers/{ward_dossier}/act/withdraw/",
            expect(302, APPLICANT_READS, readers=APPLICANT_READS),
            {"expected_state": "in_review", "note": "Rút"},
        ),
        get(
            "/licensing/dossiers/{counter_dossier}/act/approve/", expect(200, STAFF, readers=STAFF)
        ),
    ],
    "licensing/dossiers/<int:pk>/apology/": [
        get(
            "/licensing/dossiers/{ward_dossier}/apology/",
            expect(200, LICENSING, readers=APPLICANT_READS),
        )
    ],
    "licensing/dossiers/<int:pk>/payment/": [
        get(
            "/licensing/dossiers/{ward_dossier}/payment/",
            expect(200, LICENSING, readers=APPLICANT_READS),
        )
    ],
    "licensing/dossiers/<int:pk>/facility/": [
        get(
            "/licensing/dossiers/{ward_dossier}/facility/",
            expect(200, LICENSING, readers=APPLICANT_READS),
        )
    ],
    "licensing/dossiers/<int:pk>/rate/": [
        get(
            "/licensing/dossiers/{returned_dossier}/rate/",
            expect(200, {"doanhnghiep"}, readers=APPLICANT_READS),
        )
    ],
    "licensing/dossiers/<int:pk>/receipt/": [
        get(
            "/licensing/dossiers/{ward_dossier}/receipt/",
            expect(200, APPLICANT_READS, readers=APPLICANT_READS),
        )
    ],
    "licensing/apologies/<int:pk>/": [
        get(
            "/licensing/apologies/{apology}/", expect(200, APPLICANT_READS, readers=APPLICANT_READS)
        )
    ],
    "licensing/certificates/": [get("/licensing/certificates/", expect(200, EVERYONE))],
    "licensing/certificates/<int:pk>/": [
        get(
            "/licensing/certificates/{certificate}/",
            expect(200, APPLICANT_READS, readers=APPLICANT_READS),
        )
    ],
    "licensing/certificates/<int:pk>/pdf/": [
        get(
            "/licensing/certificates/{certificate}/pdf/",
            expect(200, APPLICANT_READS, readers=APPLICANT_READS),
        )
    ],
    "licensing/certificates/<int:pk>/revoke/": [
        get(
            "/licensing/certificates/{certificate}/revoke/",
            expect(200, LICENSING, readers=APPLICANT_READS),
        )
    ],
    "licensing/verify/<str:code>/": [
        get("/licensing/verify/{certificate_code}/", expect(200, EVERYONE, anon=200)),
        get("/licensing/verify/khong-co-ma-nay/", expect(404, EVERYONE, anon=404)),
    ],
    # --- API --------------------------------------------------------------------------------
    "api/v1/openapi.json": [get("/api/v1/openapi.json", expect(200, EVERYONE, anon=200))],
    "api/v1/docs": [get("/api/v1/docs", expect(200, EVERYONE, anon=200))],
    "GET /api/v1/calendar/due-date": [
        get(
            "/api/v1/calendar/due-date?start=2026-02-13&working_days=1",
            api(200, EVERYONE, anon=200),
        )
    ],
    "GET /api/v1/calendar/working-days": [
        get(
            "/api/v1/calendar/working-days?start=2026-01-01&end=2026-02-01",
            api(200, EVERYONE, anon=200),
        )
    ],
    "GET /api/v1/calendar/is-working-day": [
        get("/api/v1/calendar/is-working-day?day=2026-11-24", api(200, EVERYONE, anon=200))
    ],
    "GET /api/v1/geo/units": [get("/api/v1/geo/units?q=vinh", api(200, EVERYONE, anon=200))],
    "GET /api/v1/geo/units/{code}": [get("/api/v1/geo/units/40", api(200, EVERYONE, anon=200))],
    "GET /api/v1/geo/resolve": [
        get("/api/v1/geo/resolve?name=Nghe+An", api(200, EVERYONE, anon=200))
    ],
    "GET /api/v1/org/units": [get("/api/v1/org/units", api(200, EVERYONE))],
    "GET /api/v1/org/units/{unit_id}": [
        get("/api/v1/org/units/{provincial_unit}", api(200, EVERYONE)),
        get("/api/v1/org/units/{ward_unit}", api(200, WARD, readers=WARD)),
    ],
    "GET /api/v1/org/match": [get("/api/v1/org/match?name=So+Tai+chinh", api(200, EVERYONE))],
    "GET /api/v1/directives/meetings": [get(f"{A}/meetings", api(200, EVERYONE))],
    "POST /api/v1/directives/meetings": [
        post(
            f"{A}/meetings",
            api(201, STAFF),
            {"kind": "khac", "title": "Họp thử", "held_on": "2026-11-30"},
            json=True,
        )
    ],
    "GET /api/v1/directives/meetings/{meeting_id}": [
        get(f"{A}/meetings/{{finance_meeting}}", api(200, FINANCE, readers=FINANCE)),
        get(f"{A}/meetings/{{ward_meeting}}", api(200, WARD, readers=WARD)),
    ],
    "GET /api/v1/directives/conclusions": [get(f"{A}/conclusions", api(200, EVERYONE))],
    "POST /api/v1/directives/conclusions": [
        post(
            f"{A}/conclusions",
            api(201, STAFF, readers=FINANCE),
            {
                "meeting_id": "{finance_meeting}",
                "issued_on": "2026-11-30",
                "text": "Giao Sở Tài chính.",
            },
            json=True,
        )
    ],
    "GET /api/v1/directives/conclusions/{conclusion_id}": [
        get(f"{A}/conclusions/{{finance_conclusion}}", api(200, FINANCE, readers=FINANCE)),
        get(f"{A}/conclusions/{{ward_conclusion}}", api(200, WARD, readers=WARD)),
    ],
    "GET /api/v1/directives/tasks": [get(f"{A}/tasks", api(200, EVERYONE))],
    "POST /api/v1/directives/tasks": [post(f"{A}/tasks", api(201, STAFF), TASK_BODY, json=True)],
    "GET /api/v1/directives/tasks/{task_id}": [
        get(f"{A}/tasks/{{finance_task}}", api(200, FINANCE, readers=FINANCE)),
        get(f"{A}/tasks/{{ward_task}}", api(200, WARD, readers=WARD)),
        get(f"{A}/tasks/{{other_province_task}}", api(200, ADMIN, readers=ADMIN)),
    ],
    "GET /api/v1/directives/tasks/{task_id}/progress": [
        get(f"{A}/tasks/{{finance_task}}/progress", api(200, FINANCE, readers=FINANCE)),
    ],
    "POST /api/v1/directives/tasks/{task_id}/progress": [
        post(
            f"{A}/tasks/{{finance_task}}/progress",
            api(201, FINANCE, readers=FINANCE),
            {"text": "Đang làm", "percent": 30},
            json=True,
        ),
        post(
            f"{A}/tasks/{{ward_task}}/progress",
            api(201, WARD, readers=WARD),
            {"text": "Đang làm", "percent": 30},
            json=True,
        ),
    ],
    "POST /api/v1/directives/tasks/{task_id}/complete": [
        post(
            f"{A}/tasks/{{finance_task}}/complete",
            api(200, FINANCE, readers=FINANCE),
            {"result": "Xong"},
            json=True,
        ),
    ],
    "POST /api/v1/directives/tasks/{task_id}/extensions": [
        post(
            f"{A}/tasks/{{ward_task}}/extensions",
            api(201, WARD, readers=WARD),
            {"new_due_on": "2027-03-01", "reason": "Chờ"},
            json=True,
        ),
    ],
    "POST /api/v1/directives/tasks/{task_id}/cancel": [
        post(
            f"{A}/tasks/{{finance_task}}/cancel",
            api(200, STAFF, readers=FINANCE),
            {"reason": "Thôi"},
            json=True,
        ),
    ],
    "POST /api/v1/directives/tasks/{task_id}/reopen": [
        post(
            f"{A}/tasks/{{done_task}}/reopen",
            api(200, STAFF, readers=FINANCE),
            {"reason": "Làm lại"},
            json=True,
        ),
    ],
    "PATCH /api/v1/directives/meetings/{meeting_id}": [
        patch(
            f"{A}/meetings/{{finance_meeting}}",
            api(200, CORRECTORS, readers=FINANCE),
            {"reason": "Sửa tên", "title": "Họp tài chính (sửa)"},
        ),
    ],
    "PATCH /api/v1/directives/conclusions/{conclusion_id}": [
        patch(
            f"{A}/conclusions/{{ward_conclusion}}",
            api(200, CORRECTORS, readers=WARD),
            {"reason": "Bổ sung", "signer": "Lê Minh Đức"},
        ),
    ],
    "PATCH /api/v1/directives/tasks/{task_id}": [
        patch(
            f"{A}/tasks/{{ward_task}}",
            api(200, CORRECTORS, readers=WARD),
            {"reason": "Rõ nội dung", "content": "Họp phường: việc (sửa)"},
        ),
    ],
    "POST /api/v1/directives/tasks/{task_id}/withdraw": [
        post(
            f"{A}/tasks/{{ward_task}}/withdraw",
            api(200, CORRECTORS, readers=WARD),
            {"reason": "Giao nhầm"},
            json=True,
        ),
    ],
    "GET /api/v1/directives/counts": [get(f"{A}/counts", api(200, EVERYONE))],
    "POST /api/v1/directives/extract": [
        post(
            f"{A}/extract",
            api(200, EVERYONE),
            {"text": "Giao Sở Tài chính thẩm định trước ngày 15/12/2026."},
            json=True,
        )
    ],
    "GET /api/v1/reporting/forms": [get("/api/v1/reporting/forms", api(200, EVERYONE))],
    "GET /api/v1/reporting/forms/{form_id}": [
        get("/api/v1/reporting/forms/{report_form}", api(200, EVERYONE))
    ],
    "GET /api/v1/reporting/submissions": [get("/api/v1/reporting/submissions", api(200, EVERYONE))],
    "POST /api/v1/reporting/submissions": [
        post(
            "/api/v1/reporting/submissions",
            # the commune's own report exists (201); a unit that does not report this form, or
            # no unit: 422
            api(201, {"canboxa"}, refused=422),
            {"form_id": "{report_form}", "period": "2026-Q3"},
            json=True,
        )
    ],
    "GET /api/v1/reporting/submissions/{submission_id}": [
        get("/api/v1/reporting/submissions/{ward_submission}", api(200, WARD, readers=WARD))
    ],
    "PUT /api/v1/reporting/submissions/{submission_id}/values": [
        put(
            "/api/v1/reporting/submissions/{ward_submission}/values",
            api(200, {"quantri", "canboxa"}, readers=WARD),
            {"values": {"CUM_LOA": "5"}},
        )
    ],
    "POST /api/v1/reporting/submissions/{submission_id}/transitions/{name}": [
        post(
            "/api/v1/reporting/submissions/{ward_submission}/transitions/approve",
            api(422, WARD, readers=WARD),  # a draft is not approved by anyone
            {"note": ""},
            json=True,
        ),
        post(
            "/api/v1/reporting/submissions/{ward_submission}/transitions/withdraw",
            api(200, {"quantri", "canboxa"}, readers=WARD),
            {"note": "Mở nhầm kỳ"},
            json=True,
        ),
    ],
    "POST /api/v1/reporting/values": [
        post(
            "/api/v1/reporting/values",
            api(200, {"quantri", "canboxa"}),
            {
                "form": "BC-XA",
                "rows": [
                    {"indicator": "CUM_LOA", "period": "2026-Q3", "unit": "{ward_unit}", "value": 7}
                ],
            },
            json=True,
        )
    ],
    "GET /api/v1/reporting/totals": [
        get("/api/v1/reporting/totals?indicator=HS_TTHC&period=2026-Q2", api(200, EVERYONE))
    ],
    "GET /api/v1/licensing/procedures": [
        get("/api/v1/licensing/procedures", api(200, EVERYONE, anon=200))
    ],
    "GET /api/v1/licensing/procedures/{procedure_id}": [
        get("/api/v1/licensing/procedures/{procedure}", api(200, EVERYONE, anon=200))
    ],
    "GET /api/v1/licensing/lookup/{receipt_code}": [
        get("/api/v1/licensing/lookup/{ward_code}", api(200, EVERYONE, anon=200)),
        get("/api/v1/licensing/lookup/X00000-000000-0000", api(404, EVERYONE, anon=404)),
    ],
    "GET /api/v1/licensing/dossiers": [get("/api/v1/licensing/dossiers", api(200, EVERYONE))],
    "POST /api/v1/licensing/dossiers": [
        # No files: the applicant passes the checks of who may and is told what is missing.
        post(
            "/api/v1/licensing/dossiers",
            api(422, {"doanhnghiep"}),
            {
                "procedure_id": "{procedure}",
                "applicant_kind": "organisation",
                "applicant_name": "Thử",
                "locality_code": "16702",
            },
        )
    ],
    "GET /api/v1/licensing/dossiers/{dossier_id}": [
        get(
            "/api/v1/licensing/dossiers/{ward_dossier}",
            api(200, APPLICANT_READS, readers=APPLICANT_READS),
        )
    ],
    "POST /api/v1/licensing/dossiers/{dossier_id}/supplement": [
        post(
            "/api/v1/licensing/dossiers/{paused_dossier}/supplement",
            api(200, APPLICANT_READS, readers=APPLICANT_READS),
            {"note": "Đã bổ sung"},
        )
    ],
    "POST /api/v1/licensing/dossiers/{dossier_id}/transitions/{name}": [
        post(
            "/api/v1/licensing/dossiers/{ward_dossier}/transitions/inspect",
            api(200, LICENSING, readers=APPLICANT_READS),
            {"note": "Kiểm tra tại điểm"},
            json=True,
        )
    ],
    # --- registry -----------------------------------------------------------------------------
    "registry/": [get("/registry/?kind=bts", expect(200, REGISTRY))],
    "registry/facilities/<int:pk>/": [
        get("/registry/facilities/{ward_facility}/", expect(200, REGISTRY, readers=REGISTRY)),
        get("/registry/facilities/{other_facility}/", expect(200, STAFF, readers=STAFF)),
    ],
    "registry/facilities/<int:pk>/edit/": [
        get("/registry/facilities/{ward_facility}/edit/", expect(200, STAFF, readers=REGISTRY)),
        get("/registry/facilities/{other_facility}/edit/", expect(200, STAFF, readers=STAFF)),
    ],
    "registry/new/<str:kind>/": [
        get("/registry/new/radio/", expect(200, STAFF)),
        get("/registry/new/nothing/", expect(404, EVERYONE, anon=404)),
    ],
    "registry/map/": [get("/registry/map/?kind=radio", expect(200, REGISTRY))],
    "registry/import/": [get("/registry/import/", expect(200, STAFF))],
    "registry/import/template/<str:kind>/": [
        get("/registry/import/template/game_point/", expect(200, STAFF))
    ],
    "registry/criterion/": [get("/registry/criterion/", expect(200, REGISTRY))],
    "registry/criterion/communes/<int:pk>/": [
        get("/registry/criterion/communes/{ward_commune}/", expect(200, REGISTRY)),
        get(
            "/registry/criterion/communes/{other_commune}/",
            expect(200, STAFF, readers=STAFF | {"taichinh", "doanhnghiep"}),
        ),
    ],
    "registry/criterion/assess/": [
        get("/registry/criterion/assess/", expect(200, REGISTRY)),
        post(
            "/registry/criterion/assess/",
            expect(302, STAFF),
            {
                "indicator": "{manual_indicator}",
                "commune": "{other_commune}",
                "met": "1",
                "evidence": "Có phần mềm quản lý văn bản",
                "assessed_on": "{today}",
            },
        ),
    ],
    "GET /api/v1/registry/facilities": [
        get("/api/v1/registry/facilities?kind=bts", api(200, REGISTRY))
    ],
    "GET /api/v1/registry/facilities.geojson": [
        get("/api/v1/registry/facilities.geojson?status=active", api(200, REGISTRY))
    ],
    "GET /api/v1/registry/criterion": [
        get("/api/v1/registry/criterion", api(200, REGISTRY)),
        get(
            "/api/v1/registry/criterion?commune={other_commune_code}",
            api(200, STAFF, readers=STAFF | {"taichinh", "doanhnghiep"}),
        ),
    ],
}


# --- the routes that exist -------------------------------------------------------------------


def page_routes() -> set[str]:
    routes = set()

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                route = prefix + str(p.pattern)
                if route.startswith("admin/"):
                    routes.add("admin/")  # the admin keeps its own permissions
                elif route.startswith("api/v1/") and not p.url_patterns[0:0]:
                    walk(p.url_patterns, route)
                else:
                    walk(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                routes.add(prefix + str(p.pattern))

    walk(get_resolver().url_patterns)
    return {
        r
        for r in routes
        if not (r.startswith("api/v1/") and r not in ("api/v1/openapi.json", "api/v1/docs"))
    }


def api_routes() -> set[str]:
    from ictgov.api import api

    schema = api.get_openapi_schema()
    return {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops}


def test_every_route_has_an_entry():
    routes = page_routes() | api_routes()
    missing = sorted(routes - set(MATRIX))
    assert not missing, f"routes with no entry in the access matrix: {missing}"
    stale = sorted(set(MATRIX) - routes)
    assert not stale, f"entries for routes that no longer exist: {stale}"
    for route, cases in MATRIX.items():
        assert cases, route
        for case in cases:
            assert set(case.expected) == set(ROLES), (route, case.url)


# --- the objects the cases point at ------------------------------------------------------------


@pytest.fixture
def objects(users, request):
    from ictgov.core.attachments import attach
    from ictgov.directives import services
    from ictgov.geo.models import AdministrativeUnit
    from ictgov.org.models import EmulationCluster, Person

    leader = users["lanhdao"]
    host = Unit.objects.get(name="Sở Khoa học và Công nghệ tỉnh Nghệ An")
    finance = Unit.objects.get(name="Sở Tài chính tỉnh Nghệ An")
    ward = Unit.objects.get(name="Ủy ban nhân dân phường Vinh Phú")
    today = date.today()

    def meeting_with(lead, title):
        meeting = services.create_meeting(
            leader, kind="lam_viec", title=title, held_on=today - timedelta(days=10), host_unit=host
        )
        conclusion = services.create_conclusion(
            leader, meeting, issued_on=today - timedelta(days=9), text=f"Giao {lead.name}."
        )
        task = services.create_task(
            leader,
            services.TaskDraft(
                content=f"{title}: việc", lead_unit=lead, due_on=today + timedelta(days=30)
            ),
            conclusion=conclusion,
        )
        (file,) = attach(conclusion, [SimpleUploadedFile(f"{lead.pk}.pdf", b"%PDF-1.4")], leader)
        return meeting, conclusion, task, file

    finance_meeting, finance_conclusion, finance_task, finance_file = meeting_with(
        finance, "Họp tài chính"
    )
    ward_meeting, ward_conclusion, ward_task, ward_file = meeting_with(ward, "Họp phường")
    done = services.create_task(
        leader,
        services.TaskDraft(
            content="Việc đã xong", lead_unit=finance, due_on=today + timedelta(days=5)
        ),
        conclusion=finance_conclusion,
    )
    services.complete_task(leader, done, result="Xong")
    thanh_hoa = Unit.objects.filter(name__endswith="tỉnh Thanh Hóa", admin_unit__isnull=False)
    elsewhere = services.create_task(
        users["quantri"],
        services.TaskDraft(
            content="Việc của tỉnh khác", lead_unit=thanh_hoa.first(), due_on=today + timedelta(9)
        ),
        meeting=finance_meeting,
    )
    extension = services.request_extension(
        users["taichinh"], finance_task, new_due_on=today + timedelta(days=60), reason="Chờ Bộ"
    )
    licensing = _licensing_objects(users)
    from ictgov.core.models import ImportJob

    import_job = ImportJob.objects.create(
        handler="x", title="Nhập", filename="a.xlsx", created_by=users["chuyenvien"]
    )
    registry = _registry_objects(users)
    return {
        **licensing,
        **registry,
        **_reporting_objects(users),
        "import_job": import_job.pk,
        "finance_meeting": finance_meeting.pk,
        "finance_conclusion": finance_conclusion.pk,
        "finance_task": finance_task.pk,
        "finance_file": finance_file.pk,
        "finance_unit": finance.pk,
        "ward_meeting": ward_meeting.pk,
        "ward_conclusion": ward_conclusion.pk,
        "ward_task": ward_task.pk,
        "ward_file": ward_file.pk,
        "ward_unit": ward.pk,
        "done_task": done.pk,
        "other_province_task": elsewhere.pk,
        "extension": extension.pk,
        "provincial_unit": Unit.objects.get(name="Sở Nội vụ tỉnh Nghệ An").pk,
        "leader_person": Person.objects.get(full_name="Lê Minh Đức").pk,
        "cluster": EmulationCluster.objects.filter(admin_unit__code="40").first().pk,
        "nghe_an": AdministrativeUnit.objects.get(
            level="province", code="40", valid_from__isnull=False
        ).pk,
    }


def _registry_objects(users):
    """A BTS in phường Vinh Phú (canboxa's commune) and one in phường Cửa Lò."""
    from ictgov.registry import services as registry
    from ictgov.registry.models import Indicator
    from ictgov.registry.tests.helpers import CUA_LO, VINH_PHU, commune

    officer = users["chuyenvien"]
    ward, other = commune(VINH_PHU), commune(CUA_LO)
    ward_facility = registry.create_facility(
        officer, "bts", {"name": "Trạm ma trận 1", "site_code": "MATRIX-1"}, commune=ward
    )
    other_facility = registry.create_facility(
        officer, "bts", {"name": "Trạm ma trận 2", "site_code": "MATRIX-2"}, commune=other
    )
    return {
        "ward_facility": ward_facility.pk,
        "other_facility": other_facility.pk,
        "ward_commune": ward.pk,
        "other_commune": other.pk,
        "other_commune_code": other.code,
        "manual_indicator": Indicator.objects.filter(rule="manual")
        .order_by("-criterion_set__valid_from")
        .first()
        .pk,
        "today": date.today().strftime("%d/%m/%Y"),
    }


def _reporting_objects(users):
    """Phường Vinh Phú's third-quarter commune report (a draft), a form, an indicator, the
    demo's cluster of wards."""
    from ictgov.org.models import EmulationCluster
    from ictgov.reporting import services as reporting
    from ictgov.reporting.models import Indicator, ReportForm

    form = ReportForm.objects.get(code="BC-XA")
    period = reporting.period_from_code(form.period_kind, "2026-Q3")
    sub = reporting.open_submission(users["canboxa"], form, period, users["canboxa"].unit)
    return {
        "ward_submission": sub.pk,
        "report_form": form.pk,
        "indicator": Indicator.objects.get(code="BTS").pk,
        "ward_cluster": EmulationCluster.objects.get(name__startswith="Cụm thi đua các phường").pk,
    }


def _licensing_objects(users):
    """A game-point dossier of phường Vinh Phú (applicant doanhnghiep) in review, one waiting for
    a supplement, one returned; a walk-in website dossier; a certificate; an apology slip."""
    from ictgov.licensing import services as licensing
    from ictgov.licensing.tests.helpers import WEBSITE, application, pdf_file, procedure

    officer, applicant = users["chuyenvien"], users["doanhnghiep"]

    def game(*steps):
        d = licensing.submit(applicant, application())
        for step in steps:
            licensing.act(officer, d, step, note="Ghi chú")
        return d

    ward = game("accept")
    paused = game("request_supplement")
    with licensing.pdfs_deferred():
        approved = game("accept", "approve")
    returned = game("accept", "reject", "return_result")
    website = procedure(WEBSITE)
    counter = licensing.submit(
        officer,
        application(
            website,
            locality=None,
            files={r.pk: [pdf_file()] for r in website.requirements.filter(required=True)},
        ),
        channel="in_person",
    )
    licensing.act(officer, counter, "accept")
    slip = licensing.apologize(
        officer, ward, new_due_on=add_working_days(ward.due_on, 10), reason="Chờ phối hợp"
    )
    cert = approved.certificates.get()
    return {
        "procedure": procedure().pk,
        "ward_dossier": ward.pk,
        "ward_code": ward.receipt_code,
        "paused_dossier": paused.pk,
        "returned_dossier": returned.pk,
        "counter_dossier": counter.pk,
        "apology": slip.pk,
        "certificate": cert.pk,
        "certificate_code": cert.public_code,
    }


def _fill(value, objects):
    if isinstance(value, str):
        filled = value.format(**objects)
        return int(filled) if value.startswith("{") and filled.isdigit() else filled
    if isinstance(value, dict):
        return {k: _fill(v, objects) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, objects) for v in value]
    return value


def _client(users, role):
    client = Client()
    if role is not None:
        client.force_login(users[role])
    return client


@pytest.fixture(scope="session")
def _one_page_pdf():
    from ictgov.core import pdf

    return pdf.render_pdf("core/pdf/base.html", {})


@pytest.fixture
def quick_pdfs(monkeypatch, _one_page_pdf):
    """The matrix checks who gets what, not the documents (their content is tested with their
    app): every PDF is one blank page, signed as usual."""
    from ictgov.core import pdf

    monkeypatch.setattr(pdf, "render_pdf", lambda *args, **kwargs: _one_page_pdf)


@pytest.mark.parametrize("role", ROLES, ids=[r or "anonymous" for r in ROLES])
@pytest.mark.usefixtures("quick_pdfs")
def test_every_route_answers_the_role_as_the_matrix_says(role, objects, users):
    """One role against every route of the matrix (one client, one set of objects: quicker than
    a test per route); each request's changes are rolled back, so every case sees the same
    objects."""
    client = _client(users, role)
    problems = []
    for route, cases in sorted(MATRIX.items()):
        for case in cases:
            url = case.url.format(**objects)
            data = {k: _fill(v, objects) for k, v in case.data.items()}
            with transaction.atomic():
                if case.method == "get":
                    response = client.get(url)
                elif case.method == "patch":
                    response = client.patch(url, data, content_type="application/json")
                elif case.method == "put":
                    response = client.put(url, data, content_type="application/json")
                elif case.json:
                    response = client.post(url, data, content_type="application/json")
                else:
                    response = client.post(url, data)
                transaction.set_rollback(True)
            if response.status_code != case.expected[role]:
                got, wanted = response.status_code, case.expected[role]
                problems.append(f"[{route}] {case.method.upper()} {url}: {got}, expected {wanted}")
            if route == "accounts/logout/":
                client = _client(users, role)  # signed out by that case: sign in again
    assert not problems, "\n".join(problems)


# --- lists, exports and the API agree ---------------------------------------------------------

OWN_COMMUNE = "Ủy ban nhân dân phường Vinh Phú"
OTHER_COMMUNE = "Ủy ban nhân dân phường Cửa Lò"
OTHER_DISTRICT_UNIT = "Phòng Văn hóa và Thông tin huyện Bắc Quang"
PROVINCIAL = "Sở Nội vụ tỉnh Nghệ An"

# Which units each role sees in the agency directory (by name).
SEES = {
    "quantri": {
        OWN_COMMUNE: True,
        OTHER_COMMUNE: True,
        OTHER_DISTRICT_UNIT: True,
        PROVINCIAL: True,
    },
    "lanhdao": {  # a department's staff: their own province (Hà Giang's district is not)
        OWN_COMMUNE: True,
        OTHER_COMMUNE: True,
        OTHER_DISTRICT_UNIT: False,
        PROVINCIAL: True,
    },
    "chuyenvien": {
        OWN_COMMUNE: True,
        OTHER_COMMUNE: True,
        OTHER_DISTRICT_UNIT: False,
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
