"""Demo for reporting: Nghệ An's figures over three years, told the way the source reports tell
them. Until 30/06/2025 the district offices reported (001: the district tour hears each
locality's report; 002: the year-end review rests on the year's figures); from 01/07/2025 the
130 communes and wards report, and the series go on across the reform. The operators report
monthly, the press half-yearly. Most periods are compiled and locked; the last quarter is still
being approved: some reports late, one returned with its reason, phường Vinh Phú's not yet sent.
One emulation cluster of wards (around the former city of Vinh) has its 2025 and 2026 scales,
the pledge, scores and ranking, and the 2025 award proposals, which await their decisions (no
document number is invented: an officer records the decision on the ranking page).

History is written in bulk (rows, values and log exactly as the services leave them; one pass,
a few seconds); the open quarter goes through the services. A second run changes nothing.
"""

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from ictgov.accounts.models import User
from ictgov.core.periods import period_of, periods_between
from ictgov.core.seed import ensure
from ictgov.core.workdays import add_working_days
from ictgov.geo.models import AdministrativeUnit
from ictgov.org.models import ClusterTerm, EmulationCluster, Unit, UnitKind

from . import services
from .models import (
    AwardProposal,
    CriterionSource,
    DataValue,
    EmulationCriterion,
    EmulationPledge,
    EmulationScore,
    Indicator,
    ReportForm,
    Submission,
    SubmissionState,
    SubmissionTransition,
)

ORDER = 45
SEED = "ictgov-reporting-demo"
REFORM = date(2025, 7, 1)
FIRST = date(2024, 1, 1)
OFFICER, LEADER, WARD_USER = "chuyenvien", "lanhdao", "canboxa"
WARD_NOT_SENT = "16702"  # phường Vinh Phú: its third-quarter report is still to be sent
S = SubmissionState


def _lower(name: str) -> str:
    return name[:1].lower() + name[1:]


def _units(province):
    communes = list(
        AdministrativeUnit.objects.filter(parent=province, level="commune").order_by("code")
    )
    ubnd = []
    for commune in communes:
        ubnd.append(
            ensure(
                Unit,
                {"name": f"Ủy ban nhân dân {_lower(commune.name)}", "admin_unit": commune},
                kind=UnitKind.PEOPLES_COMMITTEE,
                abbreviation=f"UBND {_lower(commune.name)}",
                valid_from=REFORM,
            )
        )
    operators = [
        Unit.objects.get(name="Viễn thông Nghệ An (VNPT)"),
        Unit.objects.get(name="Viettel Nghệ An"),
        ensure(
            Unit, {"name": "MobiFone Nghệ An", "admin_unit": province}, kind=UnitKind.ENTERPRISE
        ),
    ]
    press = [
        Unit.objects.get(name="Báo Nghệ An"),
        ensure(
            Unit,
            {"name": "Đài Phát thanh và Truyền hình Nghệ An", "admin_unit": province},
            kind=UnitKind.PRESS_AGENCY,
        ),
        ensure(
            Unit,
            {"name": "Nhà xuất bản Nghệ An", "admin_unit": province},
            kind=UnitKind.PRESS_AGENCY,
        ),
    ]
    return ubnd, operators, press


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


class _Writer:
    """Submissions, values and log rows for the past, in bulk."""

    def __init__(self, officer, leader):
        self.officer, self.leader = officer, leader
        self.subs: list[Submission] = []
        self.values: dict[int, dict] = {}
        self.logs: list[tuple[int, str, str, str, date, str]] = []

    def add(
        self, form, period, unit, figures, *, state, late_days=0, returned=None, consolidated=False
    ):
        area, province = unit.admin_unit, unit.admin_unit.province
        due = services.due_on_for(form, period)
        sent = add_working_days(due, late_days) if late_days else add_working_days(due, -2)
        sub = Submission(
            form=form,
            period_start=period.start,
            period_end=period.end,
            unit=unit,
            area=area,
            province=province,
            is_consolidated=consolidated,
            state=state,
            due_on=due,
            submitted_on=sent if state != S.DRAFT else None,
            channel="web",
        )
        i = len(self.subs)
        self.subs.append(sub)
        self.values[i] = figures
        if state == S.DRAFT:
            return
        if returned:
            self.logs.append((i, "submit", S.DRAFT, S.SUBMITTED, sent, ""))
            back = add_working_days(sent, 2)
            self.logs.append((i, "return", S.SUBMITTED, S.RETURNED, back, returned))
            sent = add_working_days(back, 1)
            sub.submitted_on = sent
            if state == S.RETURNED:
                sub.return_reason = returned
                return
            self.logs.append((i, "submit", S.RETURNED, S.SUBMITTED, sent, ""))
        else:
            self.logs.append((i, "submit", S.DRAFT, S.SUBMITTED, sent, ""))
        if state in (S.APPROVED, S.LOCKED):
            sub.approved_on = add_working_days(sent, 3)
            sub.approved_by = self.leader if consolidated else self.officer
            self.logs.append((i, "approve", S.SUBMITTED, S.APPROVED, sub.approved_on, ""))
        if state == S.LOCKED and not consolidated:
            locked_on = add_working_days(sub.approved_on, 5)
            self.logs.append(
                (
                    i,
                    "lock",
                    S.APPROVED,
                    S.LOCKED,
                    locked_on,
                    "Khóa theo báo cáo tổng hợp được duyệt",
                )
            )

    def write(self, indicators):
        Submission.objects.bulk_create(self.subs, batch_size=500)
        rows = []
        for i, sub in enumerate(self.subs):
            counted = sub.state in (S.APPROVED, S.LOCKED) and not sub.is_consolidated
            for (code, option), number in self.values[i].items():
                rows.append(
                    DataValue(
                        submission=sub,
                        indicator=indicators[code],
                        option=option,
                        period_kind=sub.form.period_kind,
                        period_start=sub.period_start,
                        unit_id=sub.unit_id,
                        area_id=sub.area_id,
                        province_id=sub.province_id,
                        number=number,
                        counted=counted,
                    )
                )
        DataValue.objects.bulk_create(rows, batch_size=2000)
        users = {
            "submit": None,
            "approve": self.officer,
            "return": self.officer,
            "lock": self.leader,
        }
        SubmissionTransition.objects.bulk_create(
            [
                SubmissionTransition(
                    submission=self.subs[i],
                    name=name,
                    from_state=a,
                    to_state=b,
                    actor=users[name] or None,
                    at=_at(day),
                    note=note,
                )
                for i, name, a, b, day, note in self.logs
            ],
            batch_size=2000,
        )
        return len(self.subs), len(rows)


def _totals(form, figures_list):
    aggregation = {i.code: i.aggregation for i in Indicator.objects.filter(form_items__form=form)}
    sums, counts = defaultdict(Decimal), defaultdict(int)
    for figures in figures_list:
        for key, v in figures.items():
            sums[key] += v
            counts[key] += 1
    return {
        k: (sums[k] / counts[k]).quantize(Decimal("0.01"))
        if aggregation[k[0]] == "average"
        else sums[k]
        for k in sums
    }


def _local_figures(rng, base, step, size=1):
    """One commune's (or, with `size` communes, one district's) quarter."""
    radio = max(1, size) if rng.random() > 0.05 else size + 1
    working = radio if rng.random() > 0.12 else radio - 1
    # Documents exchanged electronically: from the low 80s in 2024 towards the 90% target.
    docs = min(
        Decimal("98.0"),
        Decimal(base["docs"] + step * 0.5 + rng.uniform(-2, 2)).quantize(Decimal("0.1")),
    )
    total = int(base["files"] * size * rng.uniform(0.85, 1.15))
    online = int(total * min(0.92, base["online"] + step * 0.025 + rng.uniform(-0.04, 0.04)))
    return {
        ("BDVHX", ""): Decimal(size if rng.random() > 0.08 else max(0, size - 1)),
        ("INTERNET_CC", ""): Decimal(base["internet"] * size),
        ("DAI_TT", ""): Decimal(radio),
        ("DAI_TT_HD", ""): Decimal(working),
        ("CUM_LOA", ""): Decimal(base["speakers"] * size + step // 2),
        ("VB_DIEN_TU", ""): docs,
        ("HS_TTHC", ""): Decimal(total),
        ("HS_DVC_TT", ""): Decimal(online),
    }


def load(stdout, **options):
    scored = _emulation_2015()
    if scored:
        stdout.write(f"Thi đua 2015: {scored} cụm thi đua ngành TT&TT Nghệ An chấm điểm, xếp hạng.")
    if Submission.objects.filter(form__code="BC-XA").exists():
        stdout.write("Báo cáo: dữ liệu trình diễn đã có.")
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    province = AdministrativeUnit.objects.get(level="province", code="40", valid_from=REFORM)
    old_province = AdministrativeUnit.objects.get(
        level="province", code="40", valid_from__isnull=True
    )
    officer = User.objects.get(username=OFFICER)
    leader = User.objects.get(username=LEADER)
    department = Unit.objects.get(name="Sở Khoa học và Công nghệ tỉnh Nghệ An")
    culture = Unit.objects.get(name="Sở Văn hóa, Thể thao và Du lịch tỉnh Nghệ An")
    old_department = Unit.objects.get(name="Sở Thông tin và Truyền thông tỉnh Nghệ An")
    ubnd, operators, press = _units(province)
    forms = {f.code: f for f in ReportForm.objects.all()}
    for code, owner in [
        ("BC-XA", department),
        ("BC-HUYEN", old_department),
        ("BC-DNVT", department),
        ("BC-BCXB", culture),
    ]:
        ensure(ReportForm, {"code": code}, owner_unit=owner)
    forms["BC-DNVT"].reporting_units.set(operators)
    indicators = {i.code: i for i in Indicator.objects.all()}
    writer = _Writer(officer, leader)

    def last_closed(kind):
        return period_of(today, kind).previous()

    def history(form, periods, units, figures_for, owner):
        """Every period compiled and locked but the last closed one, which is still open."""
        open_period = last_closed(form.period_kind)
        for period in periods:
            per_unit = []
            for n, unit in enumerate(units):
                figures = figures_for(unit, n, period)
                late = rng.random() < 0.12
                if period == open_period:
                    if unit.admin_unit.code == WARD_NOT_SENT:
                        continue  # phường Vinh Phú has not sent it yet (late)
                    roll = rng.random()
                    state = (
                        S.APPROVED
                        if roll < 0.6
                        else S.SUBMITTED
                        if roll < 0.85
                        else S.DRAFT
                        if roll < 0.95
                        else S.RETURNED
                    )
                    returned = (
                        (
                            "Số đài truyền thanh đang hoạt động chưa khớp biên bản kiểm tra "
                            "ngày 15/10; đề nghị rà soát lại."
                        )
                        if state == S.RETURNED
                        else None
                    )
                    writer.add(
                        form,
                        period,
                        unit,
                        figures,
                        state=state,
                        late_days=rng.randint(1, 6) if late else 0,
                        returned=returned,
                    )
                else:
                    returned = (
                        "Thiếu số liệu hồ sơ trực tuyến; đề nghị bổ sung."
                        if rng.random() < 0.04
                        else None
                    )
                    writer.add(
                        form,
                        period,
                        unit,
                        figures,
                        state=S.LOCKED,
                        late_days=rng.randint(1, 8) if late else 0,
                        returned=returned,
                    )
                    per_unit.append(figures)
            if period != open_period and per_unit:
                writer.add(
                    form,
                    period,
                    owner,
                    _totals(form, per_unit),
                    state=S.APPROVED,
                    consolidated=True,
                    late_days=0,
                )

    # Districts until 30/06/2025, communes after: the same indicators, one series.
    districts = list(
        Unit.objects.filter(kind=UnitKind.DISTRICT_OFFICE, admin_unit__parent=old_province)
        .select_related("admin_unit__parent")
        .order_by("admin_unit__code")
    )
    bases = {}

    def base_for(unit):
        if unit.pk not in bases:
            bases[unit.pk] = {
                "docs": rng.uniform(82, 92),
                "files": rng.randint(180, 700),
                "online": rng.uniform(0.35, 0.55),
                "internet": rng.randint(0, 2),
                "speakers": rng.randint(6, 25),
            }
        return bases[unit.pk]

    quarters = periods_between(FIRST, today, "quarter")
    closed_quarters = [p for p in quarters if p.end < today]
    district_q = [p for p in closed_quarters if p.end < REFORM]
    commune_q = [p for p in closed_quarters if p.start >= REFORM]
    history(
        forms["BC-HUYEN"],
        district_q,
        districts,
        lambda u, n, p: _local_figures(rng, base_for(u), quarters.index(p), size=22),
        old_department,
    )
    for u in ubnd:
        u.admin_unit.province  # noqa: B018 (warm the parent cache)
    history(
        forms["BC-XA"],
        commune_q,
        ubnd,
        lambda u, n, p: _local_figures(rng, base_for(u), quarters.index(p)),
        department,
    )

    def operator_figures(unit, n, period):
        months = (period.start.year - 2024) * 12 + period.start.month
        scale = [1.0, 1.6, 0.45][n]
        tb = {
            ("TB_DI_DONG", "2g"): int(180_000 * scale * (1 - months * 0.02)),
            ("TB_DI_DONG", "3g"): int(260_000 * scale * (1 - months * 0.015)),
            ("TB_DI_DONG", "4g"): int(900_000 * scale * (1 + months * 0.006)),
            ("TB_DI_DONG", "5g"): int(max(0, months - 14) * 4_000 * scale),
            ("TB_BRCD", ""): int(160_000 * scale * (1 + months * 0.008)),
            ("BTS", "2g"): int(900 * scale),
            ("BTS", "3g"): int(1100 * scale),
            ("BTS", "4g"): int((1500 + months * 12) * scale),
            ("BTS", "5g"): int(max(0, months - 14) * 9 * scale),
        }
        figures = {k: Decimal(max(0, v)) for k, v in tb.items()}
        figures[("DOANH_THU_VT", "")] = Decimal(round(95_000 * scale * rng.uniform(0.95, 1.08), 1))
        return figures

    months = [p for p in periods_between(FIRST, today, "month") if p.end < today]
    history(forms["BC-DNVT"], months, operators, operator_figures, department)

    def press_figures(unit, n, period):
        reporters = [62, 85, 12][n]
        return {
            ("SO_PHAT_HANH", ""): Decimal([156, 0, 0][n]),
            ("TIN_BAI", ""): Decimal(int([9_500, 14_000, 0][n] * rng.uniform(0.9, 1.1))),
            ("PHONG_VIEN", ""): Decimal(reporters),
            ("THE_NHA_BAO", ""): Decimal(int(reporters * 0.7)),
            ("XB_TAI_LIEU", ""): Decimal([4, 2, rng.randint(40, 70)][n]),
        }

    halves = [p for p in periods_between(FIRST, today, "half_year") if p.end < today]
    history(forms["BC-BCXB"], halves, press, press_figures, culture)
    subs, values = writer.write(indicators)
    _emulation(rng, province, ubnd, leader, officer, forms)
    stdout.write(f"Báo cáo: {subs} báo cáo, {values} số liệu, 4 biểu mẫu; 1 cụm thi đua chấm điểm.")


VINH = ["16681", "16690", "16702", "16708", "16732", "17920"]


def _emulation(rng, province, ubnd, leader, officer, forms):
    by_code = {u.admin_unit.code: u for u in ubnd}
    members = [by_code[c] for c in VINH if c in by_code]
    cluster = ensure(
        EmulationCluster,
        {"name": "Cụm thi đua các phường khu vực Vinh – Cửa Lò", "admin_unit": province},
        kind=EmulationCluster.Kind.CLUSTER,
        sector="Thông tin và truyền thông, chuyển đổi số",
    )
    scale = [
        ("1", "Báo cáo định kỳ đúng hạn", 20, CriterionSource.REPORTING_ON_TIME, None, None),
        (
            "2",
            "Hoàn thành nhiệm vụ được giao đúng hạn",
            15,
            CriterionSource.DIRECTIVES_ON_TIME,
            None,
            None,
        ),
        (
            "3",
            "Văn bản trao đổi dưới dạng điện tử (cả năm)",
            15,
            CriterionSource.INDICATOR,
            "VB_DIEN_TU",
            Decimal(100),
        ),
        (
            "4",
            "Tiêu chí thông tin và truyền thông nông thôn mới",
            10,
            CriterionSource.COMMUNE_ICT,
            None,
            None,
        ),
        ("5", "Công tác thông tin cơ sở, tuyên truyền", 20, CriterionSource.MANUAL, None, None),
        (
            "6",
            "Thực hiện giao ước thi đua, phong trào chuyển đổi số",
            20,
            CriterionSource.MANUAL,
            None,
            None,
        ),
    ]
    indicators = {i.code: i for i in Indicator.objects.filter(code="VB_DIEN_TU")}
    for year, head in [(2025, members[2]), (2026, members[0])]:
        term = ensure(ClusterTerm, {"cluster": cluster, "year": year}, head_unit=head)
        term.members.set(members)
        criteria = {}
        for i, (code, name, points, source, ind, target) in enumerate(scale):
            criteria[code] = ensure(
                EmulationCriterion,
                {"cluster": cluster, "year": year, "code": code},
                name=name,
                max_points=Decimal(points),
                source=source,
                order=i,
                indicator=indicators.get(ind),
                target=target,
            )
        ensure(
            EmulationPledge,
            {"cluster": cluster, "year": year},
            signed_on=date(year, 2, 20),
            content=(
                "Các phường trong cụm giao ước: gửi báo cáo định kỳ đúng hạn; 100% văn bản "
                "trao đổi dưới dạng điện tử (trừ văn bản mật); đài truyền thanh hoạt động "
                "thường xuyên; tăng tỷ lệ hồ sơ trực tuyến toàn trình."
            ),
        )
        for n, unit in enumerate(members):
            for code in ("5", "6"):
                EmulationScore.objects.get_or_create(
                    criterion=criteria[code],
                    unit=unit,
                    defaults={
                        "points": Decimal(rng.randint(14, 20)),
                        "scored_by": leader,
                        "evidence": f"Biên bản kiểm tra của cụm trưởng ngày "
                        f"{10 + n}/11/{year}; báo cáo tự chấm của đơn vị.",
                    },
                )
    from .selectors import ranking

    _criteria, rows = ranking(cluster, 2025)
    kinds = ["flag", "merit", "excellent_collective"]
    for row in rows[:3]:
        kind = kinds[row.rank - 1] if row.rank <= 3 else "certificate"
        ensure(
            AwardProposal,
            {"cluster": cluster, "year": 2025, "unit": row.unit, "kind": kind},
            rank=row.rank,
            points=row.total,
            proposed_on=date(2026, 1, 12),
            state="proposed",  # no number or decision invented: recorded on the ranking page
        )
    _ = (officer, forms, timedelta)


# --- 2015: the ICT emulation clusters of Nghệ An's districts (source 000) ----------------------
#
# On 09/4/2015 the director of the Sở TT&TT, Hồ Quang Thành, worked with the heads of the ICT
# emulation clusters (Cụm trưởng Cụm thi đua ngành TT&TT): propaganda for the Party congresses
# (the 18th provincial, the 12th national) and for new-rural development; resources for the
# province's e-government project in 2015; the post criterion of new-rural development; press
# statements and information to the press; temporary certificates for public game points; the
# management of internet agents; post and telecommunications. The 2015 scale below is made of
# those tasks. The clusters, their districts and heads are `org`'s demo; the report gives no
# points, pledge, award or decision: the points and the proposals' day are demo figures; the
# proposals carry no number and await a decision (none is invented).

SCALE_2015 = [
    (
        "1",
        "Tuyên truyền Đại hội Đảng các cấp (Đại hội Đảng bộ tỉnh lần thứ XVIII, Đại hội Đảng "
        "toàn quốc lần thứ XII) và chương trình xây dựng nông thôn mới",
        25,
    ),
    (
        "2",
        "Chuẩn bị nguồn lực triển khai Đề án chính quyền điện tử tỉnh Nghệ An, dự án ứng dụng "
        "công nghệ thông tin năm 2015",
        20,
    ),
    ("3", "Xây dựng, hoàn thiện tiêu chí về bưu điện trong xây dựng nông thôn mới", 15),
    (
        "4",
        "Xử lý thông tin báo chí nêu, phát ngôn và cung cấp thông tin cho báo chí, tổ chức họp báo",
        15,
    ),
    (
        "5",
        "Cấp Giấy chứng nhận tạm thời cho điểm cung cấp dịch vụ trò chơi điện tử công cộng; "
        "quản lý đại lý internet",
        15,
    ),
    ("6", "Bưu chính, viễn thông trên địa bàn", 10),
]
BRIEFING_2015 = date(2015, 4, 9)


def _emulation_2015() -> int:
    """The 2015 scale, the heads' scores with their evidence, and the award proposals (without
    numbers) of every ICT cluster of Nghệ An's districts that `org` has a 2015 term for."""
    from .selectors import ranking

    terms = (
        ClusterTerm.objects.filter(
            year=2015,
            cluster__admin_unit__code="40",
            cluster__admin_unit__level="province",
            cluster__sector="Thông tin và truyền thông",
        )
        .select_related("cluster", "head_unit")
        .prefetch_related("members")
        .order_by("cluster__name")
    )
    rng = random.Random(f"{SEED}-2015")
    done = 0
    for term in terms:
        cluster = term.cluster
        criteria = [
            ensure(
                EmulationCriterion,
                {"cluster": cluster, "year": 2015, "code": code},
                name=name,
                max_points=Decimal(points),
                source=CriterionSource.MANUAL,
                order=i,
                guidance=(
                    "Theo nội dung Giám đốc Sở TT&TT giao tại buổi làm việc với các Cụm trưởng "
                    "Cụm thi đua ngành TT&TT ngày 09/4/2015."
                ),
            )
            for i, (code, name, points) in enumerate(SCALE_2015)
        ]
        head = term.head_unit
        for unit in sorted(term.members.all(), key=lambda u: u.pk):
            for criterion in criteria:
                share = Decimal(rng.randint(70, 100)) / 100
                EmulationScore.objects.get_or_create(
                    criterion=criterion,
                    unit=unit,
                    defaults={
                        "points": (criterion.max_points * share).quantize(Decimal("0.5")),
                        "evidence": (
                            f"Báo cáo kết quả năm 2015 của {unit.name}; kiểm tra của cụm trưởng "
                            f"({head.name if head else 'cụm'}) theo nội dung giao ban "
                            f"ngày {BRIEFING_2015:%d/%m/%Y}."
                        ),
                    },
                )
        _criteria, rows = ranking(cluster, 2015)
        for row, kind in zip(rows[:2], ("flag", "merit"), strict=False):
            ensure(
                AwardProposal,
                {"cluster": cluster, "year": 2015, "unit": row.unit, "kind": kind},
                rank=row.rank,
                points=row.total,
                proposed_on=date(2015, 12, 15),
                state="proposed",
            )
        done += 1
    return done
