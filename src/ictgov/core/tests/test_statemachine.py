"""The state-machine helper, on a record every installation has (a `Parameter`, whose value is
the state): guarded steps, the log, the loser of a race gets a clear message and writes nothing.
"""

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, models

from ictgov.core.errors import ServiceError
from ictgov.core.models import Parameter, TransitionLog
from ictgov.core.statemachine import StaleState, StateMachine, Transition, TransitionNotAllowed
from ictgov.core.testing import in_thread, is_postgresql, race, wait_for_lock_waiter

pytestmark = pytest.mark.django_db


class S(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    REVIEW = "review", "Đang xem xét"
    DONE = "done", "Đã duyệt"
    REJECTED = "rejected", "Bị từ chối"


def staff(user, obj):
    return user.is_staff_role


def machine(check=None):
    return StateMachine(
        field="value",
        states=S,
        log_model=TransitionLog,
        transitions=[
            Transition("submit", "Gửi xem xét", {S.DRAFT}, S.REVIEW),
            Transition("approve", "Duyệt", {S.REVIEW}, S.DONE, allowed=staff, check=check),
            Transition(
                "reject",
                "Từ chối",
                {S.DRAFT, S.REVIEW},
                S.REJECTED,
                allowed=staff,
                note_required=True,
                note_label="lý do từ chối",
            ),
        ],
    )


def record(state=S.REVIEW, key="sm.test"):
    return Parameter.objects.create(key=key, value=state, description="Bản ghi thử")


def logged(obj):
    return list(machine().log_of(obj).values_list("name", "from_state", "to_state", "note"))


def test_a_step_moves_the_state_and_is_logged_with_actor_and_note(users):
    obj = record()
    machine().perform(users["chuyenvien"], obj, "reject", note="  Thiếu giấy tờ ")
    obj.refresh_from_db()
    assert obj.value == S.REJECTED
    assert logged(obj) == [("reject", S.REVIEW, S.REJECTED, "Thiếu giấy tờ")]
    entry = machine().log_of(obj).get()
    assert entry.actor == users["chuyenvien"] and entry.at is not None
    last = obj.history.order_by("-history_date").first()
    assert (
        last.history_user == users["chuyenvien"] and "Thiếu giấy tờ" in last.history_change_reason
    )


def test_a_step_not_allowed_from_the_current_state_changes_nothing(users):
    obj = record(S.DONE)
    with pytest.raises(TransitionNotAllowed, match="“Từ chối” khi hồ sơ đang ở bước “Đã duyệt”"):
        machine().perform(users["chuyenvien"], obj, "reject", note="x")
    obj.refresh_from_db()
    assert obj.value == S.DONE and logged(obj) == []


def test_who_may_is_checked_and_a_refusal_writes_nothing(users):
    obj = record()
    with pytest.raises(PermissionDenied, match="không có quyền “Duyệt”"):
        machine().perform(users["doanhnghiep"], obj, "approve")
    obj.refresh_from_db()
    assert obj.value == S.REVIEW and logged(obj) == []


def test_a_required_note_is_required(users):
    obj = record()
    with pytest.raises(ServiceError, match="Cần nêu lý do từ chối") as caught:
        machine().perform(users["chuyenvien"], obj, "reject", note="   ")
    assert caught.value.field == "note"
    assert logged(obj) == []


def test_a_rule_on_the_record_can_refuse_the_step(users):
    obj = record()
    m = machine(check=lambda o: "Chưa đủ điều kiện." if o.description else None)
    with pytest.raises(TransitionNotAllowed, match="Chưa đủ điều kiện"):
        m.perform(users["chuyenvien"], obj, "approve")
    assert logged(obj) == []


def test_an_error_raised_by_the_app_rolls_the_whole_step_back(users):
    obj = record()

    def apply(locked):
        locked.description = "đã đổi"
        raise ServiceError("Lỗi của ứng dụng")

    with pytest.raises(ServiceError):
        machine().perform(users["chuyenvien"], obj, "approve", apply=apply)
    obj.refresh_from_db()
    assert (obj.value, obj.description) == (S.REVIEW, "Bản ghi thử") and logged(obj) == []


def test_an_unknown_step_is_a_clear_error(users):
    with pytest.raises(TransitionNotAllowed, match="Không có thao tác “fly”"):
        machine().perform(users["chuyenvien"], record(), "fly")


def test_available_steps_depend_on_state_and_user(users):
    obj = record(S.DRAFT)
    names = [t.name for t in machine().available(users["chuyenvien"], obj)]
    assert names == ["submit", "reject"]
    assert [t.name for t in machine().available(users["doanhnghiep"], obj)] == ["submit"]


def test_the_second_of_two_officers_with_the_same_page_gets_a_clear_message(users):
    """The lock logic without real concurrency (SQLite too): both read the record, the first
    acts, the second's step finds the state changed."""
    obj = record()
    first = Parameter.objects.get(pk=obj.pk)
    second = Parameter.objects.get(pk=obj.pk)
    machine().perform(users["chuyenvien"], first, "approve")
    with pytest.raises(StaleState, match="Hồ sơ đã được người khác xử lý"):
        machine().perform(users["lanhdao"], second, "reject", note="Không đạt")
    obj.refresh_from_db()
    assert obj.value == S.DONE
    assert logged(obj) == [("approve", S.REVIEW, S.DONE, "")]
    assert obj.history.count() == 2  # created, approved; the refused step left no trace


def test_expected_state_from_a_form_is_checked(users):
    obj = record()
    with pytest.raises(StaleState):
        machine().perform(users["chuyenvien"], obj, "approve", expected_state=S.DRAFT)


def test_two_officers_acting_at_once_on_postgresql(users):
    if not is_postgresql():
        pytest.skip("Real concurrency needs PostgreSQL's row locks (SQLite serialises writes).")
    officer, leader = users["chuyenvien"], users["lanhdao"]
    pk = in_thread(lambda: record(key="sm.race").pk)  # committed, visible to both threads
    a_locked = threading.Event()
    met_the_lock = {}

    def approve():
        obj = Parameter.objects.get(pk=pk)

        def hold(locked):  # keep the lock until the other officer is waiting for it
            a_locked.set()
            met_the_lock["yes"] = wait_for_lock_waiter()

        machine().perform(officer, obj, "approve", apply=hold)
        return "approved"

    def reject():
        obj = Parameter.objects.get(pk=pk)  # the same page, read before the other acts
        a_locked.wait(10)
        machine().perform(leader, obj, "reject", note="Không đạt")
        return "rejected"

    try:
        first, second = race(approve, reject)
        assert first == "approved", first
        assert isinstance(second, StaleState), second
        assert "Hồ sơ đã được người khác xử lý (hiện ở bước “Đã duyệt”)" in str(second)
        assert met_the_lock.get("yes"), "the second officer never waited for the lock"

        def check():
            obj = Parameter.objects.get(pk=pk)
            rows = list(machine().log_of(obj).values_list("name", flat=True))
            return obj.value, rows, obj.history.count()

        assert in_thread(check) == (S.DONE, ["approve"], 2)
    finally:

        def clean():
            with connection.cursor() as c:
                c.execute("DELETE FROM core_transitionlog WHERE object_id = %s", [pk])
                c.execute("DELETE FROM core_historicalparameter WHERE id = %s", [pk])
                c.execute("DELETE FROM core_parameter WHERE id = %s", [pk])

        in_thread(clean)
