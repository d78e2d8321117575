"""Demo meetings, conclusions and tasks.

1. The five source reports as they were: each a meeting whose conclusion is the report's text,
   with the tasks the extractor drafts from it, confirmed the way a clerk would (an unmatched name
   is matched by hand, else given to the host department), and outcomes as they might have gone.
2. A year of meetings of the demo province's department up to today, so that the dashboard shows
   done, within-deadline and overdue tasks whatever day the demo is loaded.

Everything derives from SEED and date.today(). Meetings are keyed by title and date: one already
present is skipped whole, so a second run creates nothing and writes no history.
"""

import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import zip_longest
from pathlib import Path

from ictgov.accounts.models import User
from ictgov.core.acts import recording_history
from ictgov.core.periods import PeriodKind, period_of
from ictgov.core.text import fold
from ictgov.core.workdays import add_working_days
from ictgov.geo.models import AdministrativeUnit
from ictgov.org.models import ClusterTerm, Person, Unit
from ictgov.org.selectors import match_units

from . import services
from .drafting import propose_tasks
from .extraction import ProposedTask
from .models import Conclusion, DeadlineKind, Meeting, MeetingKind, Recurrence, Task
from .services import TaskDraft

ORDER = 30
SEED = "ictgov-directives-demo"
LEADER = "lanhdao"
# The five source reports with their annotated tasks, shipped with the app.
CONCLUSIONS = Path(__file__).resolve().parent / "data" / "demo_sources"

# Outcomes, cycled per lead unit so that every busy unit shows each of them.
PAST_DUE = ("on_time", "late", "on_time", "overdue", "on_time", "on_time", "late", "on_time")
NOT_YET_DUE = ("in_progress", "done", "in_progress")
# The dated tasks of the five source reports, in report order: a few were never done.
SOURCE_OUTCOMES = ("on_time", "late", "overdue", "on_time", "on_time", "overdue", "late", "on_time")


# --- 1. the five source reports -------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    file: str
    province_code: str  # the province as it was (before 2025)
    province: str
    kind: str
    held_on: date
    chair: str
    held_until: date | None = None
    place: str = ""
    participants: tuple[str, ...] = ()
    units: tuple[str, ...] = ()


SOURCES = [
    Source(
        "source_000.json",
        "40",
        "Nghệ An",
        MeetingKind.WORKING_SESSION,
        date(2015, 4, 9),
        "Hồ Quang Thành",
        place="Sở Thông tin và Truyền thông tỉnh Nghệ An",
        participants=("Nguyễn Văn Thông",),
    ),
    Source(
        "source_001.json",
        "02",
        "Hà Giang",
        MeetingKind.WORKING_VISIT,
        date(2009, 10, 19),
        "Phạm Mã Hùng",
        held_until=date(2009, 10, 23),
        place="UBND các huyện Bắc Quang, Quang Bình, Hoàng Su Phì, Xín Mần",
        units=tuple(
            f"{prefix} huyện {d}"
            for d in ("Bắc Quang", "Quang Bình", "Hoàng Su Phì", "Xín Mần")
            for prefix in ("Ủy ban nhân dân", "Phòng Văn hóa và Thông tin")
        ),
    ),
    Source(
        "source_002.json",
        "38",
        "Thanh Hóa",
        MeetingKind.CONFERENCE,
        date(2014, 1, 8),
        "Đỗ Thanh",
        place="Sở Thông tin và Truyền thông tỉnh Thanh Hóa",
        participants=("Nguyễn Ngọc Hồi",),
        units=("Văn phòng Tỉnh ủy Thanh Hóa", "Văn phòng Ủy ban nhân dân tỉnh Thanh Hóa"),
    ),
    Source(
        "source_003.json",
        "44",
        "Quảng Bình",
        MeetingKind.WORKING_SESSION,
        date(2014, 9, 23),
        "Nguyễn Thành Hưng",
        place="Sở Thông tin và Truyền thông tỉnh Quảng Bình",
        units=("Bộ Thông tin và Truyền thông",),
    ),
    Source(
        "source_004.json",
        "95",
        "Bạc Liêu",
        MeetingKind.WORKING_SESSION,
        date(2009, 4, 20),
        "Vũ Văn Họa",
        place="Sở Thông tin và Truyền thông tỉnh Bạc Liêu",
        participants=("Dương Thành Trung", "Đặng Thanh Tốt"),
        units=(
            "Sở Nội vụ tỉnh Bạc Liêu",
            "Sở Tài chính tỉnh Bạc Liêu",
            "Sở Kế hoạch và Đầu tư tỉnh Bạc Liêu",
            "Văn phòng Ủy ban nhân dân tỉnh Bạc Liêu",
            "Ban Tổ chức Tỉnh ủy Bạc Liêu",
        ),
    ),
]


def _load_sources(leader, actors, today, stdout) -> int:
    created = 0
    pattern = _Cycle(SOURCE_OUTCOMES, offset=0)
    for source in SOURCES:
        path = CONCLUSIONS / source.file
        if not path.exists():
            stdout.write(f"  (không thấy {path}, bỏ qua báo cáo nguồn này)")
            continue
        doc = json.loads(path.read_text(encoding="utf-8"))
        text = doc["text"]
        title = text.strip().splitlines()[0].strip()
        if Meeting.objects.filter(title=title, held_on=source.held_on).exists():
            continue
        province = AdministrativeUnit.objects.get(
            level="province", code=source.province_code, valid_from__isnull=True
        )
        host = Unit.objects.get(name=f"Sở Thông tin và Truyền thông tỉnh {source.province}")
        chair = Person.objects.get(full_name=source.chair)
        units = list(Unit.objects.filter(name__in=source.units))
        if source.file == "source_000.json":  # the cluster heads the department met that year
            units += [
                t.head_unit
                for t in ClusterTerm.objects.filter(year=2015, cluster__admin_unit=province)
                if t.head_unit
            ]
        meeting = services.create_meeting(
            leader,
            kind=source.kind,
            title=title,
            held_on=source.held_on,
            held_until=source.held_until,
            place=source.place,
            chair=chair,
            host_unit=host,
            locality=province,
            participating_units=units,
        )
        meeting.participants.set(Person.objects.filter(full_name__in=source.participants))
        # News reports, not numbered notices: no document number, no signer.
        issued_on = source.held_until or source.held_on
        conclusion = services.create_conclusion(leader, meeting, issued_on=issued_on, text=text)
        drafts = _confirmed_drafts(
            text,
            doc,
            on=source.held_on,
            issued_on=issued_on,
            province=province,
            host=host,
            stdout=stdout,
        )
        tasks = services.create_tasks(leader, drafts, conclusion=conclusion, assigned_by=chair)
        for i, task in enumerate(tasks):
            rng = random.Random(f"{SEED}:{title}:{source.held_on}:{i}")
            ends = task.lead_unit.valid_to  # nothing is reported by a unit that is gone
            if task.is_series:
                _play_series(task, rng, today, leader, actors, ends=ends)
            elif task.due_on is None:
                _play(task, "done", rng, task.assigned_on + timedelta(days=400), actors)
            else:
                _play(task, pattern.next(), rng, min(today, ends or today), actors)
        created += 1
    return created


def _confirmed_drafts(text, doc, *, on, issued_on, province, host, stdout) -> list[TaskDraft]:
    """The proposals as a clerk would confirm them; the annotations if the extractor finds none."""
    try:
        proposals = propose_tasks(text, reference_date=on, province=province, host=host)
    except Exception as exc:  # the extractor is still evolving; the demo must load regardless
        stdout.write(f"  (trích xuất lỗi với {doc['id']}: {exc!r}; dùng bản gán nhãn)")
        proposals = []
    if not proposals:
        proposals = [_gold_proposal(t) for t in doc.get("tasks", [])]
    confirm = _Confirmer(on=on, province=province, host=host)
    return [
        confirm(p, assigned_on=issued_on) for p in proposals if (p.content or p.evidence).strip()
    ]


def _gold_proposal(task: dict) -> ProposedTask:
    deadline_text = task.get("deadline_text") or ""
    folded = fold(deadline_text)
    return ProposedTask(
        content=task.get("content") or "",
        lead=task.get("lead"),
        coordinating=list(task.get("coordinating") or []),
        deadline=date.fromisoformat(task["deadline"]) if task.get("deadline") else None,
        deadline_text=deadline_text or None,
        directive_verb=task.get("directive_verb"),
        evidence=task.get("evidence") or "",
        recurrence=Recurrence.QUARTERLY if "hang quy" in folded else None,
    )


class _Confirmer:
    """Turns a proposal into a draft: the matched unit, else a match by hand, else the host."""

    def __init__(self, *, on, province, host):
        self.on, self.province, self.host = on, province, host
        self.cache: dict[str, Unit | None] = {}

    def unit(self, name: str | None, unit_id: int | None) -> Unit | None:
        if unit_id:
            unit = Unit.objects.filter(pk=unit_id).first()
            if unit is not None and self._plausible(unit, name):
                return unit
        if not name:
            return None
        if name not in self.cache:
            found = None
            if fold(name) in {"so", "so tt&tt", "so thong tin va truyen thong"}:
                found = self.host
            else:
                for match in match_units(name, on=self.on, province=self.province, limit=3):
                    if self._plausible(match.unit, name):
                        found = match.unit
                        break
            self.cache[name] = found
        return self.cache[name]

    def _plausible(self, unit: Unit, name: str | None) -> bool:
        # A central body only when the text names one: "ngành TT&TT" of a province is its Sở.
        if unit.admin_unit_id is not None:
            return True
        words = fold(name).split()
        return any(w in words for w in ("bo", "chinh", "trung", "phong"))

    def __call__(self, p: ProposedTask, *, assigned_on: date) -> TaskDraft:
        lead = self.unit(p.lead, p.lead_unit_id) or self.host
        coordinating = []
        for name, unit_id in zip_longest(p.coordinating, p.coordinating_unit_ids):
            unit = self.unit(name, unit_id)
            if unit is not None and unit != lead and unit not in coordinating:
                coordinating.append(unit)
        text = (p.deadline_text or "").strip()
        kind, due_on, recurrence = DeadlineKind.NONE, None, ""
        if p.recurrence in Recurrence.values:
            kind, recurrence = DeadlineKind.RECURRING, p.recurrence
        elif p.deadline is not None and p.deadline >= assigned_on:
            kind, due_on = DeadlineKind.DATE, p.deadline
        elif "som" in fold(text).split():
            kind = DeadlineKind.ASAP
        return TaskDraft(
            content=(p.content or p.evidence).strip(),
            lead_unit=lead,
            coordinating_units=coordinating,
            deadline_kind=kind,
            due_on=due_on,
            deadline_text=text[:255],
            recurrence=recurrence,
            directive_verb=(p.directive_verb or "")[:40],
            evidence=p.evidence or "",
        )


# --- outcomes: progress reports and completions through the services ------------------------


class _Cycle:
    def __init__(self, items, offset: int):
        self.items, self.i = items, offset

    def next(self) -> str:
        item = self.items[self.i % len(self.items)]
        self.i += 1
        return item


PROGRESS = [
    "Đã xây dựng dự thảo, đang lấy ý kiến các đơn vị liên quan.",
    "Đã ban hành văn bản triển khai; đang tổng hợp số liệu từ các đơn vị.",
    "Đang phối hợp với các đơn vị liên quan hoàn thiện hồ sơ.",
    "Đã tổ chức rà soát; đang hoàn thiện báo cáo kết quả.",
    "Đã làm việc với các đơn vị phối hợp, thống nhất phương án triển khai.",
]
DELAYS = [
    "Chậm do chưa có ý kiến thống nhất của các đơn vị phối hợp; đang tiếp tục đôn đốc.",
    "Vướng mắc về kinh phí thực hiện, đang chờ bố trí nguồn.",
    "Đang chờ hướng dẫn của bộ, ngành trung ương để hoàn thiện.",
    "Khối lượng công việc lớn, nhân lực hạn chế; dự kiến hoàn thành trong tháng tới.",
]
RESULTS = [
    "Đã hoàn thành; báo cáo kết quả số {n}/BC ngày {d:%d/%m/%Y}.",
    "Đã ban hành văn bản số {n} ngày {d:%d/%m/%Y} triển khai thực hiện.",
    "Đã hoàn thành, kết quả gửi kèm Công văn số {n} ngày {d:%d/%m/%Y}.",
    "Đã tổ chức thực hiện xong; biên bản nghiệm thu ngày {d:%d/%m/%Y}.",
]


def _day(rng, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _play(task: Task, outcome: str, rng, today: date, actors) -> None:
    """Report progress on and complete (or cancel) `task` so that its status is `outcome`."""
    user = actors.get(task.lead_unit_id) or actors[None]
    start, due = task.assigned_on, task.due_on
    if outcome == "cancelled":
        services.cancel_task(
            actors[None],
            task,
            reason="Nội dung đã được lồng ghép vào nhiệm vụ khác.",
            on=_day(rng, start + timedelta(days=3), min(today, start + timedelta(days=30))),
        )
        return
    if outcome in ("on_time", "late", "done"):
        if outcome == "late":
            done_on = _day(rng, due + timedelta(days=1), min(today, due + timedelta(days=60)))
        elif outcome == "on_time":
            done_on = _day(rng, start + timedelta(days=(due - start).days // 3), due)
        else:
            done_on = _day(rng, start, today)
        done_on = max(start, min(done_on, today))
        if (done_on - start).days >= 4 and rng.random() < 0.6:
            _report(task, user, rng, _day(rng, start + timedelta(days=1), done_on), 30, 80)
        services.complete_task(
            user,
            task,
            result=rng.choice(RESULTS).format(n=rng.randint(12, 980), d=done_on),
            on=done_on,
        )
        return
    # Still open (in progress or overdue): a report or two on the way.
    last = min(today, due) if outcome == "overdue" else today
    middle = start + timedelta(days=(last - start).days // 2)
    if (last - start).days >= 2:
        _report(task, user, rng, _day(rng, start + timedelta(days=1), middle), 20, 60)
    if outcome == "overdue" and (today - due).days >= 3:
        services.report_progress(
            user,
            task,
            text=rng.choice(DELAYS),
            percent=rng.randint(50, 85) // 5 * 5,
            unit=task.lead_unit,
            on=_day(rng, due + timedelta(days=1), today),
        )
    elif outcome == "in_progress" and (last - start).days >= 20 and rng.random() < 0.5:
        _report(task, user, rng, _day(rng, middle + timedelta(days=1), last), 65, 90)


def _report(task, user, rng, on, low, high):
    services.report_progress(
        user,
        task,
        text=rng.choice(PROGRESS),
        percent=rng.randint(low, high) // 5 * 5,
        unit=task.lead_unit,
        on=on,
    )


def _play_series(series, rng, today, leader, actors, *, ends: date | None = None) -> None:
    """Each occurrence of a recurring task: past periods mostly done, the current one open."""
    horizon = min(today, ends) if ends else today
    for occurrence in series.occurrences.order_by("period_start"):
        if occurrence.period_start > horizon:
            break
        if occurrence.due_on >= horizon:
            outcome = "in_progress"
        else:
            outcome = rng.choices(["on_time", "late", "overdue"], weights=[80, 12, 8])[0]
        _play(occurrence, outcome, rng, horizon, actors)
    if ends is not None and ends < today:
        # The department was merged (Sở TT&TT → Sở KH&CN): the series ends with it.
        services.cancel_task(
            leader,
            series,
            reason="Đơn vị chủ trì đã hợp nhất, nhiệm vụ chuyển sang đơn vị kế thừa.",
            on=ends + timedelta(days=1),
        )


# --- 2. a year of the demo province's meetings ----------------------------------------------

NGHE_AN = {
    "skhcn": "Sở Khoa học và Công nghệ tỉnh Nghệ An",
    "pbcvt": "Phòng Bưu chính, Viễn thông và Chuyển đổi số (Sở KH&CN Nghệ An)",
    "pcntt": "Phòng Công nghệ thông tin (Sở KH&CN Nghệ An)",
    "ttra": "Thanh tra Sở (Sở KH&CN Nghệ An)",
    "svh": "Sở Văn hóa, Thể thao và Du lịch tỉnh Nghệ An",
    "snv": "Sở Nội vụ tỉnh Nghệ An",
    "stc": "Sở Tài chính tỉnh Nghệ An",
    "sxd": "Sở Xây dựng tỉnh Nghệ An",
    "sgd": "Sở Giáo dục và Đào tạo tỉnh Nghệ An",
    "vp": "Văn phòng Ủy ban nhân dân tỉnh Nghệ An",
    "ca": "Công an tỉnh Nghệ An",
    "cong": "Cổng Thông tin điện tử tỉnh Nghệ An",
    "vinhphu": "Ủy ban nhân dân phường Vinh Phú",
    "cualo": "Ủy ban nhân dân phường Cửa Lò",
    "quephong": "Ủy ban nhân dân xã Quế Phong",
    "vnpt": "Viễn thông Nghệ An (VNPT)",
    "viettel": "Viettel Nghệ An",
    "buudien": "Bưu điện tỉnh Nghệ An",
}
HOST = "skhcn"
CHAIRS = ("Lê Minh Đức", "Trần Thị Hương")
USERS = {"stc": "taichinh", "vinhphu": "canboxa", "pbcvt": "chuyenvien"}

# What each unit is asked to do: "lead: coordinating units" then the work, indented.
# {y} is the year of the meeting, {ny} the next, {q} its quarter.
WORK_TABLE = """
stc: skhcn
    Thẩm định dự toán kinh phí chuyển đổi số năm {ny}, tham mưu UBND tỉnh bố trí kinh phí
stc: svh
    Hướng dẫn các xã, phường lập dự toán kinh phí duy trì hệ thống truyền thanh cơ sở
stc: vp skhcn
    Tham mưu bố trí kinh phí thuê dịch vụ CNTT cho Trung tâm Phục vụ hành chính công tỉnh
stc: skhcn
    Rà soát, đề xuất điều chỉnh kế hoạch vốn đầu tư công các dự án CNTT {q}
stc: pcntt
    Có ý kiến về giá thuê dịch vụ nền tảng số dùng chung của tỉnh
stc: ca
    Hướng dẫn thanh quyết toán kinh phí thực hiện Đề án 06 năm {y}
vinhphu: pbcvt
    Kiện toàn Tổ công nghệ số cộng đồng tại các khối, xóm; báo cáo danh sách về Sở KH&CN
vinhphu: vp
    Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính trên hệ thống thông tin của tỉnh
vinhphu: ttra ca
    Rà soát các điểm cung cấp dịch vụ trò chơi điện tử công cộng trên địa bàn phường
vinhphu: svh
    Khắc phục các cụm loa truyền thanh hư hỏng, bảo đảm thông tin cơ sở thông suốt
vinhphu: ca
    Hướng dẫn người dân sử dụng ứng dụng VNeID và thanh toán không dùng tiền mặt
vinhphu: viettel vnpt
    Bố trí mặt bằng lắp đặt trạm thu phát sóng di động tại các khu dân cư mới
skhcn: stc snv
    Xây dựng Kế hoạch chuyển đổi số tỉnh Nghệ An năm {ny}, trình UBND tỉnh ban hành
skhcn:
    Tổng hợp, báo cáo UBND tỉnh kết quả thực hiện Nghị quyết 57-NQ/TW {q}
skhcn: snv
    Hướng dẫn các xã, phường tự đánh giá mức độ chuyển đổi số cấp xã năm {y}
skhcn: vp ca
    Tham mưu UBND tỉnh ban hành Danh mục cơ sở dữ liệu dùng chung của tỉnh
pbcvt: sxd viettel vnpt
    Cập nhật quy hoạch hạ tầng viễn thông thụ động, vị trí trạm BTS trên địa bàn tỉnh
pbcvt: buudien
    Kiểm tra chất lượng dịch vụ bưu chính công ích tại các điểm bưu điện văn hóa xã
pbcvt: viettel vnpt
    Thống kê các thôn, bản chưa có sóng di động, đề xuất phương án phủ sóng
pcntt: ca vnpt
    Kết nối Nền tảng tích hợp, chia sẻ dữ liệu của tỉnh với Cơ sở dữ liệu quốc gia về dân cư
pcntt: ca
    Tổ chức diễn tập ứng cứu sự cố an toàn thông tin mạng cấp tỉnh năm {y}
pcntt: ca
    Phê duyệt cấp độ an toàn hệ thống thông tin của các sở, ngành
ttra: ca
    Kiểm tra hoạt động cung cấp dịch vụ trò chơi điện tử công cộng, đại lý internet {q}
ttra: sxd
    Kiểm tra việc chấp hành quy định về lắp đặt, cấp phép trạm BTS
svh:
    Tổ chức giao ban báo chí, định hướng tuyên truyền các sự kiện lớn của tỉnh {q}
svh: vp
    Xử lý, trả lời các vấn đề báo chí phản ánh, kiến nghị theo quy định
svh: skhcn
    Hướng dẫn các xã, phường vận hành đài truyền thanh ứng dụng CNTT - viễn thông
svh: ca
    Kiểm tra hoạt động in, phát hành xuất bản phẩm trên địa bàn tỉnh
snv: skhcn
    Thẩm định đề án vị trí việc làm, biên chế công chức Sở Khoa học và Công nghệ
snv: skhcn
    Hướng dẫn bố trí công chức phụ trách chuyển đổi số cấp xã
snv: skhcn vp
    Tổng hợp chỉ số cải cách hành chính, chỉ số chuyển đổi số của các sở, ngành năm {y}
vp: skhcn
    Đôn đốc các sở, ngành công bố, cập nhật thủ tục hành chính lên Cổng Dịch vụ công quốc gia
vp: pcntt
    Bảo đảm ký số, gửi nhận văn bản điện tử trên Hệ thống quản lý văn bản và điều hành
vp: skhcn ca
    Tham mưu UBND tỉnh ban hành Quy chế vận hành Trung tâm giám sát, điều hành thông minh
ca: vp
    Xác thực, làm sạch dữ liệu dân cư phục vụ giải quyết thủ tục hành chính trực tuyến
ca: svh
    Xử lý các trang thông tin điện tử, tài khoản mạng xã hội đăng tin sai sự thật
ca: pcntt
    Bảo đảm an ninh mạng cho các hệ thống thông tin quan trọng của tỉnh
cualo: vnpt
    Phủ sóng wifi công cộng tại khu du lịch biển phục vụ mùa du lịch năm {ny}
cualo: ca pcntt
    Kết nối camera an ninh trật tự với Trung tâm giám sát, điều hành thông minh
quephong: viettel vnpt
    Phối hợp doanh nghiệp xóa vùng lõm sóng di động tại các bản vùng sâu
quephong: buudien
    Củng cố hoạt động điểm bưu điện văn hóa xã
sxd: pbcvt
    Hướng dẫn cấp phép xây dựng công trình hạ tầng kỹ thuật viễn thông thụ động
sgd: skhcn
    Triển khai học bạ số, chuyển đổi số trong các cơ sở giáo dục năm học {y}-{ny}
cong: vp
    Đăng tải đầy đủ văn bản chỉ đạo, điều hành lên Cổng Thông tin điện tử tỉnh
vnpt: pcntt
    Nâng cấp băng thông mạng truyền số liệu chuyên dùng đến các xã, phường
viettel: pbcvt
    Phát triển trạm 5G tại các khu công nghiệp, khu đô thị mới
"""


def _parse_work(table: str) -> dict[str, list[tuple[str, list[str]]]]:
    work: dict[str, list[tuple[str, list[str]]]] = {}
    lead, coordinating = "", []
    for line in table.strip().splitlines():
        if line.startswith(" "):
            work.setdefault(lead, []).append((line.strip(), coordinating))
        else:
            lead, _, rest = line.partition(":")
            coordinating = rest.split()
    return work


WORK = _parse_work(WORK_TABLE)
WEIGHTS = {
    "stc": 3, "vinhphu": 3, "skhcn": 2, "pbcvt": 2, "pcntt": 2, "svh": 2, "snv": 2, "vp": 2,
    "ca": 2, "ttra": 1, "cualo": 1, "quephong": 1, "sxd": 1, "sgd": 1, "cong": 1, "vnpt": 1,
    "viettel": 1,
}  # fmt: skip
# Quarterly tasks given at the conferences of January, April and July.
SERIES = {
    1: (
        "vinhphu",
        "Báo cáo kết quả chuyển đổi số và thực hiện Đề án 06 trên địa bàn phường",
        ["skhcn"],
    ),
    4: ("svh", "Tổng hợp tình hình báo chí phản ánh và kết quả xử lý", ["vp"]),
    7: ("ca", "Báo cáo tình hình bảo đảm an toàn, an ninh mạng trên địa bàn tỉnh", ["pcntt"]),
}
# Working sessions with one counterpart, by month (none in the months of the conferences).
SESSIONS = [
    ("vinhphu", MeetingKind.WORKING_SESSION,
     "Làm việc với UBND phường Vinh Phú về chuyển đổi số và chính quyền số",
     "Trụ sở UBND phường Vinh Phú"),
    ("stc", MeetingKind.WORKING_SESSION,
     "Làm việc với Sở Tài chính về kinh phí chuyển đổi số", "Sở Tài chính tỉnh Nghệ An"),
    ("quephong", MeetingKind.WORKING_VISIT,
     "Đoàn công tác kiểm tra hạ tầng viễn thông, truyền thanh cơ sở tại xã Quế Phong",
     "Xã Quế Phong"),
    ("vp", MeetingKind.WORKING_SESSION,
     "Làm việc với Văn phòng UBND tỉnh về Hệ thống thông tin giải quyết thủ tục hành chính",
     "Văn phòng UBND tỉnh"),
    ("ca", MeetingKind.WORKING_SESSION,
     "Làm việc với Công an tỉnh về bảo đảm an toàn thông tin và Đề án 06", "Công an tỉnh"),
    ("cualo", MeetingKind.WORKING_VISIT,
     "Đoàn công tác làm việc với UBND phường Cửa Lò về hạ tầng số phục vụ du lịch",
     "Phường Cửa Lò"),
    ("viettel", MeetingKind.WORKING_SESSION,
     "Làm việc với các doanh nghiệp viễn thông về phát triển hạ tầng 5G", "Sở KH&CN"),
    ("snv", MeetingKind.WORKING_SESSION,
     "Làm việc với Sở Nội vụ về vị trí việc làm và nhân lực chuyển đổi số", "Sở Nội vụ"),
]  # fmt: skip


@dataclass
class PlannedTask:
    lead: str
    content: str
    coordinating: list[str]
    deadline_kind: str
    deadline_text: str
    due_on: date | None = None  # for ASAP, what the service will compute
    recurrence: str = ""
    outcome: str = ""


@dataclass
class PlannedMeeting:
    kind: str
    title: str
    held_on: date
    chair: str
    place: str
    issued_on: date
    number: str
    held_until: date | None = None
    tasks: list[PlannedTask] = field(default_factory=list)


def _quarter(d: date) -> str:
    """'quý III/2026', as it reads inside a sentence."""
    label = period_of(d, PeriodKind.QUARTER).label
    return label[:1].lower() + label[1:]


def _month_end(d: date) -> date:
    return period_of(d, PeriodKind.MONTH).end


def _quarter_end(d: date) -> date:
    return period_of(d, PeriodKind.QUARTER).end


def _months(today: date, n: int = 12) -> list[date]:
    index = today.year * 12 + today.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - n + 1, index + 1)]


def plan_year(today: date, available: set[str], asap_days: int) -> list[PlannedMeeting]:
    """The demo province's meetings of the 12 months up to `today`, with tasks and outcomes."""
    meetings = []
    for month in _months(today):
        m, y = month.month, month.year
        candidates = [
            (
                MeetingKind.BRIEFING,
                f"Giao ban công tác tháng {m}/{y} Sở Khoa học và Công nghệ tỉnh Nghệ An",
                add_working_days(month.replace(day=5), 0),
                None,
                "Hội trường Sở Khoa học và Công nghệ tỉnh Nghệ An",
            )
        ]
        if m % 3 == 1:
            if m == 1:
                title = (
                    f"Hội nghị tổng kết công tác khoa học, công nghệ và chuyển đổi số năm {y - 1},"
                    f" triển khai nhiệm vụ năm {y}"
                )
            else:
                previous = _quarter(month - timedelta(days=1))
                title = (
                    f"Hội nghị sơ kết công tác chuyển đổi số {previous}, "
                    f"triển khai nhiệm vụ {_quarter(month)}"
                )
            place = "Hội trường UBND tỉnh Nghệ An"
            held = add_working_days(month.replace(day=14), 0)
            candidates.append((MeetingKind.CONFERENCE, title, held, None, place))
        else:
            lead, kind, title, place = SESSIONS[(y * 12 + m) % len(SESSIONS)]
            if lead in available:
                held = add_working_days(month.replace(day=20), 0)
                until = held + timedelta(days=2) if kind == MeetingKind.WORKING_VISIT else None
                candidates.append((kind, f"{title} ({m}/{y})", held, until, place))
        for kind, title, held, until, place in candidates:
            if (until or held) > today:
                continue
            rng = random.Random(f"{SEED}:{title}:{held}")
            issued = min(today, add_working_days(until or held, 2))
            meeting = PlannedMeeting(
                kind=kind,
                title=title,
                held_on=held,
                held_until=until,
                chair=CHAIRS[0] if kind != MeetingKind.WORKING_SESSION else rng.choice(CHAIRS),
                place=place,
                issued_on=issued,
                number=f"{rng.randint(20, 60) + 60 * (m - 1)}/TB-SKHCN",
            )
            meeting.tasks = _plan_tasks(meeting, rng, available, asap_days)
            meetings.append(meeting)
    meetings.sort(key=lambda mt: (mt.held_on, mt.title))
    _decide_outcomes(meetings, today)
    return meetings


def _plan_tasks(meeting, rng, available, asap_days) -> list[PlannedTask]:
    start = meeting.issued_on
    leads = []
    count = {MeetingKind.BRIEFING: 6, MeetingKind.CONFERENCE: 9}.get(meeting.kind, 5)
    count += rng.randint(-1, 1)
    if meeting.kind == MeetingKind.BRIEFING:
        leads += [k for k in ("stc", "vinhphu") if k in available]  # every month, long deadlines
    else:
        session = next((s for s in SESSIONS if meeting.title.startswith(s[2])), None)
        if session is not None:
            leads += [session[0]] * 2
    pool = [k for k in WEIGHTS if k in available]
    while len(leads) < count:
        leads.append(rng.choices(pool, weights=[WEIGHTS[k] for k in pool])[0])
    tasks, used = [], set()
    context = {"y": start.year, "ny": start.year + 1, "q": _quarter(start)}
    for i, lead in enumerate(leads):
        options = [w for w in WORK.get(lead, []) if w[0] not in used]
        if not options:
            continue
        content, coordinating = rng.choice(options)
        used.add(content)
        task = PlannedTask(
            lead=lead,
            content=content.format(**context),
            coordinating=[c for c in coordinating if c in available and c != lead],
            deadline_kind=DeadlineKind.DATE,
            deadline_text="",
        )
        r = rng.random()
        if i < 2 and meeting.kind == MeetingKind.BRIEFING:
            r = 0.0  # the monthly tasks of Sở Tài chính and Vinh Phú get a date 1.5–3 months out
            days = rng.choice([45, 60, 75, 90])
        else:
            days = rng.choice([15, 20, 30, 30, 45, 60])
        if r < 0.55:
            task.due_on = add_working_days(start + timedelta(days=days), 0)
            task.deadline_text = f"trước ngày {task.due_on:%d/%m/%Y}"
        elif r < 0.70:
            task.due_on = _quarter_end(start + timedelta(days=20))
            task.deadline_text = f"trong {_quarter(task.due_on)}"
        elif r < 0.88:
            task.deadline_kind, task.deadline_text = DeadlineKind.ASAP, "sớm"
            task.due_on = add_working_days(start, asap_days)
        elif r < 0.95:
            task.due_on = _month_end(_month_end(start) + timedelta(days=1))
            task.deadline_text = f"trong tháng {task.due_on.month}/{task.due_on.year}"
        else:
            task.deadline_kind, task.deadline_text = DeadlineKind.NONE, "thường xuyên"
        tasks.append(task)
    series = SERIES.get(meeting.held_on.month) if meeting.kind == MeetingKind.CONFERENCE else None
    if series and series[0] in available:
        lead, content, coordinating = series
        tasks.append(
            PlannedTask(
                lead=lead,
                content=content,
                coordinating=[c for c in coordinating if c in available],
                deadline_kind=DeadlineKind.RECURRING,
                deadline_text="hằng quý",
                recurrence=Recurrence.QUARTERLY,
            )
        )
    return tasks


def _decide_outcomes(meetings: list[PlannedMeeting], today: date) -> None:
    """Cycle each lead unit through the outcomes, so each busy unit shows all of them."""
    past: dict[str, _Cycle] = {}
    open_: dict[str, _Cycle] = {}
    n = 0
    for meeting in meetings:
        for task in meeting.tasks:
            if task.recurrence:
                continue
            n += 1
            offset = random.Random(f"{SEED}:{task.lead}").randrange(len(PAST_DUE))
            if n % 37 == 11 and (today - meeting.issued_on).days >= 10:
                task.outcome = "cancelled"
            elif task.due_on is not None and task.due_on < today:
                task.outcome = past.setdefault(task.lead, _Cycle(PAST_DUE, offset)).next()
            else:
                task.outcome = open_.setdefault(task.lead, _Cycle(NOT_YET_DUE, 0)).next()


def _load_year(leader, actors, today, stdout) -> tuple[int, list[Task]]:
    units = {
        key: unit
        for key, unit in (
            (key, Unit.objects.select_related("admin_unit").filter(name=name).first())
            for key, name in NGHE_AN.items()
        )
        if unit is not None and unit.is_valid_on(today)
    }
    if HOST not in units:
        stdout.write("  (không có Sở KH&CN Nghệ An: bỏ qua năm trình diễn)")
        return 0, []
    chairs = {p.full_name: p for p in Person.objects.filter(full_name__in=CHAIRS)}
    created, fresh = 0, []
    for plan in plan_year(today, set(units), services.asap_working_days()):
        if Meeting.objects.filter(title=plan.title, held_on=plan.held_on).exists():
            continue
        chair = chairs.get(plan.chair)
        leads = {units[t.lead] for t in plan.tasks} - {units[HOST]}
        meeting = services.create_meeting(
            leader,
            kind=plan.kind,
            title=plan.title,
            held_on=plan.held_on,
            held_until=plan.held_until,
            place=plan.place,
            chair=chair,
            host_unit=units[HOST],
            participating_units=sorted(leads, key=lambda u: u.name),
        )
        conclusion = services.create_conclusion(
            leader,
            meeting,
            number=plan.number,
            issued_on=plan.issued_on,
            signer=plan.chair,
            text=_conclusion_text(plan, units),
        )
        drafts = [
            TaskDraft(
                content=t.content,
                lead_unit=units[t.lead],
                coordinating_units=[units[c] for c in t.coordinating],
                deadline_kind=t.deadline_kind,
                due_on=t.due_on if t.deadline_kind == DeadlineKind.DATE else None,
                deadline_text=t.deadline_text,
                recurrence=t.recurrence,
                directive_verb="giao" if t.coordinating else "đề nghị",
            )
            for t in plan.tasks
        ]
        tasks = services.create_tasks(leader, drafts, conclusion=conclusion, assigned_by=chair)
        for i, (task, planned) in enumerate(zip(tasks, plan.tasks, strict=True)):
            rng = random.Random(f"{SEED}:{plan.title}:{plan.held_on}:{i}")
            if task.is_series:
                _play_series(task, rng, today, leader, actors)
            else:
                _play(task, planned.outcome, rng, today, actors)
                fresh.append(task)
        created += 1
    return created, fresh


def _conclusion_text(plan: PlannedMeeting, units: dict[str, Unit]) -> str:
    lines = [
        "THÔNG BÁO",
        f"Kết luận của đồng chí {plan.chair} tại {plan.title[:1].lower()}{plan.title[1:]}",
        "",
        f"Ngày {plan.held_on:%d/%m/%Y}, đồng chí {plan.chair} chủ trì {plan.title[:1].lower()}"
        f"{plan.title[1:]}. Sau khi nghe báo cáo và ý kiến của các đại biểu, đồng chí "
        f"{plan.chair} kết luận và giao nhiệm vụ như sau:",
    ]
    for i, t in enumerate(plan.tasks, start=1):
        lead = units[t.lead].name
        work = t.content[:1].lower() + t.content[1:]
        if t.coordinating:
            others = ", ".join(units[c].name for c in t.coordinating)
            sentence = f"Giao {lead} chủ trì, phối hợp với {others} {work}"
        else:
            sentence = f"Đề nghị {lead} {work}"
        if t.deadline_kind == DeadlineKind.ASAP:
            sentence += "; sớm báo cáo kết quả"
        elif t.deadline_kind == DeadlineKind.RECURRING:
            sentence += ", định kỳ hằng quý báo cáo"
        elif t.deadline_kind == DeadlineKind.NONE:
            sentence += "; thực hiện thường xuyên"
        else:
            sentence += f", hoàn thành {t.deadline_text}"
        lines.append(f"{i}. {sentence}.")
    lines += ["", "Sở Khoa học và Công nghệ thông báo để các cơ quan, đơn vị biết, thực hiện./."]
    return "\n".join(lines)


def _extensions(fresh: list[Task], leader, users, today: date) -> None:
    """One extension approved (Sở Tài chính) and one awaiting approval (UBND phường Vinh Phú)."""
    for username, approve in (("taichinh", True), ("canboxa", False)):
        user = users.get(username)
        if user is None or user.unit_id is None:
            continue
        open_tasks = [
            t
            for t in fresh
            if t.lead_unit_id == user.unit_id
            and t.deadline_kind == DeadlineKind.DATE
            and t.completed_on is None
            and t.cancelled_on is None
            and t.due_on >= today
        ]
        if not open_tasks:
            continue
        task = open_tasks[-1]
        extension = services.request_extension(
            user,
            task,
            new_due_on=task.due_on + timedelta(days=30),
            reason="Cần thêm thời gian chờ ý kiến của các đơn vị phối hợp.",
        )
        if approve:
            services.decide_extension(leader, extension, approve=True)


def load(stdout, **options):
    # The demo replays a year of work and the source reports of 2009–2015: past dates allowed.
    with recording_history():
        _load(stdout)


# The leaders' week, so that the weekly schedule shows what a week looks like.
THIS_WEEK = [
    # weekday, time, kind, title, place, participating units
    (
        0,
        "08:00",
        MeetingKind.BRIEFING,
        "Giao ban lãnh đạo Sở đầu tuần",
        "Phòng họp tầng 3",
        (NGHE_AN["pbcvt"], NGHE_AN["pcntt"]),
    ),
    (
        1,
        "14:00",
        MeetingKind.WORKING_SESSION,
        "Làm việc với Viettel Nghệ An về hạ tầng 5G",
        "Trụ sở Sở",
        ("Viettel Nghệ An",),
    ),
    (
        3,
        "08:30",
        MeetingKind.WORKING_VISIT,
        "Kiểm tra điểm bưu điện văn hóa xã tại phường Vinh Phú",
        "Ủy ban nhân dân phường Vinh Phú",
        ("Ủy ban nhân dân phường Vinh Phú", "Bưu điện tỉnh Nghệ An"),
    ),
    (
        4,
        "08:00",
        MeetingKind.CONFERENCE,
        "Hội nghị sơ kết chuyển đổi số các xã, phường",
        "Hội trường UBND tỉnh",
        ("Sở Tài chính tỉnh Nghệ An", "Sở Nội vụ tỉnh Nghệ An"),
    ),
]


def _load_this_week(leader, today: date) -> None:
    from datetime import time

    monday = today - timedelta(days=today.weekday())
    host = Unit.objects.filter(name=NGHE_AN["skhcn"]).first() or leader.unit
    chair = (
        Person.objects.filter(user=leader).first()
        or Person.objects.filter(full_name=leader.get_full_name()).first()
    )
    for weekday, at, kind, title, place, unit_names in THIS_WEEK:
        day = monday + timedelta(days=weekday)
        if Meeting.objects.filter(title=title, held_on=day).exists():
            continue
        hour, minute = (int(x) for x in at.split(":"))
        services.create_meeting(
            leader,
            kind=kind,
            title=title,
            held_on=day,
            starts_at=time(hour, minute),
            place=place,
            chair=chair,
            host_unit=host,
            participating_units=list(Unit.objects.filter(name__in=unit_names)),
        )


def _load(stdout):
    today = date.today()
    leader = User.objects.filter(username=LEADER).first()
    if leader is None:
        stdout.write("Chỉ đạo, điều hành: chưa có tài khoản lãnh đạo trình diễn, bỏ qua.")
        return
    users = {u.username: u for u in User.objects.filter(username__in=USERS.values())}
    # who reports on and completes a unit's tasks: its own demo user, else the leader
    actors = {None: leader}
    for key, username in USERS.items():
        unit = Unit.objects.filter(name=NGHE_AN[key]).first()
        if unit is not None and username in users:
            actors[unit.pk] = users[username]
    sources = _load_sources(leader, actors, today, stdout)
    _load_this_week(leader, today)
    year, fresh = _load_year(leader, actors, today, stdout)
    _extensions(fresh, leader, users, today)
    stdout.write(
        f"Chỉ đạo, điều hành: {Meeting.objects.count()} cuộc họp, "
        f"{Conclusion.objects.count()} kết luận, {Task.objects.count()} nhiệm vụ "
        f"(thêm {sources} cuộc họp nguồn, {year} cuộc họp năm nay)."
    )
