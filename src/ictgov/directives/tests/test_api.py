"""The directives API: scoping by caller, filters, pagination, writes through services, errors."""

from datetime import date, timedelta

import pytest
from django.db.models import Q
from django.test import Client

from ictgov.accounts.models import ApiToken
from ictgov.directives import services
from ictgov.directives.models import Conclusion, Meeting, MeetingKind, Task, TaskStatus
from ictgov.directives.services import TaskDraft
from ictgov.org.models import Unit

pytestmark = pytest.mark.django_db

API = "/api/v1/directives"
TODAY = date.today()
STC = "Sở Tài chính tỉnh Nghệ An"
SNV = "Sở Nội vụ tỉnh Nghệ An"
SXD = "Sở Xây dựng tỉnh Nghệ An"
VINH_PHU = "Ủy ban nhân dân phường Vinh Phú"


def unit(name):
    return Unit.objects.get(name=name)


def token_client(user) -> Client:
    _token, key = ApiToken.issue(user, "test")
    return Client(headers={"Authorization": f"Bearer {key}"})


@pytest.fixture
def data(users):
    """A meeting chaired by the department, its conclusion and tasks for three agencies and a
    ward, created through the services as the leader would."""
    leader = users["lanhdao"]
    stc, snv, sxd, ward = unit(STC), unit(SNV), unit(SXD), unit(VINH_PHU)
    meeting = services.create_meeting(
        leader,
        kind=MeetingKind.BRIEFING,
        title="Giao ban chuyển đổi số quý kiểm thử API",
        held_on=TODAY - timedelta(days=40),
        host_unit=leader.unit,
        participating_units=[stc, snv],
    )
    conclusion = services.create_conclusion(
        leader,
        meeting,
        number="125/TB-SKHCN",
        issued_on=TODAY - timedelta(days=39),
        text="Giao Sở Tài chính chủ trì thẩm định kinh phí…",
    )
    assigned_on = TODAY - timedelta(days=39)

    def task(content, lead, due_on, coordinating=()):
        return services.create_task(
            leader,
            TaskDraft(
                content=content,
                lead_unit=lead,
                coordinating_units=list(coordinating),
                due_on=due_on,
            ),
            conclusion=conclusion,
            assigned_on=assigned_on,
        )

    return {
        "meeting": meeting,
        "conclusion": conclusion,
        "stc": task("Thẩm định kinh phí Đề án 191 (API)", stc, TODAY + timedelta(days=20)),
        "snv": task(
            "Bổ sung biên chế cho Sở (API)",
            snv,
            TODAY + timedelta(days=30),
            coordinating=[stc, sxd],
        ),
        "late": task("Báo cáo tình hình xây dựng (API)", sxd, TODAY - timedelta(days=5)),
        "ward": task("Rà soát đài truyền thanh phường (API)", ward, TODAY + timedelta(days=10)),
    }


def ids(body):
    return {item["id"] for item in body["items"]}


def all_tasks(client, **params):
    """Every page of the task list."""
    out, page = [], 1
    while True:
        body = client.get(f"{API}/tasks", {**params, "page": page, "page_size": 100}).json()
        out.extend(body["items"])
        if len(out) >= body["count"]:
            return out, body["count"]
        page += 1


# --- authentication and scoping ----------------------------------------------------------------


@pytest.mark.parametrize(
    "method,path",
    [
        ("get", "/tasks"),
        ("get", "/meetings"),
        ("get", "/conclusions"),
        ("get", "/counts"),
        ("post", "/extract"),
        ("post", "/tasks"),
    ],
)
def test_anonymous_gets_401(method, path):
    # As a browser or script would send it: CSRF is checked (the default test client skips it).
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(f"{API}{path}", content_type="application/json")
    assert response.status_code == 401
    assert response.json()["detail"] == "Chưa đăng nhập hoặc mã truy cập không hợp lệ."


def test_protocol_errors_are_answered_in_vietnamese(users, client_for):
    count = Meeting.objects.count()
    broken = client_for("lanhdao").post(
        f"{API}/meetings", "{not json", content_type="application/json"
    )
    assert broken.status_code == 400
    assert broken.json()["detail"] == "Nội dung gửi lên không đọc được (JSON sai)."
    # A signed-in session without its CSRF token is refused, in Vietnamese.
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(users["lanhdao"])
    refused = browser.post(
        f"{API}/meetings",
        {"kind": "giao_ban", "title": "Họp", "held_on": str(TODAY)},
        content_type="application/json",
    )
    assert refused.status_code == 403 and "mã CSRF" in refused.json()["detail"]
    assert Meeting.objects.count() == count
    missing = client_for("lanhdao").get("/api/v1/org/units/-1")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Không tìm thấy hoặc ngoài phạm vi được xem."


def test_liaison_sees_only_tasks_involving_its_department(data, users, client_for):
    stc = unit(STC)
    items, count = all_tasks(client_for("taichinh"))
    got = {t["id"] for t in items}
    assert count == len(items) == len(got)  # no row repeated through coordinating units
    assert data["stc"].pk in got and data["snv"].pk in got  # lead, and coordinating
    assert data["late"].pk not in got and data["ward"].pk not in got
    for t in items:
        assert t["lead_unit"]["id"] == stc.pk or stc.pk in [
            u["id"] for u in t["coordinating_units"]
        ]
    # The same tasks as the scoping rule says, counted once each.
    expected = Task.objects.filter(is_series=False).filter(
        pk__in=Task.objects.filter(lead_unit=stc).values("pk")
    ) | Task.objects.filter(is_series=False, coordinating_units=stc)
    assert got == set(expected.values_list("pk", flat=True))


def test_liaison_cannot_read_a_task_it_is_not_part_of(data, client_for):
    c = client_for("taichinh")
    response = c.get(f"{API}/tasks/{data['late'].pk}")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.json()["detail"]
    assert c.get(f"{API}/tasks/{data['stc'].pk}").status_code == 200


def test_commune_officer_sees_only_its_locality(data, users, client_for):
    officer = users["canboxa"]
    items, _count = all_tasks(client_for("canboxa"))
    got = {t["id"] for t in items}
    assert data["ward"].pk in got
    assert not got & {data["stc"].pk, data["snv"].pk, data["late"].pk}
    # Each one is in the ward, or the ward's People's Committee leads or coordinates it.
    for task in Task.objects.filter(pk__in=got).prefetch_related("coordinating_units"):
        involved = {task.lead_unit_id, *(u.pk for u in task.coordinating_units.all())}
        assert task.locality_id == officer.locality_id or officer.unit_id in involved


def test_staff_see_their_provinces_tasks_and_the_counts_agree(data, client_for):
    """The department's staff see the tasks of their province (with the provinces merged into
    it in 2025) and of central bodies; another province's are not theirs. The administrator
    sees every province."""
    from ictgov.geo.models import AdministrativeUnit

    nghe_an = AdministrativeUnit.objects.get(level="province", code="40", valid_from__isnull=False)
    home = [nghe_an.pk, *nghe_an.predecessors.values_list("pk", flat=True)]
    countable = Task.objects.filter(is_series=False)
    mine = countable.filter(Q(province__in=home) | Q(province__isnull=True))
    items, count = all_tasks(client_for("chuyenvien"))
    assert count == mine.count() < countable.count()
    assert {data[k].pk for k in ("stc", "snv", "late", "ward")} <= {t["id"] for t in items}
    elsewhere = countable.exclude(pk__in=mine.values("pk")).first()
    assert client_for("chuyenvien").get(f"{API}/tasks/{elsewhere.pk}").status_code == 404
    assert client_for("quantri").get(f"{API}/tasks/{elsewhere.pk}").status_code == 200
    assert all_tasks(client_for("quantri"))[1] == countable.count()


def test_meeting_detail_lists_conclusions_and_only_visible_task_ids(data, client_for):
    meeting = data["meeting"]
    body = client_for("lanhdao").get(f"{API}/meetings/{meeting.pk}").json()
    assert body["title"] == meeting.title
    assert body["host_unit"]["name"] == "Sở Khoa học và Công nghệ tỉnh Nghệ An"
    assert [c["number"] for c in body["conclusions"]] == ["125/TB-SKHCN"]
    assert set(body["task_ids"]) == {data[k].pk for k in ("stc", "snv", "late", "ward")}
    assert {u["name"] for u in body["participating_units"]} == {STC, SNV}

    liaison = client_for("taichinh").get(f"{API}/meetings/{meeting.pk}").json()
    assert set(liaison["task_ids"]) == {data["stc"].pk, data["snv"].pk}


def test_meeting_list_filters(data, client_for):
    c = client_for("lanhdao")
    body = c.get(f"{API}/meetings", {"q": "giao ban chuyen doi so quy kiem thu"}).json()
    assert ids(body) == {data["meeting"].pk} and body["count"] == 1
    held = data["meeting"].held_on.isoformat()
    body = c.get(f"{API}/meetings", {"kind": "giao_ban", "held_from": held, "held_to": held}).json()
    assert data["meeting"].pk in ids(body)
    assert all(m["held_on"] == held and m["kind"] == "giao_ban" for m in body["items"])
    other_kind = c.get(f"{API}/meetings", {"kind": "hoi_nghi", "q": "kiem thu api"}).json()
    assert other_kind["count"] == 0
    # The ward officer sees the provincial meeting because the ward leads a task from it.
    assert data["meeting"].pk in ids(client_for("canboxa").get(f"{API}/meetings").json())


# --- writes ------------------------------------------------------------------------------------


def test_leader_creates_meeting_conclusion_and_task(users, client_for):
    c = token_client(users["lanhdao"])
    stc, snv = unit(STC), unit(SNV)
    response = c.post(
        f"{API}/meetings",
        {
            "kind": "hoi_nghi",
            "title": "Hội nghị tổng kết (API)",
            "held_on": "2026-01-08",
            "participating_unit_ids": [stc.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    meeting = response.json()
    assert meeting["host_unit"]["name"] == "Sở Khoa học và Công nghệ tỉnh Nghệ An"

    response = c.post(
        f"{API}/conclusions",
        {
            "meeting_id": meeting["id"],
            "number": "Số: 12/TB-SKHCN",
            "issued_on": "2026-01-09",
            "text": "Giao Sở Tài chính chủ trì…",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    conclusion = response.json()
    assert conclusion["number"] == "12/TB-SKHCN" and conclusion["doc_type"] == "TB"

    response = c.post(
        f"{API}/tasks",
        {
            "content": "Thẩm định kế hoạch ứng dụng CNTT",
            "lead_unit_id": stc.pk,
            "coordinating_unit_ids": [snv.pk],
            "due_on": "2026-03-31",
            "conclusion_id": conclusion["id"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    task = response.json()
    assert task["lead_unit"]["name"] == STC
    assert [u["name"] for u in task["coordinating_units"]] == [SNV]
    assert task["meeting_id"] == meeting["id"] and task["conclusion_id"] == conclusion["id"]
    assert task["assigned_on"] == "2026-01-09"
    assert task["progress"] == 0
    expected = Task.objects.get(pk=task["id"]).status_on(TODAY)
    assert task["status"] == expected
    detail = c.get(f"{API}/conclusions/{conclusion['id']}").json()
    assert detail["task_ids"] == [task["id"]]


def test_bad_document_number_is_a_vietnamese_422(data, client_for):
    before = Conclusion.objects.count(), Conclusion.history.count()
    response = client_for("lanhdao").post(
        f"{API}/conclusions",
        {
            "meeting_id": data["meeting"].pk,
            "number": "12 TB SKHCN",
            "issued_on": data["meeting"].held_on.isoformat(),
            "text": "…",
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "khoảng trắng" in response.json()["detail"]
    assert (Conclusion.objects.count(), Conclusion.history.count()) == before


def test_task_without_lead_unit_and_bad_deadline_are_422(data, client_for):
    c = client_for("lanhdao")
    response = c.post(
        f"{API}/tasks", {"content": "Không có chủ trì"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "đơn vị chủ trì" in response.json()["detail"]
    response = c.post(
        f"{API}/tasks",
        {
            "content": "Hạn trước ngày giao",
            "lead_unit_id": unit(STC).pk,
            "assigned_on": "2026-02-01",
            "due_on": "2026-01-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "Thời hạn không được trước ngày giao" in response.json()["detail"]
    response = c.post(
        f"{API}/tasks",
        {"content": "Đơn vị không có", "lead_unit_id": 10**9, "due_on": "2026-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert Task.objects.filter(content__in=["Hạn trước ngày giao", "Đơn vị không có"]).count() == 0


def test_liaison_may_not_create_meetings_or_tasks(users, client_for):
    c = token_client(users["taichinh"])
    response = c.post(
        f"{API}/meetings",
        {"kind": "khac", "title": "Không được", "held_on": "2026-01-08"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "lãnh đạo" in response.json()["detail"]
    response = c.post(
        f"{API}/tasks",
        {"content": "Không được", "lead_unit_id": unit(STC).pk, "due_on": "2026-09-01"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_liaison_reports_progress_and_completes_its_task(data, users, client_for):
    c = token_client(users["taichinh"])
    task = data["stc"]
    response = c.post(
        f"{API}/tasks/{task.pk}/progress",
        {"text": "Đã thẩm định xong 60% hồ sơ", "percent": 60},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["unit"]["name"] == STC
    assert c.get(f"{API}/tasks/{task.pk}").json()["progress"] == 60
    listed = c.get(f"{API}/tasks/{task.pk}/progress").json()
    assert listed["count"] == 1 and listed["items"][0]["percent"] == 60

    bad = c.post(
        f"{API}/tasks/{task.pk}/progress",
        {"text": "quá", "percent": 120},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "0 đến 100" in bad.json()["detail"]

    response = c.post(
        f"{API}/tasks/{task.pk}/complete",
        {"result": "Đã có văn bản thẩm định số 15/STC-QLNS"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == TaskStatus.DONE_ON_TIME
    assert body["progress"] == 100 and body["completed_on"] == TODAY.isoformat()
    again = c.post(
        f"{API}/tasks/{task.pk}/complete", {"result": "lần nữa"}, content_type="application/json"
    )
    assert again.status_code == 422 and "đã hoàn thành" in again.json()["detail"]


def test_coordinating_unit_reports_but_cannot_complete(data, client_for):
    c = client_for("taichinh")
    task = data["snv"]
    response = c.post(
        f"{API}/tasks/{task.pk}/progress",
        {"text": "Đã có ý kiến phối hợp", "percent": 20},
        content_type="application/json",
    )
    assert response.status_code == 201
    response = c.post(
        f"{API}/tasks/{task.pk}/complete", {"result": "xong"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "không có quyền" in response.json()["detail"]
    task.refresh_from_db()
    assert task.completed_on is None


def test_writes_on_an_invisible_task_are_404(data, client_for):
    response = client_for("taichinh").post(
        f"{API}/tasks/{data['ward'].pk}/progress",
        {"text": "x", "percent": 10},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_extension_requested_by_liaison_waits_approval_leader_extends(data, client_for):
    task = data["stc"]
    new_due = (task.due_on + timedelta(days=15)).isoformat()
    response = client_for("taichinh").post(
        f"{API}/tasks/{task.pk}/extensions",
        {"new_due_on": new_due, "reason": "Chờ số liệu quyết toán"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["state"] == "pending"
    task.refresh_from_db()
    assert task.due_on != date.fromisoformat(new_due)

    response = client_for("lanhdao").post(
        f"{API}/tasks/{task.pk}/extensions",
        {"new_due_on": new_due, "reason": "Đồng ý gia hạn"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["state"] == "approved"
    detail = client_for("lanhdao").get(f"{API}/tasks/{task.pk}").json()
    assert detail["due_on"] == new_due
    assert detail["original_due_on"] == data["stc"].original_due_on.isoformat()
    assert [e["state"] for e in detail["extensions"]] == ["pending", "approved"]


def test_cancel_and_reopen(data, client_for):
    task = data["late"]
    assert client_for("lanhdao").get(f"{API}/tasks/{task.pk}").json()["status"] == "overdue"
    response = client_for("taichinh").post(
        f"{API}/tasks/{data['stc'].pk}/cancel", {"reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    c = client_for("lanhdao")
    response = c.post(
        f"{API}/tasks/{task.pk}/cancel", {"reason": ""}, content_type="application/json"
    )
    assert response.status_code == 422 and "lý do" in response.json()["detail"]
    response = c.post(
        f"{API}/tasks/{task.pk}/cancel",
        {"reason": "Không còn phù hợp"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    response = c.post(
        f"{API}/tasks/{task.pk}/reopen", {"reason": "Giao lại"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "overdue"


# --- filters and counts ------------------------------------------------------------------------


def test_task_filters(data, client_for):
    c = client_for("lanhdao")
    meeting = data["meeting"].pk

    def got(**params):
        items, _count = all_tasks(c, meeting=meeting, **params)
        return {t["id"] for t in items}

    everything = {data[k].pk for k in ("stc", "snv", "late", "ward")}
    assert got() == everything
    assert got(status="overdue") == {data["late"].pk}
    assert got(status="in_progress") == everything - {data["late"].pk}
    # As of a day before the late task's deadline, it was within the deadline.
    earlier = (data["late"].due_on - timedelta(days=1)).isoformat()
    assert got(status="overdue", on=earlier) == set()
    assert got(lead_unit=unit(SNV).pk) == {data["snv"].pk}
    assert got(due_from=TODAY.isoformat(), due_to=(TODAY + timedelta(days=20)).isoformat()) == {
        data["stc"].pk,
        data["ward"].pk,
    }
    assert got(q="biên chế") == {data["snv"].pk}
    assert got(conclusion=data["conclusion"].pk) == everything
    body = c.get(f"{API}/tasks", {"meeting": meeting, "page_size": 2}).json()
    assert body["count"] == 4 and len(body["items"]) == 2
    body2 = c.get(f"{API}/tasks", {"meeting": meeting, "page_size": 2, "page": 2}).json()
    assert ids(body) | ids(body2) == everything
    bad = c.get(f"{API}/tasks", {"status": "nonsense"})
    assert bad.status_code == 422 and "không hợp lệ" in bad.json()["detail"]


def test_counts_by_lead_unit_for_the_callers_tasks(data, client_for):
    body = client_for("taichinh").get(f"{API}/counts", {"group": "lead_unit"}).json()
    items, count = all_tasks(client_for("taichinh"))
    assert body["totals"]["total"] + body["totals"]["cancelled"] == count
    names = {g["name"] for g in body["groups"]}
    assert STC in names and SNV in names and SXD not in names
    stc_row = next(g for g in body["groups"] if g["name"] == STC)
    expected = sum(1 for t in items if t["lead_unit"]["name"] == STC and t["status"] != "cancelled")
    assert stc_row["total"] == expected

    leader = (
        client_for("lanhdao")
        .get(f"{API}/counts", {"group": "province", "on": TODAY.isoformat()})
        .json()
    )
    assert leader["totals"]["overdue"] >= 1
    assert sum(g["total"] for g in leader["groups"]) == leader["totals"]["total"]
    bad = client_for("lanhdao").get(f"{API}/counts", {"group": "colour"})
    assert bad.status_code == 422


# --- drafting from text ------------------------------------------------------------------------


def test_extract_proposes_tasks_with_matched_units(users):
    c = token_client(users["lanhdao"])
    text = (
        "Kết luận của Giám đốc Sở tại buổi giao ban: Giao Sở Tài chính chủ trì, phối hợp với "
        "Sở Nội vụ thẩm định kinh phí thực hiện Đề án chuyển đổi số, hoàn thành trước ngày "
        "30/6/2026."
    )
    response = c.post(
        f"{API}/extract",
        {"text": text, "reference_date": "2026-01-15"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    tasks = response.json()["tasks"]
    assert tasks, "a task is proposed"
    first = tasks[0]
    assert first["lead_unit_id"] == unit(STC).pk
    assert unit(SNV).pk in first["coordinating_unit_ids"]
    assert first["deadline"] == "2026-06-30"
    assert set(first) >= {
        "content",
        "lead",
        "coordinating",
        "deadline_text",
        "directive_verb",
        "evidence",
        "recurrence",
    }
    assert (
        Task.objects.filter(content__contains="kinh phí thực hiện Đề án chuyển đổi số").count() == 0
    )


def test_extract_rejects_empty_text_and_unknown_province(users):
    c = token_client(users["lanhdao"])
    response = c.post(f"{API}/extract", {"text": "   "}, content_type="application/json")
    assert response.status_code == 422
    assert "Cần nhập nội dung" in response.json()["detail"]
    response = c.post(
        f"{API}/extract",
        {"text": "Giao Sở Tài chính…", "province_code": "99"},
        content_type="application/json",
    )
    assert response.status_code == 422 and "99" in response.json()["detail"]


def test_a_resent_create_with_the_same_idempotency_key_creates_nothing(users):
    c = token_client(users["lanhdao"])
    meeting = {"kind": "hoi_nghi", "title": "Hội nghị gửi lại (API)", "held_on": "2026-01-08"}

    def send(path, body, key):
        return c.post(
            f"{API}/{path}", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
        )

    first = send("meetings", meeting, "hop-1")
    again = send("meetings", meeting, "hop-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Meeting.objects.filter(title="Hội nghị gửi lại (API)").count() == 1
    # The same key for another request is refused, and creates nothing.
    other = send("meetings", {**meeting, "title": "Hội nghị khác"}, "hop-1")
    assert other.status_code == 422 and "hop-1" in other.json()["detail"]
    assert not Meeting.objects.filter(title="Hội nghị khác").exists()

    task = {
        "content": "Việc gửi lại hai lần",
        "lead_unit_id": unit(STC).pk,
        "due_on": str(TODAY + timedelta(days=30)),
        "meeting_id": first.json()["id"],
    }
    answers = [send("tasks", task, "viec-1").json() for _ in range(3)]
    ids = {a.get("id", str(a)) for a in answers}
    assert len(ids) == 1 and Task.objects.filter(content="Việc gửi lại hai lần").count() == 1
    # Without a key, two sends are two requests.
    c.post(f"{API}/meetings", meeting, content_type="application/json")
    c.post(f"{API}/meetings", meeting, content_type="application/json")
    assert Meeting.objects.filter(title="Hội nghị gửi lại (API)").count() == 3


def test_a_nul_character_or_a_title_too_long_is_refused_and_nothing_is_created(client_for):
    # PostgreSQL cannot store U+0000 and a title has at most 500 characters: 422, not a 500.
    client = client_for("lanhdao")
    count = Meeting.objects.count()
    for body, message in [
        ({"kind": "giao_ban", "title": "Họp\u0000", "held_on": str(TODAY)}, "ký tự NUL"),
        ({"kind": "giao_ban", "title": "Ữ" * 501, "held_on": str(TODAY)}, "không hợp lệ"),
        ({"kind": "giao_ban", "title": "Họp", "place": "x" * 256, "held_on": str(TODAY)}, ""),
    ]:
        response = client.post(f"{API}/meetings", body, content_type="application/json")
        assert response.status_code == 422, body
        assert message in response.json()["detail"]
    assert Meeting.objects.count() == count
    found = client.get("/api/v1/geo/resolve?name=Vinh%00")
    assert found.status_code == 422 and "ký tự NUL" in found.json()["detail"]
