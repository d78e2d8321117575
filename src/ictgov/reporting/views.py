"""Pages of the reporting app: the submissions inbox, a submission's grid (keyboard entry,
Excel template and upload, steps), forms and indicators, the live dashboard with its Excel
export, reporting rates, and emulation (ranking, scores, awards). Views parse, call a service
or selector, render."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ictgov.core.access import require_role
from ictgov.core.errors import ServiceError
from ictgov.core.excel import xlsx_response
from ictgov.core.periods import period_of, periods_between
from ictgov.core.roles import Role
from ictgov.core.scoping import visible
from ictgov.core.views import Badge, Column, FnColumn, ObjectListView
from ictgov.core.workdays import working_days_between

from . import selectors, services
from .filtersets import AwardFilterSet, FormFilterSet, IndicatorFilterSet, SubmissionFilterSet
from .forms import (
    AwardForm,
    DecisionForm,
    NewSubmissionForm,
    NoteForm,
    PledgeFileForm,
    ScoreForm,
    UploadForm,
)
from .models import (
    AwardKind,
    AwardProposal,
    AwardState,
    EmulationCriterion,
    EmulationPledge,
    EntryChannel,
    Indicator,
    ReportForm,
    Submission,
    SubmissionState,
)

READERS = (Role.LEADER, Role.OFFICER, Role.LOCALITY, Role.LIAISON)
STAFF = (Role.LEADER, Role.OFFICER)
STATE_CSS = {
    SubmissionState.DRAFT: "text-bg-secondary",
    SubmissionState.SUBMITTED: "text-bg-primary",
    SubmissionState.APPROVED: "text-bg-success",
    SubmissionState.RETURNED: "text-bg-warning",
    SubmissionState.LOCKED: "text-bg-dark",
    SubmissionState.WITHDRAWN: "text-bg-light border",
}


def _state_badge(sub) -> Badge:
    late = services.days_late(sub)
    note = _("trễ %(n)d ngày làm việc") % {"n": late} if late else ""
    return Badge(sub.get_state_display(), STATE_CSS.get(sub.state, ""), note)


def _fmt(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return f"{int(value):,}".replace(",", ".")
        return f"{value.normalize():f}".replace(".", ",")
    return str(value)


# --- lists ---------------------------------------------------------------------------------------


class SubmissionList(ObjectListView):
    roles = READERS
    title = gettext_lazy("Báo cáo định kỳ")
    export_name = "bao-cao-dinh-ky"
    filterset_class = SubmissionFilterSet
    template_name = "reporting/submission_list.html"
    columns = [
        FnColumn(lambda s: s.form.code, gettext_lazy("Biểu")),
        FnColumn(lambda s: s.period_label, gettext_lazy("Kỳ")),
        Column("unit.name", gettext_lazy("Đơn vị báo cáo"), link=True),
        FnColumn(_state_badge, gettext_lazy("Trạng thái")),
        Column("due_on", gettext_lazy("Hạn nộp")),
        Column("submitted_on", gettext_lazy("Ngày gửi")),
        Column("approved_on", gettext_lazy("Ngày duyệt")),
    ]

    def base_queryset(self):
        return Submission.objects.select_related("form", "unit").order_by(
            "-period_start", "form__code", "unit__name"
        )

    def row_css(self, obj) -> str:
        return "table-warning" if obj.state == SubmissionState.SUBMITTED else ""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["can_open"] = user.unit_id is not None
        if user.unit_id is not None:
            # What the unit must still send (as the daily reminders tell it), above its list.
            today = timezone.localdate()
            ctx["due"] = [
                {
                    "item": item,
                    "sub": sub,
                    "late": working_days_between(item.due_on, today) if item.overdue else 0,
                }
                for item, sub in services.unit_due(user.unit, today)
            ]
        return ctx


submission_list = SubmissionList.as_view()


class FormList(ObjectListView):
    roles = READERS
    title = gettext_lazy("Biểu mẫu báo cáo")
    export_name = "bieu-mau-bao-cao"
    filterset_class = FormFilterSet
    columns = [
        Column("code", gettext_lazy("Mã biểu"), link=True),
        Column("name", gettext_lazy("Tên biểu mẫu")),
        Column("period_kind", gettext_lazy("Kỳ")),
        Column("reporting_level", gettext_lazy("Đơn vị báo cáo")),
        Column("due_text", gettext_lazy("Hạn nộp")),
        Column("approval_level", gettext_lazy("Cấp phê duyệt")),
        Column("valid_to", gettext_lazy("Áp dụng đến")),
    ]

    def base_queryset(self):
        return ReportForm.objects.order_by("code")


form_list = FormList.as_view()


class IndicatorList(ObjectListView):
    roles = READERS
    title = gettext_lazy("Chỉ tiêu báo cáo")
    export_name = "chi-tieu"
    filterset_class = IndicatorFilterSet
    columns = [
        Column("code", gettext_lazy("Mã"), link=True),
        Column("name", gettext_lazy("Tên chỉ tiêu")),
        Column("unit_of_measure", gettext_lazy("Đơn vị tính")),
        Column("value_type", gettext_lazy("Kiểu")),
        Column("aggregation", gettext_lazy("Cách tổng hợp")),
        Column("category.name", gettext_lazy("Phân tổ")),
        Column("legal_source", gettext_lazy("Căn cứ")),
    ]

    def base_queryset(self):
        return Indicator.objects.select_related("category").order_by("code")


indicator_list = IndicatorList.as_view()


def _decision(award) -> str:
    if not award.decision_number or not award.decision_on:
        return award.decision_number
    day = f"{award.decision_on:%d/%m/%Y}"
    return _("%(n)s ngày %(d)s") % {"n": award.decision_number, "d": day}


class AwardList(ObjectListView):
    """Emulation awards (khen thưởng, danh hiệu thi đua) proposed and decided on the ranking
    pages, over every cluster and year the user may see."""

    roles = (Role.LEADER, Role.OFFICER, Role.LOCALITY)
    title = gettext_lazy("Khen thưởng, danh hiệu thi đua")
    export_name = "khen-thuong-thi-dua"
    filterset_class = AwardFilterSet
    columns = [
        Column("year", gettext_lazy("Năm")),
        Column("cluster.name", gettext_lazy("Cụm, khối thi đua"), link=True),
        Column("unit.name", gettext_lazy("Đơn vị")),
        Column("kind", gettext_lazy("Hình thức")),
        Column("rank", gettext_lazy("Xếp hạng")),
        Column("points", gettext_lazy("Điểm")),
        Column("proposal_number", gettext_lazy("Tờ trình")),
        Column("proposed_on", gettext_lazy("Ngày đề nghị")),
        Column("state", gettext_lazy("Kết quả")),
        FnColumn(_decision, gettext_lazy("Quyết định")),
        Column("decision_issuer", gettext_lazy("Cơ quan quyết định")),
    ]

    def base_queryset(self):
        return AwardProposal.objects.select_related("unit", "cluster").order_by(
            "-year", "cluster__name", "rank", "pk"
        )


award_list = AwardList.as_view()


def home_province(user):
    """Today's province of the user's unit (or locality); None for a user with no place.
    The province of the unit's place and those it was formed from come in one query (the
    API's totals ask on every request); the slower path only for a place no longer current or a
    user placed by locality."""
    if user.unit_id:
        province, _areas = selectors.unit_province_areas(user.unit_id)
        if province is not None and province.is_current:
            return province
    unit = getattr(user, "unit", None)
    place = unit.admin_unit if unit is not None and unit.admin_unit_id else user.locality
    if place is None:
        return None
    province = place.province
    if not province.is_current:
        successors = province.current_successors()
        province = successors[0] if successors else province
    return province


def _province_by_code(code: str):
    from ictgov.geo.selectors import unit_by_code

    unit = unit_by_code(code) if code and code.isdigit() else None
    return unit if unit is not None and unit.level == "province" else None


def _user_province(user, code: str = ""):
    """The province a page shows: the user's own; an administrator (or a user with no place)
    may choose another with ?province=<code>; else the first province."""
    from ictgov.core.models import valid_on_q
    from ictgov.geo.models import AdministrativeUnit

    chosen = _province_by_code(code)
    if chosen is not None and (user.is_superuser or user.role == Role.ADMIN):
        return chosen
    province = home_province(user) or chosen
    if province is None:
        province = (
            AdministrativeUnit.objects.filter(level="province")
            .filter(valid_on_q(timezone.localdate()))
            .order_by("code")
            .first()
        )
    return province


@require_role(*READERS)
def form_detail(request, pk):
    form = get_object_or_404(visible(ReportForm.objects.all(), request.user), pk=pk)
    items = services.form_items(form)
    today = timezone.localdate()
    period = period_of(today, form.period_kind).previous()
    rates = selectors.reporting_rates(
        form, period, _user_province(request.user, request.GET.get("province", ""))
    )
    return render(
        request,
        "reporting/form_detail.html",
        {
            "title": str(form),
            "form": form,
            "items": items,
            "rules": form.rules.all(),
            "units": form.reporting_units.all(),
            "period": period,
            "rates": rates,
            "history": _history(form),
            "may_compile": request.user.has_role(Role.OFFICER, Role.LEADER),
        },
    )


def _history(obj):
    from ictgov.core.views import history_of

    return history_of(obj, limit=20)


@require_role(*READERS)
def indicator_detail(request, pk):
    indicator = get_object_or_404(Indicator.objects.select_related("category"), pk=pk)
    province = _user_province(request.user, request.GET.get("province", ""))
    today = timezone.localdate()
    kind = request.GET.get("kind") or _kind_of(indicator)
    try:
        periods = periods_between(date(today.year - 2, 1, 1), today, kind)
    except ValueError:
        raise Http404 from None
    geography = "current" if request.GET.get("geography") == "current" else "period"
    series = selectors.province_series(
        indicator,
        first=periods[0].start,
        last=periods[-1].start,
        kind=kind,
        province=province,
        geography=geography,
    )
    merged: dict = {}
    for values in series.values():
        for start, v in values.items():
            merged.setdefault(start, []).append({"v": v, "n": 1})
    points = [
        (p, selectors._combine(indicator, merged[p.start]) if p.start in merged else None)
        for p in periods
    ]
    return render(
        request,
        "reporting/indicator_detail.html",
        {
            "title": str(indicator),
            "indicator": indicator,
            "points": points,
            "province": province,
            "geography": geography,
            "as_of": timezone.localtime(),
            "chart": {
                "labels": [p.label for p, _v in points],
                "values": [float(v) if v is not None else None for _p, v in points],
                "label": indicator.name,
            },
            "forms": ReportForm.objects.filter(items__indicator=indicator),
        },
    )


def _kind_of(indicator) -> str:
    item = indicator.form_items.select_related("form").first()
    return item.form.period_kind if item else "quarter"


# --- a submission --------------------------------------------------------------------------------


def _submission(request, pk) -> Submission:
    qs = visible(
        Submission.objects.select_related("form", "unit", "area", "province"), request.user
    )
    sub = qs.filter(pk=pk).first()
    if sub is None:
        raise Http404
    return sub


def _grid(sub, posted=None, problems=None):
    items = services.form_items(sub.form)
    current = {
        services.cell_key(code, option): (number, text)
        for code, option, number, text in sub.values.values_list(
            "indicator__code", "option", "number", "text"
        )
    }
    sections, seen = [], {}
    for item in items:
        title = item.section.title if item.section else ""
        if title not in seen:
            seen[title] = {"title": title, "rows": []}
            sections.append(seen[title])
        ind = item.indicator
        options = (
            [(o.code, o.name) for o in ind.category.options.all()]
            if ind.category_id
            else [("", "")]
        )
        for code, name in options:
            key = services.cell_key(ind.code, code)
            number, text = current.get(key, (None, ""))
            shown = posted.get(key, "") if posted is not None else (text if text else _fmt(number))
            seen[title]["rows"].append(
                {
                    "key": key,
                    "indicator": ind,
                    "option": name,
                    "value": shown,
                    "required": item.required,
                    "error": (problems or {}).get(key, ""),
                }
            )
    return sections


@login_required
def submission_detail(request, pk):
    sub = _submission(request, pk)
    editable = sub.editable and services.may_report(request.user, sub)
    problems, rule_errors, posted = {}, [], None
    status = 200
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        posted = {k[2:]: v for k, v in request.POST.items() if k.startswith("v:")}
        try:
            services.save_values(request.user, sub, posted, channel=EntryChannel.WEB)
        except services.ValuesRejected as exc:
            problems, rule_errors, status = exc.problems, exc.rule_errors, 400
        except ServiceError as exc:
            rule_errors, status = exc.messages, 400
        except PermissionDenied as exc:
            rule_errors, status = [str(exc)], 403
        else:
            if request.POST.get("then") == "submit":
                try:
                    services.act(request.user, sub, "submit")
                    messages.success(request, _("Đã gửi báo cáo."))
                except (ServiceError, PermissionDenied) as exc:
                    messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, _("Đã lưu số liệu."))
            return redirect(sub.get_absolute_url())
    steps = [t for t in services.MACHINE.available(request.user, sub) if t.name != "submit"]
    return render(
        request,
        "reporting/submission_detail.html",
        {
            "title": str(sub),
            "sub": sub,
            "sections": _grid(sub, posted, problems),
            "editable": editable,
            "problems": problems,
            "rule_errors": rule_errors,
            "steps": steps,
            "can_submit": services.MACHINE.can(request.user, sub, "submit"),
            "log": services.MACHINE.log_of(sub),
            "late": services.days_late(sub),
            "badge": _state_badge(sub),
            "history": _history(sub),
            "consolidated": services.consolidated_of(sub),
        },
        status=status,
    )


@login_required
def submission_act(request, pk, name):
    sub = _submission(request, pk)
    if name not in services.MACHINE:
        raise Http404
    transition = services.MACHINE[name]
    if not transition.allowed(request.user, sub):
        raise PermissionDenied
    form = NoteForm(request.POST or None, initial={"expected_state": sub.state})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.act(
                request.user,
                sub,
                name,
                note=form.cleaned_data["note"],
                expected_state=form.cleaned_data["expected_state"] or None,
            )
        except ServiceError as exc:
            for m in exc.messages:
                form.add_error("note" if exc.field == "note" else None, m)
            status = 400
        else:
            messages.success(request, _("Đã thực hiện: %(a)s.") % {"a": transition.label})
            if name == "withdraw":  # gone from the list; the same period can be opened anew
                return redirect("reporting:submission_list")
            return redirect(sub.get_absolute_url())
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "reporting/submission_act.html",
        {
            "title": f"{transition.label}: {sub}",
            "sub": sub,
            "form": form,
            "transition": transition,
        },
        status=status,
    )


@login_required
def submission_new(request):
    user = request.user
    if user.unit_id is None:
        raise PermissionDenied
    form = NewSubmissionForm(request.POST or None, initial=request.GET or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        report = form.cleaned_data["form"]
        try:
            period = services.period_from_code(report.period_kind, form.cleaned_data["period"])
            sub = services.open_submission(user, report, period, user.unit)
        except ServiceError as exc:
            for m in exc.messages:
                form.add_error("period" if exc.field == "period" else None, m)
            status = 400
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            status = 403
        else:
            return redirect(sub.get_absolute_url())
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "reporting/submission_new.html",
        {
            "title": _("Lập báo cáo của %(u)s") % {"u": user.unit},
            "form": form,
        },
        status=status,
    )


def upload_spec(form: ReportForm):
    """The Excel layout of a form: one row per indicator (and disaggregation option)."""
    from ictgov.core.imports import Column as ImportColumn
    from ictgov.core.imports import ImportSpec

    cells = {
        services.cell_key(ind.code, opt): ind
        for ind, opt, _n in services.cells_of(services.form_items(form))
    }

    def check(rows):
        for row in rows:
            key = services.cell_key(
                str(row.values.get("code") or ""), str(row.values.get("option") or "")
            )
            ind = cells.get(key)
            if ind is None:
                row.error(
                    "code",
                    _("chỉ tiêu “%(k)s” không có trong biểu %(f)s.") % {"k": key, "f": form.code},
                )
                continue
            try:
                services.parse_value(ind, row.cells.get("value"))
            except ServiceError as exc:
                row.error("value", f"{ind.name}: {' '.join(exc.messages)}")

    return ImportSpec(
        title=form.code,
        columns=[
            ImportColumn("code", _("Mã chỉ tiêu"), required=True, max_length=40),
            ImportColumn("name", _("Tên chỉ tiêu")),
            ImportColumn("option", _("Phân tổ (mã)"), max_length=40),
            ImportColumn("uom", _("Đơn vị tính")),
            ImportColumn("value", _("Giá trị"), max_length=2000),
        ],
        unique=[("code", "option")],
        check_rows=check,
    )


@login_required
def submission_template(request, pk):
    sub = _submission(request, pk)
    current = {
        services.cell_key(c, o): (n, t)
        for c, o, n, t in sub.values.values_list("indicator__code", "option", "number", "text")
    }
    examples = []
    for ind, opt, name in services.cells_of(services.form_items(sub.form)):
        number, text = current.get(services.cell_key(ind.code, opt), (None, ""))
        value = text or (float(number) if number is not None else None)
        examples.append(
            [ind.code, ind.name + (f" – {name}" if name else ""), opt, ind.unit_of_measure, value]
        )
    spec = upload_spec(sub.form)
    filename = f"{sub.form.code}-{sub.period_start:%Y-%m}-{sub.unit_id}"
    return spec.template_response(filename, examples)


@login_required
def submission_upload(request, pk):
    from ictgov.core.imports import ImportRejected

    sub = _submission(request, pk)
    if not (sub.editable and services.may_report(request.user, sub)):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    errors, status = [], 200
    if request.method == "POST" and form.is_valid():
        spec = upload_spec(sub.form)

        def save(rows):
            entries = {
                services.cell_key(
                    str(r.values["code"]), str(r.values.get("option") or "")
                ): r.cells.get("value")
                for r in rows
            }
            return services.save_values(
                request.user, sub, entries, channel=EntryChannel.EXCEL, partial=True
            )

        try:
            spec.import_file(form.cleaned_data["file"], save)
        except ImportRejected as exc:
            errors, status = exc.result.messages(limit=50), 400
        except PermissionDenied as exc:
            errors, status = [str(exc)], 403
        else:
            messages.success(request, _("Đã nhập số liệu từ tệp Excel."))
            return redirect(sub.get_absolute_url())
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "reporting/submission_upload.html",
        {
            "title": _("Tải tệp Excel: %(s)s") % {"s": sub},
            "sub": sub,
            "form": form,
            "errors": errors,
        },
        status=status,
    )


@require_role(*STAFF)
def form_compile(request, pk):
    """The department's province compilation of a form for a period (POST)."""
    report = get_object_or_404(ReportForm, pk=pk)
    if request.method != "POST":
        return redirect(report.get_absolute_url())
    try:
        period = services.period_from_code(report.period_kind, request.POST.get("period", ""))
        sub = services.compile_province(request.user, report, period)
    except (ServiceError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(report.get_absolute_url())
    return redirect(sub.get_absolute_url())


# --- dashboard -----------------------------------------------------------------------------------


def _dashboard_params(request):
    forms = list(ReportForm.objects.filter(active=True).order_by("code"))
    code = request.GET.get("form") or "BC-XA"
    report = next((f for f in forms if f.code == code), None)
    if report is None:
        if forms:
            report = forms[0]
        else:
            raise Http404
    today = timezone.localdate()
    period_code = request.GET.get("period")
    error = ""
    period = period_of(today, report.period_kind).previous()
    if period_code:
        try:
            period = services.period_from_code(report.period_kind, period_code)
        except ServiceError as exc:
            error = " ".join(exc.messages)
    geography = "current" if request.GET.get("geography") == "current" else "period"
    by = "cluster" if request.GET.get("by") == "cluster" else "area"
    return forms, report, period, geography, by, error


@require_role(*READERS)
def dashboard(request):
    forms, report, period, geography, by, error = _dashboard_params(request)
    province = _user_province(request.user, request.GET.get("province", ""))
    table = selectors.province_table(report, period, province, geography=geography, by=by)
    rates = table.rates
    if request.GET.get("export") == "xlsx":
        return _export(report, period, province, table, request.user, by)
    # The chart: one indicator (all its disaggregation options together) over periods.
    numeric = list(
        {c[0].code: c[0] for c in table.columns if selectors._agg(c[0]) is not None}.values()
    )
    chosen = request.GET.get("indicator")
    ind = next((i for i in numeric if i.code == chosen), numeric[0] if numeric else None)
    chart = None
    if ind is not None:
        periods = periods_between(date(period.start.year - 2, 1, 1), period.end, report.period_kind)
        series = selectors.province_series(
            ind,
            first=periods[0].start,
            last=periods[-1].start,
            kind=report.period_kind,
            province=province,
            geography="current",
        )
        values = series.get(province.pk, {})
        label = f"{ind.name} ({ind.unit_of_measure})" if ind.unit_of_measure else ind.name
        chart = {
            "labels": [p.label for p in periods],
            "label": label,
            "values": [float(values[p.start]) if p.start in values else None for p in periods],
        }
    rows = [
        (row, [(_fmt(v), table.shades.get((i, c))) for c, v in enumerate(row.values)])
        for i, row in enumerate(table.rows)
        if _may_see_row(request.user, row, by)
    ]
    # A commune or an agency sees its own row only: say how many others the total holds, and
    # where its own row is missing, where its own report stands (not "no report approved").
    hidden = len(table.rows) - len(rows)
    own = _own_report(request.user, report, period) if hidden and not rows else None
    return render(
        request,
        "reporting/dashboard.html",
        {
            "title": _("Số liệu tổng hợp"),
            "forms": forms,
            "report": report,
            "period": period,
            "geography": geography,
            "by": by,
            "error": error,
            "table": table,
            "rows": rows,
            "total": [_fmt(v) for v in table.total.values],
            "rates": rates,
            "province": province,
            "chart": chart,
            "numeric": numeric,
            "as_of": timezone.localtime(table.as_of),
            "chart_code": ind.code if ind is not None else "",
            "rows_hidden": hidden,
            "own": own,
        },
        status=422 if error else 200,
    )


def _own_report(user, report, period) -> dict | None:
    """The user's own unit and the state of its report of `period` ("chưa lập" when none)."""
    if not user.unit_id:
        return None
    sub = (
        Submission.objects.filter(form=report, period_start=period.start, unit_id=user.unit_id)
        .only("state")
        .first()
    )
    return {
        "unit": user.unit,
        "state": sub.get_state_display() if sub else _("chưa lập"),
        "href": sub.get_absolute_url() if sub else "",
    }


def _may_see_row(user, row, by: str) -> bool:
    """The department sees every unit's figures; a commune or another agency sees its own row,
    the clusters and the province total (aggregates), not other communes one by one."""
    if user.is_superuser or user.role in Role.staff() or by == "cluster":
        return True
    return row.key in {str(user.unit_id), str(user.locality_id)}


def _export(report, period, province, table, user=None, by="area"):
    headers = [
        _("Đơn vị, địa bàn"),
        *[
            f"{label} ({ind.unit_of_measure})" if ind.unit_of_measure else label
            for ind, _o, label in table.columns
        ],
    ]
    rows = [
        [r.label, *[_plain(v) for v in r.values]]
        for r in table.rows
        if user is None or _may_see_row(user, r, by)
    ]
    rows.append([table.total.label, *[_plain(v) for v in table.total.values]])
    title = f"{report.name} – {period.label} – {province.name}"
    return xlsx_response(
        f"{report.code}-{period.code}", title, headers, rows, as_of=timezone.localdate()
    )


def _plain(v):
    if v is None:
        return None
    return int(v) if v == v.to_integral_value() else float(v)


@require_role(*READERS)
def rates(request):
    forms, report, period, _geo, _by, error = _dashboard_params(request)
    province = _user_province(request.user, request.GET.get("province", ""))
    periods = periods_between(date(period.start.year - 1, 1, 1), period.end, report.period_kind)
    rows = list(
        zip(
            reversed(periods),
            reversed(selectors.rates_by_period(report, periods, province)),
            strict=True,
        )
    )
    expected = services.expected_units(report, period, province).order_by("name")
    sent = {
        s.unit_id: s
        for s in Submission.objects.filter(
            form=report, period_start=period.start, is_consolidated=False
        ).exclude(state=SubmissionState.WITHDRAWN)
    }
    missing = [
        u
        for u in expected
        if u.pk not in sent or sent[u.pk].state in (SubmissionState.DRAFT, SubmissionState.RETURNED)
    ]
    return render(
        request,
        "reporting/rates.html",
        {
            "title": _("Tình hình gửi báo cáo"),
            "forms": forms,
            "report": report,
            "period": period,
            "rows": rows,
            "missing": missing,
            "sent": sent,
            "error": error,
            "as_of": timezone.localtime(),
            "province": province,
        },
        status=422 if error else 200,
    )


# --- emulation -----------------------------------------------------------------------------------


@require_role(Role.LEADER, Role.OFFICER, Role.LOCALITY)
def emulation(request):
    from django.db.models import Exists, OuterRef

    from ictgov.org.models import ClusterTerm

    terms = visible(ClusterTerm.objects.select_related("cluster", "head_unit"), request.user)
    scaled = EmulationCriterion.objects.filter(cluster=OuterRef("cluster"), year=OuterRef("year"))
    # A year is listed when its cluster has a scale for that year (not for another one).
    terms = terms.filter(Exists(scaled)).order_by("-year", "cluster__name")
    awards = visible(AwardProposal.objects.select_related("unit", "cluster"), request.user)
    return render(
        request,
        "reporting/emulation.html",
        {
            "title": _("Thi đua, khen thưởng"),
            "terms": terms,
            "awards": awards[:50],
        },
    )


def _cluster(request, pk):
    from ictgov.org.models import EmulationCluster

    cluster = visible(EmulationCluster.objects.all(), request.user).filter(pk=pk).first()
    if cluster is None:
        raise Http404
    return cluster


@require_role(Role.LEADER, Role.OFFICER, Role.LOCALITY)
def ranking(request, pk, year):
    cluster = _cluster(request, pk)
    criteria, rows = selectors.ranking(cluster, year)
    may_score = services.may_score(request.user, cluster, year)
    score_form = ScoreForm(request.POST or None)
    status = 200
    action = request.POST.get("action", "score")
    if request.method == "POST" and action in ("pledge", "decision"):
        done, status = _emulation_action(request, cluster, year, action)
        if done:
            return redirect(request.path)
    elif request.method == "POST":
        if not may_score:
            raise PermissionDenied
        if score_form.is_valid():
            data = score_form.cleaned_data
            criterion = EmulationCriterion.objects.filter(
                pk=data["criterion"], cluster=cluster, year=year
            ).first()
            from ictgov.org.models import Unit

            unit = Unit.objects.filter(pk=data["unit"]).first()
            try:
                if criterion is None or unit is None:
                    raise ServiceError(_("Tiêu chí hoặc đơn vị không có."))
                services.score(request.user, criterion, unit, data["points"], data["evidence"])
            except ServiceError as exc:
                messages.error(request, " ".join(exc.messages))
                status = 400
            else:
                messages.success(request, _("Đã lưu điểm."))
                return redirect(request.path)
        else:
            messages.error(request, "; ".join(score_form.labelled_errors()))
            status = 400
    pledge = EmulationPledge.objects.filter(cluster=cluster, year=year).first()
    from ictgov.core.attachments import attachments_of

    pledge_files = list(attachments_of(pledge)) if pledge else []
    term = cluster.terms.filter(year=year).select_related("head_unit").first()
    awards = AwardProposal.objects.filter(cluster=cluster, year=year).select_related("unit")
    manual = [(i, c) for i, c in enumerate(criteria) if not c.computed]
    for row in rows:  # each cell with its criterion: the column's name on a phone
        row.cells = [(c, p, note) for c, (p, note) in zip(criteria, row.points, strict=True)]
    return render(
        request,
        "reporting/ranking.html",
        {
            "title": _("Xếp hạng thi đua %(c)s năm %(y)d") % {"c": cluster.name, "y": year},
            "cluster": cluster,
            "year": year,
            "criteria": criteria,
            "rows": rows,
            "may_score": may_score,
            "pledge": pledge,
            "term": term,
            "awards": awards,
            "manual": manual,
            "max_total": sum(c.max_points for c in criteria),
            "as_of": timezone.localtime(),
            "pledge_files": pledge_files,
            "may_decide": request.user.has_role(*STAFF),
            "award_states": AwardState.choices,
            "award_kinds": AwardKind.choices,
        },
        status=status,
    )


def _emulation_action(request, cluster, year, action) -> tuple[bool, int]:
    """Attach the signed pledge, or record an award's decision (POST on the ranking page)."""
    try:
        if action == "pledge":
            form = PledgeFileForm(request.POST, request.FILES)
            pledge = EmulationPledge.objects.filter(cluster=cluster, year=year).first()
            if pledge is None:
                raise ServiceError(_("Cụm chưa có giao ước năm %(y)d.") % {"y": year})
            if not form.is_valid():
                raise ServiceError(form.labelled_errors())
            services.attach_pledge(request.user, pledge, [form.cleaned_data["file"]])
            messages.success(request, _("Đã đính kèm bản giao ước."))
        else:
            form = DecisionForm(request.POST)
            if not form.is_valid():
                raise ServiceError(form.labelled_errors())
            data = form.cleaned_data
            award = AwardProposal.objects.filter(
                pk=data["award"], cluster=cluster, year=year
            ).first()
            if award is None:
                raise Http404
            services.record_award_decision(
                request.user,
                award,
                state=data["state"],
                number=data["decision_number"],
                on=data["decision_on"],
                issuer=data["decision_issuer"],
            )
            messages.success(request, _("Đã ghi kết quả khen thưởng."))
    except ValidationError as exc:  # ServiceError, and the upload checks
        messages.error(request, " ".join(exc.messages))
        return False, 400
    except PermissionDenied:
        raise
    return True, 302


@require_role(Role.LEADER, Role.OFFICER)
def propose_award(request, pk, year):
    cluster = _cluster(request, pk)
    form = AwardForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return redirect("reporting:ranking", pk=pk, year=year)
    from ictgov.org.models import Unit

    _criteria, rows = selectors.ranking(cluster, year)
    row = next((r for r in rows if r.unit.pk == form.cleaned_data["unit"]), None)
    if row is None:
        messages.error(request, _("Đơn vị không thuộc cụm trong năm."))
        return redirect("reporting:ranking", pk=pk, year=year)
    unit = Unit.objects.get(pk=row.unit.pk)
    obj, created = AwardProposal.objects.get_or_create(
        cluster=cluster,
        year=year,
        unit=unit,
        kind=form.cleaned_data["kind"],
        defaults={
            "rank": row.rank,
            "points": row.total,
            "proposed_on": timezone.localdate(),
            "proposal_number": form.cleaned_data["proposal_number"],
        },
    )
    if created:
        messages.success(request, _("Đã lập đề nghị khen thưởng."))
    else:
        messages.info(request, _("Đơn vị đã được đề nghị hình thức này."))
    return redirect("reporting:ranking", pk=pk, year=year)
