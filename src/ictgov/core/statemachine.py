"""Explicit state machines: guarded, logged steps in one transaction with a row lock.

An app declares its states and its transitions once::

    MACHINE = StateMachine(
        field="state",
        states=DossierState,
        log_model=DossierTransition, log_record_field="dossier",
        transitions=[
            Transition("accept", _("Chuyển thẩm định"), {RECEIVED}, IN_REVIEW, allowed=can_process),
            Transition("reject", _("Từ chối"), {RECEIVED, IN_REVIEW}, REJECTED,
                       allowed=can_process, note_required=True, note_label=_("lý do từ chối")),
        ],
    )
    MACHINE.perform(user, dossier, "reject", note="Thiếu giấy phép kinh doanh")

`perform` locks the row (`select_for_update`), re-reads its state, checks that the step starts
from that state, that the user may take it and that a required note is given, lets the app
apply its own changes (`apply(locked)`), moves the state, saves (the history records the step)
and writes one log row, all in one transaction. Two people acting at once: the second waits for
the first's lock, then finds the state changed and gets "… đã được người khác xử lý"; nothing of
the refused step is written. On SQLite, writes are serialised by the database instead.

The log is a concrete subclass of `core.models.TransitionLogBase`: the app's own (with a foreign
key to its record, `log_record_field`) or the generic `core.models.TransitionLog`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import ServiceError

__all__ = [
    "StaleState",
    "StateMachine",
    "Transition",
    "TransitionNotAllowed",
]


class TransitionNotAllowed(ServiceError):
    """The step does not start from the record's current state."""


class StaleState(TransitionNotAllowed):
    """Someone else moved the record since the caller read it."""


def _anyone(user, obj) -> bool:
    return True


@dataclass(frozen=True)
class Transition:
    name: str
    label: Any  # shown on buttons and in the log ("Từ chối")
    sources: frozenset[str] | Iterable[str]
    target: str
    allowed: Callable[[Any, Any], bool] = _anyone  # who may: allowed(user, record)
    note_required: bool = False
    note_label: Any = gettext_lazy("ghi chú")  # what the note is ("lý do từ chối")
    # A rule on the record itself: returns a message when the step is refused, else None.
    check: Callable[[Any], str | None] | None = None

    def __post_init__(self):
        object.__setattr__(self, "sources", frozenset(self.sources))


@dataclass
class StateMachine:
    field: str
    states: type[models.TextChoices]
    transitions: list[Transition]
    log_model: type[models.Model]
    log_record_field: str | None = None  # None: the generic log (content type + object id)
    noun: Any = gettext_lazy("Hồ sơ")  # how messages name the record
    _by_name: dict[str, Transition] = field(init=False, repr=False)

    def __post_init__(self):
        self._by_name = {t.name: t for t in self.transitions}
        known = set(self.states.values)
        for t in self.transitions:
            unknown = (set(t.sources) | {t.target}) - known
            if unknown:
                raise ValueError(f"transition {t.name!r}: unknown states {sorted(unknown)}")

    # --- reading --------------------------------------------------------------------------------

    def __getitem__(self, name: str) -> Transition:
        try:
            return self._by_name[name]
        except KeyError:
            raise TransitionNotAllowed(
                _("Không có thao tác “%(name)s”.") % {"name": name}
            ) from None

    def __contains__(self, name: str) -> bool:
        return name in self._by_name

    def state_label(self, state: str) -> str:
        try:
            return str(self.states(state).label)
        except ValueError:
            return state

    def possible(self, obj) -> list[Transition]:
        """The steps that start from the record's current state."""
        state = getattr(obj, self.field)
        return [t for t in self.transitions if state in t.sources]

    def available(self, user, obj) -> list[Transition]:
        """The steps `user` may take now (what a page offers)."""
        return [t for t in self.possible(obj) if t.allowed(user, obj)]

    def can(self, user, obj, name: str) -> bool:
        t = self._by_name.get(name)
        return t is not None and getattr(obj, self.field) in t.sources and t.allowed(user, obj)

    # --- acting ---------------------------------------------------------------------------------

    def perform(
        self,
        user,
        obj,
        name: str,
        *,
        note: str = "",
        expected_state: str | None = None,
        apply: Callable[[Any], dict | None] | None = None,
        at=None,
    ):
        """Take the step `name` on `obj` as `user`; returns the saved record (and updates `obj`).

        `expected_state`: the state the user saw (a form's hidden field); by default the state
        `obj` holds. `apply(locked)` makes the app's own changes on the locked row before the
        state moves and may return extra columns for the log row; it may raise `ServiceError`,
        and then nothing is written."""
        t = self[name]
        seen = expected_state if expected_state is not None else getattr(obj, self.field)
        note = (note or "").strip()
        at = at or timezone.now()
        model = type(obj)
        with transaction.atomic():
            locked = model._base_manager.select_for_update().get(pk=obj.pk)
            current = getattr(locked, self.field)
            if current != seen:
                raise StaleState(
                    _(
                        "%(noun)s đã được người khác xử lý (hiện ở bước “%(state)s”); "
                        "hãy tải lại trang để xem."
                    )
                    % {"noun": self.noun, "state": self.state_label(current)}
                )
            if current not in t.sources:
                raise TransitionNotAllowed(
                    _("Không thể “%(action)s” khi %(noun)s đang ở bước “%(state)s”.")
                    % {
                        "action": t.label,
                        "noun": str(self.noun).lower(),
                        "state": self.state_label(current),
                    }
                )
            if not t.allowed(user, locked):
                raise PermissionDenied(
                    _("Bạn không có quyền “%(action)s” %(noun)s này.")
                    % {"action": t.label, "noun": str(self.noun).lower()}
                )
            if t.note_required and not note:
                raise ServiceError(_("Cần nêu %(what)s.") % {"what": t.note_label}, field="note")
            if t.check is not None:
                message = t.check(locked)
                if message:
                    raise TransitionNotAllowed(message)
            extra = (apply(locked) if apply is not None else None) or {}
            setattr(locked, self.field, t.target)
            locked._history_user = user
            locked._change_reason = f"{t.label}: {note}" if note else str(t.label)
            locked.save()
            self._log(locked, user, t, current, note, at, extra)
        for f in model._meta.concrete_fields:
            setattr(obj, f.attname, getattr(locked, f.attname))
        obj._state.fields_cache = dict(locked._state.fields_cache)  # related rows it changed
        return locked

    def _log(self, record, user, t: Transition, from_state: str, note: str, at, extra: dict):
        values = {
            "name": t.name,
            "from_state": from_state,
            "to_state": t.target,
            "actor": user if getattr(user, "is_authenticated", False) else None,
            "at": at,
            "note": note,
            **extra,
        }
        if self.log_record_field:
            values[self.log_record_field] = record
        else:
            from django.contrib.contenttypes.models import ContentType

            values["content_type"] = ContentType.objects.get_for_model(record)
            values["object_id"] = record.pk
        return self.log_model._default_manager.create(**values)

    def log_of(self, obj):
        """The record's log, oldest first."""
        qs = self.log_model._default_manager.all()
        if self.log_record_field:
            qs = qs.filter(**{self.log_record_field: obj})
        else:
            from django.contrib.contenttypes.models import ContentType

            qs = qs.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
        return qs.select_related("actor").order_by("at", "pk")
