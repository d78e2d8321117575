"""Query-count guards (NetBox's way): every list page, detail page and API list is measured with
5 and with 25 rows; the number of queries must not grow with the rows, and stays under a cap.
A new list or a new related list that queries once per row fails here (by 20 queries)."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

MAX_QUERIES = 40
MARKER = "Kiemdem"


@dataclass
class Guard:
    role: str
    make: object  # make(n, ctx) -> None: creates n rows the URL will show
    url: object  # url(ctx) -> str


def _leader(users):
    return users["lanhdao"]


def _units(n, ctx):
    from ictgov.org.models import Unit, UnitKind

    for i in range(n):
        Unit.objects.create(name=f"Đơn vị {MARKER} {ctx['round']} {i}", kind=UnitKind.ENTERPRISE)


def _people(n, ctx):
    from ictgov.org.models import Person, Position

    host = ctx["host"]
    for i in range(n):
        person = Person.objects.create(full_name=f"Cán bộ {MARKER} {ctx['round']} {i}")
        Position.objects.create(person=person, unit=host, title="Chuyên viên")


def _positions(n, ctx):
    from ictgov.org.models import Person, Position, Unit, UnitKind

    person = Person.objects.get(pk=ctx["leader_person"])
    for i in range(n):
        unit = Unit.objects.create(name=f"Ban {MARKER} {ctx['round']} {i}", kind=UnitKind.OTHER)
        Position.objects.create(person=person, unit=unit, title=f"Trưởng ban {i}")


def _clusters(n, ctx):
    from ictgov.org.models import EmulationCluster

    for i in range(n):
        EmulationCluster.objects.create(
            name=f"Cụm {MARKER} {ctx['round']} {i}", admin_unit=ctx["province"]
        )


def _admin_units(n, ctx):
    from ictgov.geo.models import AdministrativeUnit

    for i in range(n):
        AdministrativeUnit.objects.create(
            code=f"9{ctx['round']}{i:03d}",
            name=f"Xã {MARKER} {ctx['round']} {i}",
            short_name=f"{MARKER} {i}",
            level="commune",
            parent=ctx["province"],
            valid_from=date(2025, 7, 1),
        )


def _users(n, ctx):
    from ictgov.accounts.models import User

    for i in range(n):
        User.objects.create(username=f"kd{ctx['round']}_{i}", role="liaison", unit=ctx["finance"])


def _overrides(n, ctx):
    from ictgov.core.models import CalendarOverride

    start = date(2090, 1, 1) + timedelta(days=400 * ctx["round"])
    for i in range(n):
        CalendarOverride.objects.create(day=start + timedelta(days=i), kind="day_off", reason="x")


def _notifications(n, ctx):
    from ictgov.core.models import Notification

    for i in range(n):
        Notification.objects.create(
            user=ctx["users"]["taichinh"], key=f"kd:{ctx['round']}:{i}", subject="x", url="/"
        )


def _tasks(n, ctx):
    from ictgov.directives import services

    meeting = ctx["meeting"]
    for i in range(n):
        task = services.create_task(
            ctx["users"]["lanhdao"],
            services.TaskDraft(
                content=f"Việc {MARKER} {ctx['round']} {i}",
                lead_unit=ctx["finance"],
                coordinating_units=[ctx["host"]],
                due_on=date.today() + timedelta(days=i + 1),
            ),
            meeting=meeting,
            assigned_on=date.today(),
        )
        services.report_progress(ctx["users"]["taichinh"], task, text="Đang làm", percent=10)


def _meetings(n, ctx):
    from ictgov.directives import services

    for i in range(n):
        meeting = services.create_meeting(
            ctx["users"]["lanhdao"],
            kind="giao_ban",
            title=f"Họp {MARKER} {ctx['round']} {i}",
            held_on=date.today(),
            host_unit=ctx["host"],
            participating_units=[ctx["finance"]],
        )
        services.create_conclusion(
            ctx["users"]["lanhdao"], meeting, issued_on=date.today(), text=f"{MARKER} kết luận"
        )


def _progress(n, ctx):
    from ictgov.directives import services

    for i in range(n):
        services.report_progress(
            ctx["users"]["taichinh"], ctx["task"], text=f"Lần {i}", percent=min(99, i)
        )


def _children(n, ctx):
    from ictgov.org.models import Unit, UnitKind

    for i in range(n):
        Unit.objects.create(
            name=f"Phòng {MARKER} {ctx['round']} {i}", kind=UnitKind.DIVISION, parent=ctx["host"]
        )


def _dossiers(n, ctx, *, decide=False):
    """n dossiers like one made through the services (copied in bulk: the lists, not the
    services, are under test), each with its clock, steps and, if decided, a certificate."""
    from copy import copy

    from ictgov.core.models import Clock
    from ictgov.licensing import services as licensing
    from ictgov.licensing.models import Certificate, Dossier, DossierTransition
    from ictgov.licensing.tests.helpers import application

    if "model_dossier" not in ctx:
        d = licensing.submit(ctx["users"]["doanhnghiep"], application())
        licensing.act(ctx["users"]["chuyenvien"], d, "accept")
        with licensing.pdfs_deferred():
            licensing.act(ctx["users"]["chuyenvien"], d, "approve")
        ctx["model_dossier"] = d
    model = ctx["model_dossier"]
    clocks = Clock.objects.bulk_create(
        [
            Clock(budget_days=15, started_on=model.clock.started_on, due_on=model.due_on)
            for _ in range(n)
        ]
    )
    rows = []
    for i, clock in enumerate(clocks):
        name = f"{MARKER} {ctx['round']} {i}"
        row = copy(model)
        row.pk = None
        row.clock = clock
        row.receipt_code = f"{model.receipt_code}-{ctx['round']}-{i}"
        row.applicant_name, row.facility_name = f"Công ty {name}", f"Điểm {name}"
        row.state = "approved" if decide else "in_review"
        row.decided_on = model.decided_on if decide else None
        row.search_name = f"{name.lower()} cong ty"
        rows.append(row)
    rows = Dossier.objects.bulk_create(rows)
    steps = [
        DossierTransition(
            dossier=d,
            name=t.name,
            from_state=t.from_state,
            to_state=t.to_state,
            actor_id=t.actor_id,
            at=t.at,
            acted_on=t.acted_on,
            due_on=t.due_on,
            working_days=t.working_days,
            province_id=t.province_id,
        )
        for d in rows
        for t in model.transitions.all()
        if decide or t.to_state != "approved"
    ]
    DossierTransition.objects.bulk_create(steps)
    if decide:
        cert = model.certificates.get()
        copies = []
        for i, d in enumerate(rows):
            c = copy(cert)
            c.pk, c.dossier = None, d
            c.number = f"{100 + i}/{ctx['round']}/GCN-UBND"
            c.holder_name = d.applicant_name
            c.public_code = f"kd{ctx['round']}{i}"
            c.search_name = d.search_name
            copies.append(c)
        Certificate.objects.bulk_create(copies)


def _decided(n, ctx):
    _dossiers(n, ctx, decide=True)


def _procedures(n, ctx):
    from ictgov.licensing.models import Procedure, Requirement

    for i in range(n):
        p = Procedure.objects.create(
            name=f"Thủ tục {MARKER} {ctx['round']} {i}",
            field="other",
            legal_basis="Thử",
            processing_days=5,
            result_kind="acceptance",
            result_title="Văn bản chấp thuận",
            result_symbol="VB",
        )
        Requirement.objects.create(procedure=p, name="Đơn")


def _dossier_files(n, ctx):
    from ictgov.licensing import services as licensing
    from ictgov.licensing.tests.helpers import application, pdf_file

    if "dossier" not in ctx:
        ctx["dossier"] = licensing.submit(ctx["users"]["doanhnghiep"], application())
    user = ctx["users"]["chuyenvien"]
    files = [pdf_file(f"{MARKER} {ctx['round']} {i}.pdf") for i in range(n)]
    licensing._attach(ctx["dossier"], files, user, "internal")


def _report_units(n, ctx):
    """n operators that report BC-DNVT, each with an approved October report."""
    from ictgov.org.models import Unit, UnitKind
    from ictgov.reporting.models import DataValue, Indicator, ReportForm, Submission

    form = ReportForm.objects.get(code="BC-DNVT")
    bts = Indicator.objects.get(code="BTS")
    for i in range(n):
        unit = Unit.objects.create(
            name=f"Nhà mạng {MARKER} {ctx['round']} {i}",
            kind=UnitKind.ENTERPRISE,
            admin_unit=ctx["province"],
        )
        form.reporting_units.add(unit)
        sub = Submission.objects.create(
            form=form,
            period_start=date(2026, 10, 1),
            period_end=date(2026, 10, 31),
            unit=unit,
            area=ctx["province"],
            province=ctx["province"],
            state="approved",
            due_on=date(2026, 11, 16),
            submitted_on=date(2026, 11, 10),
        )
        DataValue.objects.bulk_create(
            DataValue(
                submission=sub,
                indicator=bts,
                option=opt,
                period_kind="month",
                period_start=sub.period_start,
                unit=unit,
                area=ctx["province"],
                province=ctx["province"],
                number=10 + i,
                counted=True,
            )
            for opt in ("4g", "5g")
        )


def _indicators(n, ctx):
    from ictgov.reporting.models import Indicator

    for i in range(n):
        Indicator.objects.create(code=f"K{ctx['round']}_{i}", name=f"Chỉ tiêu {MARKER} {i}")


def _report_forms(n, ctx):
    from ictgov.reporting.models import ReportForm

    for i in range(n):
        ReportForm.objects.create(
            code=f"F{ctx['round']}-{i}",
            name=f"Biểu {MARKER} {i}",
            period_kind="month",
            reporting_level="commune",
        )


def _awards(n, ctx):
    """n units of a cluster of the province, each with an award proposed and decided."""
    from ictgov.org.models import EmulationCluster, Unit, UnitKind
    from ictgov.reporting.models import AwardProposal

    cluster = EmulationCluster.objects.create(
        name=f"Cụm khen thưởng {ctx['round']}", admin_unit=ctx["province"]
    )
    for i in range(n):
        unit = Unit.objects.create(
            name=f"Đơn vị {MARKER} {ctx['round']} {i}",
            kind=UnitKind.OTHER,
            admin_unit=ctx["province"],
        )
        AwardProposal.objects.create(
            cluster=cluster,
            year=2026,
            unit=unit,
            kind="certificate",
            rank=i + 1,
            proposed_on=date(2026, 11, 20),
            state="granted",
            decision_number=f"{i + 1}/QĐ-KT",
            decision_on=date(2026, 11, 30),
            decision_issuer="Giám đốc Sở",
        )


Q = f"?q={MARKER}"


def _facilities(n, ctx):
    from decimal import Decimal

    from ictgov.registry import services as registry
    from ictgov.registry.tests.helpers import VINH_PHU, commune

    ward = commune(VINH_PHU)
    for i in range(n):
        registry.create_facility(
            ctx["users"]["chuyenvien"],
            ["bts", "radio", "game_point"][i % 3],
            {
                "name": f"Cơ sở {MARKER} {ctx['round']} {i}",
                "site_code": f"KD-{ctx['round']}-{i}",
                "latitude": Decimal("18.6") + Decimal(i) / 1000,
                "longitude": Decimal("105.6"),
                "loudspeaker_clusters": 3,
            },
            commune=ward,
        )


def _facility_changes(n, ctx):
    from ictgov.registry import services as registry
    from ictgov.registry.tests.helpers import VINH_PHU, commune

    officer = ctx["users"]["chuyenvien"]
    if "facility" not in ctx:
        ctx["facility"] = registry.create_facility(
            officer, "radio", {"name": "Đài đếm truy vấn"}, commune=commune(VINH_PHU)
        )
    for i in range(n):
        registry.update_facility(officer, ctx["facility"], {"notes": f"Lần {ctx['round']}.{i}"})


GUARDS = {
    # list pages
    "geo units": Guard("lanhdao", _admin_units, lambda c: f"/geo/units/{Q}"),
    "org units": Guard("lanhdao", _units, lambda c: f"/org/units/{Q}"),
    "org people": Guard("lanhdao", _people, lambda c: f"/org/people/{Q}"),
    "org clusters": Guard("lanhdao", _clusters, lambda c: f"/org/clusters/{Q}"),
    "users": Guard("quantri", _users, lambda c: "/accounts/users/?role=liaison"),
    "calendar": Guard("lanhdao", _overrides, lambda c: "/core/calendar/?year=2090"),
    "notifications": Guard("taichinh", _notifications, lambda c: "/core/notifications/"),
    "inbox": Guard("taichinh", _tasks, lambda c: f"/directives/{Q}"),
    "inbox export": Guard("taichinh", _tasks, lambda c: f"/directives/{Q}&export=xlsx"),
    "meetings": Guard("lanhdao", _meetings, lambda c: f"/directives/meetings/{Q}"),
    "dashboard": Guard("lanhdao", _tasks, lambda c: "/directives/dashboard/"),
    "weekly schedule": Guard("lanhdao", _meetings, lambda c: "/directives/schedule/"),
    "licensing inbox": Guard("chuyenvien", _dossiers, lambda c: f"/licensing/{Q}"),
    "licensing inbox export": Guard(
        "chuyenvien", _dossiers, lambda c: f"/licensing/{Q}&export=xlsx"
    ),
    "licensing my dossiers": Guard("doanhnghiep", _dossiers, lambda c: "/licensing/my/"),
    "licensing workload": Guard("chuyenvien", _dossiers, lambda c: "/licensing/workload/"),
    "licensing certificates": Guard(
        "chuyenvien", _decided, lambda c: f"/licensing/certificates/{Q}"
    ),
    "licensing figures": Guard("lanhdao", _decided, lambda c: "/licensing/figures/"),
    "licensing procedures": Guard(
        "doanhnghiep", _procedures, lambda c: f"/licensing/procedures/{Q}"
    ),
    "registry list": Guard("chuyenvien", _facilities, lambda c: f"/registry/{Q}"),
    "registry export": Guard("chuyenvien", _facilities, lambda c: f"/registry/{Q}&export=xlsx"),
    "registry criterion": Guard("canboxa", _facilities, lambda c: "/registry/criterion/"),
    "reporting submissions": Guard(
        "chuyenvien", _report_units, lambda c: f"/reporting/submissions/{Q}"
    ),
    "reporting submissions export": Guard(
        "chuyenvien", _report_units, lambda c: f"/reporting/submissions/{Q}&export=xlsx"
    ),
    "reporting dashboard": Guard(
        "chuyenvien", _report_units, lambda c: "/reporting/?form=BC-DNVT&period=2026-10"
    ),
    "reporting dashboard export": Guard(
        "chuyenvien",
        _report_units,
        lambda c: "/reporting/?form=BC-DNVT&period=2026-10&export=xlsx",
    ),
    "reporting rates": Guard(
        "chuyenvien", _report_units, lambda c: "/reporting/rates/?form=BC-DNVT&period=2026-10"
    ),
    "reporting forms": Guard("chuyenvien", _report_forms, lambda c: f"/reporting/forms/{Q}"),
    "reporting awards": Guard("lanhdao", _awards, lambda c: f"/reporting/emulation/awards/{Q}"),
    "reporting awards export": Guard(
        "lanhdao", _awards, lambda c: f"/reporting/emulation/awards/{Q}&export=xlsx"
    ),
    "reporting indicators": Guard(
        "chuyenvien", _indicators, lambda c: f"/reporting/indicators/{Q}"
    ),
    "reporting form detail": Guard(
        "chuyenvien",
        _report_units,
        lambda c: (
            "/reporting/forms/"
            + str(
                __import__("ictgov.reporting.models")
                .reporting.models.ReportForm.objects.get(code="BC-DNVT")
                .pk
            )
            + "/"
        ),
    ),
    "api reporting submissions": Guard(
        "chuyenvien", _report_units, lambda c: f"/api/v1/reporting/submissions{Q}"
    ),
    "api reporting forms": Guard(
        "chuyenvien", _report_forms, lambda c: "/api/v1/reporting/forms?page_size=100"
    ),
    # detail pages with related lists
    "registry facility detail": Guard(
        "chuyenvien", _facility_changes, lambda c: c["facility"].get_absolute_url()
    ),
    "licensing dossier detail": Guard(
        "chuyenvien", _dossier_files, lambda c: c["dossier"].get_absolute_url()
    ),
    "meeting detail": Guard("lanhdao", _tasks, lambda c: c["meeting"].get_absolute_url()),
    "task detail": Guard("taichinh", _progress, lambda c: c["task"].get_absolute_url()),
    "org unit detail": Guard("lanhdao", _children, lambda c: c["host"].get_absolute_url()),
    "person detail": Guard("lanhdao", _positions, lambda c: f"/org/people/{c['leader_person']}/"),
    "province detail": Guard("lanhdao", _admin_units, lambda c: c["province"].get_absolute_url()),
    # API lists
    "api geo units": Guard("lanhdao", _admin_units, lambda c: f"/api/v1/geo/units{Q}"),
    "api org units": Guard("lanhdao", _units, lambda c: f"/api/v1/org/units{Q}"),
    "api meetings": Guard("lanhdao", _meetings, lambda c: f"/api/v1/directives/meetings{Q}"),
    "api conclusions": Guard("lanhdao", _meetings, lambda c: f"/api/v1/directives/conclusions{Q}"),
    "api tasks": Guard("taichinh", _tasks, lambda c: f"/api/v1/directives/tasks{Q}"),
    "api licensing procedures": Guard(
        "doanhnghiep", _procedures, lambda c: f"/api/v1/licensing/procedures{Q}"
    ),
    "api licensing dossiers": Guard(
        "chuyenvien", _dossiers, lambda c: f"/api/v1/licensing/dossiers{Q}"
    ),
    "api registry facilities": Guard(
        "canboxa", _facilities, lambda c: f"/api/v1/registry/facilities{Q}"
    ),
    "api registry geojson": Guard(
        "chuyenvien", _facilities, lambda c: f"/api/v1/registry/facilities.geojson{Q}"
    ),
    "api registry criterion": Guard(
        "chuyenvien", _facilities, lambda c: "/api/v1/registry/criterion?commune=16702"
    ),
    "api progress": Guard(
        "taichinh", _progress, lambda c: f"/api/v1/directives/tasks/{c['task'].pk}/progress"
    ),
}


# Pages that count the rows rather than list them (the dashboard), or show users' logins.
ROWS_NOT_LISTED = {
    "dashboard",
    "users",
    "calendar",
    "notifications",
    "licensing workload",
    "licensing figures",
    "registry criterion",
    "api registry criterion",
    "reporting rates",  # counts, and lists only who has not sent
    "reporting form detail",  # the form's items, rules and the period's counts
    "api reporting forms",  # names in the JSON are the forms' own (no marker search)
}


@pytest.fixture
def context(users, settings):
    from ictgov.directives import services
    from ictgov.geo.models import AdministrativeUnit
    from ictgov.org.models import Person, Unit

    settings.ICTGOV = {**settings.ICTGOV, "PAGE_SIZE": 100}
    host = Unit.objects.get(name="Sở Khoa học và Công nghệ tỉnh Nghệ An")
    finance = Unit.objects.get(name="Sở Tài chính tỉnh Nghệ An")
    meeting = services.create_meeting(
        users["lanhdao"],
        kind="giao_ban",
        title="Họp đếm truy vấn",
        held_on=date.today(),
        host_unit=host,
    )
    task = services.create_task(
        users["lanhdao"],
        services.TaskDraft(content="Việc đếm truy vấn", lead_unit=finance, due_on=date.today()),
        meeting=meeting,
        assigned_on=date.today(),
    )
    return {
        "users": users,
        "host": host,
        "finance": finance,
        "meeting": meeting,
        "task": task,
        "province": AdministrativeUnit.objects.get(
            level="province", code="40", valid_from__isnull=False
        ),
        "leader_person": Person.objects.get(full_name="Lê Minh Đức").pk,
        "round": 0,
    }


def _count(client, url) -> tuple[int, int, bytes]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if getattr(response, "streaming", False):
            body = b"".join(response.streaming_content)
        else:
            body = response.content
    return response.status_code, len(queries), body


def _rows_shown(body: bytes) -> int:
    """How many of the made rows the answer shows (in HTML, JSON or an .xlsx's strings)."""
    if body[:2] == b"PK":  # an Excel file: its shared strings
        from io import BytesIO

        from openpyxl import load_workbook

        ws = load_workbook(BytesIO(body)).active
        text = " ".join(str(c) for row in ws.iter_rows(values_only=True) for c in row if c)
    elif body[:1] in (b"{", b"["):
        import json

        text = json.dumps(json.loads(body), ensure_ascii=False)
    else:
        text = body.decode()
    return text.count(f"{MARKER} ") + text.count("Lần ")


@pytest.mark.parametrize("name", list(GUARDS))
def test_query_count_does_not_grow_with_the_rows(name, context, client_for):
    guard = GUARDS[name]
    client = client_for(guard.role)
    context["round"] = 1
    guard.make(5, context)
    url = guard.url(context)
    client.get(url)  # warm caches that are filled once per process (content types, calendar)
    status, few, body_few = _count(client, url)
    assert status == 200, (name, status)
    context["round"] = 2
    guard.make(20, context)
    status, many, body_many = _count(client, url)
    assert status == 200
    if name not in ROWS_NOT_LISTED:
        assert _rows_shown(body_many) >= _rows_shown(body_few) + 20, (name, "rows not shown")
    assert many == few, f"{name}: {few} queries with 5 rows, {many} with 25"
    assert few <= MAX_QUERIES, f"{name}: {few} queries"
