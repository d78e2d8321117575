"""What happened to a task, told to the people concerned: the lead and coordinating units'
members, the assigning leader and the recorder get an in-app notification and, if they have an
address, an e-mail (core's outbox: at least once, never twice for the same occasion)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ictgov.accounts.models import User
from ictgov.core import notifications as outbox
from ictgov.core.acts import replaying
from ictgov.core.notifications import Message

from .models import Task

EVENTS = {
    "assigned": gettext_lazy("Được giao nhiệm vụ mới"),
    "reassigned": gettext_lazy("Nhiệm vụ được giao lại đơn vị chủ trì"),
    "progress": gettext_lazy("Có báo cáo tiến độ nhiệm vụ"),
    "completed": gettext_lazy("Nhiệm vụ đã hoàn thành"),
    "completion_reported": gettext_lazy("Đơn vị báo cáo đã hoàn thành nhiệm vụ, chờ xác nhận"),
    "completion_returned": gettext_lazy("Kết quả nhiệm vụ chưa được xác nhận"),
    "extension_requested": gettext_lazy("Có đề nghị gia hạn nhiệm vụ"),
    "extension_approved": gettext_lazy("Đề nghị gia hạn được duyệt"),
    "extension_rejected": gettext_lazy("Đề nghị gia hạn không được duyệt"),
    "reopened": gettext_lazy("Nhiệm vụ được mở lại"),
    "cancelled": gettext_lazy("Nhiệm vụ bị hủy"),
    "corrected": gettext_lazy("Nhiệm vụ được sửa"),
    "withdrawn": gettext_lazy("Nhiệm vụ được thu hồi"),
}


def concerned_users(task: Task) -> list:
    """The lead and coordinating units' members, the assigning leader and the recorder."""
    units = [task.lead_unit_id, *task.coordinating_units.values_list("pk", flat=True)]
    users = {u.pk: u for u in User.objects.filter(unit_id__in=units, is_active=True)}
    leader = task.assigned_by.user if task.assigned_by_id and task.assigned_by.user_id else None
    for extra in (leader, task.created_by):
        if extra is not None and extra.is_active:
            users.setdefault(extra.pk, extra)
    return list(users.values())


def announce(event: str, task: Task, actor, *, occasion=None, text: str = "") -> int:
    """Tell everyone concerned but the actor what just happened, once per occasion (by default
    the task's history record that made it happen): a retry adds nothing. Replaying history
    (the demo, imports) tells nobody."""
    if replaying():
        return 0
    if occasion is None:
        occasion = f"h{task.history.values_list('history_id', flat=True).first()}"
    subject = f"{EVENTS[event]}: {task.content[:120]}"
    body = _("%(what)s. Nhiệm vụ: “%(content)s” (chủ trì: %(unit)s).") % {
        "what": EVENTS[event],
        "content": task.content,
        "unit": task.lead_unit.name,
    }
    if text:
        body += "\n" + text
    who = actor.get_full_name() or actor.get_username() if actor is not None else ""
    if who:
        body += "\n" + _("Người thực hiện: %(who)s.") % {"who": who}
    messages = [
        Message(
            user,
            f"task:{event}:{task.pk}:{occasion}:{user.pk}",
            subject,
            body,
            task.get_absolute_url(),
        )
        for user in concerned_users(task)
        if actor is None or user.pk != actor.pk
    ]
    return len(outbox.notify(messages))
