"""The unit's to-do inbox: open tasks, overdue first (red, working days late), then due soon
(amber), then the rest by deadline; finished ones behind the status filter; the tasks the unit
only supports in their own tab."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from ictgov.core.acts import recording_history
from ictgov.core.workdays import add_working_days, working_days_between
from ictgov.directives import services
from ictgov.directives.services import TaskDraft
from ictgov.org.models import Unit

pytestmark = pytest.mark.django_db
TODAY = date.today()
INBOX = reverse("directives:inbox")


@pytest.fixture
def tasks(users):
    leader = users["lanhdao"]
    finance = Unit.objects.get(name="Sở Tài chính tỉnh Nghệ An")
    home = Unit.objects.get(name="Sở Nội vụ tỉnh Nghệ An")
    meeting = services.create_meeting(
        leader,
        kind="giao_ban",
        title="Giao ban hộp việc",
        held_on=TODAY - timedelta(days=60),
        host_unit=Unit.objects.get(name="Sở Khoa học và Công nghệ tỉnh Nghệ An"),
    )

    def make(content, due, lead=finance, coordinating=()):
        return services.create_task(
            leader,
            TaskDraft(
                content=content, lead_unit=lead, coordinating_units=list(coordinating), due_on=due
            ),
            meeting=meeting,
            assigned_on=TODAY - timedelta(days=60),
        )

    made = {
        "later": make("Hộp việc: còn lâu", TODAY + timedelta(days=60)),
        "overdue": make("Hộp việc: quá hạn", TODAY - timedelta(days=20)),
        "soon": make("Hộp việc: sắp đến hạn", add_working_days(TODAY, 1)),
        "done": make("Hộp việc: đã xong", TODAY + timedelta(days=30)),
        "supported": make("Hộp việc: phối hợp", TODAY + timedelta(days=10), home, [finance]),
    }
    with recording_history():
        services.complete_task(leader, made["done"], result="Xong", on=TODAY - timedelta(days=1))
    return made


def _rows(response):
    return [
        (t.content, getattr(t, "urgency", None))
        for t in response.context["object_list"]
        if t.content.startswith("Hộp việc")
    ]


def test_open_tasks_overdue_first_then_due_soon_then_by_deadline(client_for, tasks):
    response = client_for("taichinh").get(INBOX, {"q": "hop viec"})
    assert [c for c, _u in _rows(response)] == [
        "Hộp việc: quá hạn",
        "Hộp việc: sắp đến hạn",
        "Hộp việc: còn lâu",
    ]
    page = response.content.decode()
    late = working_days_between(tasks["overdue"].due_on, TODAY)
    assert f"quá hạn {late} ngày làm việc" in page
    assert page.count('class="row-overdue"') >= 1 and 'class="row-due-soon"' in page
    assert "badge text-bg-danger" in page


def test_finished_tasks_are_behind_the_status_filter(client_for, tasks):
    c = client_for("taichinh")
    assert "Hộp việc: đã xong" not in c.get(INBOX, {"q": "hop viec"}).content.decode()
    finished = c.get(INBOX, {"q": "hop viec", "status": "done"}).content.decode()
    assert "Hộp việc: đã xong" in finished and "Hộp việc: quá hạn" not in finished


def test_supported_tasks_have_their_own_tab(client_for, tasks):
    c = client_for("taichinh")
    lead = c.get(INBOX, {"q": "hop viec"})
    assert "Hộp việc: phối hợp" not in lead.content.decode()
    assert [t["value"] for t in lead.context["tabs"]] == ["lead", "coordinating"]
    supported = c.get(INBOX, {"q": "hop viec", "involvement": "coordinating"}).content.decode()
    assert "Hộp việc: phối hợp" in supported and "Hộp việc: quá hạn" not in supported


def test_the_export_follows_the_same_view(client_for, tasks):
    from ictgov.core.testing import read_export

    export = read_export(client_for("taichinh").get(INBOX, {"q": "hop viec", "export": "xlsx"}))
    contents = [row[1] for row in export.rows]
    assert contents[:3] == ["Hộp việc: quá hạn", "Hộp việc: sắp đến hạn", "Hộp việc: còn lâu"]
    assert export.rows[0][5].startswith("Quá hạn (quá hạn ")


@pytest.mark.parametrize(
    "query,message",
    [
        # The "as of" day beyond the working-day calendar.
        ("on=9999-12-31", "Chỉ tính được cho các ngày từ năm 1901 đến năm 2100."),
        # A number too big for any key (SQLite cannot even compare it).
        (
            "lead_unit=99999999999999999999999",
            "Đơn vị chủ trì: Hãy chọn một giá trị trong danh sách.",
        ),
        ("meeting=99999999999999999999999", "Cuộc họp: Hãy chọn một giá trị trong danh sách."),
        ("conclusion=99999999999999999999999", "Mã số phải là một số nguyên dương."),
    ],
)
def test_bad_filters_are_named_in_vietnamese_not_a_server_error(client_for, query, message):
    response = client_for("chuyenvien").get(f"{INBOX}?{query}")
    assert response.status_code == 422
    assert message in response.content.decode()


def test_the_api_names_a_bad_number_or_day(client_for):
    client = client_for("chuyenvien")
    for query, message in [
        ("conclusion=99999999999999999999999", "Mã kết luận: Mã số phải là một số nguyên dương."),
        ("conclusion=-3", "Mã kết luận: Mã số phải là một số nguyên dương."),
        ("on=0001-01-01", "Tính đến ngày: Chỉ tính được cho các ngày từ năm 1901 đến năm 2100."),
    ]:
        response = client.get(f"/api/v1/directives/tasks?{query}")
        assert response.status_code == 422
        assert message in response.json()["detail"]
    meetings = client.get("/api/v1/directives/conclusions?meeting=99999999999999999999999")
    assert meetings.status_code == 422


@pytest.mark.parametrize("query", [{}, {"due_from": "31/02/2026"}])
def test_remote_pickers_say_none_chosen_and_list_nothing_with_or_without_errors(
    client_for, users, query
):
    """The lead unit, assigner and meeting pickers load their choices as the user types, also on
    the page that names a bad filter (422), and say what "none chosen" means."""
    from ictgov.org.models import Person

    response = client_for("taichinh").get(INBOX, query)
    assert response.status_code == (422 if query else 200)
    page = response.content.decode()
    for name, empty in [
        ("assigned_by", "Mọi người giao"),
        ("lead_unit", "Mọi đơn vị"),
        ("meeting", "Mọi cuộc họp"),
    ]:
        select = page.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
        assert "data-picker-url" in select, name
        assert select.count("<option") == 1 and f">{empty}</option>" in select, (name, select)
    person = Person.objects.order_by("pk").first()
    assert person.full_name not in page.split('name="assigned_by"', 1)[1].split("</select>")[0]
