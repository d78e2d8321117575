"""Reads of the licensing app: the officer's inbox and its marks, workload per officer, an
applicant's dossiers, the public lookup, and the service-quality figures (QĐ 766/QĐ-TTg)
computed live from the transition log."""

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ictgov.core.scoping import scope_q, visible
from ictgov.core.sqlcache import one_row

from .models import (
    DECIDED_STATES,
    DOSSIER_TIMELINESS,
    OPEN_STATES,
    Channel,
    Dossier,
    DossierState,
    DossierTransition,
    PaymentMethod,
    Timeliness,
)


def user_province(user):
    """The province of the user's unit (today's), or None."""
    unit = getattr(user, "unit", None)
    admin = unit.admin_unit if unit is not None else None
    if admin is None:
        return None
    province = admin.province
    return province if province.is_current else None


def province_by_code(code: str, on: date):
    from ictgov.geo.selectors import unit_by_code

    unit = unit_by_code(code, on) if code else None
    return unit if unit is not None and unit.level == "province" else None


def with_predecessors(province) -> list | None:
    """A province and those it was formed from in 2025 (their dossiers count as its own);
    None (no filter) without a province."""
    if province is None:
        return None
    return [province.pk, *province.predecessors.values_list("pk", flat=True)]


def dossiers_for(user) -> QuerySet[Dossier]:
    return visible(Dossier.objects.all(), user)


def inbox() -> QuerySet[Dossier]:
    """The inbox's rows with what they show (procedure, handler), not yet scoped: the list view
    scopes them (`visible`) with its filters. Their marks are the view's: by the same rules,
    in Python for a page's 25 rows (`DOSSIER_TIMELINESS.classifier`), in SQL for an export."""
    return Dossier.objects.select_related("procedure", "handler").only(*INBOX_FIELDS)


# What the inbox and its export show of a dossier (its row reads no other column: the
# procedure's texts and the handler's account stay in the database).
INBOX_FIELDS = (
    "receipt_code",
    "procedure__name",
    "applicant_name",
    "received_at",
    "due_on",
    "decided_on",
    "state",
    "handler__first_name",
    "handler__last_name",
    "handler__username",
)


OPEN_MARKS = (Timeliness.OVERDUE, Timeliness.DUE_SOON, Timeliness.ON_TIME, Timeliness.PAUSED)


def mark_counts(qs, on: date, rules=None, *, sql_key=None) -> dict[str, int]:
    """How many open dossiers of `qs` are overdue, due soon, on time, paused (one query). Every
    open dossier has exactly one of the marks, so they add up to the number of open dossiers.
    With `sql_key` (what `qs` depends on, `core.sqlcache.shape_key`) its SQL is compiled once,
    and `qs` may be a function that makes the queryset (called only then)."""
    rules = DOSSIER_TIMELINESS.rules(on) if rules is None else rules
    counts = {mark: Count("pk", filter=rules[mark]) for mark in OPEN_MARKS}
    key = None if sql_key is None else ("licensing.mark_counts", sql_key, on, rules_key(rules))
    build = qs if callable(qs) else lambda: qs
    return one_row(key, Dossier, lambda: build().filter(state__in=OPEN_STATES), counts)


def rules_key(rules: dict) -> tuple:
    """The marks' rules as part of a key (their dates come from the day and a parameter)."""
    return tuple(sorted(rules.items(), key=lambda item: item[0]))


def workload(user, on: date | None = None) -> list[dict]:
    """Open dossiers per handling officer, with how many are overdue, due soon, paused."""
    on = on or timezone.localdate()
    rules = DOSSIER_TIMELINESS.rules(on)
    rows = (
        dossiers_for(user)
        .filter(state__in=OPEN_STATES)
        .values("handler", "handler__first_name", "handler__last_name", "handler__username")
        .annotate(
            open=Count("pk"),
            **{mark: Count("pk", filter=rules[mark]) for mark in OPEN_MARKS},
        )
    )
    out = []
    for row in rows:
        name = (
            " ".join(p for p in (row["handler__first_name"], row["handler__last_name"]) if p)
            or row["handler__username"]
        )
        out.append({**row, "name": name or None})
    return sorted(out, key=lambda r: (-r[Timeliness.OVERDUE], -r["open"], r["name"] or ""))


def applicant_dossiers(user) -> QuerySet[Dossier]:
    return (
        Dossier.objects.filter(applicant=user)
        .select_related("procedure")
        .order_by("-received_at", "-pk")
    )


# A receipt code holds no spaces and only ASCII hyphens: what people paste or type around it
# (spaces, a line break from the PDF slip, a word processor's dashes, zero-width characters
# from a chat message) is read as the code.
_CODE_NOISE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_CODE_DASHES = re.compile(r"[\u2010-\u2015\u2212]")


def normalise_code(code: str) -> str:
    return _CODE_DASHES.sub("-", _CODE_NOISE.sub("", code or "")).upper()


def lookup(code: str) -> Dossier | None:
    """A dossier by its receipt code, for the public lookup (no personal data is shown)."""
    code = normalise_code(code)
    if not code or len(code) > 60:
        return None
    return (
        Dossier.objects.select_related("procedure", "issuer", "clock")
        .filter(receipt_code=code)
        .first()
    )


# --- service-quality figures (QĐ 766/QĐ-TTg) -----------------------------------------------


FIGURE_COUNTS = {
    "decided": Count("pk"),
    "early": Count("pk", filter=Q(acted_on__lt=F("due_on"))),
    "on_time": Count("pk", filter=Q(acted_on__lte=F("due_on"))),
    "working_days": Sum("working_days"),
    "online": Count("pk", filter=Q(dossier__channel=Channel.ONLINE)),
    "paid": Count("pk", filter=Q(dossier__paid_on__isnull=False)),
    "paid_online": Count("pk", filter=Q(dossier__paid_via=PaymentMethod.ONLINE)),
    "electronic": Count("pk", filter=Q(dossier__electronic_result=True)),
    "rated": Count("pk", filter=Q(dossier__rating__isnull=False)),
    "satisfied": Count("pk", filter=Q(dossier__rating__gte=4)),
}


@dataclass
class Figures:
    """One line of the figures: counts, and the shares QĐ 766 scores."""

    decided: int = 0
    early: int = 0
    on_time: int = 0
    working_days: int = 0
    online: int = 0
    paid: int = 0
    paid_online: int = 0
    electronic: int = 0
    rated: int = 0
    satisfied: int = 0

    def add(self, row: dict) -> None:
        for key in FIGURE_COUNTS:
            setattr(self, key, getattr(self, key) + (row.get(key) or 0))

    @staticmethod
    def _share(part, whole):
        return round(100 * part / whole, 1) if whole else None

    @property
    def on_time_share(self):
        return self._share(self.on_time, self.decided)

    @property
    def early_share(self):
        return self._share(self.early, self.decided)

    @property
    def average_days(self):
        return round(self.working_days / self.decided, 1) if self.decided else None

    @property
    def online_share(self):
        return self._share(self.online, self.decided)

    @property
    def paid_online_share(self):
        return self._share(self.paid_online, self.paid)

    @property
    def electronic_share(self):
        return self._share(self.electronic, self.decided)

    @property
    def satisfaction_share(self):
        return self._share(self.satisfied, self.rated)


def decisions(user, *, start: date, end: date, provinces=None) -> QuerySet[DossierTransition]:
    """The decision steps (approved or rejected) taken from `start` to `end`, of the dossiers
    `user` may read: each dossier is counted once, in the month it was decided."""
    qs = DossierTransition.objects.filter(
        to_state__in=DECIDED_STATES, acted_on__gte=start, acted_on__lte=end
    )
    if provinces is not None:
        qs = qs.filter(province__in=provinces)
    if scope_q(Dossier, user) is not None:
        qs = qs.filter(dossier__in=dossiers_for(user).values("pk"))
    return qs


def figures(user, *, start: date, end: date, provinces=None) -> list[dict]:
    """Per procedure, issuing unit and month: the QĐ 766 counts, one query."""
    rows = (
        decisions(user, start=start, end=end, provinces=provinces)
        .annotate(month=TruncMonth("acted_on"))
        .values(
            "dossier__procedure",
            "dossier__procedure__name",
            "dossier__issuer",
            "dossier__issuer__name",
            "month",
        )
        .annotate(**FIGURE_COUNTS)
        .order_by("month", "dossier__procedure__name", "dossier__issuer__name")
    )
    out = []
    for row in rows:
        figures_ = Figures()
        figures_.add(row)
        month = row["month"]
        out.append(
            {
                "procedure_id": row["dossier__procedure"],
                "procedure": row["dossier__procedure__name"],
                "issuer_id": row["dossier__issuer"],
                "issuer": row["dossier__issuer__name"],
                "month": month.date() if hasattr(month, "date") else month,
                "figures": figures_,
            }
        )
    return out


def summarise(rows: list[dict], key) -> list[tuple]:
    """Rows grouped by `key(row)`, each group's figures added up, in first-seen order."""
    groups: dict = {}
    for row in rows:
        groups.setdefault(key(row), Figures()).add(vars(row["figures"]))
    return list(groups.items())


def total(rows: list[dict]) -> Figures:
    out = Figures()
    for row in rows:
        out.add(vars(row["figures"]))
    return out


def average_rating(qs: QuerySet[Dossier]):
    return qs.filter(rating__isnull=False).aggregate(avg=Avg("rating"))["avg"]


STATE_ORDER = [s.value for s in DossierState]
