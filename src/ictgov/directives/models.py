"""Meetings, their conclusions, the tasks in them, progress reports and deadline extensions.

A task's status is never stored: it is derived from its dates (due, completed, cancelled) as of
any day, the way the Government Office's tracking system counts (done on time, done late, in
progress within the deadline, overdue), so it cannot go stale.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ictgov.core.models import LegalQuerySet, LegalRecord
from ictgov.core.scoping import Scope
from ictgov.core.status import DerivedStatus
from ictgov.core.text import fold, fold_words


class MeetingKind(models.TextChoices):
    BRIEFING = "giao_ban", _("Giao ban")
    CONFERENCE = "hoi_nghi", _("Hội nghị")
    WORKING_SESSION = "lam_viec", _("Buổi làm việc")
    WORKING_VISIT = "doan_cong_tac", _("Đoàn công tác")
    OTHER = "khac", _("Khác")


class Meeting(LegalRecord):
    kind = models.CharField(_("loại"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("tên cuộc họp"), max_length=500)
    held_on = models.DateField(_("ngày họp"))
    held_until = models.DateField(_("đến ngày"), null=True, blank=True)
    starts_at = models.TimeField(_("giờ bắt đầu"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    chair = models.ForeignKey(
        "org.Person",
        verbose_name=_("chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chaired_meetings",
    )
    host_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị tổ chức"),
        on_delete=models.PROTECT,
        related_name="hosted_meetings",
    )
    participating_units = models.ManyToManyField(
        "org.Unit", verbose_name=_("đơn vị tham dự"), blank=True, related_name="attended_meetings"
    )
    participants = models.ManyToManyField(
        "org.Person", verbose_name=_("người tham dự"), blank=True, related_name="attended_meetings"
    )
    locality = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    search_name = models.CharField(max_length=500, editable=False)

    scope = Scope(
        locality="locality",
        unit=("host_unit", "participating_units", "tasks__lead_unit", "tasks__coordinating_units"),
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("cuộc họp")
        verbose_name_plural = _("cuộc họp")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.search_name = fold(self.title)
        if self.locality_id is None and self.host_unit_id:
            self.locality_id = self.host_unit.admin_unit_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directives:meeting_detail", args=[self.pk])


class Conclusion(LegalRecord):
    """The conclusion (thông báo kết luận) of a meeting, or the meeting report that records it."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("cuộc họp"), on_delete=models.PROTECT, related_name="conclusions"
    )
    number = models.CharField(
        _("số, ký hiệu"), max_length=100, blank=True, help_text=_("Ví dụ: 125/TB-UBND")
    )
    doc_type = models.CharField(_("loại văn bản"), max_length=20, blank=True, editable=False)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=60, blank=True, editable=False)
    issued_on = models.DateField(_("ngày ban hành"))
    signer = models.CharField(_("người ký"), max_length=150, blank=True)
    text = models.TextField(_("nội dung"))
    search_name = models.TextField(editable=False, db_default="")

    scope = Scope(
        locality="meeting__locality",
        unit=("meeting__host_unit", "tasks__lead_unit", "tasks__coordinating_units"),
    )

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("kết luận")
        verbose_name_plural = _("kết luận")

    def __str__(self) -> str:
        return self.number or _("Kết luận ngày %(d)s") % {"d": f"{self.issued_on:%d/%m/%Y}"}

    def save(self, *args, **kwargs):
        self.search_name = fold_words(f"{self.number}\n{self.text}")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return self.meeting.get_absolute_url() + f"#conclusion-{self.pk}"

    def attachments(self):
        from ictgov.core.attachments import attachments_of

        return attachments_of(self)


class TaskStatus(models.TextChoices):
    DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
    DONE_LATE = "done_late", _("Hoàn thành quá hạn")
    IN_PROGRESS = "in_progress", _("Đang thực hiện trong hạn")
    OVERDUE = "overdue", _("Quá hạn")
    CANCELLED = "cancelled", _("Đã hủy")


class DeadlineKind(models.TextChoices):
    DATE = "date", _("Ngày cụ thể")
    ASAP = "asap", _("Sớm (theo số ngày làm việc quy định)")
    RECURRING = "recurring", _("Định kỳ")
    NONE = "none", _("Không có thời hạn")


class Recurrence(models.TextChoices):
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    YEARLY = "yearly", _("Hằng năm")


def _status_rules(on: date) -> dict[str, Q]:
    """A task's status as of `on`, first match wins; the one place the rule is written."""
    not_cancelled = Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=on)
    done = Q(completed_on__isnull=False, completed_on__lte=on)
    open_ = Q(completed_on__isnull=True) | Q(completed_on__gt=on)
    return {
        TaskStatus.CANCELLED: Q(cancelled_on__isnull=False, cancelled_on__lte=on),
        TaskStatus.DONE_ON_TIME: not_cancelled
        & done
        & (Q(due_on__isnull=True) | Q(completed_on__lte=models.F("due_on"))),
        TaskStatus.DONE_LATE: not_cancelled & done & Q(completed_on__gt=models.F("due_on")),
        TaskStatus.OVERDUE: not_cancelled & open_ & Q(due_on__lt=on),
        TaskStatus.IN_PROGRESS: not_cancelled
        & open_
        & (Q(due_on__isnull=True) | Q(due_on__gte=on)),
    }


TASK_STATUS = DerivedStatus(_status_rules, TaskStatus.choices, pure=True)


def status_q(status: str, on: date) -> Q:
    """The rule as a filter, so an index on the dates can serve it."""
    return TASK_STATUS.q(status, on)


def status_case(on: date):
    """The status of each task as of `on`, as an SQL expression."""
    return TASK_STATUS.case(on)


def status_counts(on: date) -> dict:
    """One `Count` per status as of `on`, for `aggregate()` or `annotate()`."""
    return TASK_STATUS.counts(on)


# Open today (neither completed nor cancelled) and counted: the rows of the partial indexes.
OPEN_NOW = Q(
    completed_on__isnull=True, cancelled_on__isnull=True, is_series=False, withdrawn_on__isnull=True
)


def open_parts(on: date) -> list[Q]:
    """Open as of `on` (in progress or overdue) in three disjoint parts an index can serve
    each: open today, completed after `on` (not cancelled by then), cancelled after `on` (not
    completed). Together exactly `status_q(IN_PROGRESS, on) | status_q(OVERDUE, on)`."""
    not_cancelled = Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=on)
    return [
        Q(completed_on__isnull=True, cancelled_on__isnull=True),
        Q(completed_on__gt=on) & not_cancelled,
        Q(cancelled_on__gt=on, completed_on__isnull=True),
    ]


def open_q(on: date) -> Q:
    first, *rest = open_parts(on)
    for part in rest:
        first |= part
    return first


class TaskQuerySet(LegalQuerySet):
    def countable(self):
        """Tasks that count: not recurring templates, not withdrawn (created by mistake)."""
        return self.filter(is_series=False, withdrawn_on__isnull=True)

    def with_status(self, on: date):
        return self.annotate(status=status_case(on))

    def in_status(self, status: str, on: date):
        return self.filter(status_q(status, on))

    def counts(self, on: date) -> dict:
        """done (on time / late), within deadline, overdue, cancelled, and the on-time rate."""
        qs = self.countable().filter(assigned_on__lte=on)
        return with_rates(qs.aggregate(**status_counts(on)))


def source_key(evidence: str, content: str = "") -> str:
    """A fingerprint of a proposal: the passage it was drafted from and the task the extractor
    read in it (one sentence may hold two tasks for two units)."""
    import hashlib

    text = f"{fold_words(evidence)}|{fold_words(content)}"
    return hashlib.sha1(text.encode()).hexdigest() if text != "|" else ""


def with_rates(agg: dict) -> dict:
    agg["done"] = agg["done_on_time"] + agg["done_late"]
    agg["total"] = agg["done"] + agg["in_progress"] + agg["overdue"]
    agg["on_time_rate"] = round(100 * agg["done_on_time"] / agg["done"], 1) if agg["done"] else None
    return agg


class Task(LegalRecord):
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("cuộc họp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    conclusion = models.ForeignKey(
        Conclusion,
        verbose_name=_("kết luận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    content = models.TextField(_("nội dung nhiệm vụ"))
    lead_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị chủ trì"),
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    coordinating_units = models.ManyToManyField(
        "org.Unit",
        verbose_name=_("đơn vị phối hợp"),
        blank=True,
        related_name="coordinated_tasks",
    )
    assigned_by = models.ForeignKey(
        "org.Person",
        verbose_name=_("người giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_tasks",
    )
    assigned_on = models.DateField(_("ngày giao"))
    deadline_kind = models.CharField(
        _("loại thời hạn"), max_length=10, choices=DeadlineKind.choices, default=DeadlineKind.DATE
    )
    deadline_text = models.CharField(
        _("thời hạn theo văn bản"),
        max_length=255,
        blank=True,
        help_text=_("Nguyên văn: “sớm”, “hàng quý”, “trong quý III/2025”…"),
    )
    due_on = models.DateField(_("thời hạn"), null=True, blank=True, db_index=True)
    original_due_on = models.DateField(_("thời hạn ban đầu"), null=True, blank=True)
    recurrence = models.CharField(
        _("định kỳ"), max_length=10, choices=Recurrence.choices, blank=True
    )
    is_series = models.BooleanField(
        _("là nhiệm vụ định kỳ gốc"),
        default=False,
        help_text=_("Nhiệm vụ định kỳ sinh ra một lần thực hiện cho mỗi kỳ."),
    )
    series = models.ForeignKey(
        "self",
        verbose_name=_("nhiệm vụ định kỳ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="occurrences",
    )
    period_start = models.DateField(_("kỳ từ"), null=True, blank=True)
    period_label = models.CharField(_("kỳ"), max_length=40, blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    # When completion needs the assigning side's confirmation: the lead unit reported it done
    # on this day; confirmed, the task is done from that day.
    done_reported_on = models.DateField(_("ngày báo cáo hoàn thành"), null=True, blank=True)
    done_reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người báo cáo hoàn thành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    result = models.TextField(_("kết quả"), blank=True)
    cancelled_on = models.DateField(_("ngày hủy"), null=True, blank=True)
    cancel_reason = models.CharField(_("lý do hủy"), max_length=500, blank=True)
    # Created by mistake and withdrawn before anyone acted on it: kept, with its history, but
    # no longer a task (not listed, not counted).
    withdrawn_on = models.DateField(_("ngày thu hồi"), null=True, blank=True, editable=False)
    withdraw_reason = models.CharField(_("lý do thu hồi"), max_length=500, blank=True)
    directive_verb = models.CharField(_("động từ chỉ đạo"), max_length=40, blank=True)
    evidence = models.TextField(_("câu trích"), blank=True)
    # Which passage of its conclusion the task came from: confirming the proposals of a
    # conclusion again never assigns the same passage twice.
    source_key = models.CharField(max_length=40, blank=True, editable=False, db_index=True)
    # Where the lead unit is, kept on the row so counts per province/locality need no joins.
    province = models.ForeignKey(
        "geo.AdministrativeUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    locality = models.ForeignKey(
        "geo.AdministrativeUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    search_name = models.TextField(editable=False, db_default="")

    objects = TaskQuerySet.as_manager()
    scope = Scope(
        locality="locality", province="province", unit=("lead_unit", "coordinating_units")
    )

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["province", "assigned_on"], name="task_province_assigned"),
            models.Index(fields=["lead_unit", "due_on"], name="task_lead_due"),
            # Open tasks (today's state) in the order the inbox and the overdue list show them,
            # for a province and for a lead unit: a page reads its first rows, not every task.
            models.Index(
                fields=["province", "due_on", "id"], condition=OPEN_NOW, name="task_open_province"
            ),
            models.Index(
                fields=["lead_unit", "due_on", "id"], condition=OPEN_NOW, name="task_open_lead"
            ),
            # Tasks finished after a past day were open on it ("as of" pages): found by date.
            models.Index(
                fields=["completed_on"],
                condition=Q(completed_on__isnull=False),
                name="task_completed",
            ),
            models.Index(
                fields=["cancelled_on"],
                condition=Q(cancelled_on__isnull=False),
                name="task_cancelled",
            ),
            # Every column the dashboard's counts read, so they come from the index alone.
            models.Index(
                fields=[
                    "province",
                    "assigned_on",
                    "lead_unit",
                    "assigned_by",
                    "due_on",
                    "completed_on",
                    "cancelled_on",
                    "id",
                ],
                condition=Q(is_series=False, withdrawn_on__isnull=True),
                name="task_province_counts",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(deadline_kind="date") | Q(due_on__isnull=False) | Q(is_series=True),
                name="task_date_deadline_has_due_on",
            ),
        ]
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")

    def __str__(self) -> str:
        return self.content[:120]

    def get_absolute_url(self) -> str:
        return _task_url(self.pk)

    def save(self, *args, **kwargs):
        admin_unit = self.lead_unit.admin_unit if self.lead_unit_id else None
        self.locality = admin_unit
        self.province = admin_unit.province if admin_unit else None
        if self.original_due_on is None:
            self.original_due_on = self.due_on
        self.search_name = fold_words(self.content)
        super().save(*args, **kwargs)

    def status_on(self, on: date | None = None) -> str:
        return TASK_STATUS.of(self, on or date.today())

    @property
    def is_open(self) -> bool:
        """Neither completed, cancelled nor withdrawn (today's state of the record)."""
        return self.completed_on is None and self.cancelled_on is None and not self.withdrawn_on

    @property
    def status(self) -> str:
        """Today's status, or the one `with_status(on)` computed in the query for its day."""
        return self.__dict__.get("_status") or self.status_on()

    @status.setter
    def status(self, value: str) -> None:
        self.__dict__["_status"] = value

    def get_status_display(self) -> str:
        return TaskStatus(self.status).label

    @property
    def latest_percent(self) -> int:
        report = self.progress_reports.order_by("-reported_on", "-pk").first()
        return 100 if self.completed_on else (report.percent if report else 0)


_TASK_URLS: dict = {}
_MARK = 987654321


def _task_url(pk) -> str:
    """A task's address from its page's pattern, reversed once per URL configuration: pages
    list a hundred tasks, and a reverse() per row cost more than the row's query."""
    from django.urls import get_script_prefix, get_urlconf

    key = (get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
    pattern = _TASK_URLS.get(key)
    if pattern is None:
        url = reverse("directives:task_detail", args=[_MARK])
        pattern = _TASK_URLS[key] = url.replace(str(_MARK), "{}")
    return pattern.format(pk)


class ProgressReport(LegalRecord):
    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.PROTECT, related_name="progress_reports"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người báo cáo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_on = models.DateField(_("ngày báo cáo"))
    text = models.TextField(_("nội dung"))
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"))

    scope = Scope(locality="task__locality", unit=("task__lead_unit", "task__coordinating_units"))

    class Meta:
        ordering = ["-reported_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="progress_percent_max_100"),
        ]
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")

    def __str__(self) -> str:
        return f"{self.unit} · {self.percent}%"


class DeadlineExtension(LegalRecord):
    class State(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        REJECTED = "rejected", _("Không duyệt")

    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.PROTECT, related_name="extensions"
    )
    old_due_on = models.DateField(_("thời hạn cũ"), null=True, blank=True)
    new_due_on = models.DateField(_("thời hạn mới"))
    reason = models.TextField(_("lý do"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(_("ngày duyệt"), null=True, blank=True)

    scope = Scope(locality="task__locality", unit=("task__lead_unit",))

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("gia hạn")
        verbose_name_plural = _("gia hạn")

    def __str__(self) -> str:
        return f"{self.task_id}: {self.old_due_on} → {self.new_due_on}"
