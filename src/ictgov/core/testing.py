"""Helpers for the apps' tests (imported by tests only)."""

from dataclasses import dataclass
from io import BytesIO


@dataclass
class ExportedList:
    title: str
    as_of: str
    headers: list
    rows: list[tuple]


def read_export(response) -> ExportedList:
    """An Excel export as officials see it: title, "Tính đến ngày …", headers, data rows."""
    from openpyxl import load_workbook

    content = b"".join(response.streaming_content) if response.streaming else response.content
    ws = load_workbook(BytesIO(content)).active
    rows = list(ws.iter_rows(values_only=True))
    return ExportedList(
        title=rows[0][0], as_of=rows[1][0], headers=list(rows[3]), rows=rows[4:]
    )
