"""Every write of the reporting app: opening a submission, saving its figures (typed, checked by
the form's rules, outliers flagged), the steps of its state machine, the province compilation
whose approval locks the units' reports, bulk values (API, Excel) and emulation scores.

Each function runs in one transaction; bad input raises `ServiceError` with a Vietnamese
message naming the indicator (or the row), and nothing is written.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Avg, Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ictgov.core.errors import ServiceError
from ictgov.core.models import Parameter
from ictgov.core.periods import Period, period_of
from ictgov.core.roles import Role
from ictgov.core.scoping import scope_q
from ictgov.core.statemachine import StateMachine, Transition
from ictgov.core.workdays import add_working_days, working_days_between

from .models import (
    COUNTED_STATES,
    EDITABLE_STATES,
    RECEIVED_STATES,
    ApprovalLevel,
    CriterionSource,
    DataValue,
    EmulationCriterion,
    EmulationScore,
    EntryChannel,
    FormIndicator,
    Indicator,
    ReportForm,
    ReportingLevel,
    RuleSeverity,
    Submission,
    SubmissionState,
    SubmissionTransition,
    ValidationRule,
    ValueType,
)

S = SubmissionState

# --- periods and due dates ---------------------------------------------------------------------


def period_from_code(kind: str, code: str) -> Period:
    """'2026-03', '2026-Q2', '2026-H1', '2026' → the period of the form's kind."""
    code = (code or "").strip().upper()
    m = re.fullmatch(r"(\d{4})(?:-(?:(\d{1,2})|Q([1-4])|H([12])))?", code)
    if not m:
        raise ServiceError(
            _("Kỳ báo cáo “%(code)s” không đúng dạng (ví dụ: 2026-03, 2026-Q2, 2026-H1, 2026).")
            % {"code": code},
            field="period",
        )
    year = int(m.group(1))
    month = 1
    if m.group(2):
        month = int(m.group(2))
        if not 1 <= month <= 12:
            raise ServiceError(_("Tháng %(m)d không có.") % {"m": month}, field="period")
    elif m.group(3):
        month = (int(m.group(3)) - 1) * 3 + 1
    elif m.group(4):
        month = (int(m.group(4)) - 1) * 6 + 1
    if not 1990 <= year <= 2100:
        raise ServiceError(_("Năm %(y)d nằm ngoài khoảng cho phép.") % {"y": year}, field="period")
    period = period_of(date(year, month, 1), kind)
    if period.code != code:
        raise ServiceError(
            _("Biểu này báo cáo theo %(kind)s; kỳ “%(code)s” không hợp lệ (ví dụ đúng: %(ok)s).")
            % {"kind": _kind_label(kind), "code": code, "ok": period.code},
            field="period",
        )
    return period


def _kind_label(kind: str) -> str:
    from ictgov.core.periods import PeriodKind

    return str(PeriodKind(kind).label).lower()


def due_on_for(form: ReportForm, period: Period) -> date:
    """The due day (the `due_day` of the month `due_months_after` the period's last month);
    a due day that is not a working day moves to the next working day (Civil Code Art. 148)."""
    month = period.end.month + form.due_months_after
    year = period.end.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    day = min(form.due_day or 1, calendar.monthrange(year, month)[1])
    return add_working_days(date(year, month, day), 0)


def days_late(sub: Submission, on: date | None = None) -> int:
    """Working days after the due date the report was sent (or, unsent, has been waiting)."""
    sent = sub.submitted_on
    if sent is None:
        on = on or timezone.localdate()
        return max(0, working_days_between(sub.due_on, on)) if on > sub.due_on else 0
    return max(0, working_days_between(sub.due_on, sent)) if sent > sub.due_on else 0


# --- what is due -------------------------------------------------------------------------------

REMINDER_PARAMETER = "reporting.reminder_working_days"
REMINDER_DEFAULT = 3


@dataclass(frozen=True)
class Due:
    """A form's period whose report is due soon or overdue."""

    form: ReportForm
    period: Period
    due_on: date
    overdue: bool


def due_periods(on: date, soon: date) -> list[Due]:
    """Each active form's last closed period and the one before it, whose due date has passed
    or falls by `soon`: what the daily reminders and a unit's own list ask for."""
    found = []
    for form in ReportForm.objects.filter(active=True).order_by("code"):
        last = period_of(on, form.period_kind).previous()
        for p in (last, last.previous()):
            if not form.is_valid_on(p.end):
                continue
            due = due_on_for(form, p)
            if due <= soon:
                found.append(Due(form, p, due, due < on))
    return found


def reminder_horizon(on: date) -> date:
    """The last due date the reminders speak of today (a parameter's working days ahead)."""
    return add_working_days(on, Parameter.get_int(REMINDER_PARAMETER, REMINDER_DEFAULT))


def unit_due(unit, on: date) -> list[tuple[Due, Submission | None]]:
    """The reports `unit` must still send (not sent, or returned to it) of `due_periods`, each
    with its draft or returned submission when it has one."""
    items = due_periods(on, reminder_horizon(on))
    if not items:
        return []
    forms = {item.form.pk for item in items}
    subs = {
        (s.form_id, s.period_start): s
        for s in Submission.objects.filter(unit=unit, form__in=forms).only(
            "pk", "form_id", "period_start", "state"
        )
    }
    expected: dict[int, bool] = {}
    out = []
    for item in items:
        sub = subs.get((item.form.pk, item.period.start))
        if sub is not None and sub.state in RECEIVED_STATES:
            continue
        if not unit.is_valid_on(item.period.end):
            continue
        if item.form.pk not in expected:  # the unit's kind and place, the same every period
            expected[item.form.pk] = (
                expected_units(item.form, item.period, on=None).filter(pk=unit.pk).exists()
            )
        if expected[item.form.pk]:
            out.append((item, sub))
    return out


# --- who reports, who approves -------------------------------------------------------------------


def _place_on(unit, on: date):
    """The unit's administrative place and province as of `on`."""
    area = unit.admin_unit
    if area is None:
        return None, None
    return area, area.province


_LAST_DAY = object()


def expected_units(form: ReportForm, period: Period, province=None, *, on=_LAST_DAY):
    """The units that must report `form` for `period` (valid on its last day; `on=None`: at
    any time), in `province` (and the provinces it was formed from) when given."""
    from ictgov.core.models import valid_on_q
    from ictgov.org.models import Unit, UnitKind

    on = period.end if on is _LAST_DAY else on
    qs = Unit.objects.filter(valid_on_q(on)) if on is not None else Unit.objects.all()
    level = form.reporting_level
    if level == ReportingLevel.COMMUNE:
        q = Q(kind=UnitKind.PEOPLES_COMMITTEE, admin_unit__level="commune")
    elif level == ReportingLevel.DISTRICT:
        q = Q(kind=UnitKind.DISTRICT_OFFICE, admin_unit__level="district")
    elif level == ReportingLevel.ENTERPRISE:
        q = Q(kind=UnitKind.ENTERPRISE)
    elif level == ReportingLevel.PRESS:
        q = Q(kind=UnitKind.PRESS_AGENCY)
    elif level == ReportingLevel.DEPARTMENT:
        q = Q(kind=UnitKind.DEPARTMENT, admin_unit__level="province")
    else:
        q = Q(pk__in=[])
    q |= Q(pk__in=form.reporting_units.values("pk"))
    qs = qs.filter(q)
    if province is not None:
        ids = [province.pk, *province.predecessors.values_list("pk", flat=True)]
        qs = qs.filter(
            Q(admin_unit__in=ids)
            | Q(admin_unit__parent__in=ids)
            | Q(admin_unit__parent__parent__in=ids)
        )
    return qs.exclude(pk=form.owner_unit_id) if form.owner_unit_id else qs


def may_report(user, sub_or_unit) -> bool:
    """The reporting unit's own people (and administrators) fill its report; the department's
    staff fill the province compilation."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    unit_id = getattr(sub_or_unit, "unit_id", None) or getattr(sub_or_unit, "pk", None)
    if getattr(sub_or_unit, "is_consolidated", False):
        return user.role in (Role.OFFICER, Role.LEADER) and (
            sub_or_unit.pk is None or _sees(user, sub_or_unit)
        )
    return user.unit_id is not None and user.unit_id == unit_id


def _sees(user, sub) -> bool:
    q = scope_q(Submission, user)
    return q is None or Submission.objects.filter(q, pk=sub.pk).exists()


def may_approve(user, sub) -> bool:
    """The level above: for a unit's report, the department's officers (or the unit's parent,
    when the form says so); for the province compilation, the department's leaders. Never the
    unit that reported."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    if sub.is_consolidated:
        # The department's leaders approve what its officers compiled.
        return user.role == Role.LEADER and _sees(user, sub)
    if user.unit_id is not None and user.unit_id == sub.unit_id:
        return False
    if sub.form.approval_level == ApprovalLevel.PARENT:
        return user.unit_id is not None and user.unit_id == sub.unit.parent_id
    return user.role in (Role.OFFICER, Role.LEADER) and _sees(user, sub)


def may_withdraw(user, sub) -> bool:
    """A draft opened by mistake is cancelled by those who fill it (the unit's people, or the
    department's staff for the province compilation) and administrators; never by the level
    that approves (it has nothing to approve yet)."""
    return may_report(user, sub)


def _not_locked_by_parent(sub) -> str | None:
    if sub.is_consolidated:
        return None
    parent = consolidated_of(sub)
    if parent is not None and parent.state in COUNTED_STATES:
        return _("Kỳ báo cáo %(p)s của biểu %(f)s đã được tổng hợp và duyệt; số liệu đã khóa.") % {
            "p": sub.period_label,
            "f": sub.form.code,
        }
    return None


def _has_required_values(sub) -> str | None:
    required = list(
        FormIndicator.objects.filter(form_id=sub.form_id, required=True).select_related("indicator")
    )
    filled = set(sub.values.values_list("indicator_id", flat=True))
    missing = [i.indicator for i in required if i.indicator_id not in filled]
    if missing:
        names = ", ".join(f"{i.code} ({i.name})" for i in missing[:5])
        more = _(" và %(n)d chỉ tiêu khác") % {"n": len(missing) - 5} if len(missing) > 5 else ""
        return _("Chưa nhập chỉ tiêu bắt buộc: %(names)s%(more)s.") % {"names": names, "more": more}
    return None


def _check_submit(sub) -> str | None:
    message = _not_locked_by_parent(sub) or _has_required_values(sub)
    if message:
        return message
    result = run_rules(sub.form, _current_values(sub))
    if result.errors:
        return " ".join(result.errors)
    return None


MACHINE = StateMachine(
    field="state",
    states=SubmissionState,
    log_model=SubmissionTransition,
    log_record_field="submission",
    noun=_l("Báo cáo"),
    transitions=[
        Transition(
            "submit",
            _l("Gửi báo cáo"),
            EDITABLE_STATES,
            S.SUBMITTED,
            allowed=may_report,
            check=_check_submit,
        ),
        Transition(
            "approve",
            _l("Duyệt"),
            {S.SUBMITTED},
            S.APPROVED,
            allowed=may_approve,
            check=_not_locked_by_parent,
        ),
        Transition(
            "return",
            _l("Trả lại"),
            {S.SUBMITTED, S.APPROVED},
            S.RETURNED,
            allowed=may_approve,
            note_required=True,
            note_label=_l("lý do trả lại"),
            check=_not_locked_by_parent,
        ),
        Transition("lock", _l("Khóa số liệu"), {S.APPROVED}, S.LOCKED, allowed=may_approve),
        Transition(
            "withdraw",
            _l("Hủy báo cáo mở nhầm"),
            {S.DRAFT},
            S.WITHDRAWN,
            allowed=may_withdraw,
            note_required=True,
            note_label=_l("lý do hủy (ví dụ: mở nhầm kỳ, nhầm đơn vị)"),
            check=_not_locked_by_parent,
        ),
    ],
)


# --- values ------------------------------------------------------------------------------------

MAX_NUMBER = Decimal("1e15")


def parse_value(indicator: Indicator, raw) -> tuple[Decimal | None, str]:
    """A raw entry (text from a grid cell, a number from Excel or JSON) → (number, text);
    raises ServiceError with the reason in Vietnamese. Empty → (None, "")."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, ""
    vt = indicator.value_type
    if vt == ValueType.TEXT:
        text = str(raw).strip()
        if len(text) > 2000:
            raise ServiceError(_("dài quá 2000 ký tự."))
        return None, text
    if vt == ValueType.BOOLEAN:
        if isinstance(raw, bool):
            return Decimal(int(raw)), ""
        folded = str(raw).strip().lower()
        if folded in {"1", "có", "co", "x", "true", "yes", "đạt", "dat"}:
            return Decimal(1), ""
        if folded in {"0", "không", "khong", "false", "no", "chưa", "chua"}:
            return Decimal(0), ""
        raise ServiceError(_("“%(v)s” không phải Có/Không.") % {"v": raw})
    if isinstance(raw, bool):
        raise ServiceError(_("“%(v)s” không phải là số.") % {"v": raw})
    if isinstance(raw, (int, float, Decimal)):
        number = Decimal(str(raw))
    else:
        text = str(raw).strip().replace(" ", "").replace("\u00a0", "").rstrip("%")
        if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+", text):  # 1.234.567
            text = text.replace(".", "")
        elif text.count(",") == 1 and "." not in text:  # 12,5
            text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ServiceError(_("“%(v)s” không phải là số.") % {"v": raw}) from None
    if not number.is_finite() or abs(number) >= MAX_NUMBER:
        raise ServiceError(_("“%(v)s” không phải là số hợp lệ.") % {"v": raw})
    if vt == ValueType.INTEGER and number != number.to_integral_value():
        raise ServiceError(_("“%(v)s” không phải là số nguyên.") % {"v": raw})
    if number < 0:
        raise ServiceError(_("không được âm (%(v)s).") % {"v": raw})
    if vt == ValueType.PERCENTAGE and number > 100:
        raise ServiceError(_("tỷ lệ %(v)s%% vượt quá 100%%.") % {"v": raw})
    if number.as_tuple().exponent < -4:
        number = number.quantize(Decimal("0.0001"))
    return number, ""


@dataclass
class RuleResult:
    errors: list[str]
    warnings: list[str]


_TERM = re.compile(r"\s*([+-]?)\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)?|\d+(?:\.\d+)?)\s*")


def _terms(expression: str) -> list[tuple[int, str]]:
    out, pos, text = [], 0, expression.strip()
    while pos < len(text):
        m = _TERM.match(text, pos)
        if not m or (out and not m.group(1)) or m.end() == pos:
            raise ValueError(expression)
        out.append((-1 if m.group(1) == "-" else 1, m.group(2)))
        pos = m.end()
    if not out:
        raise ValueError(expression)
    return out


def check_expression(expression: str, codes: set[str]) -> None:
    """Raise ServiceError when the expression is not a sum of known codes and numbers."""
    try:
        terms = _terms(expression)
    except ValueError:
        raise ServiceError(
            _("Biểu thức “%(e)s” không đúng dạng (ví dụ: BTS_4G + BTS_5G).") % {"e": expression}
        ) from None
    for _sign, term in terms:
        code = term.split(".")[0]
        if not term[0].isdigit() and code not in codes:
            raise ServiceError(_("Biểu thức dùng mã chỉ tiêu “%(c)s” không có.") % {"c": code})


def _evaluate(expression: str, values: dict[tuple[str, str], Decimal]) -> Decimal | None:
    """Sum of the terms; an indicator's value is its total over options. None if any missing."""
    total = Decimal(0)
    for sign, term in _terms(expression):
        if term[0].isdigit():
            total += sign * Decimal(term)
            continue
        code, _dot, option = term.partition(".")
        if option:
            value = values.get((code, option))
        else:
            parts = [v for (c, _o), v in values.items() if c == code and v is not None]
            value = sum(parts, Decimal(0)) if parts else None
        if value is None:
            return None
        total += sign * value
    return total


_OPS = {
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


def run_rules(form: ReportForm, values: dict[tuple[str, str], Decimal], rules=None) -> RuleResult:
    """The form's rules over (code, option) → number; missing values skip a rule that says so
    and count as 0 otherwise."""
    rules = list(form.rules.all()) if rules is None else rules
    result = RuleResult([], [])
    for rule in rules:
        left, right = _evaluate(rule.left, values), _evaluate(rule.right, values)
        if left is None or right is None:
            if rule.skip_if_missing:
                continue
            zeros = {k: (v if v is not None else Decimal(0)) for k, v in values.items()}
            for side in (rule.left, rule.right):
                for _sign, term in _terms(side):
                    if not term[0].isdigit():
                        code, _d, option = term.partition(".")
                        zeros.setdefault((code, option), Decimal(0))
            left, right = _evaluate(rule.left, zeros), _evaluate(rule.right, zeros)
        if not _OPS[rule.operator](left, right):
            detail = f"{rule.message} ({rule.left} = {_fmt(left)}, {rule.right} = {_fmt(right)})"
            (result.errors if rule.severity == RuleSeverity.BLOCKING else result.warnings).append(
                detail
            )
    return result


def _fmt(n: Decimal) -> str:
    n = n.normalize()
    text = f"{n:,f}".replace(",", ".") if n == n.to_integral_value() else f"{n:f}".replace(".", ",")
    return text


def _current_values(sub) -> dict[tuple[str, str], Decimal]:
    return {
        (code, option): number
        for code, option, number in sub.values.filter(number__isnull=False).values_list(
            "indicator__code", "option", "number"
        )
    }


def form_items(form: ReportForm) -> list[FormIndicator]:
    return list(
        FormIndicator.objects.filter(form=form)
        .select_related("indicator__category", "section")
        .prefetch_related("indicator__category__options")
        .order_by("order", "pk")
    )


def cells_of(items: list[FormIndicator]) -> list[tuple[Indicator, str, str]]:
    """The form's cells in order: (indicator, option code, option name); a disaggregated
    indicator has one cell per option."""
    out = []
    for item in items:
        ind = item.indicator
        if ind.category_id:
            for opt in ind.category.options.all():
                out.append((ind, opt.code, opt.name))
        else:
            out.append((ind, "", ""))
    return out


def outlier_warnings(sub, numbers: dict[tuple[int, str], Decimal], by_id) -> list[str]:
    """Figures far from the unit's own average of its previous approved reports (up to 12)."""
    factor = sub.form.outlier_factor
    if not numbers or not factor or factor <= 1:
        return []
    history = (
        DataValue.objects.filter(
            unit_id=sub.unit_id,
            indicator_id__in={i for i, _o in numbers},
            period_start__lt=sub.period_start,
            period_start__gte=date(sub.period_start.year - 3, 1, 1),
            period_kind=sub.form.period_kind,
            counted=True,
            number__isnull=False,
        )
        .values("indicator_id", "option")
        .annotate(mean=Avg("number"))
    )
    out = []
    for row in history:
        key = (row["indicator_id"], row["option"])
        value, mean = numbers.get(key), row["mean"]
        if value is None or mean is None or mean <= 0:
            continue
        mean = Decimal(mean)
        if value > mean * factor or value * factor < mean:
            ind = by_id[row["indicator_id"]]
            if ind.value_type == ValueType.BOOLEAN:
                continue
            label = f"{ind.code}{'.' + row['option'] if row['option'] else ''}"
            out.append(
                _(
                    "%(label)s = %(v)s khác thường so với bình quân các kỳ trước của đơn vị "
                    "(%(mean)s); đề nghị kiểm tra lại."
                )
                % {"label": label, "v": _fmt(value), "mean": _fmt(mean.quantize(Decimal("0.1")))}
            )
    return out


class ValuesRejected(ServiceError):
    """Some entries are wrong; `problems` maps a cell key ("CODE" or "CODE.option") to its
    message. Nothing was saved."""

    def __init__(self, problems: dict[str, str], rule_errors: list[str] | None = None):
        self.problems = problems
        self.rule_errors = rule_errors or []
        lines = [f"{k}: {v}" for k, v in problems.items()] + self.rule_errors
        super().__init__(lines)


def cell_key(code: str, option: str) -> str:
    return f"{code}.{option}" if option else code


def save_values(
    user, sub: Submission, entries: dict[str, object], *, channel=None, partial: bool = False
) -> Submission:
    """Save a submission's figures. `entries` maps "CODE" or "CODE.option" to a raw value (""
    clears it). Every entry is checked (type, rules); one bad entry saves nothing and the
    error names the indicator. Warnings (warning rules, outliers) are kept on the submission.
    `partial`: entries not given keep their values (API, Excel); else they are cleared."""
    with transaction.atomic():
        locked = (
            Submission.objects.select_for_update().select_related("form", "unit").get(pk=sub.pk)
        )
        if not may_report(user, locked):
            raise PermissionDenied(_("Bạn không có quyền nhập số liệu cho báo cáo này."))
        if locked.state not in EDITABLE_STATES:
            raise ServiceError(
                _("Báo cáo đang ở bước “%(s)s”: không sửa được số liệu.")
                % {"s": locked.get_state_display()}
            )
        message = _not_locked_by_parent(locked)
        if message:
            raise ServiceError(message)
        items = form_items(locked.form)
        cells = {cell_key(ind.code, opt): (ind, opt) for ind, opt, _n in cells_of(items)}
        problems: dict[str, str] = {}
        parsed: dict[tuple[int, str], tuple[Decimal | None, str]] = {}
        for key, raw in entries.items():
            key = str(key).strip()
            if key not in cells:
                problems[key] = _("không có trong biểu %(f)s.") % {"f": locked.form.code}
                continue
            ind, opt = cells[key]
            try:
                parsed[(ind.pk, opt)] = parse_value(ind, raw)
            except ServiceError as exc:
                problems[key] = f"{ind.name}: {' '.join(exc.messages)}"
        if problems:
            raise ValuesRejected(problems)
        existing = {(v.indicator_id, v.option): v for v in locked.values.all()}
        final: dict[tuple[int, str], tuple[Decimal | None, str]] = {}
        for ind, opt in cells.values():
            key = (ind.pk, opt)
            if key in parsed:
                final[key] = parsed[key]
            elif partial and key in existing:
                final[key] = (existing[key].number, existing[key].text)
        by_id = {ind.pk: ind for ind, _o in cells.values()}
        numbers = {(by_id[i].code, o): n for (i, o), (n, _t) in final.items() if n is not None}
        result = run_rules(locked.form, numbers)
        if result.errors:
            raise ValuesRejected({}, result.errors)
        warnings = result.warnings + outlier_warnings(
            locked, {k: n for k, (n, _t) in final.items() if n is not None}, by_id
        )
        _write_values(locked, final, existing)
        locked.warnings = warnings
        if channel:
            locked.channel = channel
        locked._history_user = user
        locked._change_reason = _("Cập nhật số liệu (%(n)d chỉ tiêu)") % {"n": len(final)}
        locked.save()
    sub.refresh_from_db()
    return sub


def _write_values(sub, final, existing):
    to_create, to_update, keep = [], [], set()
    for (ind_id, opt), (number, text) in final.items():
        if number is None and not text:
            continue
        keep.add((ind_id, opt))
        row = existing.get((ind_id, opt))
        if row is None:
            to_create.append(
                DataValue(
                    submission=sub,
                    indicator_id=ind_id,
                    option=opt,
                    period_kind=sub.form.period_kind,
                    period_start=sub.period_start,
                    unit_id=sub.unit_id,
                    area_id=sub.area_id,
                    province_id=sub.province_id,
                    number=number,
                    text=text,
                    counted=sub.state in COUNTED_STATES and not sub.is_consolidated,
                )
            )
        elif row.number != number or row.text != text:
            row.number, row.text = number, text
            row.updated_at = timezone.now()
            to_update.append(row)
    gone = [v.pk for k, v in existing.items() if k not in keep]
    if gone:
        DataValue.objects.filter(pk__in=gone).delete()
    DataValue.objects.bulk_create(to_create, batch_size=1000)
    DataValue.objects.bulk_update(to_update, ["number", "text", "updated_at"], batch_size=1000)


# --- opening and moving submissions --------------------------------------------------------------


_COMPILATION_RANK = Case(
    When(state=S.LOCKED, then=Value(0)),
    When(state=S.APPROVED, then=Value(1)),
    When(state=S.SUBMITTED, then=Value(2)),
    default=Value(3),
)


def consolidated_of(sub: Submission) -> Submission | None:
    """The province compilation of the same form and period the submission counts towards."""
    if sub.province_id is None:
        return None
    province = sub.province
    ids = [province.pk, *province.successors.values_list("pk", flat=True)]
    return (
        Submission.objects.filter(
            form_id=sub.form_id,
            period_start=sub.period_start,
            is_consolidated=True,
            province_id__in=ids,
        )
        .exclude(state=S.WITHDRAWN)
        # The one that decides (locked, approved) before those still in progress.
        .order_by(_COMPILATION_RANK, "-pk")
        .first()
    )


def open_submission(
    user,
    form: ReportForm,
    period: Period,
    unit,
    *,
    channel=EntryChannel.WEB,
    consolidated: bool = False,
) -> Submission:
    """The unit's submission of `form` for `period`, created as a draft if it has none."""
    if not form.active:
        raise ServiceError(_("Biểu %(f)s không còn sử dụng.") % {"f": form.code})
    if not form.is_valid_on(period.end):
        raise ServiceError(
            _("Biểu %(f)s không áp dụng cho kỳ %(p)s.") % {"f": form.code, "p": period.label},
            field="period",
        )
    if period.kind != form.period_kind:
        raise ServiceError(_("Kỳ báo cáo không đúng loại kỳ của biểu."), field="period")
    if period.start > timezone.localdate():
        raise ServiceError(
            _("Kỳ %(p)s chưa bắt đầu: chưa nhận báo cáo.") % {"p": period.label}, field="period"
        )
    existing = (
        Submission.objects.filter(form=form, period_start=period.start, unit=unit)
        .exclude(state=S.WITHDRAWN)
        .first()
    )
    if existing is not None:
        return existing
    probe = Submission(form=form, unit=unit, is_consolidated=consolidated)
    if not may_report(user, probe if consolidated else unit):
        raise PermissionDenied(
            _("Bạn chỉ nhập được báo cáo của đơn vị mình (%(u)s).") % {"u": unit}
        )
    if not consolidated and not expected_units(form, period).filter(pk=unit.pk).exists():
        raise ServiceError(
            _("%(u)s không thuộc đối tượng báo cáo biểu %(f)s.") % {"u": unit, "f": form.code},
            field="unit",
        )
    area, province = _place_on(unit, period.end)
    sub = Submission(
        form=form,
        period_start=period.start,
        period_end=period.end,
        unit=unit,
        area=area,
        province=province,
        is_consolidated=consolidated,
        due_on=due_on_for(form, period),
        channel=channel,
        created_by=user if user.is_authenticated else None,
    )
    message = _not_locked_by_parent(sub)
    if message:
        raise ServiceError(message)
    with transaction.atomic():
        sub._history_user = user
        sub.save()
    return sub


def act(
    user, sub: Submission, name: str, *, note: str = "", expected_state=None, on: date | None = None
) -> Submission:
    """Take a step of the state machine (submit, approve, return, lock, withdraw)."""
    on = on or timezone.localdate()
    at = timezone.now() if on == timezone.localdate() else None

    def apply(locked):
        if name == "submit":
            locked.submitted_on = on
            locked.return_reason = ""
        elif name == "approve":
            locked.approved_on = on
            locked.approved_by = user
            if locked.is_consolidated:
                # Its figures are copies of the units' totals: never counted twice.
                _lock_children(user, locked, on)
            else:
                DataValue.objects.filter(submission=locked).update(counted=True)
        elif name == "return":
            locked.return_reason = note.strip()
            locked.approved_on = None
            locked.approved_by = None
            DataValue.objects.filter(submission=locked).update(counted=False)
        return None

    if at is None:
        from datetime import datetime, time

        at = timezone.make_aware(datetime.combine(on, time(9, 0)))
    with transaction.atomic():
        done = MACHINE.perform(
            user, sub, name, note=note, expected_state=expected_state, apply=apply, at=at
        )
        _notify_step(user, done, name, note)
    return done


def _notify_step(user, sub: Submission, name: str, note: str) -> None:
    """Who hears of a step: the department's officers when a report arrives, the reporting
    unit's people when it is approved or returned (with the reason). In the app and by e-mail,
    once per step (the key names the log row)."""
    from ictgov.accounts.models import User
    from ictgov.core.notifications import Message, notify

    step = SubmissionTransition.objects.filter(submission=sub).order_by("-pk").first()
    label = f"{sub.form.code} · {sub.period_label} · {sub.unit.name}"
    if name == "submit" and not sub.is_consolidated:
        owner = sub.form.owner_unit_id
        if owner is None:
            return
        readers = User.objects.filter(
            Q(unit_id=owner) | Q(unit__parent_id=owner), role=Role.OFFICER, is_active=True
        )
        subject = _("Báo cáo mới chờ duyệt: %(s)s") % {"s": label}
        body = _("Gửi ngày %(d)s.") % {"d": f"{sub.submitted_on:%d/%m/%Y}"}
    elif name in ("approve", "return"):
        readers = User.objects.filter(unit_id=sub.unit_id, is_active=True).exclude(pk=user.pk)
        if name == "approve":
            subject, body = _("Báo cáo đã được duyệt: %(s)s") % {"s": label}, ""
        else:
            subject = _("Báo cáo bị trả lại để sửa: %(s)s") % {"s": label}
            body = _("Lý do: %(r)s") % {"r": note}
    else:
        return
    notify(
        Message(
            u, f"reporting:{sub.pk}:{name}:{step.pk}:{u.pk}", subject, body, sub.get_absolute_url()
        )
        for u in readers
    )


def _lock_children(user, parent: Submission, on: date) -> int:
    """Approving the province compilation locks every unit's report of that form and period:
    approved ones become locked; ones still open can no longer change."""
    province = parent.province
    ids = [province.pk, *province.predecessors.values_list("pk", flat=True)]
    children = Submission.objects.filter(
        form_id=parent.form_id,
        period_start=parent.period_start,
        is_consolidated=False,
        province_id__in=ids,
        state=S.APPROVED,
    )
    rows = list(children.select_for_update())
    logs = []
    now = timezone.now()
    for child in rows:
        logs.append(
            SubmissionTransition(
                submission=child,
                name="lock",
                from_state=S.APPROVED,
                to_state=S.LOCKED,
                actor=user,
                at=now,
                note=_("Khóa theo báo cáo tổng hợp được duyệt"),
            )
        )
    Submission.objects.filter(pk__in=[c.pk for c in rows]).update(state=S.LOCKED)
    SubmissionTransition.objects.bulk_create(logs)
    return len(rows)


def compile_province(user, form: ReportForm, period: Period, *, unit=None) -> Submission:
    """The department's province compilation (báo cáo tổng hợp) of `form` for `period`: its
    figures are the live totals of the units' approved reports, refreshed while it is a draft."""
    from .selectors import unit_totals

    if user.role not in (Role.OFFICER, Role.LEADER, Role.ADMIN) and not user.is_superuser:
        raise PermissionDenied(_("Chỉ cán bộ của Sở lập báo cáo tổng hợp."))
    unit = unit or form.owner_unit or user.unit
    if unit is None or unit.admin_unit_id is None:
        raise ServiceError(_("Chưa xác định đơn vị tổng hợp của biểu %(f)s.") % {"f": form.code})
    sub = open_submission(user, form, period, unit, consolidated=True)
    if sub.state not in EDITABLE_STATES:
        return sub
    items = form_items(form)
    totals = unit_totals(form, period, sub.province)
    entries = {}
    for ind, opt, _name in cells_of(items):
        value = totals.get((ind.pk, opt))
        entries[cell_key(ind.code, opt)] = "" if value is None else value
    return save_values(user, sub, entries)


# --- bulk values (API, Excel) --------------------------------------------------------------------


@dataclass
class BulkRow:
    indicator: str
    period: str
    unit: int
    value: object
    disaggregation: str = ""


class BulkRejected(ServiceError):
    def __init__(self, errors: list[dict]):
        self.errors = errors
        super().__init__([f"Dòng {e['row']}: {e['message']}" for e in errors])


def import_values(
    user, form: ReportForm, rows: list[BulkRow], *, channel=EntryChannel.API
) -> list[Submission]:
    """One document of (indicator, period, unit, disaggregation, value) rows, validated as a
    whole: every row is checked before anything is written; any bad row rejects the document,
    each error naming its row (1-based). Rows are grouped into the units' submissions."""
    from ictgov.org.models import Unit

    errors: list[dict] = []
    items = form_items(form)
    cells = {cell_key(ind.code, opt): ind for ind, opt, _n in cells_of(items)}
    groups: dict[tuple[str, int], dict[str, object]] = defaultdict(dict)
    units = Unit.objects.in_bulk({r.unit for r in rows if isinstance(r.unit, int)})
    periods: dict[str, Period] = {}
    if not rows:
        raise BulkRejected([{"row": 0, "field": "", "message": _("Tài liệu không có dòng nào.")}])
    for n, row in enumerate(rows, start=1):
        key = cell_key(row.indicator.strip(), (row.disaggregation or "").strip())
        ind = cells.get(key)
        if ind is None:
            errors.append(
                {
                    "row": n,
                    "field": "indicator",
                    "message": _("Chỉ tiêu “%(k)s” không có trong biểu %(f)s.")
                    % {"k": key, "f": form.code},
                }
            )
            continue
        try:
            period = periods.get(row.period) or period_from_code(form.period_kind, row.period)
            periods[row.period] = period
        except ServiceError as exc:
            errors.append({"row": n, "field": "period", "message": " ".join(exc.messages)})
            continue
        if row.unit not in units:
            errors.append(
                {
                    "row": n,
                    "field": "unit",
                    "message": _("Không có đơn vị số %(u)s.") % {"u": row.unit},
                }
            )
            continue
        try:
            parse_value(ind, row.value)
        except ServiceError as exc:
            errors.append(
                {
                    "row": n,
                    "field": "value",
                    "message": f"{ind.code} ({ind.name}): {' '.join(exc.messages)}",
                }
            )
            continue
        group = groups[(row.period, row.unit)]
        if key in group:
            errors.append(
                {
                    "row": n,
                    "field": "indicator",
                    "message": _("Trùng chỉ tiêu %(k)s cho cùng đơn vị và kỳ.") % {"k": key},
                }
            )
            continue
        group[key] = row.value
    if errors:
        raise BulkRejected(errors)
    saved = []
    first_row = {}
    for n, row in enumerate(rows, start=1):
        first_row.setdefault((row.period, row.unit), n)
    with transaction.atomic():
        for (code, unit_id), entries in groups.items():
            try:
                sub = open_submission(user, form, periods[code], units[unit_id], channel=channel)
                saved.append(save_values(user, sub, entries, channel=channel, partial=True))
            except ValuesRejected as exc:
                raise BulkRejected(
                    [
                        {"row": first_row[(code, unit_id)], "field": "value", "message": m}
                        for m in exc.messages
                    ]
                ) from exc
            except ServiceError as exc:
                raise BulkRejected(
                    [
                        {"row": first_row[(code, unit_id)], "field": "", "message": m}
                        for m in exc.messages
                    ]
                ) from exc
    return saved


# --- indicators ----------------------------------------------------------------------------------


def indicator_has_data(indicator: Indicator) -> bool:
    return DataValue.objects.filter(indicator=indicator).exists()


def change_category(user, indicator: Indicator, category) -> Indicator:
    """The disaggregation is fixed once figures exist: they are keyed by its options."""
    if indicator.category_id != (category.pk if category else None) and indicator_has_data(
        indicator
    ):
        raise ServiceError(
            _("Chỉ tiêu %(c)s đã có số liệu: không đổi được phân tổ.") % {"c": indicator.code},
            field="category",
        )
    indicator.category = category
    indicator._history_user = user
    indicator.save()
    return indicator


def add_rule(user, form: ReportForm, **fields) -> ValidationRule:
    codes = set(form.items.values_list("indicator__code", flat=True))
    check_expression(fields["left"], codes)
    check_expression(fields["right"], codes)
    rule = ValidationRule(form=form, **fields)
    rule._history_user = user
    rule.save()
    return rule


# --- emulation -----------------------------------------------------------------------------------


def cluster_head_unit(cluster, year):
    term = cluster.terms.filter(year=year).select_related("head_unit").first()
    return term.head_unit if term else None


def may_score(user, cluster, year) -> bool:
    """The cluster head of the year (its people) and the department's staff."""
    if not (user and user.is_authenticated):
        return False
    if user.is_superuser or user.role in (Role.ADMIN, Role.LEADER, Role.OFFICER):
        return True
    head = cluster_head_unit(cluster, year)
    return head is not None and user.unit_id == head.pk


def score(user, criterion: EmulationCriterion, unit, points, evidence: str) -> EmulationScore:
    if criterion.source != CriterionSource.MANUAL:
        raise ServiceError(
            _("Tiêu chí %(c)s được tính tự động từ hệ thống, không chấm tay.")
            % {"c": criterion.code}
        )
    if not may_score(user, criterion.cluster, criterion.year):
        raise PermissionDenied(_("Chỉ cụm trưởng năm %(y)d chấm điểm.") % {"y": criterion.year})
    term = criterion.cluster.terms.filter(year=criterion.year).first()
    if term is None or not term.members.filter(pk=unit.pk).exists():
        raise ServiceError(
            _("%(u)s không phải thành viên của cụm năm %(y)d.") % {"u": unit, "y": criterion.year},
            field="unit",
        )
    try:
        points = Decimal(str(points).replace(",", "."))
    except InvalidOperation:
        raise ServiceError(
            _("Điểm “%(p)s” không phải là số.") % {"p": points}, field="points"
        ) from None
    if points < 0 or points > criterion.max_points:
        raise ServiceError(
            _("Điểm phải từ 0 đến %(m)s.") % {"m": _fmt(criterion.max_points)}, field="points"
        )
    if not (evidence or "").strip():
        raise ServiceError(_("Cần nêu minh chứng cho điểm chấm."), field="evidence")
    with transaction.atomic():
        obj = EmulationScore.objects.filter(criterion=criterion, unit=unit).first() or (
            EmulationScore(criterion=criterion, unit=unit)
        )
        obj.points, obj.evidence, obj.scored_by = points, evidence.strip(), user
        obj._history_user = user
        obj.save()
    return obj


def attach_pledge(user, pledge, uploads) -> list:
    """The signed pledge (giao ước), scanned: kept with the pledge, served to its readers."""
    from ictgov.core.attachments import attach, check_uploads

    if not may_score(user, pledge.cluster, pledge.year):
        raise PermissionDenied(_("Chỉ cụm trưởng hoặc cán bộ của Sở đính kèm giao ước."))
    if not uploads:
        raise ServiceError(_("Chưa chọn tệp giao ước."), field="file")
    check_uploads(uploads, types=("pdf", "jpg", "jpeg", "png"))
    with transaction.atomic():
        return attach(pledge, uploads, user)


def record_award_decision(user, award, *, state: str, number: str = "", on=None, issuer: str = ""):
    """The outcome of an award proposal: granted with its decision (number, date, issuer), or
    not granted."""
    from .models import AwardState

    if not (user.is_superuser or user.role in (Role.ADMIN, Role.LEADER, Role.OFFICER)):
        raise PermissionDenied(_("Chỉ cán bộ của Sở ghi quyết định khen thưởng."))
    if state not in AwardState.values:
        raise ServiceError(_("Kết quả không hợp lệ."), field="state")
    number = (number or "").strip()
    if state == AwardState.GRANTED and (not number or on is None):
        raise ServiceError(
            _("Khen thưởng đã có quyết định: cần số và ngày quyết định."), field="decision_number"
        )
    with transaction.atomic():
        award.state = state
        award.decision_number = number
        award.decision_on = on
        award.decision_issuer = (issuer or "").strip()
        award._history_user = user
        award.save()
    return award
