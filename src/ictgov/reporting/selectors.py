"""Reads of the reporting app: live totals of approved figures up the geography and across
emulation clusters, series for charts, reporting rates, the emulation ranking.

Totals are computed at query time from `DataValue` rows whose `counted` flag the approval set in
its own transaction, grouped in SQL (one GROUP BY per question); nothing waits for a batch.

Geography: each value keeps the unit's place as of the period (`area`, `province`). With
``geography="period"`` totals are grouped by those; with ``geography="current"`` they are
re-based on today's units through `geo`'s succession links (a 2023 district figure counts
towards the province that absorbed it). A district cannot be split between the communes that
followed it: re-based to today's communes, its figures stay on a row of their own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Avg, Count, Max, Min, Q, Sum
from django.utils import timezone

from ictgov.core.periods import Period, periods_between
from ictgov.core.scoping import visible

from .models import (
    COUNTED_STATES,
    RECEIVED_STATES,
    Aggregation,
    CriterionSource,
    DataValue,
    EmulationCriterion,
    EmulationScore,
    FormIndicator,
    Indicator,
    ReportForm,
    Submission,
    SubmissionState,
)

_SQL_AGG = {
    Aggregation.SUM: Sum,
    Aggregation.LAST: Sum,  # across units a stock adds up; across periods the last one counts
    Aggregation.AVERAGE: Avg,
    Aggregation.MIN: Min,
    Aggregation.MAX: Max,
}


def _agg(indicator: Indicator):
    return _SQL_AGG.get(indicator.aggregation)


def province_areas(province) -> dict[int, str]:
    """A (current) province and the provinces it was formed from: id → name, read once per
    province object (a request asks for its ids and names several times)."""
    cached = getattr(province, "_reporting_areas", None)
    if cached is None:
        cached = {province.pk: province.name}
        cached.update(province.predecessors.values_list("pk", "name"))
        province._reporting_areas = cached
    return cached


# In the model's field order (`from_db` takes them so; the others are read when first used).
_AREA_FIELDS = ("id", "valid_from", "valid_to", "code", "name", "level", "parent_id")


def _areas_sql(unit_param: str) -> str:
    """SQL for the province of a unit's place (commune, district or the province itself) and
    the provinces it was formed from: the area columns and `home` (1 for the province)."""
    from ictgov.geo.models import AdministrativeUnit, Succession
    from ictgov.org.models import Unit

    area, link = AdministrativeUnit._meta.db_table, Succession._meta.db_table
    top = (
        f"SELECT COALESCE(g2.parent_id, g1.parent_id, u.admin_unit_id) FROM {Unit._meta.db_table} u"
        f" LEFT JOIN {area} g1 ON g1.id = u.admin_unit_id"
        f" LEFT JOIN {area} g2 ON g2.id = g1.parent_id WHERE u.id = {unit_param}"
    )
    columns = ", ".join(f"a.{c}" for c in _AREA_FIELDS)
    return (
        f"SELECT {columns}, 1 AS home FROM {area} a WHERE a.id = ({top}) UNION ALL "
        f"SELECT {columns}, 0 AS home FROM {area} a JOIN {link} s ON s.predecessor_id = a.id "
        f"WHERE s.successor_id = ({top})"
    )


def _areas_of(rows: list[tuple]):
    """(province, {id: name}) from area rows with their `home` flag last."""
    from django.db import connection

    from ictgov.geo.models import AdministrativeUnit

    province, areas = None, {}
    for row in rows:
        if row[0] is None:
            continue
        values = [*row[:-1]]
        for i in (1, 2):  # SQLite gives dates as text
            if isinstance(values[i], str):
                values[i] = date.fromisoformat(values[i])
        if row[-1]:
            province = AdministrativeUnit.from_db(connection.alias, _AREA_FIELDS, values)
        areas[row[0]] = row[4]
    if province is None:
        return None, {}
    areas = {province.pk: province.name, **areas}
    province._reporting_areas = areas
    return province, areas


def unit_province_areas(unit_id: int):
    """The province of a unit's place and the provinces it was formed from, in one query:
    (province, {id: name}) with the province first; (None, {}) for a unit with no place.
    Written as SQL: pages and the API ask on every request, and the ORM spends longer composing
    this union than the database answering it."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(_areas_sql("%s"), [unit_id, unit_id])
        return _areas_of(cursor.fetchall())


def totals_lookup(code: str, unit_id: int | None):
    """What a totals request needs before it sums, in one query (each query is a round trip
    that costs more than its work on a busy server): the indicator of `code`, with the period
    kind of its first form as `kind`, and the province of the unit's place with the provinces
    it was formed from. (None, None) when no indicator has that code; the province is None for
    no unit, or a unit with no place."""
    from django.db import connection

    q = connection.ops.quote_name
    ind, item, form = (
        Indicator._meta.db_table,
        FormIndicator._meta.db_table,
        ReportForm._meta.db_table,
    )
    kind = (
        f"SELECT f.period_kind FROM {item} fi JOIN {form} f ON f.id = fi.form_id "
        f"WHERE fi.indicator_id = i.id ORDER BY f.code, fi.{q('order')}, fi.id LIMIT 1"
    )
    sql = (
        f"SELECT i.id, i.code, i.aggregation, ({kind}), p.* FROM {ind} i "
        f"LEFT JOIN ({_areas_sql('%s')}) p ON 1 = 1 WHERE i.code = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [unit_id, unit_id, code])
        rows = cursor.fetchall()
    if not rows:
        return None, None
    indicator = Indicator.from_db(connection.alias, ("id", "code", "aggregation"), rows[0][:3])
    indicator.kind = rows[0][3]
    province, _areas = _areas_of([row[4:] for row in rows])
    return indicator, province


def province_ids(province) -> list[int]:
    """A (current) province and the provinces it was formed from."""
    return list(province_areas(province))


def counted_values(*, indicator=None, province=None, kind=None):
    qs = DataValue.objects.filter(counted=True, number__isnull=False)
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    if province is not None:
        qs = qs.filter(province_id__in=province_ids(province))
    if kind is not None:
        qs = qs.filter(period_kind=kind)
    return qs


def _round(value) -> Decimal | None:
    if value is None:
        return None
    value = Decimal(value)
    return value.quantize(Decimal("0.01")) if value != value.to_integral_value() else value


# --- totals --------------------------------------------------------------------------------------


def _ids_by_aggregate(form: ReportForm) -> dict:
    """The form's indicators that total up, grouped by how they do (Sum, Avg, …): one GROUP BY
    per group."""
    from .services import form_items

    by_kind = defaultdict(list)
    for item in form_items(form):
        fn = _agg(item.indicator)
        if fn is not None:
            by_kind[fn].append(item.indicator_id)
    return by_kind


def unit_totals(form: ReportForm, period: Period, province) -> dict[tuple[int, str], Decimal]:
    """(indicator id, option) → the province total of the units' approved figures for one
    period (one query per aggregation kind on the form)."""
    out = {}
    for fn, ids in _ids_by_aggregate(form).items():
        rows = (
            counted_values(province=province, kind=form.period_kind)
            .filter(indicator_id__in=ids, period_start=period.start)
            .values("indicator_id", "option")
            .annotate(v=fn("number"))
        )
        for row in rows:
            out[(row["indicator_id"], row["option"])] = _round(row["v"])
    return out


def form_series(form: ReportForm, *, first: date, last: date, province=None) -> dict:
    """(indicator id, option, period start) → the province total, for every indicator of the
    form over a range of periods: one GROUP BY per aggregation kind on the form."""
    out = {}
    for fn, ids in _ids_by_aggregate(form).items():
        rows = (
            counted_values(province=province, kind=form.period_kind)
            .filter(indicator_id__in=ids, period_start__gte=first, period_start__lte=last)
            .values("indicator_id", "option", "period_start")
            .annotate(v=fn("number"))
        )
        for row in rows:
            out[(row["indicator_id"], row["option"], row["period_start"])] = _round(row["v"])
    return out


def current_province_of(province_id_list) -> dict[int, int]:
    """Old province id → today's province id (itself when still in force)."""
    from ictgov.geo.models import AdministrativeUnit, Succession

    today = timezone.localdate()
    mapping = {}
    provinces = AdministrativeUnit.objects.in_bulk(province_id_list)
    links = defaultdict(list)
    for old, new in Succession.objects.filter(
        predecessor_id__in=province_id_list, successor__level="province"
    ).values_list("predecessor_id", "successor_id"):
        links[old].append(new)
    for pk, unit in provinces.items():
        mapping[pk] = pk if unit.is_valid_on(today) or not links[pk] else min(links[pk])
    return mapping


def province_series(
    indicator: Indicator,
    *,
    first: date,
    last: date,
    kind: str,
    province=None,
    geography: str = "period",
    option: str | None = None,
) -> dict:
    """{province id: {period start: total}} of approved figures, one GROUP BY; with
    geography="current" old provinces are merged into today's."""
    fn = _agg(indicator)
    if fn is None:
        return {}
    qs = counted_values(indicator=indicator, province=province, kind=kind).filter(
        period_start__gte=first, period_start__lte=last
    )
    if option is not None:
        qs = qs.filter(option=option)
    rows = qs.values("province_id", "period_start")
    if geography == "current" and indicator.aggregation == Aggregation.AVERAGE:
        rows = rows.annotate(v=fn("number"), n=Count("pk"))  # averages merge by their counts
    else:
        rows = rows.annotate(v=fn("number"))
    out: dict[int, dict[date, Decimal]] = defaultdict(dict)
    if geography == "current":
        mapping = current_province_of({r["province_id"] for r in rows if r["province_id"]})
        merged: dict[tuple[int, date], list] = defaultdict(list)
        for r in rows:
            merged[(mapping.get(r["province_id"], r["province_id"]), r["period_start"])].append(r)
        for (pid, start), parts in merged.items():
            out[pid][start] = _combine(indicator, parts)
    else:
        for r in rows:
            out[r["province_id"]][r["period_start"]] = _round(r["v"])
    return dict(out)


def _combine(indicator, parts: list[dict]) -> Decimal | None:
    if indicator.aggregation == Aggregation.AVERAGE:
        n = sum(p["n"] for p in parts)
        return _round(sum(Decimal(p["v"]) * p["n"] for p in parts) / n) if n else None
    if indicator.aggregation == Aggregation.MIN:
        return _round(min(p["v"] for p in parts))
    if indicator.aggregation == Aggregation.MAX:
        return _round(max(p["v"] for p in parts))
    return _round(sum(Decimal(p["v"]) for p in parts))


def unit_series(
    indicator: Indicator,
    *,
    first: date,
    last: date,
    kind: str,
    province,
    option: str | None = None,
    user=None,
) -> list[dict]:
    """Each reporting unit's approved figures in the province (the rows `user` may see), by
    period, one query: [{unit_id, area_id, name, period_start, value}]."""
    qs = counted_values(indicator=indicator, province=province, kind=kind).filter(
        period_start__gte=first, period_start__lte=last
    )
    if option is not None:
        qs = qs.filter(option=option)
    if user is not None:
        qs = visible(qs, user)
    fn = _agg(indicator) or Sum
    rows = (
        qs.values("unit_id", "area_id", "unit__name", "period_start")
        .annotate(value=fn("number"))
        .order_by("unit__name", "period_start")
    )
    return [
        {
            "unit_id": r["unit_id"],
            "area_id": r["area_id"],
            "name": r["unit__name"],
            "period_start": r["period_start"],
            "value": _round(r["value"]),
        }
        for r in rows
    ]


def roll_up(indicator: Indicator, values: dict[date, Decimal]) -> Decimal | None:
    """Several periods into one (months into a year): by the indicator's aggregation."""
    present = [values[k] for k in sorted(values) if values[k] is not None]
    if not present:
        return None
    agg = indicator.aggregation
    if agg == Aggregation.LAST:
        return present[-1]
    if agg == Aggregation.AVERAGE:
        return _round(sum(present) / len(present))
    if agg == Aggregation.MIN:
        return min(present)
    if agg == Aggregation.MAX:
        return max(present)
    return _round(sum(present))


def national_series(indicator, *, first, last, kind, geography="period") -> dict[date, Decimal]:
    by_province = province_series(indicator, first=first, last=last, kind=kind, geography=geography)
    out: dict[date, list] = defaultdict(list)
    for series in by_province.values():
        for start, v in series.items():
            out[start].append({"v": v, "n": 1})
    return {start: _combine(indicator, parts) for start, parts in sorted(out.items())}


@dataclass
class TableRow:
    key: str
    label: str
    values: list
    kind: str = "area"  # area, cluster, old_area, total
    href: str = ""
    submission_state: str = ""


@dataclass
class ProvinceTable:
    form: ReportForm
    period: Period
    columns: list  # (indicator, option, label)
    rows: list[TableRow]
    total: TableRow
    as_of: object
    approved: int = 0
    expected: int = 0
    shades: dict = field(default_factory=dict)
    rates: object = None


@dataclass(frozen=True)
class _Area:
    name: str
    level: str


def province_table(
    form: ReportForm,
    period: Period,
    province,
    *,
    geography: str = "period",
    by: str = "area",
    with_rates: bool = True,
) -> ProvinceTable:
    """The form's indicators (columns) for every unit of the province (rows), or for every
    emulation cluster (`by="cluster"`), with the province total; approved figures only."""
    from .services import cells_of, form_items

    items = form_items(form)
    cells = [
        (ind, opt, f"{ind.name}{' – ' + name if name else ''}")
        for ind, opt, name in cells_of(items)
    ]
    numeric = [(ind, opt) for ind, opt, _l in cells if _agg(ind) is not None]
    values = (
        counted_values(province=province, kind=form.period_kind)
        .filter(period_start=period.start, indicator_id__in={i.pk for i, _o in numeric})
        .values("unit_id", "area_id", "indicator_id", "option", "number")
    )
    per_unit: dict[int, dict] = defaultdict(dict)
    unit_area: dict[int, int] = {}
    for v in values:
        per_unit[v["unit_id"]][(v["indicator_id"], v["option"])] = v["number"]
        unit_area[v["unit_id"]] = v["area_id"]
    from ictgov.geo.models import AdministrativeUnit
    from ictgov.org.models import Unit

    units = dict(Unit.objects.filter(pk__in=list(per_unit)).values_list("pk", "name"))
    area_ids = {a for a in unit_area.values() if a}
    if geography == "current" and by != "cluster":
        areas = AdministrativeUnit.objects.in_bulk(area_ids)
    else:
        areas = {
            a["pk"]: _Area(a["name"], a["level"])
            for a in AdministrativeUnit.objects.filter(pk__in=area_ids).values(
                "pk", "name", "level"
            )
        }
    rows: list[TableRow] = []

    keys = [(ind, (ind.pk, opt), _agg(ind) is not None) for ind, opt, _label in cells]

    def row_values(groups: list[dict]) -> list:
        if len(groups) == 1:  # one unit: its own figures
            figures = groups[0]
            return [figures.get(key) if summed else None for _ind, key, summed in keys]
        out = []
        for ind, key, summed in keys:
            parts = [g[key] for g in groups if g.get(key) is not None]
            if not summed or not parts:
                out.append(None)
            else:
                out.append(_combine(ind, [{"v": p, "n": 1} for p in parts]))
        return out

    if by == "cluster":
        from ictgov.org.models import ClusterTerm

        terms = (
            ClusterTerm.objects.filter(
                year=period.start.year, cluster__admin_unit_id__in=province_ids(province)
            )
            .select_related("cluster")
            .prefetch_related("members")
        )
        for term in terms:
            members = [per_unit[m.pk] for m in term.members.all() if m.pk in per_unit]
            rows.append(
                TableRow(
                    str(term.cluster_id),
                    term.cluster.name,
                    row_values(members),
                    "cluster",
                    href=f"/reporting/emulation/{term.cluster_id}/{term.year}/",
                )
            )
    elif geography == "current":
        today = timezone.localdate()
        grouped: dict[tuple[str, str], list] = defaultdict(list)
        for unit_id, figures in per_unit.items():
            area = areas.get(unit_area[unit_id])
            if area is None or area.level == "province":
                grouped[("u" + str(unit_id), str(units[unit_id]))].append(figures)
            elif area.is_valid_on(today):
                grouped[(str(area.pk), area.name)].append(figures)
            elif area.level == "commune":
                succ = area.current_successors(today)
                target = succ[0] if succ else area
                grouped[(str(target.pk), target.name)].append(figures)
            else:  # an old district: not split between today's communes
                grouped[("d" + str(area.pk), f"{area.name} (trước 01/7/2025)")].append(figures)
        for (key, label), groups in sorted(grouped.items(), key=lambda kv: kv[0][1]):
            rows.append(
                TableRow(
                    key, label, row_values(groups), "old_area" if key.startswith("d") else "area"
                )
            )
    else:
        for unit_id, figures in sorted(per_unit.items(), key=lambda kv: str(units[kv[0]])):
            area = areas.get(unit_area[unit_id])
            # Communes and districts by their name; agencies and operators by their own.
            local = area is not None and area.level != "province"
            label = area.name if local else str(units[unit_id])
            rows.append(TableRow(str(unit_id), label, row_values([figures]), "area"))
    total = TableRow("total", "Toàn tỉnh", row_values(list(per_unit.values())), "total")
    table = ProvinceTable(form, period, cells, rows, total, timezone.now())
    table.shades = shades(table)
    if with_rates:
        table.rates = reporting_rates(form, period, province)
        table.approved, table.expected = table.rates.approved, table.rates.expected
    return table


def shades(table: ProvinceTable) -> dict[tuple[int, int], int]:
    """A choropleth-style class 0–4 per cell: the value's quintile within its column."""
    out = {}
    for col in range(len(table.columns)):
        column = sorted(r.values[col] for r in table.rows if r.values[col] is not None)
        if len(column) < 2 or column[0] == column[-1]:
            continue
        low, high = column[0], column[-1]
        for i, row in enumerate(table.rows):
            v = row.values[col]
            if v is not None:
                out[(i, col)] = min(4, int((v - low) * 5 / (high - low)))
    return out


# --- reporting rates -----------------------------------------------------------------------------


@dataclass
class Rates:
    expected: int
    received: int
    on_time: int
    approved: int
    returned: int
    late_days: int

    @property
    def received_rate(self):
        return round(100 * self.received / self.expected, 1) if self.expected else None

    @property
    def on_time_rate(self):
        return round(100 * self.on_time / self.expected, 1) if self.expected else None


def reporting_rates(form: ReportForm, period: Period, province=None) -> Rates:
    """Expected, received, on time, approved for one form and period (two queries)."""
    from .services import expected_units

    expected_ids = list(expected_units(form, period, province).values_list("pk", flat=True))
    subs = Submission.objects.filter(
        form=form, period_start=period.start, is_consolidated=False, unit_id__in=expected_ids
    )
    from django.db.models import F

    agg = subs.aggregate(
        received=Count("pk", filter=Q(state__in=RECEIVED_STATES)),
        on_time=Count("pk", filter=Q(state__in=RECEIVED_STATES, submitted_on__lte=F("due_on"))),
        approved=Count("pk", filter=Q(state__in=COUNTED_STATES)),
        returned=Count("pk", filter=Q(state=SubmissionState.RETURNED)),
    )
    return Rates(
        len(expected_ids), agg["received"], agg["on_time"], agg["approved"], agg["returned"], 0
    )


def rates_by_period(form: ReportForm, periods: list[Period], province=None) -> list[Rates]:
    """`reporting_rates` for many periods in two queries: the units that may report (each
    counted in the periods its validity covers) and one GROUP BY over the submissions."""
    from django.db.models import F

    from ictgov.core.models import valid_on_q

    from .services import expected_units

    if not periods:
        return []
    first, last = periods[0], periods[-1]
    candidates = list(
        expected_units(form, last, province, on=None)
        .filter(valid_on_q(first.end) | valid_on_q(last.end) | Q(valid_from__lte=last.end))
        .values("pk", "valid_from", "valid_to")
    )
    rows = (
        Submission.objects.filter(
            form=form,
            is_consolidated=False,
            period_start__gte=first.start,
            period_start__lte=last.start,
            unit_id__in=[c["pk"] for c in candidates],
        )
        .values("period_start", "unit_id")
        .annotate(
            received=Count("pk", filter=Q(state__in=RECEIVED_STATES)),
            on_time=Count("pk", filter=Q(state__in=RECEIVED_STATES, submitted_on__lte=F("due_on"))),
            approved=Count("pk", filter=Q(state__in=COUNTED_STATES)),
            returned=Count("pk", filter=Q(state=SubmissionState.RETURNED)),
        )
    )
    by_period: dict = defaultdict(list)
    for r in rows:
        by_period[r["period_start"]].append(r)
    out = []
    for p in periods:
        valid = {
            c["pk"]
            for c in candidates
            if (c["valid_from"] is None or c["valid_from"] <= p.end)
            and (c["valid_to"] is None or c["valid_to"] >= p.end)
        }
        subs = [r for r in by_period.get(p.start, []) if r["unit_id"] in valid]
        out.append(
            Rates(
                len(valid),
                sum(r["received"] for r in subs),
                sum(r["on_time"] for r in subs),
                sum(r["approved"] for r in subs),
                sum(r["returned"] for r in subs),
                0,
            )
        )
    return out


def unit_on_time_rate(unit, year: int) -> tuple[int, int]:
    """(reports sent on time, reports due) of a unit in a year over every form it must report:
    a report due by today and never sent counts as due, not on time."""
    from .services import due_on_for, expected_units

    today = timezone.localdate()
    subs = {
        (s.form_id, s.period_start): s
        for s in Submission.objects.filter(unit=unit, is_consolidated=False, due_on__year=year)
        .exclude(state=SubmissionState.WITHDRAWN)
        .only("form_id", "period_start", "submitted_on", "due_on")
    }
    due = on_time = 0
    for form in ReportForm.objects.filter(active=True):
        periods = [
            p
            for p in periods_between(date(year - 1, 1, 1), date(year, 12, 31), form.period_kind)
            if form.is_valid_on(p.end) and unit.is_valid_on(p.end)
        ]
        periods = [p for p in periods if (d := due_on_for(form, p)).year == year and d <= today]
        if not periods or not expected_units(form, periods[-1]).filter(pk=unit.pk).exists():
            continue
        for p in periods:
            due += 1
            sub = subs.get((form.pk, p.start))
            if sub is not None and sub.submitted_on and sub.submitted_on <= sub.due_on:
                on_time += 1
    return on_time, due


# --- emulation -----------------------------------------------------------------------------------


@dataclass
class RankRow:
    unit: object
    points: list  # per criterion: (points or None, note)
    total: Decimal
    rank: int = 0
    head: bool = False


def _directives_rate(unit, year) -> tuple[int, int] | None:
    try:
        from ictgov.directives.models import Task
        from ictgov.directives.selectors import task_counts
    except ImportError:  # pragma: no cover - the app is optional
        return None
    counts = task_counts(
        Task.objects.filter(lead_unit=unit, due_on__year=year), on=date(year, 12, 31)
    )
    due = counts.get("done_on_time", 0) + counts.get("done_late", 0) + counts.get("overdue", 0)
    return counts.get("done_on_time", 0), due


def _commune_ict(unit, year):
    """The commune ICT criterion (new-rural-development 8.x) from the facility registry, once
    that app is installed: (indicators met, indicators) for the unit's commune, as of the end of
    the year (today for the current year); None without the registry or a commune."""
    import importlib

    try:
        registry = importlib.import_module("ictgov.registry.selectors")
    except ImportError:
        return None
    evaluate = getattr(registry, "evaluate", None)
    area = unit.admin_unit
    if evaluate is None or area is None or area.level != "commune":
        return None
    on = min(date(year, 12, 31), timezone.localdate())
    results = evaluate([area], on)
    if not results or not results[0].indicators:
        return None
    met = sum(1 for r in results[0].indicators if r.verdict == "met")
    return met, len(results[0].indicators)


def unit_year_value(indicator, unit, year: int) -> Decimal | None:
    """The unit's approved figures of a year, rolled up by the indicator's aggregation."""
    rows = (
        DataValue.objects.filter(
            indicator=indicator,
            unit=unit,
            counted=True,
            number__isnull=False,
            period_start__year=year,
        )
        .values("period_start")
        .annotate(v=Sum("number"))
    )
    return roll_up(indicator, {r["period_start"]: r["v"] for r in rows})


def _indicator_share(criterion, unit, year):
    if criterion.indicator is None or not criterion.target:
        return None
    value = unit_year_value(criterion.indicator, unit, year)
    if value is None:
        return (0, 1)
    return (min(value, criterion.target), criterion.target)


def ranking(cluster, year: int) -> tuple[list[EmulationCriterion], list[RankRow]]:
    """The cluster's members for the year with their points per criterion (manual scores and
    those computed from the system), total and rank (ties share a rank)."""
    criteria = list(
        EmulationCriterion.objects.filter(cluster=cluster, year=year).select_related("indicator")
    )
    term = cluster.terms.filter(year=year).prefetch_related("members").first()
    if term is None:
        return criteria, []
    members = list(term.members.all())
    scores = {
        (s.criterion_id, s.unit_id): s
        for s in EmulationScore.objects.filter(criterion__in=criteria)
    }
    rows = []
    for unit in members:
        cells, total = [], Decimal(0)
        for c in criteria:
            points, note = None, ""
            if c.source == CriterionSource.MANUAL:
                s = scores.get((c.pk, unit.pk))
                if s is not None:
                    points, note = s.points, s.evidence
            else:
                share = None
                if c.source == CriterionSource.REPORTING_ON_TIME:
                    share = unit_on_time_rate(unit, year)
                elif c.source == CriterionSource.DIRECTIVES_ON_TIME:
                    share = _directives_rate(unit, year)
                elif c.source == CriterionSource.COMMUNE_ICT:
                    share = _commune_ict(unit, year)
                elif c.source == CriterionSource.INDICATOR:
                    share = _indicator_share(c, unit, year)
                if share is not None and share[1]:
                    points = (c.max_points * share[0] / share[1]).quantize(Decimal("0.01"))
                    note = f"{share[0]}/{share[1]}"
                elif share is None and c.source == CriterionSource.COMMUNE_ICT:
                    note = "Chưa có dữ liệu sổ quản lý"
            cells.append((points, note))
            total += points or 0
        rows.append(RankRow(unit, cells, total, head=term.head_unit_id == unit.pk))
    rows.sort(key=lambda r: (-r.total, str(r.unit)))
    previous, rank = None, 0
    for i, row in enumerate(rows, start=1):
        if row.total != previous:
            rank, previous = i, row.total
        row.rank = rank
    return criteria, rows


def submissions_for(user):
    return visible(Submission.objects.all(), user)


def periods_for(form: ReportForm, first: date, last: date) -> list[Period]:
    return periods_between(first, last, form.period_kind)
