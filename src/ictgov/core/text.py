"""Text helpers for Vietnamese: accent folding and name normalisation.

Search in ictgov is accent-insensitive ("quan ly" finds "quản lý"). Rather than
rely on database extensions that differ between SQLite and PostgreSQL, each
searchable row keeps a folded copy of its text, and queries are folded the same way.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w&]+")


def fold(text: str | None) -> str:
    """Lower-case, strip diacritics (đ → d) and collapse whitespace.

    >>> fold("Sở Nội vụ  Nghệ An")
    'so noi vu nghe an'
    """
    if not text:
        return ""
    if text.isascii():
        return " ".join(text.split()).lower()
    if max(text) <= "\uffff":  # one pass through the table of the Basic Plane
        return " ".join(text.translate(_table()).split()).lower()
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.split()).lower()


def fold_many(texts: list[str]) -> list[str]:
    """`fold` of each text, a whole list in a few passes (an import folds a column of a
    hundred thousand cells): the same answers."""
    joined = "\x00".join(texts)
    if (
        not texts
        or joined.count("\x00") != len(texts) - 1
        or (not joined.isascii() and max(joined) > "\uffff")
    ):
        return [fold(t) for t in texts]
    if not joined.isascii():
        joined = joined.translate(_table())
    return [" ".join(t.split()) for t in joined.lower().split("\x00")]


class _FoldTable(dict):
    """For str.translate: each character of the Basic Plane whose canonical decomposition
    differs from it → that decomposition without its marks ("ệ" → "e", "Ω" → "Ω"), each
    non-spacing mark → nothing, "đ"/"Đ" → "d"/"D". One pass instead of NFD then a deletion of
    the marks (the same answers; imports fold hundreds of thousands of cells). Each character
    is worked out the first time a text holds it (a process folds a few hundred distinct
    characters; working out all 65,536 at start-up took 0.2 s of every command and worker)."""

    def __missing__(self, cp: int) -> str | None:
        char = chr(cp)
        if cp in _D:
            value = _D[cp]
        elif unicodedata.category(char) == "Mn":
            value = None
        else:
            decomposed = unicodedata.normalize("NFD", char)
            value = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
        self[cp] = value
        return value


_D = {ord("đ"): "d", ord("Đ"): "D"}
_TABLE = _FoldTable()


def _table() -> dict[int, str | None]:
    return _TABLE


def fold_words(text: str | None, folded: str | None = None) -> str:
    """Fold and drop punctuation, keeping '&' (as in 'TT&TT'). `folded` is `fold(text)` when
    the caller has it already (an import folds each name once for its checks)."""
    return " ".join(_NON_WORD.sub(" ", fold(text) if folded is None else folded).split())


def fold_words_many(folded: list[str]) -> list[str]:
    """`fold_words(None, f)` of each already folded text, a whole list in a few passes (the
    same answers)."""
    sep = "\u4e00"  # a word character: no run of punctuation crosses from one text to the next
    joined = sep.join(folded)
    if joined.count(sep) != len(folded) - 1 or not folded:
        return [fold_words(None, f) for f in folded]
    return [" ".join(part.split()) for part in _NON_WORD.sub(" ", joined).split(sep)]


def clip(text: str | None, limit: int) -> str:
    """`text` cut to at most `limit` characters at the end of a word, with "…" when cut
    ("Cấp Giấy chứng nhận đủ điều…", never "… đủ điều kiện hoạt độn…"). A text with no space
    in its second half is cut where the limit falls."""
    text = " ".join(str(text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 1)]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–") + "…"


def nfc(text: str | None) -> str:
    """Normalise to NFC so composed and decomposed input compare equal."""
    return unicodedata.normalize("NFC", text or "")


def nfc_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """NFC of `text` and, when it differs, for each of its characters (and its end) the index
    in `text`, so a span found in the NFC form can be cut from the original."""
    if unicodedata.is_normalized("NFC", text):
        return text, None
    out: list[str] = []
    offsets: list[int] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or unicodedata.combining(text[i]) == 0:
            chunk = unicodedata.normalize("NFC", text[start:i])
            out.append(chunk)
            offsets.extend([start] * len(chunk))
            start = i
    offsets.append(len(text))
    return "".join(out), offsets


# Abbreviations officials write for agency names; matching spells them out on both sides.
ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "tt&tt": "thong tin va truyen thong",
    "tttt": "thong tin va truyen thong",
    "kh&dt": "ke hoach va dau tu",
    "khdt": "ke hoach va dau tu",
    "kh&cn": "khoa hoc va cong nghe",
    "khcn": "khoa hoc va cong nghe",
    "vhtt&dl": "van hoa the thao va du lich",
    "vhttdl": "van hoa the thao va du lich",
    "tn&mt": "tai nguyen va moi truong",
    "ld-tb&xh": "lao dong thuong binh va xa hoi",
    "gd&dt": "giao duc va dao tao",
    "nn&ptnt": "nong nghiep va phat trien nong thon",
    "cntt": "cong nghe thong tin",
    "vp": "van phong",
    "mttq": "mat tran to quoc",
    "bchqs": "bo chi huy quan su",
    "pt-th": "phat thanh truyen hinh",
    "ptth": "phat thanh truyen hinh",
    "tw": "trung uong",
}


def expand_abbreviations(text: str | None) -> str:
    """Fold, drop punctuation and spell out the usual abbreviations ('Sở TT&TT' → 'so thong…')."""
    words = []
    for word in fold(text).replace(",", " ").replace(".", " ").split():
        words.append(ABBREVIATIONS.get(word, word))
    return " ".join(words)
