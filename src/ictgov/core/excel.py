"""Excel export of any list, in the layout officials print: a title, "tính đến ngày …", a
numbered (STT) table with wrapped text and sized columns, A4 landscape.

Rows are streamed through openpyxl's write-only workbook, so the time grows with the rows and
the memory does not. Text a user typed is always written as text: a cell starting with "=",
"+", "-" or "@" would otherwise be a live formula in the reader's spreadsheet.
"""

import re
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from itertools import islice

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_WIDTH_SAMPLE = 300  # rows looked at to size the columns before streaming the rest
_MIN_WIDTH, _MAX_WIDTH = 6, 60


def sheet_title(title: str) -> str:
    """A name Excel accepts for a sheet: no []:*?/\\, at most 31 characters (cut between words
    where it can: not "… giải quyết th"), not empty."""
    name = _SHEET_NAME_FORBIDDEN.sub("-", str(title)).strip("'")
    if len(name) > 31:
        cut = name[:32].rsplit(" ", 1)[0] if " " in name[:32] else name[:31]
        name = cut.rstrip(" -–,:;(") or name[:31]
    return name or "Sheet1"


def _plain(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, (int, float, Decimal, date)):
        return value
    return str(value)


class _Styles:
    """The few cell styles of a list, registered once in the workbook; each data cell takes a
    copy of one (setting fonts and borders cell by cell is several times slower)."""

    def __init__(self, ws):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Border, Font, Side

        thin = Side(style="thin", color="999999")
        box = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.title = Font(bold=True, size=14)
        self.subtitle = Font(italic=True)
        self.header_font = Font(bold=True)
        self.header_alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        self.border = box

        def style(alignment, number_format="General"):
            cell = WriteOnlyCell(ws)
            cell.border = box
            cell.alignment = alignment
            cell.number_format = number_format
            return cell._style, cell.style_id

        wrap = Alignment(wrap_text=True, vertical="top")
        self.text = style(wrap)
        self.number = style(Alignment(vertical="top", horizontal="center"))
        self.day = style(wrap, "DD/MM/YYYY")
        self.moment = style(wrap, "DD/MM/YYYY HH:MM")


def _styled_cell_class():
    """A cell built with its value's type and its registered style already known, so that
    writing hundreds of thousands of them costs little more than writing bare values."""
    global _StyledCell
    if _StyledCell is None:
        from openpyxl.cell.cell import Cell

        class StyledCell(Cell):
            __slots__ = ("_style_id",)

            def __init__(self, ws, value, data_type, style):
                self.parent = ws
                self.row = self.column = 1
                self._value = value
                self.data_type = data_type
                self._hyperlink = self._comment = None
                self._style, self._style_id = style

            @property
            def style_id(self):
                return self._style_id

        _StyledCell = StyledCell
    return _StyledCell


_StyledCell = None
_CONTROL_CHARACTERS = re.compile(r"[\000-\010\013\014\016-\037]")
_EXCEL_MAX_TEXT = 32767


def _cell(ws, styles, value, *, number: bool = False):
    value = _plain(value)
    if isinstance(value, str):
        # Text stays text (never a formula); characters XML cannot carry are dropped.
        value = _CONTROL_CHARACTERS.sub("", value)[:_EXCEL_MAX_TEXT]
        return _styled_cell_class()(ws, value or None, "s" if value else "n", styles.text)
    if isinstance(value, datetime):
        return _styled_cell_class()(ws, value, "d", styles.moment)
    if isinstance(value, date):
        return _styled_cell_class()(ws, value, "d", styles.day)
    return _styled_cell_class()(ws, value, "n", styles.number if number else styles.text)


def _width(value) -> int:
    value = _plain(value)
    if isinstance(value, (date, datetime)):
        return 11
    longest = max((len(line) for line in str(value).splitlines()), default=0)
    return max(_MIN_WIDTH, min(_MAX_WIDTH, longest + 2))


def write_workbook(
    file,
    title: str,
    headers: Sequence,
    rows: Iterable[Sequence],
    *,
    as_of: date | None = None,
    numbered: bool = True,
) -> int:
    """Write the list to `file` (a path or a binary file); returns the number of rows."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title(title))
    styles = _Styles(ws)
    headers = [str(h) for h in headers]
    if numbered:
        headers = [_("STT"), *headers]
    rows = iter(rows)
    sample = list(islice(rows, _WIDTH_SAMPLE))
    widths = [_width(h) for h in headers]
    for row in sample:
        for i, value in enumerate(row, start=1 if numbered else 0):
            widths[i] = max(widths[i], _width(value))
    if numbered:
        widths[0] = 6
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width

    last = get_column_letter(len(headers))
    ws.merged_cells.add(f"A1:{last}1")
    ws.merged_cells.add(f"A2:{last}2")
    ws.freeze_panes = "A5"
    ws.print_title_rows = "4:4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True

    from openpyxl.cell import WriteOnlyCell

    heading = WriteOnlyCell(ws, value=str(title))
    heading.font = styles.title
    ws.append([heading])
    as_of = as_of or timezone.localdate()
    subtitle = WriteOnlyCell(ws, value=_("Tính đến ngày %(d)s") % {"d": f"{as_of:%d/%m/%Y}"})
    subtitle.font = styles.subtitle
    ws.append([subtitle])
    ws.append([])
    header_cells = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=h)
        cell.font = styles.header_font
        cell.alignment = styles.header_alignment
        cell.border = styles.border
        header_cells.append(cell)
    ws.append(header_cells)

    # Every row from here on is made of our own cells: hand them to the writer as they are
    # (openpyxl would first try each one as a value and fail, which costs more than the write).
    ws._values_to_row = _own_cells
    count = 0
    for row in _chain(sample, rows):
        count += 1
        cells = [_cell(ws, styles, count, number=True)] if numbered else []
        cells.extend(_cell(ws, styles, value) for value in row)
        ws.append(cells)
    wb.save(file)
    return count


def _own_cells(cells, row_idx):
    for col_idx, cell in enumerate(cells, 1):
        cell.column = col_idx
        cell.row = row_idx
        yield cell


def _chain(first: list, rest):
    yield from first
    yield from rest


def xlsx_response(
    filename: str,
    title: str,
    headers: Sequence,
    rows: Iterable[Sequence],
    *,
    as_of: date | None = None,
    numbered: bool = True,
):
    """The list as a download named `filename`.xlsx (written to a temporary file, not memory)."""
    handle = tempfile.TemporaryFile()
    write_workbook(handle, title, headers, rows, as_of=as_of, numbered=numbered)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX)
