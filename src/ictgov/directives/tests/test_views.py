"""The directive pages: who may open what, drafting tasks from a conclusion, the task page's
actions, the inbox's Excel export and the leaders' dashboard."""

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ictgov.core.models import Attachment
from ictgov.core.testing import read_export
from ictgov.directives import services, views
from ictgov.directives.models import (
    Conclusion,
    DeadlineExtension,
    DeadlineKind,
    Meeting,
    MeetingKind,
    ProgressReport,
    Task,
)
from ictgov.directives.services import TaskDraft
from ictgov.org.models import Unit

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[4]
SOURCE_004 = REPO / "tests" / "data" / "conclusions" / "source_004.json"
FINANCE = "Sở Tài chính tỉnh Nghệ An"
HOME_AFFAIRS = "Sở Nội vụ tỉnh Nghệ An"
PROVINCE_OFFICE = "Văn phòng Ủy ban nhân dân tỉnh Nghệ An"
LONG_AGO = date(2001, 1, 1)  # before any demo task, so the task heads every list
HOST = "Sở Khoa học và Công nghệ tỉnh Nghệ An"
STAFF = ["lanhdao", "chuyenvien", "quantri"]
OUTSIDERS = ["taichinh", "canboxa", "doanhnghiep"]


def conclusion_paragraph() -> str:
    text = json.loads(SOURCE_004.read_text(encoding="utf-8"))["text"]
    return next(p for p in text.splitlines() if p.startswith("Kết luận buổi làm việc"))


def unit(name) -> Unit:
    return Unit.objects.get(name=name)


@pytest.fixture
def meeting(users):
    return services.create_meeting(
        users["lanhdao"],
        kind=MeetingKind.WORKING_SESSION,
        title="Làm việc với các sở về kinh phí ngành (kiểm thử)",
        held_on=date.today(),
        host_unit=unit(HOST),
    )


@pytest.fixture
def conclusion(users, meeting):
    return services.create_conclusion(
        users["lanhdao"],
        meeting,
        number="88/TB-UBND",
        issued_on=date.today(),
        signer="Lê Minh Đức",
        text=conclusion_paragraph(),
    )


def make_task(user, content, lead, *, coordinating=(), due_on=None, meeting=None):
    draft = TaskDraft(
        content=content,
        lead_unit=unit(lead),
        coordinating_units=[unit(n) for n in coordinating],
        deadline_kind=DeadlineKind.DATE,
        due_on=due_on or date.today() + timedelta(days=30),
    )
    return services.create_task(user, draft, meeting=meeting)


@pytest.fixture
def finance_task(users, meeting):
    return make_task(
        users["lanhdao"], "Thẩm định kế hoạch ứng dụng CNTT (kiểm thử)", FINANCE, meeting=meeting
    )


# --- who may open what -------------------------------------------------------------------------


@pytest.mark.parametrize("username", STAFF)
def test_staff_open_every_page(client_for, username, finance_task, conclusion):
    c = client_for(username)
    for url in (
        reverse("directives:inbox"),
        reverse("directives:meeting_list"),
        reverse("directives:meeting_create"),
        reverse("directives:dashboard"),
        finance_task.meeting.get_absolute_url(),
        finance_task.get_absolute_url(),
        reverse("directives:conclusion_draft", args=[conclusion.pk]),
    ):
        assert c.get(url).status_code == 200, url


@pytest.mark.parametrize("username", OUTSIDERS)
def test_others_are_refused_the_dashboard_and_the_manager_pages(client_for, username, conclusion):
    c = client_for(username)
    assert c.get(reverse("directives:dashboard")).status_code == 403
    assert c.get(reverse("directives:meeting_create")).status_code == 403
    assert c.post(reverse("directives:meeting_create"), {"title": "x"}).status_code == 403
    draft = reverse("directives:conclusion_draft", args=[conclusion.pk])
    assert c.get(draft).status_code in (403, 404)


def test_anonymous_visitors_are_sent_to_sign_in(client, finance_task):
    for url in (
        reverse("directives:inbox"),
        reverse("directives:meeting_list"),
        reverse("directives:dashboard"),
        finance_task.get_absolute_url(),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_liaison_sees_only_the_tasks_of_its_unit(client_for, users, meeting, finance_task):
    other = make_task(users["lanhdao"], "Bổ sung biên chế (kiểm thử)", HOME_AFFAIRS)
    c = client_for("taichinh")
    page = c.get(reverse("directives:inbox"), {"q": "kiểm thử"}).content.decode()
    assert finance_task.content in page
    assert other.content not in page
    assert c.get(finance_task.get_absolute_url()).status_code == 200
    assert c.get(other.get_absolute_url()).status_code == 404
    # The meeting is visible through its task; its page lists only what the liaison may see.
    assert c.get(meeting.get_absolute_url()).status_code == 200


def test_commune_officer_sees_nothing_of_other_localities(client_for, meeting, finance_task):
    c = client_for("canboxa")
    page = c.get(reverse("directives:inbox"), {"q": "kiểm thử"}).content.decode()
    assert finance_task.content not in page
    assert c.get(finance_task.get_absolute_url()).status_code == 404
    assert c.get(meeting.get_absolute_url()).status_code == 404
    page = c.get(reverse("directives:meeting_list"), {"q": "kiem thu"}).content.decode()
    assert meeting.title not in page


# --- meetings and conclusions ------------------------------------------------------------------


def test_leader_creates_a_meeting(client_for):
    c = client_for("lanhdao")
    form = c.get(reverse("directives:meeting_create")).context["form"]
    assert form.initial["host_unit"] == unit(HOST).pk
    response = c.post(
        reverse("directives:meeting_create"),
        {
            "kind": MeetingKind.BRIEFING,
            "title": "Giao ban tháng (kiểm thử)",
            "held_on": f"{date.today():%d/%m/%Y}",
            "place": "Phòng họp số 1",
            "host_unit": unit(HOST).pk,
            "participating_units": [unit(FINANCE).pk, unit(HOME_AFFAIRS).pk],
        },
    )
    meeting = Meeting.objects.get(title="Giao ban tháng (kiểm thử)")
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert set(meeting.participating_units.values_list("name", flat=True)) == {
        FINANCE,
        HOME_AFFAIRS,
    }


def test_a_unit_number_too_big_for_a_key_is_a_wrong_choice_and_nothing_is_saved(client_for):
    c = client_for("lanhdao")
    response = c.post(
        reverse("directives:meeting_create"),
        {
            "kind": MeetingKind.BRIEFING,
            "title": "Giao ban số lớn (kiểm thử)",
            "held_on": f"{date.today():%d/%m/%Y}",
            "host_unit": unit(HOST).pk,
            "participating_units": ["99999999999999999999999"],
        },
    )
    assert response.status_code == 400
    assert "Hãy chọn một giá trị trong danh sách" in response.content.decode()
    response = c.post(
        reverse("directives:meeting_create"),
        {
            "kind": MeetingKind.BRIEFING,
            "title": "Giao ban số lớn (kiểm thử)",
            "held_on": f"{date.today():%d/%m/%Y}",
            "host_unit": unit(HOST).pk,
            "participating_units": ["abc"],
        },
    )
    assert response.status_code == 400
    assert "“abc” không phải là một giá trị hợp lệ." in response.content.decode()
    assert not Meeting.objects.filter(title="Giao ban số lớn (kiểm thử)").exists()


def test_the_dashboard_names_a_day_outside_the_calendar(client_for):
    response = client_for("lanhdao").get(reverse("directives:dashboard") + "?on=31/12/9999")
    assert response.status_code == 200  # today's figures, and the field's error
    assert "Chỉ tính được cho các ngày từ năm 1901 đến năm 2100." in response.content.decode()


def test_a_bad_conclusion_number_is_explained_and_nothing_is_saved(client_for, meeting):
    c = client_for("lanhdao")
    response = c.post(
        reverse("directives:conclusion_create", args=[meeting.pk]),
        {"number": "abc/???", "issued_on": f"{date.today():%d/%m/%Y}", "text": "Giao Sở…"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["number"]
    assert "số văn bản" in response.content.decode()
    assert not Conclusion.objects.filter(meeting=meeting).exists()


def test_saving_a_conclusion_leads_to_the_proposed_tasks(client_for, meeting):
    c = client_for("lanhdao")
    response = c.post(
        reverse("directives:conclusion_create", args=[meeting.pk]),
        {
            "number": "88/TB-UBND",
            "issued_on": f"{date.today():%d/%m/%Y}",
            "signer": "Lê Minh Đức",
            "text": conclusion_paragraph(),
            "propose": "1",
        },
    )
    conclusion = Conclusion.objects.get(meeting=meeting)
    assert conclusion.number == "88/TB-UBND"
    assert response["Location"] == reverse("directives:conclusion_draft", args=[conclusion.pk])


# --- drafting ----------------------------------------------------------------------------------


def _post_data(formset, *, leads=None, skip=(), coordinating=None):
    """The confirmation POST of the proposed rows, as the browser sends it, with edits."""
    leads, coordinating = leads or {}, coordinating or {}
    forms = formset.forms
    data = {
        "tasks-TOTAL_FORMS": len(forms),
        "tasks-INITIAL_FORMS": len(forms),
        "tasks-MIN_NUM_FORMS": 0,
        "tasks-MAX_NUM_FORMS": 1000,
    }
    for i, form in enumerate(forms):
        init = dict(form.initial)
        if i in leads:
            init["lead_unit"] = leads[i]
        if i in coordinating:
            init["coordinating_units"] = coordinating[i]
        for name in form.fields:
            key, value = f"tasks-{i}-{name}", init.get(name)
            if name == "include":
                if value and i not in skip:
                    data[key] = "on"
            elif name == "coordinating_units":
                data[key] = list(value or [])
            elif name == "due_on":
                data[key] = f"{value:%d/%m/%Y}" if value else ""
            else:
                data[key] = "" if value is None else value
    return data


def _rows(formset):
    return [f.initial for f in formset.forms if f.initial.get("evidence")]


def _lead_names(formset):
    names = dict(Unit.objects.values_list("pk", "name"))
    return [names.get(row["lead_unit"]) for row in _rows(formset)]


def test_source_004_proposes_tasks_matched_to_the_demo_provinces_units(client_for, conclusion):
    response = client_for("lanhdao").get(
        reverse("directives:conclusion_draft", args=[conclusion.pk])
    )
    assert response.status_code == 200
    formset = response.context["formset"]
    leads = _lead_names(formset)
    for name in (FINANCE, HOME_AFFAIRS, PROVINCE_OFFICE, HOST):
        assert name in leads
    # Nghệ An's planning department closed on 28/02/2025: the row asks the user.
    unmatched = [r for r in _rows(formset) if r["lead_unit"] is None]
    assert any("Kế hoạch và Đầu tư" in r["lead_name"] for r in unmatched)
    page = response.content.decode()
    assert "chưa xác định được đơn vị: Sở Kế hoạch và Đầu tư" in page
    # Finance leads the appraisal of the IT application plan, with planning to coordinate.
    appraisal = next(r for r in _rows(formset) if "thẩm định" in r["evidence"].lower())
    assert appraisal["lead_unit"] == unit(FINANCE).pk
    assert "Sở Kế hoạch và Đầu tư" in appraisal["unmatched_coordinating"]
    assert not Task.objects.filter(conclusion=conclusion).exists()  # nothing saved yet


def test_confirming_creates_exactly_the_included_tasks(client_for, conclusion):
    c = client_for("lanhdao")
    url = reverse("directives:conclusion_draft", args=[conclusion.pk])
    formset = c.get(url).context["formset"]
    rows = [f.initial for f in formset.forms]
    unmatched = {
        i: unit(FINANCE).pk
        for i, r in enumerate(rows)
        if r.get("include") and not r.get("lead_unit")
    }
    assert unmatched
    skip = {0}
    data = _post_data(formset, leads=unmatched, skip=skip)
    response = c.post(url, data)
    assert response.status_code == 302
    included = [i for i, r in enumerate(rows) if r.get("include") and i not in skip]
    tasks = Task.objects.filter(conclusion=conclusion, series__isnull=True)
    assert tasks.count() == len(included)
    assert set(tasks.values_list("content", flat=True)) == {rows[i]["content"] for i in included}
    for i in unmatched:
        assert tasks.get(content=rows[i]["content"]).lead_unit.name == FINANCE
    assert all(t.meeting_id == conclusion.meeting_id for t in tasks)


def test_an_unpicked_unit_saves_nothing_and_says_which_row(client_for, conclusion):
    c = client_for("lanhdao")
    url = reverse("directives:conclusion_draft", args=[conclusion.pk])
    formset = c.get(url).context["formset"]
    response = c.post(url, _post_data(formset))
    assert response.status_code == 400
    bad = [f for f in response.context["formset"].forms if f.errors]
    assert bad and all("lead_unit" in f.errors for f in bad)
    assert "Cần chọn đơn vị chủ trì." in response.content.decode()
    assert not Task.objects.filter(conclusion=conclusion).exists()


def test_a_row_the_service_refuses_saves_nothing(client_for, conclusion):
    c = client_for("lanhdao")
    url = reverse("directives:conclusion_draft", args=[conclusion.pk])
    formset = c.get(url).context["formset"]
    rows = [f.initial for f in formset.forms]
    leads = {i: unit(FINANCE).pk for i, r in enumerate(rows) if r.get("include")}
    # One row names finance as both lead and coordinator.
    bad = next(i for i, r in enumerate(rows) if r.get("include"))
    data = _post_data(formset, leads=leads, coordinating={bad: [unit(FINANCE).pk]})
    response = c.post(url, data)
    assert response.status_code == 400
    errors = response.context["formset"].forms[bad].non_field_errors()
    assert "Đơn vị chủ trì không đồng thời là đơn vị phối hợp." in errors
    assert not Task.objects.filter(conclusion=conclusion).exists()


# --- the task page -----------------------------------------------------------------------------


def action(task, name):
    return reverse(f"directives:task_{name}", args=[task.pk])


def test_lead_unit_reports_progress_with_a_file_then_completes(client_for, finance_task):
    c = client_for("taichinh")
    url = finance_task.get_absolute_url()
    page = c.get(url)
    assert [a["name"] for a in page.context["actions"]] == ["report", "complete", "extend"]
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = c.post(
        action(finance_task, "report"),
        {"text": "Đã lấy ý kiến", "percent": "60", "files": [upload]},
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(task=finance_task)
    assert (report.percent, report.unit.name) == (60, FINANCE)
    assert Attachment.objects.get(object_id=report.pk).name == "bien-ban.pdf"

    response = c.post(action(finance_task, "complete"), {"result": ""})
    assert response.status_code == 400  # a result is required as evidence
    assert "Kết quả thực hiện (minh chứng): " in response.content.decode()
    finance_task.refresh_from_db()
    assert finance_task.completed_on is None

    c.post(action(finance_task, "complete"), {"result": "Văn bản 1234/STC-ĐT"})
    finance_task.refresh_from_db()
    assert finance_task.completed_on == date.today()
    page = c.get(url).content.decode()
    assert "Hoàn thành đúng hạn" in page
    assert "Báo cáo tiến độ 60%" in page and "bien-ban.pdf" in page
    kinds = [e.kind for e in c.get(url).context["timeline"]]
    assert kinds == ["created", "progress", "completed"]


def test_extension_requested_by_the_unit_and_decided_by_a_leader(client_for, finance_task):
    url = finance_task.get_absolute_url()
    old_due = finance_task.due_on
    liaison = client_for("taichinh")
    response = liaison.post(
        action(finance_task, "extend"),
        {"new_due_on": f"{old_due - timedelta(days=1):%d/%m/%Y}", "reason": "Chờ ý kiến Bộ"},
    )
    assert response.status_code == 400
    assert "Thời hạn mới phải sau thời hạn hiện tại." in response.content.decode()
    assert not DeadlineExtension.objects.filter(task=finance_task).exists()

    new_due = old_due + timedelta(days=20)
    liaison.post(
        action(finance_task, "extend"),
        {"new_due_on": f"{new_due:%d/%m/%Y}", "reason": "Chờ ý kiến Bộ"},
    )
    extension = DeadlineExtension.objects.get(task=finance_task)
    assert extension.state == DeadlineExtension.State.PENDING
    # A liaison cannot approve its own request.
    approve = reverse("directives:extension_approve", args=[extension.pk])
    response = liaison.post(approve)
    assert response.status_code == 403
    extension.refresh_from_db()
    assert extension.state == DeadlineExtension.State.PENDING

    leader = client_for("lanhdao")
    assert list(leader.get(url).context["pending_extensions"]) == [extension]
    leader.post(approve)
    finance_task.refresh_from_db()
    assert (finance_task.due_on, finance_task.original_due_on) == (new_due, old_due)
    page = leader.get(url).content.decode()
    assert "Thời hạn ban đầu" in page and "Duyệt gia hạn" in page


def test_only_managers_cancel_and_reopen(client_for, finance_task):
    url = finance_task.get_absolute_url()
    assert "cancel" not in [a["name"] for a in client_for("taichinh").get(url).context["actions"]]
    response = client_for("taichinh").post(action(finance_task, "cancel"), {"reason": "Thôi"})
    assert response.status_code == 403
    assert "Không được phép truy cập" in response.content.decode()
    finance_task.refresh_from_db()
    assert finance_task.cancelled_on is None

    leader = client_for("lanhdao")
    leader.post(action(finance_task, "cancel"), {"reason": "Không còn phù hợp"})
    finance_task.refresh_from_db()
    assert finance_task.cancelled_on == date.today()
    assert "reopen" in [a["name"] for a in leader.get(url).context["actions"]]
    leader.post(action(finance_task, "reopen"), {"reason": "Tiếp tục thực hiện"})
    finance_task.refresh_from_db()
    assert finance_task.cancelled_on is None
    kinds = [e.kind for e in leader.get(url).context["timeline"]]
    assert kinds == ["created", "cancelled", "reopened"]


def test_cancelling_asks_first_and_the_other_actions_do_not(client_for, finance_task):
    page = client_for("lanhdao").get(finance_task.get_absolute_url()).content.decode()
    buttons = dict(re.findall(r'data-testid="(\w+)-form".*?<button([^>]*)>', page, re.S))
    assert 'data-confirm="Hủy nhiệm vụ này?' in buttons["cancel"]
    assert [name for name, attrs in buttons.items() if "data-confirm" in attrs] == ["cancel"]


def test_an_action_not_allowed_now_changes_nothing(client_for, finance_task):
    """Reopening an open task is not offered, and posting it anyway is refused unchanged."""
    leader = client_for("lanhdao")
    assert "reopen" not in [
        a["name"] for a in leader.get(finance_task.get_absolute_url()).context["actions"]
    ]
    before = finance_task.history.count()
    response = leader.post(action(finance_task, "reopen"), {"reason": "Thử"})
    assert response.status_code == 403
    finance_task.refresh_from_db()
    assert finance_task.is_open and finance_task.history.count() == before
    assert leader.post(finance_task.get_absolute_url(), {"action": "drop"}).status_code == 405


# --- inbox and export --------------------------------------------------------------------------


def test_inbox_filters_by_status_unit_and_text(client_for, users, finance_task):
    late = make_task(users["lanhdao"], "Báo cáo quá hạn (kiểm thử)", HOME_AFFAIRS)
    Task.objects.filter(pk=late.pk).update(assigned_on=LONG_AGO, due_on=LONG_AGO + timedelta(30))
    c = client_for("lanhdao")
    inbox = reverse("directives:inbox")
    mine = {"q": "kiểm thử"}
    page = c.get(inbox, {**mine, "status": "overdue"}).content.decode()
    assert late.content in page and finance_task.content not in page
    page = c.get(inbox, {**mine, "lead_unit": unit(FINANCE).pk}).content.decode()
    assert finance_task.content in page and late.content not in page
    page = c.get(inbox, {"q": "Thẩm định kế hoạch"}).content.decode()
    assert finance_task.content in page and late.content not in page
    # As of a day before it fell due, the same task was within its deadline.
    before = f"{LONG_AGO + timedelta(days=2):%d/%m/%Y}"
    page = c.get(inbox, {**mine, "status": "in_progress", "on": before}).content.decode()
    assert late.content in page


def test_excel_export_in_the_layout_officials_use(client_for, users, finance_task):
    services.report_progress(users["taichinh"], finance_task, text="Đang tổng hợp", percent=40)
    response = client_for("taichinh").get(
        reverse("directives:inbox"), {"export": "xlsx", "q": "kiểm thử"}
    )
    assert response.status_code == 200
    export = read_export(response)
    rows = [export.headers, *export.rows]
    assert export.title == "Nhiệm vụ của đơn vị"
    assert list(rows[0]) == [
        "STT",
        "Nội dung nhiệm vụ",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Thời hạn",
        "Tình trạng",
        "Kết quả",
    ]
    row = next(r for r in rows[1:] if r[1] == finance_task.content)
    assert row[2] == FINANCE
    assert row[4].date() == finance_task.due_on
    assert row[5] == "Đang thực hiện trong hạn"
    assert row[6] == "Đang tổng hợp (40%)"
    assert [r[0] for r in rows[1:]] == list(range(1, len(rows)))


# --- dashboard ---------------------------------------------------------------------------------


def test_dashboard_counts_and_links_down_to_the_tasks(client_for, users, finance_task):
    late = make_task(users["lanhdao"], "Việc quá hạn của Sở Nội vụ (kiểm thử)", HOME_AFFAIRS)
    Task.objects.filter(pk=late.pk).update(assigned_on=LONG_AGO, due_on=LONG_AGO + timedelta(30))
    response = client_for("lanhdao").get(reverse("directives:dashboard"))
    assert response.status_code == 200
    ctx = response.context
    row = next(r for r in ctx["by_unit"] if r["name"] == HOME_AFFAIRS)
    assert row["overdue"] >= 1
    assert row["links"]["overdue"].endswith(f"lead_unit={row['id']}&status=overdue")
    assert late in list(ctx["overdue"])
    page = response.content.decode()
    assert late.get_absolute_url() in page
    assert "by-unit-data" in page and "chart.umd" in page
    # On a phone the overdue list is a card per task with each field labelled.
    assert 'class="table table-sm table-hover stack-on-phone" data-testid="overdue"' in page
    assert '<td data-label="Đơn vị chủ trì">Sở Nội vụ tỉnh Nghệ An</td>' in page
    # As of the day before, the task was not yet overdue.
    earlier = client_for("lanhdao").get(
        reverse("directives:dashboard"), {"on": f"{LONG_AGO + timedelta(days=2):%d/%m/%Y}"}
    )
    assert late not in list(earlier.context["overdue"])


def test_the_meeting_page_lists_its_tasks_as_cards_on_a_phone(client_for, finance_task):
    page = client_for("lanhdao").get(finance_task.meeting.get_absolute_url()).content.decode()
    assert 'stack-on-phone" data-testid="meeting-tasks"' in page
    assert f'<td data-label="Đơn vị chủ trì">{FINANCE}</td>' in page


def test_the_dashboard_prints_as_a_report_with_every_overdue_task(client_for, users, monkeypatch):
    from ictgov.core import pdf

    late = make_task(users["lanhdao"], "Việc quá hạn để in báo cáo (kiểm thử)", HOME_AFFAIRS)
    Task.objects.filter(pk=late.pk).update(assigned_on=LONG_AGO, due_on=LONG_AGO + timedelta(30))
    c = client_for("lanhdao")
    page = c.get(reverse("directives:dashboard"), {"on": f"{date.today():%d/%m/%Y}"})
    assert reverse("directives:dashboard_pdf") + "?on=" in page.content.decode()
    response = c.get(reverse("directives:dashboard_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(pdf.extract_text(response.content).split())
    counts = page.context["counts"]
    assert "BÁO CÁO" in text and "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in text
    assert f"tổng số nhiệm vụ được giao là {counts['total']}" in text
    assert f"quá hạn chưa hoàn thành {counts['overdue']}" in text
    assert "Việc quá hạn để in báo cáo (kiểm thử)" in text and HOME_AFFAIRS in text
    # Up to the printed limit every overdue task is listed; beyond it, the report says so.
    monkeypatch.setattr(views, "OVERDUE_PRINTED", 2)
    capped = " ".join(pdf.extract_text(c.get(reverse("directives:dashboard_pdf")).content).split())
    assert f"(2 nhiệm vụ có thời hạn sớm nhất trong tổng số {counts['overdue']})" in capped
    # As of a day before it fell due, the task is not in the report.
    earlier = c.get(
        reverse("directives:dashboard_pdf"), {"on": f"{LONG_AGO + timedelta(days=2):%d/%m/%Y}"}
    )
    assert "Việc quá hạn để in báo cáo" not in pdf.extract_text(earlier.content)
    assert client_for("taichinh").get(reverse("directives:dashboard_pdf")).status_code == 403


def test_officer_dashboard_is_scoped_like_everything_else(client_for, users):
    """The officer's dashboard counts what the officer may read, in the officer's province."""
    from ictgov.directives import presenters, selectors

    officer = users["chuyenvien"]
    response = client_for("chuyenvien").get(reverse("directives:dashboard"))
    assert response.status_code == 200
    province = presenters.user_province(officer)
    mine = selectors.in_province(selectors.tasks_for(officer), province)
    assert response.context["counts"] == selectors.task_counts(mine)
    shown = {row["id"] for row in response.context["by_unit"]}
    elsewhere = Task.objects.countable().exclude(pk__in=mine.values("pk"))
    assert elsewhere.exists()  # the source reports' provinces have tasks too
    assert not shown & set(elsewhere.values_list("lead_unit", flat=True))


def test_confirming_again_offers_only_what_is_new_and_never_doubles(client_for, conclusion):
    c = client_for("lanhdao")
    url = reverse("directives:conclusion_draft", args=[conclusion.pk])
    formset = c.get(url).context["formset"]
    rows = [f.initial for f in formset.forms]
    leads = {
        i: unit(FINANCE).pk
        for i, r in enumerate(rows)
        if r.get("include") and not r.get("lead_unit")
    }
    first = _post_data(formset, leads=leads, skip={0})
    assert c.post(url, first).status_code == 302
    tasks = Task.objects.filter(conclusion=conclusion, series__isnull=True)
    count = tasks.count()
    # Reopened: only the proposal left out the first time is offered again.
    page = c.get(url)
    offered = [
        f.initial["content"] for f in page.context["formset"].forms if f.initial.get("evidence")
    ]
    assert offered == [rows[0]["content"]]
    assert (
        "Đã giao" in page.content.decode()
        and 'data-testid="already-assigned"' in page.content.decode()
    )
    # The first confirmation sent again (a double click, a back button): nothing is added.
    again = c.post(url, first)
    assert again.status_code == 400
    assert "đã được giao từ văn bản" in again.content.decode()
    assert tasks.count() == count


def test_a_form_page_sent_twice_records_once(client_for, finance_task):
    c = client_for("taichinh")
    # The token the page's script adds when it loads; a double click sends it twice.
    data = {"text": "Đã họp tổ công tác", "percent": "30", "_once": "trang-tien-do-1"}
    first = c.post(action(finance_task, "report"), data)
    again = c.post(action(finance_task, "report"), data)
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    assert ProgressReport.objects.filter(task=finance_task).count() == 1
    told = [str(m) for m in c.get(again["Location"]).context["messages"]]
    assert "Biểu mẫu này đã được gửi; lần gửi lại không ghi thêm gì." in told
    # Another page (another token) reports again.
    c.post(action(finance_task, "report"), {**data, "_once": "trang-tien-do-2"})
    assert ProgressReport.objects.filter(task=finance_task).count() == 2
    # A form sent back with errors keeps nothing: corrected, the same page may be sent again.
    bad = c.post(action(finance_task, "complete"), {"result": "", "_once": "trang-2"})
    assert bad.status_code == 400
    c.post(action(finance_task, "complete"), {"result": "Văn bản 99/STC", "_once": "trang-2"})
    finance_task.refresh_from_db()
    assert finance_task.completed_on == date.today()
