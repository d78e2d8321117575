"""Excel import, all or nothing, for any app (registry facilities, reporting submissions, …).

An app describes its sheet once with an `ImportSpec` (its `Column`s and any checks that need
the whole file or the database); core reads the file, checks every row, and either hands every
row to the app's `save` callable inside one transaction, or writes nothing and returns every
problem, each naming the sheet, the row, the cell and the column in Vietnamese:

    Trang "Trạm BTS", dòng 7, ô C7 (cột "Vĩ độ"): "abc" không phải là số.

Usage::

    from ictgov.core.imports import Column, ImportSpec, ImportRejected

    SPEC = ImportSpec(
        title="Trạm BTS",                                    # sheet name, template title
        columns=[
            Column("name", "Tên trạm", required=True, max_length=200),
            Column("site_code", "Mã trạm", required=True),
            Column("latitude", "Vĩ độ", kind="decimal", required=True, min_value=8, max_value=24),
            Column("technologies", "Công nghệ", kind="choice", multiple=True,
                   choices=[("4g", "4G"), ("5g", "5G")]),
            Column("commune", "Mã xã", required=True, parse=commune_by_code),  # app's converter
            Column("opened_on", "Ngày hoạt động", kind="date"),
        ],
        unique=[("site_code",)],          # duplicates inside the file are errors
        check_rows=check_against_db,      # (rows) -> None; calls row.error(...) in bulk
    )

    result = SPEC.validate(uploaded_file)      # read + check, writes nothing
    if not result.ok:
        for message in result.messages(): ...
    outcome = SPEC.import_file(uploaded_file, save=lambda rows: create_all(rows))
    # ImportRejected(result) is raised when any row is wrong; nothing was written.

    return SPEC.template_response("mau-tram-bts")   # the empty template with its header row

Pieces:

- `Column(key, header, kind=..., required=..., choices=..., multiple=..., min_value=...,
  max_value=..., max_length=..., parse=..., default=..., help=..., example=...)`. `kind` is
  one of "text", "int", "decimal", "float", "date", "bool", "choice". `parse(value)` (after the
  kind's conversion) may return another value (e.g. a model instance) or raise `ValueError` /
  `django.core.exceptions.ValidationError` with a Vietnamese message.
- `ImportSpec(title, columns, unique=(), check_rows=None, max_rows=200_000, header_rows=1,
  check_file=None, chunk_rows=0, look_ahead=None)`: with `chunk_rows`, `import_file` checks
  and saves the file that many rows at a time inside its transaction (`RowChunks`, below);
  `check_rows` then sees one chunk, `check_file` every row once at the end, and
  `look_ahead(values)` the whole file's converted columns before any chunk is written.
  The header row is found by its titles (accents and case do not matter) in the first rows of
  the sheet named `title`, or the first sheet; a missing required column is an error.
- `Row`: `number` (the Excel row number), `values` (dict key → converted value, None when
  empty), `cells` (key → raw value, made on first use), `cell(key)` (one raw value),
  `folded(key)` (the value folded once; a file's rows fold a whole column at once),
  `error(key_or_None, message)`.
- `ImportResult`: `rows`, `errors` (list of `CellError`), `ok`, `messages(limit=None)`,
  `bad_rows` (row numbers).
- `ImportOutcome`: `rows` (how many), `saved` (what `save` returned).
- `CellError`: `sheet`, `row`, `column` (letter or ""), `header`, `value`, `message`; `str()`
  is the Vietnamese sentence.
- `read_sheet(file, sheet=None, engine="calamine")`: the raw rows (lists of values) of a sheet,
  through python-calamine (fast) or openpyxl (`engine="openpyxl"`).
- Progress: `validate(..., progress=callback)` and `import_file(..., progress=callback)` call
  `callback(phase, done, total)` every `progress_every` rows; `ImportJob` (core.models) with the
  task `core.tasks.run_import_job` runs a large file in the background and records progress.

The files are read through python-calamine (openpyxl as a fallback); both load on first use.
"""

from __future__ import annotations

import functools
import gc
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .excel import XLSX, sheet_title
from .text import fold, fold_many

_fold_cached = lru_cache(maxsize=4096)(fold)  # choice cells repeat the same few labels

KINDS = ("text", "int", "decimal", "float", "date", "bool", "choice")
_TRUE = {"co", "x", "yes", "y", "1", "true", "dung", "đung"}
_FALSE = {"khong", "no", "n", "0", "false", "sai"}
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y", "%d/%m/%y")
_SPLIT = re.compile(r"\s*[,;]\s*")


class CellProblem(ValueError):
    """Raised by a converter; carries the Vietnamese reason."""


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _show(value) -> str:
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int  # Excel row number (1-based); 0 for a problem with the sheet itself
    column: str = ""  # letter, "" when the problem is the whole row
    header: str = ""
    value: Any = None
    message: str = ""

    def __str__(self) -> str:
        where = _('Trang "%(sheet)s"') % {"sheet": self.sheet}
        if self.row:
            where += ", " + _("dòng %(row)d") % {"row": self.row}
        if self.column:
            where += ", " + _("ô %(cell)s") % {"cell": f"{self.column}{self.row}"}
        if self.header:
            where += " " + _('(cột "%(header)s")') % {"header": self.header}
        return f"{where}: {self.message}"


@dataclass
class Column:
    key: str
    header: str
    kind: str = "text"
    required: bool = False
    choices: Sequence[tuple[Any, str]] = ()
    multiple: bool = False
    min_value: Any = None
    max_value: Any = None
    max_length: int | None = None
    parse: Callable[[Any], Any] | None = None
    default: Any = None
    help: str = ""
    example: Any = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")
        if self.kind == "choice" and not self.choices:
            raise ValueError(f"column {self.key!r}: a choice column needs choices")
        lookup = {}
        for value, label in self.choices:
            lookup[fold(str(value))] = value
            lookup[fold(str(label))] = value
        self._choices = lookup
        self._convert = getattr(self, f"_to_{self.kind}")

    # Converters: raw cell value (never empty here) → value, or CellProblem.
    def _to_text(self, raw):
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        elif isinstance(raw, datetime):
            raw = f"{raw:%d/%m/%Y %H:%M}"
        elif isinstance(raw, date):
            raw = f"{raw:%d/%m/%Y}"
        text = str(raw).strip()
        if self.max_length and len(text) > self.max_length:
            raise CellProblem(
                _("dài %(n)d ký tự, tối đa %(max)d.") % {"n": len(text), "max": self.max_length}
            )
        return text

    def _to_int(self, raw):
        if isinstance(raw, bool):
            raise CellProblem(_('"%(v)s" không phải là số nguyên.') % {"v": _show(raw)})
        if isinstance(raw, int):
            return self._range(raw)
        if isinstance(raw, float):
            if raw.is_integer():
                return self._range(int(raw))
            raise CellProblem(_('"%(v)s" không phải là số nguyên.') % {"v": _show(raw)})
        text = str(raw).strip().replace(" ", "")
        if re.fullmatch(r"[+-]?\d+", text):
            return self._range(int(text))
        if re.fullmatch(r"[+-]?\d{1,3}([.,]\d{3})+", text):  # 1.200 or 1,200
            return self._range(int(re.sub(r"[.,]", "", text)))
        raise CellProblem(_('"%(v)s" không phải là số nguyên.') % {"v": _show(raw)})

    def _to_decimal(self, raw):
        if isinstance(raw, bool):
            raise CellProblem(_('"%(v)s" không phải là số.') % {"v": _show(raw)})
        if isinstance(raw, (int, float)):
            return self._range(Decimal(str(raw)))
        text = str(raw).strip().replace(" ", "")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")  # Vietnamese decimal comma
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise CellProblem(_('"%(v)s" không phải là số.') % {"v": _show(raw)}) from None
        if not value.is_finite():
            raise CellProblem(_('"%(v)s" không phải là số.') % {"v": _show(raw)})
        return self._range(value)

    def _to_float(self, raw):
        return float(self._to_decimal(raw))

    def _to_date(self, raw):
        if isinstance(raw, datetime):
            return self._range(raw.date())
        if isinstance(raw, date):
            return self._range(raw)
        text = str(raw).strip()
        for fmt in _DATE_FORMATS:
            try:
                return self._range(datetime.strptime(text, fmt).date())
            except ValueError:
                continue
        raise CellProblem(
            _('"%(v)s" không phải là ngày (nhập dạng dd/mm/yyyy).') % {"v": _show(raw)}
        )

    def _to_bool(self, raw):
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, (int, float)) and raw in (0, 1):
            return bool(raw)
        key = fold(str(raw))
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
        raise CellProblem(_('"%(v)s" không hợp lệ: nhập "Có" hoặc "Không".') % {"v": _show(raw)})

    def _to_choice(self, raw):
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        text = str(raw).strip()
        parts = [p for p in _SPLIT.split(text) if p] if self.multiple else [text]
        values = []
        for part in parts:
            try:
                values.append(self._choices[_fold_cached(part)])
            except KeyError:
                allowed = ", ".join(str(label) for _value, label in self.choices)
                raise CellProblem(
                    _('"%(v)s" không thuộc danh sách cho phép (%(allowed)s).')
                    % {"v": _show(part), "allowed": allowed}
                ) from None
        if self.multiple:
            return list(dict.fromkeys(values))
        return values[0]

    def _range(self, value):
        if self.min_value is not None and value < self.min_value:
            raise CellProblem(
                _('"%(v)s" nhỏ hơn giá trị tối thiểu %(min)s.')
                % {"v": _show(value), "min": _show(self.min_value)}
            )
        if self.max_value is not None and value > self.max_value:
            raise CellProblem(
                _('"%(v)s" lớn hơn giá trị tối đa %(max)s.')
                % {"v": _show(value), "max": _show(self.max_value)}
            )
        return value

    def convert(self, raw):
        """The cell's value, or CellProblem. Empty cells give the default (or a problem when
        the column is required)."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if self.required:
                raise CellProblem(_("bắt buộc nhập."))
            return [] if self.multiple and self.default is None else self.default
        value = self._convert(raw)
        if self.parse is not None:
            try:
                value = self.parse(value)
            except ValidationError as exc:
                raise CellProblem(" ".join(exc.messages)) from None
            except CellProblem:
                raise
            except (ValueError, LookupError) as exc:
                raise CellProblem(str(exc)) from None
        return value

    def convert_many(self, cells: list) -> tuple[list, list[tuple[int, str]]]:
        """`convert` of each cell of the column: (values, [(position, problem), …]), a failed
        cell's value None. The common cells (text, numbers, a choice's label) take a short
        path with the same answers; any other cell goes through `convert`."""
        out: list = []
        problems: list[tuple[int, str]] = []
        append = out.append
        empty = [] if self.multiple and self.default is None else self.default
        fast = self.parse is None and not self.multiple
        if self.multiple and self.kind == "choice" and self.parse is None:
            whole = self._convert_lists(cells)
            if whole is not None:
                return whole, problems
        kind, limit = self.kind, self.max_length
        low, high = self.min_value, self.max_value
        choices = self._choices
        missing = object()
        whole = self._convert_column(cells, fast, empty) if fast else None
        if whole is not None:
            return whole, problems
        # A multiple choice ("4G, 5G") is split and looked up once per distinct text.
        lists: dict | None = {} if self.multiple and kind == "choice" and not self.parse else None
        for i, raw in enumerate(cells):
            cls = raw.__class__
            if lists is not None and cls is str:
                known = lists.get(raw)
                if known is not None:
                    append(list(known))
                    continue
                try:
                    value = self.convert(raw)
                except CellProblem as exc:
                    append(None)
                    problems.append((i, str(exc)))
                    continue
                if isinstance(value, list):
                    lists[raw] = tuple(value)
                append(value)
                continue
            if fast:
                if cls is str:
                    text = raw.strip()
                    if not text:
                        if not self.required:
                            append(empty)
                            continue
                    elif kind == "text":
                        if not limit or len(text) <= limit:
                            append(text)
                            continue
                    elif kind == "choice":
                        value = choices.get(_fold_cached(text), missing)
                        if value is not missing:
                            append(value)
                            continue
                elif raw is None:
                    if not self.required:
                        append(empty)
                        continue
                elif (cls is float or cls is int) and kind in ("decimal", "float"):
                    value = Decimal(str(raw))
                    if (low is None or value >= low) and (high is None or value <= high):
                        append(value if kind == "decimal" else float(value))
                        continue
                elif cls is bool and kind == "bool":
                    append(raw)
                    continue
            try:
                append(self.convert(raw))
            except CellProblem as exc:
                append(None)
                problems.append((i, str(exc)))
        return out, problems

    def _convert_lists(self, cells: list) -> list | None:
        """A multiple choice column at once when every cell is text that converts: each
        distinct text ("4G, 5G") split and looked up once; None otherwise."""
        if set(map(type, cells)) != {str}:
            return None
        memo = {}
        for text in dict.fromkeys(cells):
            if not text.strip():
                return None
            try:
                memo[text] = self._to_choice(text)
            except CellProblem:
                return None
        return [list(memo[c]) for c in cells]

    def _convert_column(self, cells: list, fast: bool, empty) -> list | None:
        """The column's values at once when every cell is of the common sort the short path
        of `convert_many` takes (the same answers); None otherwise."""
        n = len(cells)
        if not n:
            return None
        if cells.count(None) == n:  # a column the file leaves empty
            return None if self.required else [empty] * n
        types = set(map(type, cells))
        kind = self.kind
        if types == {str} and kind in ("text", "choice"):
            texts = [c.strip() for c in cells]
            if "" in texts:
                return None
            if kind == "text":
                limit = self.max_length
                return texts if not limit or max(map(len, texts)) <= limit else None
            missing = object()
            values = [self._choices.get(_fold_cached(t), missing) for t in texts]
            return None if missing in values else values
        if kind == "bool" and types == {str}:  # "Có" / "Không"
            memo: dict = {}
            values = []
            for text in cells:
                value = memo.get(text)
                if value is None:
                    key = fold(text)
                    value = memo[text] = True if key in _TRUE else False if key in _FALSE else ""
                if value == "":
                    return None
                values.append(value)
            return values
        if kind == "int" and types <= {float, int}:  # whole numbers (Excel's are floats)
            if not all(c.is_integer() for c in cells if c.__class__ is float):
                return None
            values = [int(c) for c in cells]
            low, high = self.min_value, self.max_value
            if (low is not None and min(values) < low) or (high is not None and max(values) > high):
                return None
            return values
        if kind in ("decimal", "float") and types <= {float, int}:
            values = [Decimal(str(c)) for c in cells]
            low, high = self.min_value, self.max_value
            if (low is not None and min(values) < low) or (high is not None and max(values) > high):
                return None
            return values if kind == "decimal" else [float(v) for v in values]
        return None

    def describe(self) -> str:
        """The rule of the column, for the template's instructions sheet."""
        bits = [_("bắt buộc") if self.required else _("không bắt buộc")]
        kind = {
            "text": _("chữ"),
            "int": _("số nguyên"),
            "decimal": _("số (dấu thập phân là dấu chấm hoặc phẩy)"),
            "float": _("số (dấu thập phân là dấu chấm hoặc phẩy)"),
            "date": _("ngày dd/mm/yyyy"),
            "bool": _('"Có" hoặc "Không"'),
            "choice": _("một trong: %(c)s") % {"c": ", ".join(str(lb) for _v, lb in self.choices)},
        }[self.kind]
        if self.kind == "choice" and self.multiple:
            kind = _("một hoặc nhiều (cách nhau dấu phẩy): %(c)s") % {
                "c": ", ".join(str(lb) for _v, lb in self.choices)
            }
        bits.append(kind)
        if self.min_value is not None:
            bits.append(_("từ %(v)s") % {"v": _show(self.min_value)})
        if self.max_value is not None:
            bits.append(_("đến %(v)s") % {"v": _show(self.max_value)})
        if self.max_length:
            bits.append(_("tối đa %(n)d ký tự") % {"n": self.max_length})
        if self.help:
            bits.append(str(self.help))
        return "; ".join(bits)


class Row:
    """One data row of the sheet. `cells` (key → raw value) is made on first use from the
    sheet's row: a file of a hundred thousand rows needs it only for its few bad ones."""

    _cells: dict | None = None
    _folded: dict | None = None

    def __init__(self, number: int, values: dict, cells: dict | None = None, _result=None):
        self.number = number
        self.values = values
        self._cells = cells
        self._result = _result
        self._raw = None  # the sheet's row and key → column index, when cells is not given
        self._index = -1  # position in _result.rows, for the folded columns
        self._folded: dict | None = None

    def __repr__(self) -> str:
        return f"Row(number={self.number!r}, values={self.values!r})"

    @property
    def cells(self) -> dict:
        if self._cells is None:
            raw, at = self._raw or ((), {})
            self._cells = {k: raw[i] if i < len(raw) else None for k, i in at.items()}
        return self._cells

    @cells.setter
    def cells(self, value: dict):
        self._cells = value

    def cell(self, key: str):
        """The raw value of the cell of `key` (None when empty or absent)."""
        if self._cells is None and self._raw is not None:
            raw, at = self._raw
            i = at.get(key)
            return raw[i] if i is not None and i < len(raw) else None
        return self.cells.get(key)

    def folded(self, key: str):
        """The value of `key` accent- and case-folded when it is text (else as it is), folded
        once for every check that compares it (duplicates in the file, in the database); the
        rows of one file fold a column at once, each distinct value once."""
        if self._index >= 0 and self._result is not None:
            return self._result._folded_column(key)[self._index]
        if self._folded is None:
            self._folded = {}
        try:
            return self._folded[key]
        except KeyError:
            value = self.values.get(key)
            out = self._folded[key] = fold(value) if isinstance(value, str) else value
            return out

    def error(self, key: str | None, message: str):
        """Record a problem of this row (of one column when `key` is given)."""
        self._result._add(self.number, key, self.cell(key) if key else None, message)


@dataclass
class ImportResult:
    sheet: str
    spec: ImportSpec = field(repr=False)
    rows: list[Row] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    columns: dict = field(default_factory=dict)  # key → column index in the sheet
    _folded: dict = field(default_factory=dict, repr=False)  # key → folded values of the rows
    _fold_memo: dict = field(default_factory=dict, repr=False)  # key → {text: folded}

    def _folded_column(self, key: str) -> list:
        """`Row.folded(key)` of every row so far, each distinct text folded once (the rows of
        a file checked in chunks: the new rows' values added to the column)."""
        column = self._folded.get(key)
        if column is None:
            column = self._folded[key] = []
            self._fold_memo[key] = {}
        if len(column) < len(self.rows):
            memo = self._fold_memo[key]
            values = [row.values.get(key) for row in self.rows[len(column) :]]
            texts = [
                v for v in dict.fromkeys(v for v in values if v.__class__ is str) if v not in memo
            ]
            memo.update(zip(texts, fold_many(texts), strict=True))
            column += [memo[v] if v.__class__ is str else v for v in values]
        return column

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors if e.row})

    def messages(self, limit: int | None = None) -> list[str]:
        errors = sorted(self.errors, key=lambda e: (e.row, e.column.rjust(3)))
        shown = [str(e) for e in (errors if limit is None else errors[:limit])]
        if limit is not None and len(errors) > limit:
            shown.append(_("… và %(n)d lỗi khác.") % {"n": len(errors) - limit})
        return shown

    def _add(self, row: int, key: str | None, value, message: str):
        column = self.spec.column(key) if key else None
        index = self.columns.get(key) if key else None
        self.errors.append(
            CellError(
                sheet=self.sheet,
                row=row,
                column=column_letter(index) if index is not None else "",
                header=str(column.header) if column else "",
                value=value,
                message=str(message),
            )
        )


@dataclass
class ImportOutcome:
    rows: int
    saved: Any = None


class ImportRejected(Exception):
    """The file had problems; nothing was written. `result.messages()` says which."""

    def __init__(self, result: ImportResult):
        self.result = result
        super().__init__("\n".join(result.messages(limit=20)))


class RowChunks:
    """The rows of a file checked chunk by chunk (`ImportSpec.chunk_rows`), as `import_file`
    gives them to `save`: `len()` is the number of rows; iterating yields each chunk's rows
    (a list) once checked; after the last, if any row of the file is wrong, ImportRejected."""

    def __init__(self, spec: ImportSpec, kept: list, result: ImportResult, progress=None):
        self._spec, self._kept, self.result = spec, kept, result
        self._progress = progress
        self._started = False
        self.finished = False

    def __len__(self) -> int:
        return len(self._kept)

    def __iter__(self):
        if self._started:
            raise RuntimeError("the rows of a file are read once")
        self._started = True
        yield from self._spec._checked(self._kept, self.result, self._progress)
        self.finished = True
        if not self.result.ok:
            raise ImportRejected(self.result)


def folded_column(rows: list[Row], key: str) -> list:
    """`row.folded(key)` of each of `rows`: the file's folded column (each distinct text
    folded once) when `rows` are the rows of a file or a chunk of them."""
    result = getattr(rows[0], "_result", None) if rows else None
    if result is not None and rows is result.rows:
        return result._folded_column(key)
    start = getattr(rows[0], "_index", -1) if rows else -1
    end = start + len(rows)
    if (
        start >= 0
        and len(result.rows) >= end
        and result.rows[start] is rows[0]
        and result.rows[end - 1] is rows[-1]
    ):  # a chunk of the file's rows, in order
        return result._folded_column(key)[start:end]
    return [row.folded(key) for row in rows]


def in_chunks(rows, size: int):
    """The chunks of `rows`: a list's slices of `size`, or a `RowChunks`' own chunks."""
    if isinstance(rows, RowChunks):
        return iter(rows)
    return (rows[start : start + size] for start in range(0, len(rows), size))


def _open(file):
    """A path, bytes, or a (Django) file object → something both readers take."""
    if isinstance(file, (str, Path)):
        return str(file)
    if isinstance(file, (bytes, bytearray)):
        return io.BytesIO(file)
    if hasattr(file, "open") and hasattr(file, "chunks"):  # Django File
        file.open("rb")
        file.seek(0)
        return io.BytesIO(file.read())
    if hasattr(file, "seek"):
        file.seek(0)
    return file


def read_sheet(file, sheet: str | None = None, engine: str = "calamine"):
    """(sheet name, rows as lists of values) of the sheet named `sheet` (or the first).

    Raises CellProblem when the file is not a workbook we can read."""
    source = _open(file)
    try:
        if engine == "calamine":
            try:
                from python_calamine import CalamineWorkbook
            except ImportError:  # pragma: no cover - calamine is a dependency
                engine = "openpyxl"
        if engine == "calamine":
            wb = CalamineWorkbook.from_object(source)
            names = wb.sheet_names
            name = _pick_sheet(names, sheet)
            return name, wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        from openpyxl import load_workbook

        wb = load_workbook(source, read_only=True, data_only=True)
        try:
            name = _pick_sheet(wb.sheetnames, sheet)
            return name, [list(r) for r in wb[name].iter_rows(values_only=True)]
        finally:
            wb.close()
    except CellProblem:
        raise
    except Exception as exc:  # any reader failure: not a workbook, corrupt, password, …
        raise CellProblem(
            _("Không đọc được tệp: tệp phải là bảng tính Excel (.xlsx, .xls) hoặc .ods.")
        ) from exc


def _pick_sheet(names: Sequence[str], wanted: str | None) -> str:
    if not names:
        raise CellProblem(_("Tệp không có trang tính nào."))
    if wanted:
        for name in names:
            if fold(name) == fold(wanted):
                return name
        # A template whose sheet was renamed still imports from its first sheet.
    return names[0]


def _cyclic_gc_paused(method):
    """Run `method` with Python's cyclic garbage collector paused (and resumed after, if it
    ran before). A file makes a hundred thousand rows of values that all stay alive until the
    save: the collector would walk them again and again (a third of the checks' time) to find
    no cycle; what the import drops is freed by reference counting as usual, and the process's
    other cycles wait for the collector's next run."""

    @functools.wraps(method)
    def paused(*args, **kwargs):
        if not gc.isenabled():
            return method(*args, **kwargs)
        gc.disable()
        try:
            return method(*args, **kwargs)
        finally:
            gc.enable()

    return paused


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class ImportSpec:
    title: str
    columns: Sequence[Column]
    unique: Sequence[Sequence[str]] = ()
    check_rows: Callable[[list[Row]], None] | None = None
    max_rows: int = 200_000
    header_search_rows: int = 10
    check_file: Callable[[list[Row]], None] | None = None
    chunk_rows: int = 0
    look_ahead: Callable[[Callable[[str], list | None]], None] | None = None

    def __post_init__(self):
        self._by_key = {c.key: c for c in self.columns}
        if len(self._by_key) != len(self.columns):
            raise ValueError("duplicate column keys")

    @property
    def sheet_name(self) -> str:
        return sheet_title(self.title)

    def column(self, key: str) -> Column | None:
        return self._by_key.get(key)

    # Reading and checking -------------------------------------------------------------------
    def _find_header(self, rows, result: ImportResult) -> int | None:
        wanted = {fold(str(c.header)): c.key for c in self.columns}
        required = {c.key for c in self.columns if c.required}
        best = None
        for index, row in enumerate(rows[: self.header_search_rows]):
            found = {}
            for col, value in enumerate(row):
                key = wanted.get(fold(str(value)).rstrip(" *")) if not _empty(value) else None
                if key and key not in found:
                    found[key] = col
            if found and (best is None or len(found) > len(best[1])):
                best = (index, found)
            if required <= set(found) and found:
                break
        if best is None:
            result._add(0, None, None, _("Không tìm thấy dòng tiêu đề (tên các cột) của mẫu."))
            return None
        index, found = best
        missing = [self._by_key[k] for k in self._by_key if k in required and k not in found]
        for column in missing:
            result.errors.append(
                CellError(
                    sheet=result.sheet,
                    row=index + 1,
                    header=str(column.header),
                    message=_("thiếu cột bắt buộc trong dòng tiêu đề."),
                )
            )
        result.columns = found
        return None if missing else index

    @_cyclic_gc_paused
    def validate(
        self,
        file,
        *,
        engine: str = "calamine",
        progress: Callable[[str, int, int], None] | None = None,
        progress_every: int = 1000,
    ) -> ImportResult:
        """Read `file` and check every row; writes nothing. See the module docstring."""
        result = ImportResult(sheet=self.sheet_name, spec=self)
        kept = self._read(file, engine, result)
        if kept is not None:
            for _rows in self._checked(kept, result, progress, whole=True):
                pass
        return result

    def _read(self, file, engine: str, result: ImportResult) -> list | None:
        """The sheet's data rows ((Excel row number, cells) of each row with something in
        it), or None with the problem recorded (unreadable, no header, too many rows…)."""
        try:
            sheet, raw_rows = read_sheet(file, self.sheet_name, engine)
        except CellProblem as exc:
            result._add(0, None, None, str(exc))
            return None
        result.sheet = sheet
        header = self._find_header(raw_rows, result)
        if header is None:
            return None
        body = raw_rows[header + 1 :]
        while body and all(_empty(v) for v in body[-1]):
            body.pop()
        kept = [  # (Excel row number, cells) of the rows with something in them
            (header + 2 + offset, raw)
            for offset, raw in enumerate(body)
            if not _empty(raw[0] if raw else None) or not all(_empty(v) for v in raw)
        ]
        count = len(kept)
        if count > self.max_rows:
            result._add(
                0,
                None,
                None,
                _("Tệp có %(n)d dòng, vượt quá giới hạn %(max)d dòng một lần nhập.")
                % {"n": count, "max": self.max_rows},
            )
            return None
        if count == 0:
            result._add(0, None, None, _("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
            return None
        return kept

    def _checked(self, kept: list, result: ImportResult, progress=None, whole: bool = False):
        """Check the rows `kept`, `chunk_rows` at a time (all at once when 0 or `whole`),
        yielding each chunk's rows (`check_rows` run on them) while the file has no problem
        so far, then run `check_file` on every row. Every chunk is checked even after a
        problem, so that the result lists all of them. First, `look_ahead(values)` is told
        of the whole file: `values(key)` is a column's converted values, every row's (None
        for a cell that does not convert; None for a column the sheet lacks), for what the
        checks must know of the file before any chunk of it is written."""
        plan = [(c.key, c, result.columns[c.key]) for c in self.columns if c.key in result.columns]
        absent = [c for c in self.columns if c.key not in result.columns]
        defaults = {c.key: [] if c.multiple and c.default is None else c.default for c in absent}
        keys = [key for key, _c, _i in plan]
        width = max(index for _k, _c, index in plan) + 1
        at = {key: index for key, _c, index in plan}  # a row's cells, when asked for
        count = len(kept)
        size = count if whole or not self.chunk_rows else self.chunk_rows
        # The first chunk a fifth of the others: the database starts writing sooner.
        starts = [0, *range(max(1, size // 5), count, size)] if size < count else [0]
        seen: list[dict] = [{} for _keys in self.unique]  # unique key → its first row
        if self.look_ahead is not None:

            def values(key: str) -> list | None:
                if key not in at:
                    return None
                index = at[key]
                cells = [raw[index] if index < len(raw) else None for _n, raw in kept]
                return self._by_key[key].convert_many(cells)[0]

            self.look_ahead(values)
        for start, end in zip(starts, [*starts[1:], count], strict=True):
            part = kept[start:end]
            rows = self._check_part(part, start, result, plan, keys, width, at, defaults)
            self._check_unique(result, rows, seen)
            if self.check_rows is not None:
                self.check_rows(rows)
            if progress:
                progress("validate", start + len(part), count)
            if result.ok:
                yield rows
        if self.check_file is not None and result.rows:
            self.check_file(result.rows)
        result.errors.sort(key=lambda e: e.row)  # in the order of the rows, as the sheet reads

    def _check_part(self, part, start, result, plan, keys, width, at, defaults) -> list[Row]:
        """Convert the cells of the rows `part` (the sheet's rows from position `start`)
        column by column, each column's converter once over its cells, and make their Rows."""
        errors = result.errors
        sheet_name = result.sheet
        bodies = [raw for _n, raw in part]
        if min(map(len, bodies)) < width:  # a short row (calamine's rows are all as wide)
            bodies = [raw + [None] * (width - len(raw)) for raw in bodies]
        sheet_columns = list(zip(*bodies, strict=False))  # the rows column-wise, at once
        value_columns = []
        for _key, column, index in plan:
            cells = list(sheet_columns[index])
            values, problems = column.convert_many(cells)
            letter, header_text = column_letter(index), str(column.header)
            for i, message in problems:
                errors.append(
                    CellError(sheet_name, part[i][0], letter, header_text, cells[i], message)
                )
            value_columns.append(values)
        rows = []
        new_row = Row.__new__
        dicts = map(dict, map(zip, repeat(keys), zip(*value_columns, strict=True)))
        for position, ((number, raw), row_values) in enumerate(
            zip(part, dicts, strict=True), start=start
        ):
            if defaults:
                row_values.update(defaults)
            row = new_row(Row)  # _cells and _folded: the class's None until asked for
            row.number, row.values, row._result = number, row_values, result
            row._raw, row._index = (raw, at), position
            rows.append(row)
        result.rows += rows
        return rows

    def _check_unique(self, result: ImportResult, rows: list[Row], seen: list[dict]):
        """Duplicates of `unique` among `rows` and the rows before them (`seen`, one map per
        key: value → the row where it first came)."""
        if not rows:
            return
        start, end = rows[0]._index, rows[0]._index + len(rows)
        for keys, first_of in zip(self.unique, seen, strict=True):
            headers = ", ".join(str(self._by_key[k].header) for k in keys)
            columns = [result._folded_column(k)[start:end] for k in keys]
            values = list(zip(*columns, strict=True))
            given = [v for v in values if None not in v and "" not in v]
            if len(set(given)) == len(given) and first_of.keys().isdisjoint(given):
                # no two alike: nothing to name
                first_of.update(
                    (v, row.number)
                    for v, row in zip(values, rows, strict=True)
                    if None not in v and "" not in v
                )
                continue
            for row, value in zip(rows, values, strict=True):
                if None in value or "" in value:
                    continue
                first = first_of.setdefault(value, row.number)
                if first != row.number:
                    row.error(
                        keys[0],
                        _("trùng %(what)s với dòng %(row)d trong cùng tệp.")
                        % {"what": headers, "row": first},
                    )

    @_cyclic_gc_paused
    def import_file(
        self,
        file,
        save: Callable[[list[Row]], Any],
        *,
        engine: str = "calamine",
        progress: Callable[[str, int, int], None] | None = None,
        progress_every: int = 1000,
    ) -> ImportOutcome:
        """Validate, then `save(rows)` in one transaction. Raises ImportRejected (nothing
        written) when any row is wrong, including problems `save` reports with `row.error`
        or by raising ImportRejected / ValidationError itself.

        With `chunk_rows`, `save` is given the rows as `RowChunks` (its length is the number
        of rows; `in_chunks(rows, n)` gives its chunks) inside the transaction, each chunk as
        soon as it is checked, so that the database writes one while the next is checked; a
        problem anywhere makes the iteration raise ImportRejected once the whole file is
        checked, and the transaction undoes what was written. `progress` is told of each chunk
        as it is checked (its rows are written as the next is checked), from inside the
        transaction: a callback that records it for others to see writes it elsewhere (as
        `run_import_job` does)."""
        if self.chunk_rows:
            result = ImportResult(sheet=self.sheet_name, spec=self)
            kept = self._read(file, engine, result)
            if kept is None:
                raise ImportRejected(result)
            if progress:
                progress("validate", 0, len(kept))
            rows = RowChunks(self, kept, result, progress)
        else:
            result = self.validate(
                file, engine=engine, progress=progress, progress_every=progress_every
            )
            if not result.ok:
                raise ImportRejected(result)
            rows = result.rows
            if progress:
                progress("save", 0, len(rows))
        try:
            with transaction.atomic():
                saved = save(rows)
                if isinstance(rows, RowChunks) and not rows.finished:
                    raise RuntimeError("the import's save left rows of the file unread")
                if not result.ok:  # save found problems (row.error) — undo everything
                    raise ImportRejected(result)
        except ValidationError as exc:
            result._add(0, None, None, " ".join(exc.messages))
            raise ImportRejected(result) from exc
        if progress:
            progress("save", len(rows), len(rows))
        return ImportOutcome(rows=len(rows), saved=saved)

    # Template ------------------------------------------------------------------------------
    def write_template(self, file, examples: Iterable[Sequence] = ()) -> None:
        """An empty workbook: the header row (required columns marked with *) and an
        instructions sheet ("Hướng dẫn") with each column's rule. Headers read back with or
        without the star."""
        from openpyxl import Workbook
        from openpyxl.comments import Comment
        from openpyxl.styles import Alignment, Font, PatternFill

        wb = Workbook()
        ws = wb.active
        ws.title = self.sheet_name
        bold = Font(bold=True)
        fill = PatternFill("solid", fgColor="DDEBF7")
        for index, column in enumerate(self.columns, start=1):
            cell = ws.cell(row=1, column=index, value=str(column.header))
            cell.font = bold
            cell.fill = fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            cell.comment = Comment(column.describe(), "ictgov")
            ws.column_dimensions[column_letter(index - 1)].width = max(
                12, min(40, len(str(column.header)) + 4)
            )
        ws.freeze_panes = "A2"
        for row in examples:
            ws.append(list(row))
        help_ws = wb.create_sheet(_("Hướng dẫn"))
        help_ws.append([_("Cột"), _("Tên cột"), _("Quy định"), _("Ví dụ")])
        for cell in help_ws[1]:
            cell.font = bold
        for index, column in enumerate(self.columns):
            help_ws.append(
                [
                    column_letter(index),
                    str(column.header) + (" *" if column.required else ""),
                    column.describe(),
                    "" if column.example is None else _show(column.example),
                ]
            )
        help_ws.append([])
        help_ws.append(
            [
                _(
                    "Nhập dữ liệu từ dòng 2 của trang đầu. Cột có dấu * là bắt buộc. Nếu có dòng "
                    "sai, hệ thống không nhập dòng nào và liệt kê từng lỗi."
                )
            ]
        )
        help_ws.column_dimensions["B"].width = 30
        help_ws.column_dimensions["C"].width = 80
        wb.save(file)

    def template_response(self, filename: str, examples: Iterable[Sequence] = ()):
        from django.http import HttpResponse

        buffer = io.BytesIO()
        self.write_template(buffer, examples)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response


# Background jobs ---------------------------------------------------------------------------
# A handler is the dotted path of an app's function `prepare(params: dict, user)` returning
# `(spec, save)`; core keeps the path as text, so it imports no app.


def _inline_limit() -> int:
    from django.conf import settings

    return int(settings.ICTGOV.get("IMPORT_INLINE_BYTES", 256 * 1024))


def start_import(
    handler: str,
    file,
    *,
    user,
    title: str,
    params: dict | None = None,
    next_url: str = "",
    background: bool | None = None,
):
    """Keep the uploaded `file` in an ImportJob and run it: at once for a small file, as a
    background task (`core.tasks.run_import`) for a file larger than ICTGOV["IMPORT_INLINE_BYTES"]
    or when `background` is True. Returns the job; its page shows the progress and errors."""
    from django.core.files.base import ContentFile

    from .models import ImportJob

    name = getattr(file, "name", None) or "import.xlsx"
    name = Path(str(name)).name
    if isinstance(file, (bytes, bytearray)):
        file = ContentFile(bytes(file), name=name)
    job = ImportJob(
        handler=handler,
        params=params or {},
        title=title,
        filename=name,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        next_url=next_url,
    )
    job.file.save(name, file, save=False)
    job.save()
    if background is None:
        background = (job.file.size or 0) > _inline_limit()
    if background:
        from .tasks import run_import

        transaction.on_commit(lambda: run_import.enqueue(job.pk))
    else:
        run_import_job(job.pk)
        job.refresh_from_db()
    return job


def run_import_job(job_id: int) -> str:
    """Run the job: validate, save all or nothing, record progress and the outcome."""
    from django.utils import timezone
    from django.utils.module_loading import import_string

    from .models import ImportJob

    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.finished:
        return job.status
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, phase="validate")

    progress, aside = _progress_recorder(job.pk)
    try:
        spec, save = import_string(job.handler)(job.params, job.created_by)
        with job.file.open("rb") as handle:
            data = handle.read()
        outcome = spec.import_file(data, save, progress=progress)
    except ImportRejected as exc:
        messages = exc.result.messages(limit=500)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.REJECTED,
            errors=messages,
            error_count=len(exc.result.errors),
            total=len(exc.result.rows),
            finished_at=timezone.now(),
        )
        return ImportJob.Status.REJECTED
    except Exception as exc:  # recorded for the user; the traceback goes to the log
        import logging

        logging.getLogger(__name__).exception("import job %s failed", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED,
            errors=[_("Lỗi hệ thống khi nhập tệp: %(e)s") % {"e": type(exc).__name__}],
            error_count=1,
            finished_at=timezone.now(),
        )
        return ImportJob.Status.FAILED
    finally:
        if aside is not None:
            aside.close()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE,
        phase="save",
        done=outcome.rows,
        total=outcome.rows,
        rows=outcome.rows,
        errors=[],
        finished_at=timezone.now(),
    )
    return ImportJob.Status.DONE


def _progress_recorder(job_pk: int):
    """A job's progress callback, and the connection it writes through (to be closed).

    A chunked import reports its progress from inside the transaction that writes the rows;
    written there, no one would see it before the end. On PostgreSQL it is therefore written
    through a connection of its own, which commits each report at once. SQLite has one writer
    at a time (the import's transaction holds it), so there it is written with the import and
    the page shows the read and the end. So it is too when the job runs inside a transaction
    of its caller's: the job's row may then be locked by that transaction, and a second
    connection writing it would wait for the first forever."""
    from django.db import connection

    from .models import ImportJob

    alone = connection.vendor != "sqlite" and not connection.in_atomic_block
    aside = connection.copy() if alone else None
    table = ImportJob._meta.db_table

    def progress(phase, done, total):
        if aside is None or not connection.in_atomic_block:
            ImportJob.objects.filter(pk=job_pk).update(phase=phase, done=done, total=total)
            return
        from django.db import OperationalError

        try:
            with aside.cursor() as cursor:
                # A report is worth no wait: the next one says more.
                cursor.execute("SET lock_timeout = '1s'")
                cursor.execute(
                    f"UPDATE {table} SET phase = %s, done = %s, total = %s WHERE id = %s",  # noqa: S608
                    [phase, done, total, job_pk],
                )
        except OperationalError:
            pass

    return progress, aside
