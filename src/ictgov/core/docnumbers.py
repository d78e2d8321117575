"""Numbers and symbols of Vietnamese documents (số, ký hiệu; Decree 30/2020/NĐ-CP, Appendix I).

Shapes understood::

    1789/QĐ-UBND            number/TYPE-ISSUER            a document with a type name
    09/2014/TT-BTTTT        number/year/TYPE-ISSUER       a legal normative document
    126/2025/QH15           number/year/ISSUER            a law or an ordinance
    677/BTTTT-THH           number/ISSUER-UNIT            a công văn: no type, drafting unit
    01/2011/TTLT-BTTTT-BNV  joint documents: the issuer is everything after the type

A symbol whose first part is not a known type abbreviation (``DOCUMENT_TYPES``) is read as a
công văn: issuer, then the drafting unit. So "01/HNVB-VPCP" is issuer "HNVB", unit "VPCP";
the consolidated-text symbol in the law is "VBHN" (01/VBHN-VPCP), which is a known type.

Everything is kept as written: leading zeros ("09"), mixed case (QyĐ, CTr, TTr, TTg) and even
a mis-cased "TTG". ``str(parse_document_number(x)) == x`` for every canonical ``x``. Input is
normalised to NFC, the look-alike "Ð" (U+00D0, left by old font conversions) becomes "Đ", and
dashes become "-".

Party documents ("80-NQ/TW") follow a different rule and are not parsed here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .text import nfc_with_offsets

__all__ = [
    "COPY_TYPES",
    "DOCUMENT_TYPES",
    "DocumentNumber",
    "DocumentNumberError",
    "find_document_numbers",
    "format_document_number",
    "parse_document_number",
]

# Decree 30/2020/NĐ-CP, Appendix III: administrative documents.
ADMINISTRATIVE_TYPES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "TC": "Thông cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền",
    "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép",
    "PG": "Phiếu gửi",
    "PC": "Phiếu chuyển",
    "PB": "Phiếu báo",
}
# Copies carry their own number: 15/SY-UBND.
COPY_TYPES: dict[str, str] = {
    "SY": "Bản sao y",
    "TrS": "Bản trích sao",
    "SL": "Bản sao lục",
}
# Legal normative documents (Law on Promulgation of Legal Documents) and consolidated texts.
NORMATIVE_TYPES: dict[str, str] = {
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "NQLT": "Nghị quyết liên tịch",
    "L": "Lệnh",
    "VBHN": "Văn bản hợp nhất",
}
DOCUMENT_TYPES: dict[str, str] = ADMINISTRATIVE_TYPES | COPY_TYPES | NORMATIVE_TYPES

# Types are recognised whatever the case ("Qđ" is still a decision) but kept as written.
_TYPES_FOLDED: dict[str, str] = {abbr.casefold(): abbr for abbr in DOCUMENT_TYPES}


class DocumentNumberError(ValueError):
    """The text is not a document number and symbol."""


@dataclass(frozen=True, slots=True)
class DocumentNumber:
    number: str  # as written, leading zeros kept: "09"
    year: int | None  # legal normative documents and laws carry the year
    doc_type: str | None  # "QĐ", "TT", "QyĐ" …; None for a công văn or a law
    issuer: str  # "UBND", "BTTTT", "TTg", "QH15"; "BTTTT-BNV" for a joint document
    issuer_unit: str | None = None  # a công văn's drafting unit: 677/BTTTT-THH → "THH"

    def __str__(self) -> str:
        return format_document_number(self)

    @property
    def symbol(self) -> str:
        """The ký hiệu, without number and year: "QĐ-UBND", "BTTTT-THH", "QH15"."""
        parts = [self.doc_type, self.issuer, self.issuer_unit]
        return "-".join(p for p in parts if p)

    @property
    def doc_type_name(self) -> str | None:
        """The type spelled out ("Quyết định"); None for a công văn or a law."""
        if self.doc_type is None:
            return None
        return DOCUMENT_TYPES[_TYPES_FOLDED[self.doc_type.casefold()]]

    @property
    def is_dispatch(self) -> bool:
        """A công văn: no type name and no year."""
        return self.doc_type is None and self.year is None

    @property
    def sequence(self) -> int:
        return int(self.number)


def format_document_number(doc: DocumentNumber) -> str:
    """The canonical text: 09/2014/TT-BTTTT."""
    year = f"{doc.year:04d}/" if doc.year is not None else ""
    return f"{doc.number}/{year}{doc.symbol}"


_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")
_LOOKALIKES = {ord("\u00d0"): "\u0110", ord("\u00f0"): "\u0111"}  # Ð ð → Đ đ
_PREFIX = re.compile(r"^số\s*[:.]?\s*", re.IGNORECASE)
_AROUND_SEPARATORS = re.compile(r"\s*([/-])\s*")
_SEGMENT = r"[^\W\d_](?:[^\W_]|&(?=[^\W_]))*"  # starts with a letter; letters, digits, "&"
_SEGMENT_RE = re.compile(rf"{_SEGMENT}")
_NUMBER_RE = re.compile(r"\d+")
_YEAR_RE = re.compile(r"\d{4}")
_PARTY_RE = re.compile(rf"\d+-{_SEGMENT}")
_IN_TEXT = re.compile(rf"(?<![\w/.,-])\d{{1,7}}/(?:\d{{4}}/)?{_SEGMENT}(?:-{_SEGMENT})*(?![\w&])")


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text).translate(_LOOKALIKES).translate(_DASHES)


def _error(message: str, text: str) -> DocumentNumberError:
    return DocumentNumberError(_("“%(text)s”: %(message)s") % {"text": text, "message": message})


MAX_NUMBER_DIGITS = 6  # a provincial agency issues at most some tens of thousands a year


def parse_document_number(text: str, *, strict: bool = False) -> DocumentNumber:
    """Read "1789/QĐ-UBND", "Số: 09/2014/TT-BTTTT" …; raise DocumentNumberError otherwise.

    Lenient by default (numbers found in old texts keep their spacing and case); `strict` for
    a number typed in as the number of a new record: no space around the separators, at most
    six digits, each part of the symbol starting with a capital letter (QĐ, TTg, QyĐ…)."""
    if not isinstance(text, str):
        raise DocumentNumberError(_("Số, ký hiệu văn bản phải là chuỗi ký tự."))
    original = text
    text = _PREFIX.sub("", _clean(text).strip())
    if strict and _AROUND_SEPARATORS.sub(r"\1", text) != text:
        raise _error(_("không để khoảng trắng quanh dấu “/” và “-”."), original)
    text = _AROUND_SEPARATORS.sub(r"\1", text)
    if not text:
        raise DocumentNumberError(_("Chưa nhập số, ký hiệu văn bản."))
    if any(c.isspace() for c in text):
        raise _error(_("số, ký hiệu văn bản không được chứa khoảng trắng."), original)

    parts = text.split("/")
    if len(parts) == 2:
        number, year_text, symbol = parts[0], None, parts[1]
    elif len(parts) == 3:
        number, year_text, symbol = parts
    else:
        raise _error(
            _("cần dạng số/ký hiệu (1789/QĐ-UBND) hoặc số/năm/ký hiệu (09/2014/TT-BTTTT)."),
            original,
        )

    if _PARTY_RE.fullmatch(number):
        raise _error(_("số, ký hiệu văn bản của Đảng (như 80-NQ/TW) chưa được hỗ trợ."), original)
    if not _NUMBER_RE.fullmatch(number) or int(number) == 0:
        raise _error(_("số văn bản phải là số dương viết bằng chữ số (ví dụ 09, 1789)."), original)
    if strict and len(number) > MAX_NUMBER_DIGITS:
        raise _error(_("số văn bản dài quá %(n)d chữ số.") % {"n": MAX_NUMBER_DIGITS}, original)
    year = None
    if year_text is not None:
        if not _YEAR_RE.fullmatch(year_text):
            raise _error(_("năm ban hành phải có đủ 4 chữ số (ví dụ 2014)."), original)
        year = int(year_text)

    segments = symbol.split("-")
    if not all(_SEGMENT_RE.fullmatch(s) for s in segments):
        raise _error(
            _(
                "ký hiệu phải gồm các chữ viết tắt bắt đầu bằng chữ cái, nối với nhau bằng "
                "dấu gạch nối (ví dụ QĐ-UBND)."
            ),
            original,
        )
    if strict and not all(s[0].isupper() for s in segments):
        raise _error(
            _("mỗi phần của ký hiệu viết hoa chữ cái đầu (ví dụ TB-UBND, QĐ-TTg)."), original
        )

    doc_type = segments[0] if segments[0].casefold() in _TYPES_FOLDED else None
    if doc_type is not None:
        if len(segments) == 1:
            raise _error(_("thiếu tên viết tắt của cơ quan ban hành sau loại văn bản."), original)
        return DocumentNumber(number, year, doc_type, "-".join(segments[1:]))
    unit = "-".join(segments[1:]) or None
    return DocumentNumber(number, year, None, segments[0], unit)


def find_document_numbers(text: str) -> list[tuple[DocumentNumber, int, int]]:
    """Document numbers in running text, with their [start, end) offsets in `text`.

    Stricter than parsing, to stay clear of dates and ratios: the symbol must start with a
    capital letter and have a hyphen or a year ("Quyết định 43/2008/QĐ-TTG của Thủ tướng").
    """
    clean, offsets = nfc_with_offsets(text)
    clean = _clean(clean)
    found = []
    for match in _IN_TEXT.finditer(clean):
        try:
            doc = parse_document_number(match.group())
        except DocumentNumberError:
            continue
        if not doc.symbol[0].isupper() or (doc.year is None and "-" not in doc.symbol):
            continue
        start, end = match.span()
        if offsets is not None:
            start, end = offsets[start], offsets[end]
        found.append((doc, start, end))
    return found
