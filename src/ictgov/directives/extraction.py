"""Draft tasks from the text of a Vietnamese meeting conclusion (thông báo kết luận).

The extractor is rule-based and offline: it reads the administrative language the
way a clerk would, not a statistical model. The steps are

1. split the text into lines (list items keep their marker level), sentences
   (abbreviations, document numbers and "./." endings are protected) and clauses
   (";" lists, "heading: items");
2. in each clause look for a directive cue followed by addressees ("giao cho X
   chủ trì, phối hợp với Y …", "đề nghị X …", "yêu cầu X …"), or a unit in subject
   position followed by a predicate ("X cần/phải/có trách nhiệm …", "X chủ trì",
   "X sớm có ý kiến …"), or a subjectless clause that inherits its addressee from
   the list heading or the sentence before it ("Cần …", "- Rà soát …");
3. recognise unit names (Sở …, UBND …, Văn phòng …, các sở, ngành …) with a small
   lexicon of department names and a capitalisation-based fallback that stops at
   the first verb or function word;
4. read the deadline (concrete dates, months, quarters, years, recurring "hàng quý",
   "trước ngày 20 hàng tháng" …; "as soon as possible" phrases such as "sớm",
   "khẩn trương", "ngay", "càng sớm càng tốt" come back verbatim with no date, while
   manner adverbs such as "kịp thời", "thường xuyên", "đúng lộ trình" are no deadline;
   a sentence that only gives a due date, "Thời hạn: …", "Trình UBND tỉnh trước ngày …",
   belongs to the task before it) and drop what is not a task (praise, past results,
   background); unit heads are matched with their accents ("Số liệu" is not "Sở");
5. split what one sentence hands to several actors: ";" items of a directive with a
   plain addressee that each open with an action verb ("yêu cầu Sở phải V1 …; V2 …"),
   items with their own directive verb, and purpose clauses naming a second actor
   ("…, để Sở TT&TT tổng hợp trình UBND tỉnh").

Everything is matched on an accent-folded copy of the text that has exactly the
same length as the original, so every span maps back to the input: ``evidence``
is always an exact substring of ``text``.

No Django here: the caller passes ``unit_matcher`` to resolve names to ids.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from ictgov.core.text import fold, fold_words, nfc_with_offsets

__all__ = [
    "ProposedTask",
    "deadline_problem",
    "extract_tasks",
    "parse_deadline",
    "normalise_unit_name",
]

UnitMatcher = Callable[[str], "tuple[int, str] | None"]


@dataclass
class ProposedTask:
    content: str
    lead: str | None
    lead_unit_id: int | None = None
    coordinating: list[str] = field(default_factory=list)
    coordinating_unit_ids: list[int | None] = field(default_factory=list)
    deadline: date | None = None
    deadline_text: str | None = None
    directive_verb: str | None = None
    evidence: str = ""
    recurrence: str | None = None
    deadline_problem: str | None = None  # the written date does not exist ("31/02/2027")
    unmatched: list[str] = field(default_factory=list)  # names with no unit in the registry

    def to_dict(self) -> dict:
        return {
            "content": self.content,
            "lead": self.lead,
            "lead_unit_id": self.lead_unit_id,
            "coordinating": list(self.coordinating),
            "coordinating_unit_ids": list(self.coordinating_unit_ids),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "deadline_text": self.deadline_text,
            "directive_verb": self.directive_verb,
            "evidence": self.evidence,
            "recurrence": self.recurrence,
            "deadline_problem": self.deadline_problem,
            "unmatched": list(self.unmatched),
        }


# ---------------------------------------------------------------------------
# Length-preserving folding
# ---------------------------------------------------------------------------


class _FoldTable(dict):
    """str.translate table: one folded character for each input character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch == "\n":
            out = "\n"
        elif ch.isspace():
            out = " "
        else:
            folded = fold(ch)
            if len(folded) == 1:
                out = folded
            else:
                low = ch.lower()
                out = low if len(low) == 1 else ch
        self[code] = out
        return out


_FOLD_TABLE = _FoldTable()


def _fold_same_length(text: str) -> str:
    return text.translate(_FOLD_TABLE)


# ---------------------------------------------------------------------------
# Lexicons (data/extraction_lexicons.txt; folded unless noted)
# ---------------------------------------------------------------------------


def _trie(phrases: Iterable[str]) -> dict:
    root: dict = {}
    for phrase in phrases:
        node = root
        for word in _split_words(phrase):
            node = node.setdefault(word, {})
        node[None] = phrase
    return root


_WORD = re.compile(r"\w+(?:&\w+)*|[^\w\s]")


def _split_words(text: str) -> list[str]:
    return _WORD.findall(text)


_LEXICON_FILE = Path(__file__).with_name("data") / "extraction_lexicons.txt"


def _read_lexicons(path: Path) -> dict[str, list[str]]:
    """The named word lists of the data file: "[name]" opens a list, "#" a comment."""
    lexicons: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = lexicons.setdefault(line[1:-1], [])
        elif current is None:
            raise ValueError(f"{path.name}: entry before any [list]: {line!r}")
        else:
            current.append(line)
    return lexicons


_LEXICONS = _read_lexicons(_LEXICON_FILE)


def _lexicon(name: str) -> list[str]:
    return list(_LEXICONS[name])


def _lexicon_pairs(name: str) -> dict[str, str]:
    return dict(entry.split(" = ", 1) for entry in _LEXICONS[name])


# Names of provincial departments (and ministries), after "Sở"/"Bộ".
_DEPARTMENT_CORES = _lexicon("department_cores")
_DEPARTMENT_TRIE = _trie(_DEPARTMENT_CORES)

# Sector names used after "ngành".
_SECTOR_TRIE = _trie(_DEPARTMENT_CORES + _lexicon("sector_names"))

# Heads of unit names that must be written with a capital (or as an abbreviation).
_ORG_HEADS = _lexicon("org_heads")
_ORG_HEAD_TRIE = _trie(_ORG_HEADS)

# Abbreviated or brand heads, recognised in any case.
_ABBR_HEADS = frozenset(_lexicon("abbr_heads"))

# Nouns that make a collective addressee after "các" ("các sở, ngành có liên quan").
_GROUP_NOUNS = _lexicon("group_nouns")
_GROUP_TRIE = _trie(_GROUP_NOUNS)

# Qualifiers that may follow a collective addressee.
_GROUP_QUALIFIERS = _trie(_lexicon("group_qualifiers"))

# People who may be addressed instead of their unit.
# Office holders: the task goes to their unit ("Giám đốc Sở Tài chính" -> "Sở Tài chính").
_POSITION_TITLES = _lexicon("position_titles")
_POSITION_TRIE = _trie(_POSITION_TITLES)
# Collective or personal addressees kept as written ("lãnh đạo Sở", "các thành viên …").
_TITLE_HEADS = _lexicon("title_heads")
_TITLE_TRIE = _trie(_TITLE_HEADS)

# Political/administrative leadership phrases used as addressees.
_LEADERSHIP_TRIE = _trie(_lexicon("leadership"))

# Administrative levels and places that may follow a unit name.
_PLACE_WORDS = _trie(_lexicon("place_words"))

# Words that end a unit name (verbs, modals, function words). Only lower-case
# words are checked: a capitalised word continues a name.
_STOP_PHRASES = _lexicon("stop_phrases")
_STOP_TRIE = _trie(p for p in _STOP_PHRASES if " " in p)
# Single words are compared with their accents: folded, "thị" would equal "thì".
_STOP_WORDS_EXACT = frozenset(_lexicon("stop_words_exact"))


def _is_stop(toks: list[_Tok], j: int) -> bool:
    return toks[j].w in _STOP_WORDS_EXACT or _match_trie(_STOP_TRIE, toks, j) > j


# Directive cues followed by their addressees.
_DIRECTIVE_CUES = _lexicon_pairs("directive_cues")
_CUE_TRIE = _trie(_DIRECTIVE_CUES)

# Words that, just before a cue, show it is not a directive ("theo đề nghị của …").
_CUE_NEGATORS = frozenset(_lexicon("cue_negators"))

# Predicates that follow a subject and make the clause a task on their own.
_STRONG_PREDICATES = _trie(_lexicon("strong_predicates"))

# Predicates that show a clause is a statement, not a task.
_NEGATIVE_PREDICATES = _trie(_lexicon("negative_predicates"))
_NEGATIVE_EXCEPTIONS = _trie(_lexicon("negative_exceptions"))

# Speech verbs: a unit followed by one is the speaker, and what follows may be directive.
_SPEECH_TRIE = _trie(_lexicon("speech"))

# Praise and acknowledgement: a clause built on these is never a task.
_PRAISE_RE = re.compile(
    r"\b(ghi nhan|bieu duong|danh gia cao|cam on|chuc mung|khen ngoi|hoan nghenh|tuyen duong"
    r"|tran trong cam on|danh gia rat cao|khen thuong cho)\b"
)

# Markers that a clause speaks in the past or describes results.
_PAST_RE = re.compile(r"\b(da|vua qua|da duoc|nam qua|thoi gian qua)\b")

# Speech/directive context: a clause containing one of these may hold bare-verb tasks.
_CONTEXT_RE = re.compile(
    r"\b(ket luan|chi dao|nhan manh|cho rang|luu y|yeu cau|de nghi|giao|quan triet|dan do"
    r"|nhiem vu|giai phap|thoi gian toi|trong nam \d{4}|phuong huong|can|phai)\b"
)

# Leading words to skip before looking for the subject of a clause.
_LEADING_CONNECTORS = _trie(_lexicon("leading_connectors"))

_MODALS = _trie(_lexicon("modals"))

# The modal words as written: "Cân đối" must not be read as "Cần đối". A word typed without any
# accent (as in "can phai") still counts.
_MODAL_WORDS = frozenset(_lexicon("modal_words"))


def _match_modal(toks: list[_Tok], j: int) -> int:
    k = _match_trie(_MODALS, toks, j)
    if k > j and all(t.w in _MODAL_WORDS or t.w == t.f for t in toks[j:k]):
        return k
    return j


# Closing formulas and sections that are never tasks.
_CLOSING_RE = re.compile(
    r"(biet,? (va )?(de )?(thuc hien|phoi hop|theo doi|chi dao)|kinh gui|noi nhan|thong bao de"
    r"|de cac (co quan|so|don vi)[^.]{0,60} biet|danh gia bai viet|sao y|ky thay)"
)
_RECIPIENTS_RE = re.compile(r"^\s*noi nhan\s*:?", re.M)

_ABBREVIATIONS = frozenset(_lexicon("abbreviations"))

# ---------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"\w+(?:[&'’]\w+)*|[^\w\s]")


@dataclass(slots=True)
class _Tok:
    w: str  # original, lower-case
    f: str  # folded
    s: int  # start (in the internal text)
    e: int  # end
    cap: bool  # starts with an upper-case letter
    abbr: bool  # two or more upper-case letters, or digits mixed with letters


def _tokenize(orig: str, folded: str, start: int, end: int) -> list[_Tok]:
    toks: list[_Tok] = []
    seg = folded[start:end]
    for m in _TOKEN_RE.finditer(seg):
        s = start + m.start()
        e = start + m.end()
        word = orig[s:e]
        parts = [(s, e)]
        glued = len(word) > 3 and not word[1:].islower() and not word.isupper()
        if glued and folded[s:e] not in _ABBR_HEADS:  # brands: "MobiFone", "VinaPhone"
            # Words glued by a bad copy ("BộThông tin") are split where a capital follows.
            cuts = [
                k
                for k in range(1, len(word) - 1)
                if word[k].isupper() and word[k - 1].islower() and word[k + 1].islower()
            ]
            if cuts:
                cuts = [0, *cuts, len(word)]
                parts = [(s + x, s + y) for x, y in zip(cuts, cuts[1:], strict=False)]
        for ps, pe in parts:
            w = orig[ps:pe]
            cap = w[0].isupper()
            tail_lower = w[1:].islower()  # the common case: no second capital
            abbr = (not tail_lower and sum(1 for c in w if c.isupper()) >= 2) or (cap and "&" in w)
            toks.append(_Tok(w.lower(), folded[ps:pe], ps, pe, cap, abbr))
    return toks


def _match_trie(trie: dict, toks: list[_Tok], i: int) -> int:
    """Index after the longest phrase of ``trie`` starting at token ``i`` (or ``i``)."""
    node = trie
    best = i
    j = i
    n = len(toks)
    while j < n:
        nxt = node.get(toks[j].f)
        if nxt is None:
            break
        node = nxt
        j += 1
        if None in node:
            best = j
    return best


# ---------------------------------------------------------------------------
# Unit names
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Unit:
    s: int  # token index
    e: int  # token index (exclusive)
    kind: str  # "org", "group", "host", "person"


# Head words whose accent-folded form is shared by a common non-unit word: "Số liệu"
# is not "Sở", "Triệu Phong" (a place) is not "Phòng", "Bổ sung" is not "Bộ".
_ACCENTED_HEADS = {"so": "sở", "phong": "phòng", "bo": "bộ", "cuc": "cục", "vien": "viện"}


def _head_accent_ok(t: _Tok) -> bool:
    if t.w == "viễn":
        return True  # "Viễn thông Nghệ An"
    want = _ACCENTED_HEADS.get(t.f)
    # "So"/"Bo" typed without accents still count; place names like "Phong" do not.
    return want is None or t.w == want or (t.w == t.f and t.f in ("so", "bo"))


def _is_head_of_unit(toks: list[_Tok], i: int) -> bool:
    if i >= len(toks):
        return False
    t = toks[i]
    if t.f == "phong" and i + 1 < len(toks) and toks[i + 1].f in ("thu", "chong", ","):
        return False  # "Ban Chỉ huy Phòng thủ dân sự", "Phòng, chống thiên tai"
    if t.f in _ABBR_HEADS:
        return True
    if t.cap and _head_accent_ok(t) and _match_trie(_ORG_HEAD_TRIE, toks, i) > i:
        return True
    if t.f == "cac" and i + 1 < len(toks):
        return _match_trie(_GROUP_TRIE, toks, i + 1) > i + 1
    return False


_PLACE_GROUPS = frozenset(["huyen", "quan", "xa", "tinh", "thi xa", "thanh pho", "phuong"])


_PLACE_LEVELS = frozenset(["huyen", "quan", "xa", "thi xa", "pho", "phuong", "tran", "tinh"])
_PLACE_LEVEL_TRIE = _trie(["huyen", "quan", "xa", "thi xa", "thanh pho", "phuong", "thi tran"])


def _place_levels_end(toks: list[_Tok], j: int) -> int:
    """After a lower-case administrative level: more levels joined by "," or "và"
    ("quận, huyện, thị xã"; "phường, xã, thị trấn"). The index after the last one."""
    n = len(toks)
    while j + 1 < n and toks[j].f in (",", "va") and not toks[j + 1].cap:
        k = _match_trie(_PLACE_LEVEL_TRIE, toks, j + 1)
        if k == j + 1 or (k < n and toks[k].cap):
            break  # not a level, or a named place ("và huyện Đức Trọng")
        j = k
    return j


_ALL_LEVELS_TRIE = _trie(["cac cap", "cac nganh, cac cap", "cac nganh va cac cap"])


def _place_suffix(toks: list[_Tok], j: int, allow_caps: bool = True) -> int:
    """Extend over an administrative level and a proper place name ("tỉnh Bạc Liêu")."""
    n = len(toks)
    k = _match_trie(_ALL_LEVELS_TRIE, toks, j)
    if k > j:
        return k  # "Ban Chỉ đạo phòng, chống dịch các cấp": the board at every level
    if j + 1 < n and toks[j].f == "cac":
        g = _match_group(toks, j)
        if g > j and " ".join(t.f for t in toks[j + 1 : j + 3]).split(" ,")[0] in _PLACE_GROUPS:
            return g  # "Phòng GD&ĐT các quận, huyện"
        if g > j and toks[j + 1].f in _PLACE_GROUPS:
            return g
    k = _match_trie(_PLACE_WORDS, toks, j)
    if k > j:
        j = k
        if toks[k - 1].f in _PLACE_LEVELS and (k >= n or not toks[k].cap):
            return _place_levels_end(toks, k)  # "UBND quận, huyện, thị xã"
    # Proper name: capitalised words that do not start a new unit.
    caps = 0
    while allow_caps and j < n and caps < 4:
        t = toks[j]
        if _is_person_name(toks, j):
            break  # a person's name ("Thứ trưởng Bộ TT&TT Trần Đức Lai")
        if t.cap and t.f.isalpha() and not _is_head_of_unit(toks, j):
            j += 1
            caps += 1
            continue
        if t.f == "." and caps and j + 1 < n and toks[j + 1].cap and toks[j].s == toks[j - 1].e:
            # "TP. Hồ Chí Minh", "Q. 1"
            j += 1
            continue
        break
    return j


_PARENT_HEADS = _trie(_lexicon("parent_heads"))
_SURNAMES = frozenset(_lexicon("surnames"))
# Bodies usually written in lower case after "Ban".
_LOWER_BAN_NAMES = _trie(_lexicon("lower_ban_names"))


_ZONE_TRIE = _trie(
    ["khu cong nghiep", "khu kinh te", "khu che xuat", "khu cong nghe cao", "cum cong nghiep"]
)


def _project_words(toks: list[_Tok], j: int) -> int:
    """ "(Ban quản lý) các dự án trọng điểm phát triển đô thị": up to the predicate."""
    n = len(toks)
    k = j
    if k < n and toks[k].f == "cac":
        k += 1
    z = _match_trie(_ZONE_TRIE, toks, k)
    if z > k:
        return z  # "(Ban Quản lý) các khu công nghiệp"
    if k + 1 < n and toks[k].f == "du" and toks[k + 1].f == "an":
        k += 2
        for _ in range(10):
            if k >= n or not toks[k].f.isalpha() or _predicate_kind(toks, k) == "strong":
                break
            if _match_trie(_STOP_TRIE, toks, k) > k and toks[k].w not in ("phát", "đầu", "xây"):
                break
            k += 1
        return k
    return j


def _lower_words(toks: list[_Tok], j: int, limit: int = 3) -> int:
    """Lower-case words that go on naming a body ("cảng cá"), up to its predicate."""
    n = len(toks)
    k = j
    while k < n and k - j < limit:
        t = toks[k]
        if t.cap or not t.f.isalpha() or _is_stop(toks, k):
            break
        if _match_trie(_VERB_START, toks, k) > k or _match_modal(toks, k) > k:
            break
        k += 1
    return k


def _is_person_name(toks: list[_Tok], j: int) -> bool:
    n = len(toks)
    return (
        toks[j].w in _SURNAMES
        and j + 2 < n
        and toks[j + 1].cap
        and toks[j + 2].cap
        and toks[j + 1].f.isalpha()
        and not toks[j + 1].abbr
    )


# Lower-case words that end a unit's name after its first lower-case words.
_NAME_TAILS = _trie(_lexicon("name_tails"))
_NAME_END_PUNCT = frozenset(["(", ")", ";", ":", ".", "?", "!", '"', "“", "”"])
_NAME_CONNECTORS = frozenset(["va", "-", "&", ",", "–"])


def _name_word_end(toks: list[_Tok], j: int, start: int) -> tuple[int, bool]:
    """At a capitalised word, abbreviation or number of a name: (index, final).

    ``index > j``: the name goes on from there; ``index == j``: it ends before ``j``;
    ``final``: ``index`` is the end of the whole name (an inner unit closes it).
    """
    if j == start:
        return j + 1, False
    if _is_person_name(toks, j):
        return j, False
    if _match_trie(_PARENT_HEADS, toks, j) > j:
        # "Ban Tuyên giáo Tỉnh ủy", "Văn phòng UBND tỉnh", "Thanh tra Sở Y tế".
        inner = _match_unit(toks, j)
        return (inner.e, True) if inner is not None else (j, False)
    if toks[j].f in _ABBR_HEADS:
        return j, False
    if _is_head_of_unit(toks, j) and not _inside_department_name(toks, j - 1):
        return j, False
    return j + 1, False


def _name_connector(toks: list[_Tok], j: int, start: int) -> int | None:
    """At "và", ",", "-", "&": ``j + 1`` when the name goes on after it, ``j`` when it
    ends there; None when ``toks[j]`` is no connector."""
    t = toks[j]
    if t.f not in _NAME_CONNECTORS:
        return None
    n = len(toks)
    if j == start or j + 1 >= n or not (toks[j + 1].cap or toks[j + 1].abbr):
        return j
    if t.f in ("-", "–") and j + 2 < n and toks[j + 1].f == "co" and toks[j + 2].f == "quan":
        return j  # "Sở Nông nghiệp - Cơ quan Thường trực …": an apposition
    if (
        t.f in ("va", ",")
        and _is_head_of_unit(toks, j + 1)
        and not _inside_department_name(toks, j)
    ):
        return j  # "Sở Tài chính, Sở Xây dựng": the next unit begins
    return j + 1


def _generic_name(toks: list[_Tok], j: int) -> int:
    """Extend a name after its head: capitalised words, connectors, a few lower-case words."""
    n = len(toks)
    start = j
    lower_run = 0
    while j < n:
        t = toks[j]
        if t.f in _NAME_END_PUNCT:
            break
        if t.cap or t.abbr or (t.f[0].isdigit() and j > start):
            k, final = _name_word_end(toks, j, start)
            if final:
                return k
            if k == j:
                break
            j, lower_run = k, 0
            continue
        k = _name_connector(toks, j, start)
        if k is not None:
            if k == j:
                break
            j = k
            continue
        if j == start:
            break
        k = _match_trie(_NAME_TAILS, toks, j)
        if k > j:
            j, lower_run = k, 0  # "… số quốc gia", "… cửa khẩu", "… hành chính công"
            continue
        if _is_stop(toks, j):
            break
        if _match_trie(_PLACE_WORDS, toks, j) > j:
            j = _place_suffix(toks, j)
            break
        if lower_run >= 3 or not t.f.isalpha():
            break
        lower_run += 1
        j += 1
    # Do not end on a connector.
    while j > start and toks[j - 1].f in _NAME_CONNECTORS:
        j -= 1
    return j


def _inside_department_name(toks: list[_Tok], j: int) -> bool:
    """Is the separator at ``j`` inside a field name ("Bưu chính, Viễn thông")?"""
    return any(st >= 0 and _match_trie(_DEPARTMENT_TRIE, toks, st) > j + 1 for st in (j - 2, j - 1))


def _colon_names(toks: list[_Tok], j: int) -> int:
    """After a collective noun, ": A, B và C" (two or more proper names): end index or j."""
    n = len(toks)
    if j + 1 < n and toks[j].f == "nhu" and toks[j + 1].f == ":":
        j0, j = j, j + 1  # "các địa phương như: Hà Nội, Hải Phòng, …" (examples)
        k = _colon_names(toks, j)
        return k if k > j else j0
    if j >= n or toks[j].f != ":":
        return j
    k = j + 1
    names = 0
    while k < n:
        s = k
        d = _match_trie(_DEPARTMENT_TRIE, toks, k) if toks[k].cap else k
        if d > k:
            k = d  # "các Bộ: Quốc phòng, Công an, …"
        while k < n and k - s < 6 and toks[k].f.isalpha() and not _is_head_of_unit(toks, k):
            if k > s and not toks[k].cap:
                if toks[k].f == "va" and k + 1 < n and toks[k + 1].cap:
                    k += 1
                    continue
                if _is_stop(toks, k) or _match_modal(toks, k) > k or k - s >= 3:
                    break
            elif not toks[k].cap:
                break
            k += 1
        if k == s:
            return j if names < 2 else k - 1
        names += 1
        if (
            k < n
            and toks[k].f in (",", "va")
            and k + 1 < n
            and toks[k + 1].cap
            and (
                not _is_head_of_unit(toks, k + 1)
                or _match_trie(_DEPARTMENT_TRIE, toks, k + 1) > k + 1
            )
        ):
            k += 1
            continue
        break
    return k if names >= 2 else j


def _place_range(toks: list[_Tok], j: int) -> int:
    """ "từ Quảng Ninh đến Bình Thuận": the index after the range, or j."""
    n = len(toks)
    if j + 1 >= n or toks[j].f != "tu" or not toks[j + 1].cap:
        return j
    for k in range(j + 2, min(n, j + 6)):
        if toks[k].f == "tro" and k + 1 < n and toks[k + 1].f in ("ra", "vao"):
            return k + 2  # "từ Thừa Thiên Huế trở ra"
        if toks[k].f == "den" and k + 1 < n and toks[k + 1].cap:
            e = k + 1
            while e < n and e - k <= 3 and toks[e].cap and toks[e].f.isalpha():
                e += 1
            return e
        if not toks[k].cap:
            return j
    return j


def _group_nouns_end(toks: list[_Tok], j: int) -> int:
    """After a first group noun: further ones joined by ",", "và", "-", "/" ("sở, ngành")."""
    n = len(toks)
    while j + 1 < n and toks[j].f in (",", "va", "-", "/"):
        k = j + 1
        if toks[k].f == "cac":
            k += 1
        k2 = _match_trie(_GROUP_TRIE, toks, k)
        if k2 == k or (toks[k].cap and _is_head_of_unit(toks, k)):
            break  # not a group noun, or a particular unit ("Sở …", "Trung tâm Y tế …")
        j = k2
    return j


def _inner_unit_end(toks: list[_Tok], j: int) -> int:
    """The end of the unit starting at ``j`` ("Ban Chỉ đạo …"), or j."""
    if j < len(toks) and toks[j].cap:
        inner = _match_unit(toks, j)
        if inner is not None:
            return inner.e
    return j


def _qualifier_end(toks: list[_Tok], j: int) -> int:
    """One qualifier after a group: "có liên quan", "cấp tỉnh", "thành viên Ban …", or j."""
    k = _match_trie(_GROUP_QUALIFIERS, toks, j)
    if k == j:
        return j
    if toks[k - 1].f == "khac" and toks[k - 1].w != "khác":
        return j  # "khắc phục", not "khác"
    if toks[k - 1].f in ("tinh", "huyen", "xa", "cap tinh"):
        return _place_suffix(toks, k)
    if toks[k - 1].f in ("vien", "thuoc"):
        return _inner_unit_end(toks, k)  # "cơ quan thành viên Ban Chỉ huy … tỉnh"
    return k


_TRADE_TRIE = _trie(
    ["kinh doanh", "san xuat", "san xuat, kinh doanh", "hoat dong", "cung cap", "cung ung"]
    + ["hoat dong trong linh vuc", "hoat dong kinh doanh", "kinh doanh dich vu", "ban le"]
)
_TRADING_GROUPS = frozenset(
    ["doanh nghiep", "co so", "to chuc", "ca nhan", "cong ty", "don vi", "cua hang"]
)


def _trade_end(toks: list[_Tok], j: int) -> int:
    """ "(các doanh nghiệp) kinh doanh xăng dầu", "(các cơ sở) sản xuất thực phẩm": the
    trade of a trading group, up to three lower-case words; or j."""
    if j < 1 or toks[j - 1].f not in ("nghiep", "so", "chuc", "nhan", "ty", "vi", "hang"):
        return j
    if " ".join(t.f for t in toks[max(0, j - 2) : j]) not in _TRADING_GROUPS:
        return j
    k = _match_trie(_TRADE_TRIE, toks, j)
    if k == j:
        return j
    sector = _match_trie(_SECTOR_TRIE, toks, k)
    if sector > k:
        return sector  # "… hoạt động trong lĩnh vực viễn thông"
    e = _lower_words(toks, k)
    return e if e > k else j


def _group_tail_step(toks: list[_Tok], j: int) -> int:
    """One piece after a group: a sector name, a qualifier, a place range or a name; or j."""
    n = len(toks)
    if toks[j - 1].f in ("so", "phong", "bo"):
        k = _match_trie(_DEPARTMENT_TRIE, toks, j)
        if k > j:
            return k  # "các sở giáo dục và đào tạo"
    if j < n and toks[j].f == "nganh":
        k = _match_trie(_SECTOR_TRIE, toks, j + 1)
        if k > j + 1:
            return k  # "ngành thông tin và truyền thông"
    k = _qualifier_end(toks, j)
    if k > j:
        return k
    k = _trade_end(toks, j)
    if k > j:
        return k  # "các doanh nghiệp kinh doanh xăng dầu"
    k = _place_range(toks, j)
    if k > j:
        return k  # "ven biển từ Quảng Ninh đến Bình Thuận"
    if j < n and (toks[j].cap or toks[j].abbr) and not _is_head_of_unit(toks, j):
        return _generic_name(toks, j)
    return j


def _match_group(toks: list[_Tok], i: int) -> int:
    """ "các sở, ngành có liên quan", "các huyện, thị xã, thành phố" -> end index or i."""
    n = len(toks)
    if i >= n or toks[i].f not in ("cac", "moi", "tung", "nhung"):
        return i
    j = _match_trie(_GROUP_TRIE, toks, i + 1)
    if j == i + 1:
        return i
    return _group_rest(toks, j, toks[i + 1].f)


def _bare_group_end(toks: list[_Tok], i: int) -> int:
    """A group written without "các" ("cơ quan, đơn vị" after "Thủ trưởng"): end or i."""
    j = _match_trie(_GROUP_TRIE, toks, i)
    return i if j == i else _group_rest(toks, j, toks[i].f)


def _group_rest(toks: list[_Tok], j: int, head: str = "") -> int:
    """After a group's first noun at ``j``: more nouns, a colon list, qualifiers."""
    j = _group_nouns_end(toks, j)
    k = _colon_names(toks, j)
    if k > j:
        return k  # "các huyện: Đạ Huoai, Đạ Tẻh và Cát Tiên"
    if toks[j - 1].f in ("truong", "vien", "chi"):
        k = _inner_unit_end(toks, j)  # "các Cụm trưởng Cụm thi đua …", "thành viên Ban …"
        if k > j:
            return k
    for _ in range(4):
        k = _group_tail_step(toks, j)
        if k == j:
            break
        j = k
    return _activity_qualifier_end(toks, j, head)


_ACTIVITY_TRIE = _trie(
    ["van hanh", "quan ly", "su dung", "tham gia", "hoat dong", "kinh doanh", "san xuat"]
    + ["cung cap", "cung ung", "khai thac", "nuoi", "danh bat", "che bien", "thi cong"]
    + ["xuat khau", "nhap khau", "phu trach", "truc tiep", "lam nhiem vu", "chuyen trach"]
)


# Words that open a predicate (never an adverb that may follow a verb, as "kịp thời").
_PREDICATE_OPENERS = _trie(
    ["chu dong", "khan truong", "tap trung", "tiep tuc", "chu tri", "phoi hop", "tang cuong"]
    + ["khong duoc", "co trach nhiem", "chiu trach nhiem", "duoc giao"]
)

# Groups that are not administrative bodies: their qualifier may be any lower-case phrase
# ("các tổ chức, cá nhân có liên quan đến …"), where "các sở xây dựng kế hoạch …" must stop.
# A phrase of time after an addressee opens the predicate's adverbial, never a qualifier.
_WHEN_TRIE = _trie(
    ["trong qua trinh", "trong thoi gian", "trong dip", "trong khi", "khi", "sau khi"]
    + ["truoc khi", "trong luc", "trong giai doan", "trong dot", "trong ngay", "trong nam"]
)

_NON_ADMINISTRATIVE_HEADS = frozenset(
    ["doanh", "to", "ca", "co", "don", "ho", "luc", "truong", "nha", "chu", "nguoi", "tau"]
)


def _activity_qualifier_end(toks: list[_Tok], j: int, head: str = "") -> int:
    """A group qualified by what it does, up to the predicate that makes it an addressee:
    "các đơn vị vận hành phương tiện thủy | tổ chức neo đậu …", "các tổ chức, cá nhân kinh
    doanh dịch vụ lưu trú du lịch | cần …" (rule 10: qualifiers stay). Only lower-case
    words without "và" or punctuation, two to eight of them, the first an activity, and
    a modal, a strong predicate or a task verb right after; else ``j``."""
    n = len(toks)
    if j + 1 >= n or any(not t.f.isalpha() or t.cap or t.f == "va" for t in toks[j : j + 2]):
        return j
    if _match_trie(_WHEN_TRIE, toks, j) > j:
        return j  # "Phóng viên các cơ quan báo chí | trong quá trình tác nghiệp, …": when, not who
    if _match_trie(_ACTIVITY_TRIE, toks, j) == j and (
        head not in _NON_ADMINISTRATIVE_HEADS
        or _match_trie(_VERB_START, toks, j) > j
        or _match_trie(_TASK_VERBS, toks, j) > j
        or _match_trie(_STRONG_PREDICATES, toks, j) > j
        or _match_trie(_NEGATIVE_PREDICATES, toks, j) > j
        or _match_trie(_MANNER_ADVERBS, toks, j) > j
        or _match_trie(_COORD_ADVERBS, toks, j) > j
        or toks[j].f == "chu"  # "chú trọng", "chủ động"
        or _match_modal(toks, j) > j
    ):
        return j
    for p in range(j + 2, min(n, j + 9)):
        t = toks[p]
        if not t.f.isalpha() or t.cap or t.f == "va":
            return j
        if _match_trie(_CUE_TRIE, toks, p) > p or _match_trie(_SPEECH_TRIE, toks, p) > p:
            return j
        if (
            _match_modal(toks, p) > p
            or _match_trie(_PREDICATE_OPENERS, toks, p) > p
            or _match_trie(_TASK_VERBS, toks, p) > p
        ):
            return p if p + 1 < n and toks[p + 1].f.isalpha() else j
    return j


# Collective addressees that a cue may name without "các" (never "ban", "cấp", "tổ chức",
# which after "giao"/"yêu cầu" are words of the job: "giao ban", "yêu cầu cấp bách").
_BARE_ADDRESSEE_TRIE = _trie(
    ["can bo", "dang vien", "cong chuc", "vien chuc", "doanh nghiep", "nha mang", "ho dan"]
    + ["cap uy", "cap uy, chinh quyen", "chinh quyen dia phuong", "co quan chuc nang"]
    + ["luc luong chuc nang", "chu dau tu", "nha dau tu", "nha truong", "doan vien", "hoi vien"]
    + ["luc luong quan ly thi truong", "luc luong kiem lam", "luc luong vu trang"]
)

# The public addressed as such (guideline 22): "Bà con hãy …", "Người dân cần …".
_PUBLIC_TRIE = _trie(
    [
        "ba con",
        "ba con nhan dan",
        "nguoi dan",
        "nhan dan",
        "ngu dan",
        "toan the nhan dan",
        "toan the nguoi dan",
        "moi nguoi dan",
        "quan chung nhan dan",
    ]
)

# Collective addressees written without "các" inside a list of units.
_BARE_GROUP_TRIE = _trie(
    [
        "co quan, don vi lien quan",
        "co quan, don vi co lien quan",
        "co quan, don vi, dia phuong lien quan",
        "co quan lien quan",
        "co quan co lien quan",
        "don vi lien quan",
        "don vi co lien quan",
        "dia phuong lien quan",
        "nganh lien quan",
        "nganh co lien quan",
        "bo, nganh, dia phuong",
        "bo, nganh",
        "so, ban, nganh",
        "so, nganh",
    ]
)


def _match_unit(toks: list[_Tok], i: int) -> _Unit | None:
    """Recognise one unit name starting at token ``i``.

    Tried in order, the first that applies deciding: an office holder standing for
    their unit, a titled person, a leadership ("Cấp ủy chính quyền các địa phương"), a
    collective group, a bare group or a lower-case place, a sector ("ngành …"), an
    abbreviated head ("UBND tỉnh") and last a capitalised head word with its name."""
    n = len(toks)
    if i >= n:
        return None
    t = toks[i]
    if i > 0 and toks[i - 1].f in ("/", "-") and toks[i - 1].e == t.s:
        return None  # part of a document number ("25/UBND-KGVX")
    k = _match_trie(_POSITION_TRIE, toks, i)
    if k == i + 1 and t.f == "truong" and t.w != "trưởng":
        k = i  # "Trường Cao đẳng …" is a school, not a head ("Trưởng …")
    if k > i and (t.cap or t.f != "truong"):
        return _office_holder_unit(toks, k)
    k = _match_trie(_TITLE_TRIE, toks, i)
    if k > i:
        return _titled_person(toks, i, k)
    g = _match_group(toks, i)
    k = _match_trie(_LEADERSHIP_TRIE, toks, i)
    if k > i and k >= g:
        u = _leadership_unit(toks, i, k)
        if u is not None:
            return u
    if g > i:
        return _Unit(i, g, "group")  # collective addressees
    u = _bare_group_or_place(toks, i)
    if u is not None:
        return u
    if t.f in ("dia", "nganh") and i + 1 < n:
        return _sector_unit(toks, i)
    if t.f in _ABBR_HEADS:
        return _abbreviated_unit(toks, i)
    if not t.cap or not _head_accent_ok(t):
        return None
    return _named_unit(toks, i)


def _office_holder_unit(toks: list[_Tok], k: int) -> _Unit | None:
    """Office holders stand for their unit: "Giám đốc Sở Y tế" -> "Sở Y tế". ``k`` is the
    index after the office title. "Thủ trưởng các sở, ban, ngành" gives the group, and
    in "giám đốc, thủ trưởng các sở …" the last title is read. None when neither a unit
    nor a group follows the title."""
    n = len(toks)
    if k >= 3 and toks[k - 2].f == "van" and toks[k - 1].f == "phong":
        inner = _match_unit(toks, k)  # "Chánh Văn phòng UBND tỉnh": the office
        return _Unit(k - 2, inner.e if inner is not None else k, "org")
    if toks[k - 2].f == "truong" and toks[k - 1].f in ("phong", "ban") and k < n and toks[k].cap:
        # "Trưởng phòng Giáo dục và Đào tạo các huyện": the head is part of the title.
        j = _generic_name(toks, k)
        if j > k:
            return _Unit(k - 1, _place_suffix(toks, j), "org")
    if toks[k - 1].f == "cac":  # "Thủ trưởng các sở, ban, ngành"
        g = _match_group(toks, k - 1)
        if g > k - 1:
            return _Unit(k - 1, g, "group")
    if k < n and toks[k].f == "cac" and _match_group(toks, k) == k:
        k += 1
    if k + 1 < n and toks[k].f == "," and _match_trie(_POSITION_TRIE, toks, k + 1) > k + 1:
        return _match_unit(toks, k + 1)  # "giám đốc, thủ trưởng các sở, ban, ngành"
    inner = _match_unit(toks, k)
    if inner is not None:
        return _Unit(k, inner.e, inner.kind)
    g = _match_group(toks, k)
    if g == k and k < n and not toks[k].cap:
        g = _bare_group_end(toks, k)  # "Thủ trưởng cơ quan, đơn vị"
    if g > k:
        return _Unit(k, g, "group")
    return None


def _titled_person(toks: list[_Tok], i: int, k: int) -> _Unit | None:
    """People named by a title ending at ``k``: "Cụm trưởng các cụm thi đua", "lãnh đạo
    Sở", "các thành viên Ban tổ chức". The title followed by a unit, a group or a place
    (or a bare "Cụm trưởng") is a "person", the title included; None otherwise."""
    n = len(toks)
    if k < n and toks[k].f == "cac" and _match_group(toks, k) == k:
        k += 1
    inner = _match_unit(toks, k)
    if inner is not None:
        return _Unit(i, inner.e, "person")
    g = _match_group(toks, k)
    if g > k:
        return _Unit(i, g, "person")
    p = _match_trie(_PLACE_WORDS, toks, k)
    if p > k:
        return _Unit(i, _place_suffix(toks, k), "person")
    if toks[i].f == "cum":
        return _Unit(i, k, "person")
    return None


def _leadership_unit(toks: list[_Tok], i: int, k: int) -> _Unit | None:
    """Leadership words ending at ``k``: "Cấp ủy chính quyền các địa phương", "… các
    cấp", "… địa phương". A group, or None when "chính …" / "cấp …" stands alone and is
    left to the other readings."""
    n = len(toks)
    g = _match_group(toks, k)
    if g > k:
        return _Unit(i, g, "group")
    k2 = _match_trie(_PLACE_WORDS, toks, k)
    if k2 > k:
        return _Unit(i, _place_suffix(toks, k), "group")
    if toks[k - 1].f in ("nganh", "cap") and toks[i].f == "cac":
        return _Unit(i, k, "group")
    if k + 1 < n and toks[k].f == "dia" and toks[k + 1].f == "phuong":
        return _Unit(i, k + 2, "group")
    if toks[i].f not in ("chinh", "cap"):
        return _Unit(i, k, "group")
    return None


def _bare_group_or_place(toks: list[_Tok], i: int) -> _Unit | None:
    """Groups without a group word of their own and lower-case places: "cơ quan, đơn vị
    liên quan" after a comma, "và" or a cue; "tất cả các bộ, ngành, địa phương";
    "huyện Đô Lương" (a "place"). None otherwise."""
    n = len(toks)
    t = toks[i]
    if i > 0 and (
        toks[i - 1].f in (",", "va", "giao")
        or (i > 1 and f"{toks[i - 2].f} {toks[i - 1].f}" in ("yeu cau", "de nghi", "chi dao"))
    ):
        k = _match_trie(_BARE_GROUP_TRIE, toks, i)
        if k > i:
            return _Unit(i, k, "group")  # "Sở X, cơ quan, đơn vị liên quan và …"
        k = _match_trie(_BARE_ADDRESSEE_TRIE, toks, i)
        if k > i and toks[i - 1].f != ",":
            # "đề nghị cán bộ, đảng viên, công chức phường …", "yêu cầu doanh nghiệp …"
            k = max(k, _match_trie(_GROUP_TRIE, toks, i))
            e = _place_suffix(toks, _group_rest(toks, k, toks[i].f))
            if e + 1 < len(toks) and toks[e].f == "cua":
                g = _match_group(toks, e + 1)  # "cấp ủy, chính quyền của các cơ quan, đơn vị"
                e = g if g > e + 1 else e
            return _Unit(i, e, "group")
    k = _match_trie(_PUBLIC_TRIE, toks, i)
    if k > i and (i == 0 or toks[i - 1].f in (",", "va", ":", "nghi", "cau")):
        k2 = _match_trie(_GROUP_QUALIFIERS, toks, k)
        return _Unit(i, max(k, k2), "group")  # "Bà con hãy …", "người dân trên địa bàn cần …"
    if t.cap and t.f in _PLACE_GROUPS and i + 2 < n and toks[i + 1].f == ",":
        k = _group_nouns_end(toks, i + 1)
        if k > i + 2 and toks[k - 1].f in _PLACE_LEVELS:
            return _Unit(i, k, "group")  # "Xã, phường phải …" (a sentence's first word)
    if t.f == "toan" and i + 2 < n and toks[i + 1].f == "the":
        # "toàn thể cán bộ, đảng viên và Nhân dân trong xã"
        k = _match_trie(_BARE_ADDRESSEE_TRIE, toks, i + 2)
        k = max(k, _match_group(toks, i + 2), _match_trie(_PUBLIC_TRIE, toks, i + 2))
        if k > i + 2:
            k = max(k, _match_trie(_GROUP_TRIE, toks, i + 2))
            e = _group_rest(toks, k, toks[i + 2].f)
            if e + 1 < n and toks[e].f == "va":
                p = _match_trie(_PUBLIC_TRIE, toks, e + 1)
                e = p if p > e + 1 else e
            q = _match_trie(_GROUP_QUALIFIERS, toks, e)
            return _Unit(i, _place_suffix(toks, q) if q > e else e, "group")
    if t.f == "tat" and i + 2 < n and toks[i + 1].f == "ca":
        g = _match_group(toks, i + 2)
        if g > i + 2:
            return _Unit(i, g, "group")  # "tất cả các bộ, ngành, địa phương"
    if not t.cap and t.f in ("huyen", "tinh", "xa", "phuong", "quan", "thanh", "thi"):
        k = _match_trie(_PLACE_WORDS, toks, i)
        if k > i and k < n and toks[k].cap and not _is_head_of_unit(toks, k):
            return _Unit(i, _place_suffix(toks, k), "place")  # "huyện Đô Lương"
    return None


def _sector_unit(toks: list[_Tok], i: int) -> _Unit | None:
    """A sector: "ngành" before a sector ("ngành Giáo dục") is a group; a lower-case
    "ngành" that opens the clause, follows a colon or precedes a modal ("ngành cần …")
    refers to the sector named before. Anything else, and a bare "địa …", is no unit."""
    t = toks[i]
    if t.f == "nganh":
        k = _match_trie(_SECTOR_TRIE, toks, i + 1)
        if k > i + 1:
            return _Unit(i, _place_suffix(toks, k), "group")
        if not t.cap and (i == 0 or toks[i - 1].f == ":" or _match_modal(toks, i + 1) > i + 1):
            return _Unit(i, i + 1, "ref")  # "ngành cần …": the sector named before
    return None


def _abbreviated_unit(toks: list[_Tok], i: int) -> _Unit:
    """Abbreviated heads: UBND tỉnh, VNPT Bạc Liêu, HĐND huyện. UBND/HĐND/MTTQ take a
    group ("UBND các xã") or a place; a BQL its project words or a name, then a place;
    others a name and a place."""
    t = toks[i]
    j = i + 1
    if t.f in ("ubnd", "hdnd", "ubmttq", "mttq"):
        g = _match_group(toks, j)
        if g > j:
            return _Unit(i, g, "org")
        j = _place_suffix(toks, j)
    elif t.f in ("bql", "bqlda"):
        j = _project_words(toks, j)
        j = _place_suffix(toks, _generic_name(toks, j) if j == i + 1 else j)
    else:
        j = _generic_name(toks, j)
        j = _place_suffix(toks, j)
    return _Unit(i, j, "org")


def _named_unit(toks: list[_Tok], i: int) -> _Unit | None:
    """A capitalised head word ("Sở", "Ủy ban nhân dân", "Công an", "Ban" …) and the name
    after it, read by the rule for that head. None when no head is there or the head
    stands alone where it cannot."""
    k = _match_trie(_ORG_HEAD_TRIE, toks, i)
    if k == i:
        return None
    head = " ".join(x.f for x in toks[i:k])
    if head in ("uy ban nhan dan", "hoi dong nhan dan"):
        g = _match_group(toks, k)
        if g > k:
            return _Unit(i, g, "org")
        return _Unit(i, _place_suffix(toks, k), "org")
    if head in ("so", "bo"):
        return _department_unit(toks, i, k, head)
    if head in (
        "tinh uy",
        "huyen uy",
        "thanh uy",
        "thi uy",
        "tinh doan",
        "cong an",
        "kho bac nha nuoc",
        "thanh tra",
        "buu dien",
        "vien thong",
        "dien luc",
        "bao hiem xa hoi",
    ):
        return _local_office_unit(toks, i, k, head)
    if head == "hop tac xa":
        return _cooperative_unit(toks, i, k)
    if head == "van phong":
        inner = _match_unit(toks, k)
        if inner is not None:
            return _Unit(i, inner.e, "org")
    if head == "ban chi dao":
        e = _prevention_field(toks, k)
        if e > k:
            return _Unit(i, _place_suffix(toks, e), "org")  # "Ban Chỉ đạo phòng, chống …"
    if head in ("ban", "ban quan ly"):
        u = _board_unit(toks, i, k, head)
        if u is not None:
            return u
    if head == "hoi dong":
        e = _match_trie(_COUNCIL_NAMES, toks, k)
        if e > k:
            return _Unit(i, _place_suffix(toks, e), "org")  # "Hội đồng coi thi (…)"
    return _head_with_name(toks, i, k, head)


# Councils named in lower case: "Hội đồng coi thi", "Hội đồng thẩm định".
_COUNCIL_NAMES = _trie(
    ["coi thi", "thi", "cham thi", "tham dinh", "nghiem thu", "thi dua, khen thuong"]
    + ["thi dua - khen thuong", "thi dua khen thuong", "tuyen sinh", "giao duc"]
)


def _department_unit(toks: list[_Tok], i: int, k: int, head: str) -> _Unit:
    """A department or ministry: "Sở"/"Bộ" and a field ("Sở Y tế", "Bộ Công an") with an
    optional place, or a name; a bare "Sở" is the host department ("host"), a bare "Bộ"
    the ministry named before ("ref")."""
    c = _match_trie(_DEPARTMENT_TRIE, toks, k)
    if c > k and (toks[k].cap or toks[k].abbr or c - k >= 3):
        j = c
        # "Sở TT&TT (Sở)" -> skip nothing; optional place.
        j = _place_suffix(toks, j)
        return _Unit(i, j, "org")
    j = _generic_name(toks, k)
    if j == k:
        return _Unit(i, k, "host" if head == "so" else "ref")
    return _Unit(i, j, "org")


def _local_office_unit(toks: list[_Tok], i: int, k: int, head: str) -> _Unit | None:
    """Party committees and local offices ("Tỉnh ủy", "Công an tỉnh", "Điện lực Nghệ
    An"): the head with a place, or else a name. Thanh tra, Công an, Bưu điện, Viễn
    thông and Điện lực without either are common nouns, so None."""
    j = _place_suffix(toks, k)
    if j == k:
        j = _generic_name(toks, k)
    if j == k and head in ("thanh tra", "cong an", "buu dien", "vien thong", "dien luc"):
        return None
    return _Unit(i, j, "org")


def _cooperative_unit(toks: list[_Tok], i: int, k: int) -> _Unit:
    """A cooperative, "Hợp tác xã nông nghiệp Quỳnh Lưu": the trade comes in lower case
    before the name, then an optional place."""
    n = len(toks)
    j = k
    while j < n and j - k < 3 and toks[j].f.isalpha() and not toks[j].cap:
        if _is_stop(toks, j) or _match_trie(_VERB_START, toks, j) > j:
            break
        j += 1
    j = _generic_name(toks, j) if j < n and toks[j].cap else j
    return _Unit(i, _place_suffix(toks, j), "org")


_PREVENTION_TRIE = _trie(["phong, chong", "phong chong", "phong ngua", "phong, chong va"])


def _prevention_field(toks: list[_Tok], j: int) -> int:
    """ "(Ban Chỉ đạo) phòng, chống dịch bệnh COVID-19": the field of a steering board,
    up to four lower-case words and a code name; or j."""
    k = _match_trie(_PREVENTION_TRIE, toks, j)
    if k == j:
        return j
    e = _lower_words(toks, k, limit=4)
    if e == k:
        return j
    code = e + 2 < len(toks) and toks[e].cap and toks[e + 1].f == "-" and toks[e + 2].f.isdigit()
    if e < len(toks) and (toks[e].abbr or code) and not _is_head_of_unit(toks, e):
        e += 1  # "COVID-19", "Covid-19"
        while e + 1 < len(toks) and toks[e].f == "-" and toks[e + 1].f.isdigit():
            e += 2
    return e


def _board_unit(toks: list[_Tok], i: int, k: int, head: str) -> _Unit | None:
    """A board, "Ban"/"Ban Quản lý", with a lower-case name ("Ban quản lý dự án …", "Ban
    Quản lý cảng cá"), its project words, and a parent unit ("… Sở Y tế") or a place.
    None when no such name follows, leaving the head to ``_head_with_name``."""
    if head == "ban quan ly":
        z = _project_words(toks, k)
        if z > k:
            return _Unit(i, _place_suffix(toks, z), "org")  # "Ban Quản lý các khu …"
    c = _match_trie(_LOWER_BAN_NAMES, toks, k)
    if c <= k:
        return None
    j = _prevention_field(toks, c) if toks[c - 1].f in ("dao", "huy") else c
    if toks[c - 1].f == "an" or head == "ban quan ly":
        j = _project_words(toks, j)
    if j == c and toks[c - 1].f == "ly" and (j >= len(toks) or not toks[j].cap):
        j = _lower_words(toks, j)  # "Ban Quản lý cảng cá"
    nested = _match_unit(toks, j) if j < len(toks) and toks[j].cap else None
    if nested is not None and _match_trie(_PARENT_HEADS, toks, j) > j:
        return _Unit(i, nested.e, "org")
    return _Unit(i, _place_suffix(toks, j), "org")


def _head_with_name(toks: list[_Tok], i: int, k: int, head: str) -> _Unit | None:
    """Any other head: with a capitalised name and an optional place. Without a name, a
    "Ban Quản lý" takes lower-case words, a head of two words or more stands alone
    ("Ban Chỉ đạo", "Tổ công tác") unless it is Ủy ban, Hội đồng, Văn phòng or Trung
    tâm, and otherwise there is no unit."""
    j = _generic_name(toks, k)
    if j == k and head == "ban quan ly":
        j = _lower_words(toks, k)  # "Ban Quản lý cảng cá", "Ban Quản lý rừng phòng hộ"
        if j > k:
            return _Unit(i, _place_suffix(toks, j), "org")
    if j == k:
        if k - i >= 2 and head not in ("uy ban", "hoi dong", "van phong", "trung tam"):
            e = _place_suffix(toks, k)
            if e == k:
                e = _match_group(toks, k)  # "Cổng thông tin điện tử các sở, ngành"
            return _Unit(i, e, "org")  # "Ban Chỉ đạo", "Tổ công tác"
        if head == "cong an":
            return _Unit(i, k, "org")
        return None
    j = _place_suffix(toks, j)
    return _Unit(i, j, "org")


_COLLECTIVE_WORDS = frozenset(["cac", "moi", "tung", "nhung"])
_CONTINUATION_TRIE = _trie(
    ["dong thoi", "cung voi do", "ben canh do", "ngoai ra", "cung do", "song song", "them vao do"]
)
_DATED_DUE_RE = re.compile(r"\b(?:truoc|cham nhat|han chot)(?: ngay)? \d{1,2}\s*[/.-]\s*\d{1,2}\b")
_PREPOSED_DUE_RE = re.compile(
    r"[-+•*\s]*(?:trong|truoc|cham nhat|han|den het)\b[^,.;]{0,25}\d[^,.;]{0,12},"
)


def _opens_with_continuation(toks: list[_Tok]) -> bool:
    """ "Đồng thời, …", "Cùng với đó, …": the clause goes on with the addressee before it."""
    i = 0
    while i < len(toks) and toks[i].f in ("-", "–", "+", "*", "•"):
        i += 1
    return _match_trie(_CONTINUATION_TRIE, toks, i) > i


def _is_generic(toks: list[_Tok], u: _Unit) -> bool:
    """A collective addressee ("các sở, ngành", "UBND các xã", "UBND cấp huyện"), not one
    named unit."""
    if u.kind in ("group", "person") or any(t.f in _COLLECTIVE_WORDS for t in toks[u.s : u.e]):
        return True
    return any(
        toks[k].f == "cap" and toks[k + 1].f in ("huyen", "xa", "tinh", "co so")
        for k in range(u.s, u.e - 1)
    )


def _shares_qualifier(toks: list[_Tok], u: _Unit, rest: list[_Unit]) -> bool:
    """A bare head joined by "và" to a collective unit shares its places: "UBND và Sở Y tế
    các tỉnh, thành phố" is UBND of the provinces too (one collective addressee)."""
    return (
        u.e - u.s == 1
        and toks[u.s].f in _ABBR_HEADS
        and bool(rest)
        and rest[0].s == u.e + 1
        and toks[u.e].f == "va"
        and _is_generic(toks, rest[0])
    )


_PLACE_GROUP_NOUNS = frozenset(
    ["huyen", "quan", "xa", "tinh", "thi xa", "thanh pho", "phuong", "thi tran", "dia phuong"]
)
_ESPECIALLY_TRIE = _trie(["nhat la", "dac biet la", "trong do co", "trong do nhat la"])
_OWNER_TRIE = _trie(
    ["cua trung uong", "cua tw", "cua trung uong, dia phuong", "cua tw, dia phuong"]
    + ["cua doanh nghiep", "cua cac doanh nghiep"]  # "các cửa hàng … của doanh nghiệp"
)


def _abbreviation_end(toks: list[_Tok], j: int) -> int:
    """ "(UBND)", "(KH&CN)": the index after a parenthesised abbreviation at ``j``, or j."""
    n = len(toks)
    if j + 2 < n and toks[j].f == "(" and toks[j + 2].f == ")" and toks[j + 1].abbr:
        return j + 3
    return j


def _apposition_end(toks: list[_Tok], j: int) -> int:
    """ "…, nhất là các cơ quan có liên quan đến công tác an toàn thông tin, tăng cường …":
    the narrowing phrase runs to the comma before the verb. The index of that comma, or j."""
    n = len(toks)
    k = j
    while k < n and k - j < 12 and toks[k].f not in (",", ".", ";", ":"):
        k += 1
    if k > j and k < n and toks[k].f == "," and _starts_with_verb(toks, k + 1):
        return k
    return j


def _unit_tail(toks: list[_Tok], j: int) -> int:
    """What may follow a unit or group and still belong to the addressee: the places it
    stands for ("các phòng GD&ĐT các quận, huyện"), its owner ("… của Trung ương, địa
    phương") and a narrowing list (", nhất là các Bộ: Quốc phòng, Công an"). Returns the
    new end (``j`` when nothing follows)."""
    n = len(toks)
    for _ in range(3):
        k = _abbreviation_end(toks, j)
        if k > j:
            # "Ủy ban nhân dân (UBND) các tỉnh", "Sở VHTTDL (VHTTDL) tỉnh": the name goes on.
            e = _match_group(toks, k)
            e = _place_suffix(toks, k) if e == k else e
            if e > k:
                j = e
                continue
        k = j
        if k + 1 < n and toks[k].f == "cac":
            g = _match_group(toks, k)
            if g > k and toks[k + 1].f in _PLACE_GROUP_NOUNS:
                j = g
                continue
        k = _match_trie(_OWNER_TRIE, toks, j)
        if k > j:
            j = _match_trie(_GROUP_QUALIFIERS, toks, k) if k < n else k
            j = max(j, k)
            continue
        k = j + 1 if j < n and toks[j].f == "," else j
        e = _match_trie(_ESPECIALLY_TRIE, toks, k)
        if e > k:
            inner, end = _match_unit_list(toks, e)
            if inner:
                j = _apposition_end(toks, end)
                continue
        if j + 1 < n and toks[j].f == "nganh":
            k = _match_trie(_SECTOR_TRIE, toks, j + 1)
            if k > j + 1:
                j = k  # "Cụm thi đua ngành giáo dục"
                continue
        break
    return j


def _bare_subject_list(toks: list[_Tok], i: int) -> tuple[list[_Unit], int]:
    """A subject that opens with a collective addressee written without "các" and goes on
    with "và" or "," and another unit: "nhà trường và Sở GD&ĐT các địa phương phải …",
    "Chủ đầu tư dự án và nhà đầu tư cần …". ([], i) otherwise: alone, such words are as
    often the object of an unwritten verb as its subject."""
    n = len(toks)
    j = i + 1 if i < n and toks[i].f in ("“", '"') else i
    k = _match_trie(_BARE_ADDRESSEE_TRIE, toks, j)
    if k == j:
        return [], i
    e = _group_rest(toks, max(k, _match_trie(_GROUP_TRIE, toks, j)), toks[j].f)
    if e + 1 < n and toks[e].f in ("va", ","):
        more, after = _match_unit_list(toks, e + 1)
        if more:
            return [_Unit(j, e, "group")] + more, after
    if any(t.f in ("va", ",") for t in toks[k:e]) and _match_modal(toks, e) > e:
        return [_Unit(j, e, "group")], e  # "Chủ đầu tư và các đơn vị thi công cần …"
    return [], i


def _match_unit_list(toks: list[_Tok], i: int) -> tuple[list[_Unit], int]:
    """Units separated by ",", "và", "cùng": returns the units and the index after them."""
    units: list[_Unit] = []
    n = len(toks)
    u = _match_unit(toks, i)
    if u is None:
        return units, i
    u.e = _unit_tail(toks, u.e)
    units.append(u)
    j = u.e
    while j < n:
        t = toks[j]
        k = j
        if t.f in (",", "va", "cung", ";") or (t.f == "-" and j + 1 < n):
            k = j + 1
            if t.f == "," and k < n and toks[k].f == "va":
                k += 1
            if k < n and toks[k].f == "voi" and t.f == "cung":
                k += 1
        else:
            break
        if k < n and toks[k].f in ("voi",):
            k += 1
        u = _match_unit(toks, k)
        if u is None:
            break
        u.e = _unit_tail(toks, u.e)
        units.append(u)
        j = u.e
    # "Phòng Bưu chính, Viễn thông và Chuyển đổi số (Sở KH&CN Nghệ An) chủ trì": the
    # parenthesis names the parent and belongs to the addressee, not to the work.
    return units, _skip_parenthetical(toks, j)


# ---------------------------------------------------------------------------
# Deadlines
# ---------------------------------------------------------------------------

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_DUE_CUE = (
    r"\b(?:(?:hoan thanh|xong|thuc hien|gui|bao cao|nop|trinh)\s+)?"
    r"(?P<cue>truoc|cham nhat(?: la)?|muon nhat(?: la)?|han chot(?: la)?|khong qua|den|toi"
    r"|trong|vao|cuoi|hoan thanh trong|hoan thanh|xong trong|xong|thoi han(?: la)?|han(?: la)?"
    r"|ngay cuoi)"
)
# A time of day before the date: "trước 14 giờ, ngày 05/12/2017", "trước 17h00 ngày 20/3".
_TIME_OF_DAY = r"(?:\s+\d{1,2}\s*(?:gio|h)(?:\s*\d{2})?(?:\s*phut)?\s*,?)?"
_DATE_RE = re.compile(
    _DUE_CUE
    + _TIME_OF_DAY
    + r"\s+(?:ngay\s+)?(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{4}|\d{2}))?"
    r"(?![\d/])"
)
_DATE_WORDS_RE = re.compile(
    _DUE_CUE
    + _TIME_OF_DAY
    + r"\s+ngay\s+(?P<d>\d{1,2})\s+thang\s+(?P<m>\d{1,2})(?:\s+nam\s+(?P<y>\d{4}))?"
)
_MONTH_RE = re.compile(
    _DUE_CUE + r"\s+(?:(?:ngay\s+)?cuoi\s+)?thang\s+(?P<m>\d{1,2})"
    r"(?:\s*(?:/|-|nam)\s*(?P<y>\d{4}))?(?![\d/])"
)
_QUARTER_RE = re.compile(
    _DUE_CUE + r"\s+(?:cuoi\s+)?quy\s+(?P<q>iv|iii|ii|i|[1-4])\b"
    r"(?:\s*(?:/|-|nam)\s*(?P<y>\d{4}))?"
)
_HALF_RE = re.compile(
    _DUE_CUE + r"\s+(?P<h>6 thang dau nam|6 thang cuoi nam|nua dau nam|nua cuoi nam"
    r"|sau thang dau nam|sau thang cuoi nam)(?:\s+(?P<y>\d{4}))?"
)
_YEAR_RE = re.compile(_DUE_CUE + r"\s+(?:cuoi\s+)?nam\s+(?P<y>\d{4})\b(?!\s*/)")
# A bare "trong năm" ("tỷ lệ giải ngân … trong năm") is the time of the work, not a due date:
# "trong" needs "nay", "tới" or "sau" after it.
_THIS_YEAR_RE = re.compile(
    r"\b(?:(?P<cue>cuoi|truoc khi het)\s+nam(?P<next> toi| sau)?(?: nay)?"
    r"|trong\s+nam(?:(?P<next2> toi| sau)| nay))\b(?!\s+\d)"
)
_BARE_MONTH_RE = re.compile(
    r"(?<![\d/] )(?<!ngay )\bthang\s+(?P<m>\d{1,2})(?:\s*(?:/|-|nam)\s*(?P<y>\d{4}))?(?![\d/])"
)
# "As soon as possible" phrases: returned verbatim with no date (the application turns
# ASAP into a date). Matched on the original text: folded, "ngay" would equal "ngày".
_ASAP_RE = re.compile(
    r"\b(?:(?:trong )?thời gian sớm nhất(?: có thể)?|càng sớm càng tốt|sớm nhất(?: có thể)?"
    r"|(?:một cách )?khẩn trương|sớm"
    r"|ngay(?: lập tức| trong (?:ngày|tuần|tháng|quý|năm|đợt|dịp) (?:này|nay|đầu|tới|sau)"
    r"| trong (?:ngày|tuần|tháng|quý|năm) \d{1,2}(?:/\d{4})?)?)\b"
    r"(?!\s*(?:sau|từ|khi|tại|trên|cả|từng|đầu|bên|cạnh|thẳng)\b)",
    re.I,
)
# Vague but verbatim timing phrases, in order of preference (no date). Manner adverbs
# ("kịp thời", "thường xuyên", "đúng lộ trình", "đúng thời hạn") are not deadlines, nor is an
# occasion ("trong dịp Tết", "dịp lễ 30/4"): the time a duty holds, not when it is due.
_VAGUE_RES = [
    re.compile(r"\b(?:trong )?thoi gian (?:toi|sap toi)\b"),
    re.compile(r"\btruoc mat\b"),
]
_RELATIVE_RE = re.compile(
    r"\b(?:trong (?:thoi han|vong)|trong|sau|khong qua|cham nhat(?: la)?)\s+"
    r"(?:\d{1,3}|mot|hai|ba|bay|muoi)"
    r"\s+(?:ngay(?: lam viec)?|tuan|thang)(?: lam viec)?"
    r"(?: ke tu (?:ngay|khi) [^,;.]{3,60}?(?=[,;.]|$)| sau (?:khi )?[^,;.\s]+(?: [^,;.\s]+)?)?"
)
_EVENT_RE = re.compile(
    r"\btruoc (?:tet(?: nguyen dan)?(?: \w+ \w+)?(?: \d{4})?|ky hop [^,;.]{2,40}?(?=[,;.]|$)"
    r"|dai hoi [^,;.]{2,40}?(?=[,;.]|$)|mua mua bao|mua mua lu|ngay \d{1,2}/\d{1,2}(?!/))"
)
_RECUR_RE = re.compile(
    r"\b(?:(?:theo )?dinh ky\s+)?(?:hang|moi)\s+(?P<u>thang|quy|nam|tuan|ngay)\b"
    r"|\bdinh ky\s+(?P<n>6 thang|06 thang|sau thang|3 thang|nam|quy|thang)\b"
    r"(?:,? (?:va )?(?:hang|hang) (?:thang|quy|nam))?"
    r"|\bdinh ky\b(?! (?:hang|moi|\d))"
    r"|\b(?:\d{1,2}|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi|muoi lam)"
    r"\s+(?P<u2>ngay|tuan|thang)"
    r"\s+(?:mot|1)\s+lan\b"
)

# A recurring due day: "trước ngày 20 hàng tháng", "trước 15h, thứ năm hàng tuần".
_RECUR_DUE_RE = re.compile(
    # "Định kỳ từ ngày 1 đến ngày 5 hằng tháng": a recurring window (guideline 12).
    r"\b(?:dinh ky\s+)?tu ngay \d{1,2} den ngay \d{1,2}\s*,?\s*(?:hang|moi)\s+(?:thang|quy|nam)\b|"
    r"\b(?:truoc|cham nhat(?: la)?|muon nhat(?: la)?|vao|trong)\s+"
    r"(?:\d{1,2}\s*(?:h|gio)(?:\s*\d{1,2})?(?:\s*phut)?\s*,?\s*(?:ngay\s+)?)?"
    r"(?:ngay\s+\d{1,2}(?:\s*[/.-]\s*\d{1,2}|\s+thang\s+\d{1,2})?"
    r"(?:\s+va\s+(?:ngay\s+)?\d{1,2}(?:\s*[/.-]\s*\d{1,2})?)?"
    r"|thu (?:hai|ba|tu|nam|sau|bay)|chu nhat|ngay (?:lam viec )?cuoi cung)"
    r"\s*,?\s*(?:cua\s+)?(?:hang|moi)\s+(?:tuan|thang|quy|nam)\b"
)

_RECUR_UNITS = {"thang": "monthly", "quy": "quarterly", "nam": "yearly"}


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _year(y: str | None, ref: date | None, month: int, day: int = 1) -> int | None:
    if y:
        yy = int(y)
        if yy < 100:
            yy += 2000
        return yy
    if ref is None:
        return None
    candidate = ref.year
    try:
        if date(candidate, month, min(day, 28)) < ref - timedelta(days=31):
            candidate += 1
    except ValueError:
        return None
    return candidate


@dataclass(slots=True)
class _Deadline:
    start: int
    end: int
    text_start: int
    due: date | None
    rank: int  # lower is more concrete


_NOT_DUE_BEFORE_RE = re.compile(
    r"(?:\bco thoi han(?: hoan thanh)?|\bphien hop(?: thuong ky)?|\bhoi nghi|\bky hop"
    r"|\bgiao ban|\bthuong ky|\bnghi hoc|\btam dung|\btam ngung)\s*$"
)


def _deadline_candidates(f: str, ref: date | None) -> list[_Deadline]:
    """Every deadline phrase in the folded text ``f``, most concrete families first: days,
    months, quarters, halves, years, "năm nay", bare months (only when nothing else was
    found), then relative and event phrases. ``ref`` supplies a missing year."""
    out = _day_deadlines(f, ref)
    out += _month_deadlines(f, ref)
    out += _quarter_deadlines(f, ref)
    out += _half_deadlines(f, ref)
    out += _year_deadlines(f)
    out += _this_year_deadlines(f, ref)
    if not out:
        out += _bare_month_deadlines(f, ref)
    for rx in (_RELATIVE_RE, _EVENT_RE):
        out += [_Deadline(m.start(), m.end(), m.start(), None, 6) for m in rx.finditer(f)]
    # "các nhiệm vụ có thời hạn hoàn thành trong năm 2025", "phiên họp thường kỳ tháng 8":
    # the deadline of other work or the date of a meeting (guideline 12).
    return [c for c in out if not _NOT_DUE_BEFORE_RE.search(f, max(0, c.start - 40), c.start)]


def _candidate(m: re.Match, due: date | None, rank: int, text_group: str = "cue") -> _Deadline:
    """The deadline of match ``m``; its text starts at the cue when there is one."""
    ts = m.start(text_group) if m.groupdict().get(text_group) is not None else m.start()
    return _Deadline(m.start(), m.end(), ts, due, rank)


def _day_deadlines(f: str, ref: date | None) -> list[_Deadline]:
    """Day dates ("trước ngày 30/6/2025", "ngày 15 tháng 7"), rank 0. An impossible date
    is kept whole with no due date (flagged by ``deadline_problem``); a data cut-off
    ("đến ngày 31/3 chưa …") is dropped, and so is "trong 30/6" without "ngày"."""
    out: list[_Deadline] = []
    for rx in (_DATE_RE, _DATE_WORDS_RE):
        for m in rx.finditer(f):
            d, mo = int(m.group("d")), int(m.group("m"))
            y = _year(m.group("y"), ref, mo, d) if 1 <= mo <= 12 else None
            if _impossible_date(d, mo, y):
                # kept whole, and flagged by deadline_problem()
                out.append(_candidate(m, None, 0))
                continue
            due = None
            if y is not None:
                due = date(y, mo, d)
            cue = m.group("cue")
            if cue in ("den", "toi") and _is_cutoff(f, m):
                continue  # "vốn … đến ngày 31/3/2022 chưa phân bổ": a data cut-off
            if cue in ("trong", "cuoi", "thuc hien"):
                # "trong ngày 30/6" is a deadline; plain "trong 30/6" rarely is.
                if "ngay" not in f[m.start("cue") : m.start("d")]:
                    continue
            out.append(_candidate(m, due, 0))
    return out


def _month_deadlines(f: str, ref: date | None) -> list[_Deadline]:
    """Months ("trong tháng 7/2025"), rank 1: due the last day of the month, or the day
    before it begins after "trước"."""
    out: list[_Deadline] = []
    for m in _MONTH_RE.finditer(f):
        mo = int(m.group("m"))
        if not 1 <= mo <= 12:
            continue
        y = _year(m.group("y"), ref, mo, 28)
        due = None
        if y is not None:
            if m.group("cue") == "truoc":
                due = date(y, mo, 1) - timedelta(days=1)
            else:
                due = _last_day(y, mo)
        out.append(_candidate(m, due, 1))
    return out


def _quarter_deadlines(f: str, ref: date | None) -> list[_Deadline]:
    """Quarters ("trong quý III/2025"), rank 2: due the quarter's last day, or the day
    before it begins after "trước"."""
    out: list[_Deadline] = []
    for m in _QUARTER_RE.finditer(f):
        q = _ROMAN[m.group("q")]
        y = _year(m.group("y"), ref, q * 3, 28)
        due = None
        if y is not None:
            if m.group("cue") == "truoc":
                due = date(y, q * 3 - 2, 1) - timedelta(days=1)
            else:
                due = _last_day(y, q * 3)
        out.append(_candidate(m, due, 2))
    return out


def _half_deadlines(f: str, ref: date | None) -> list[_Deadline]:
    """Half years ("6 tháng đầu năm 2025"), rank 3: due 30 June or 31 December."""
    out: list[_Deadline] = []
    for m in _HALF_RE.finditer(f):
        first = "dau" in m.group("h")
        y = _year(m.group("y"), ref, 6 if first else 12, 28)
        due = None
        if y is not None:
            due = date(y, 6, 30) if first else date(y, 12, 31)
        out.append(_candidate(m, due, 3))
    return out


def _year_deadlines(f: str) -> list[_Deadline]:
    """Years 1990–2100 ("trong năm 2025"), rank 4: due 31 December, or the end of the
    year before after "trước". "vào/đến/tới năm 2030" names a horizon and is dropped."""
    out: list[_Deadline] = []
    for m in _YEAR_RE.finditer(f):
        y = int(m.group("y"))
        if not 1990 <= y <= 2100:
            continue
        cue = m.group("cue")
        if cue in ("vao", "den", "toi"):
            continue  # "định hướng đến năm 2030" names a horizon, not a deadline
        due = date(y - 1, 12, 31) if cue == "truoc" else date(y, 12, 31)
        out.append(_candidate(m, due, 4))
    return out


def _this_year_deadlines(f: str, ref: date | None) -> list[_Deadline]:
    """The current or next year ("trong năm nay", "cuối năm tới"; not followed by "/"),
    rank 5: the end of the year of ``ref`` or the next; none without ``ref``."""
    if ref is None:
        return []
    return [
        _candidate(m, date(ref.year + (1 if m.group("next") or m.group("next2") else 0), 12, 31), 5)
        for m in _THIS_YEAR_RE.finditer(f)
        if f[m.end() : m.end() + 1] != "/"
    ]


def _bare_month_deadlines(f: str, ref: date | None) -> list[_Deadline]:
    """Bare months without cue ("tháng 7/2025"), rank 7, used only when the text has no
    other date: due the month's last day; none when the year is unknown."""
    out: list[_Deadline] = []
    for m in _BARE_MONTH_RE.finditer(f):
        mo = int(m.group("m"))
        y = _year(m.group("y"), ref, mo, 28)
        if 1 <= mo <= 12 and y is not None:
            out.append(_Deadline(m.start(), m.end(), m.start(), _last_day(y, mo), 7))
    return out


_CUTOFF_AFTER_RE = re.compile(r"\s*,?\s*(?:chua|da|con|van|dat|co|la|tren|duoi)\b")
_CUTOFF_BEFORE_RE = re.compile(r"(?:\btinh|\btu \S+(?: \S+){0,4}|\bso lieu|\bluy ke)\s*$")


def _is_cutoff(f: str, m: re.Match) -> bool:
    """ "(tính) đến ngày D/M", "từ … đến ngày D/M", "… đến ngày D/M chưa …": not a deadline."""
    if _CUTOFF_AFTER_RE.match(f, m.end()):
        return True
    return bool(_CUTOFF_BEFORE_RE.search(f, max(0, m.start("cue") - 40), m.start("cue")))


def _recurrence_match(f: str) -> re.Match | None:
    """The first recurrence phrase outside parentheses ("(dự toán kinh phí hàng năm)")."""
    for m in _RECUR_RE.finditer(f):
        before = f[: m.start()]
        if before.count("(") <= before.count(")"):
            return m
    return None


def parse_deadline(
    text: str, reference_date: date | None = None
) -> tuple[date | None, str | None, str | None]:
    """Read the deadline of one task clause: (date, verbatim phrase, recurrence)."""
    folded = _fold_same_length(text)
    return _parse_deadline(text, folded, reference_date)


def _parse_deadline(
    orig: str, f: str, ref: date | None
) -> tuple[date | None, str | None, str | None]:
    cands = _deadline_candidates(f, ref)
    recurrence = None
    rm = _recurrence_match(f)
    if rm:
        if rm.group("u"):
            recurrence = _RECUR_UNITS.get(rm.group("u"))
        elif rm.group("n") in ("nam",):
            recurrence = "yearly"
        elif rm.group("n") in ("quy", "3 thang"):
            recurrence = "quarterly"
        elif rm.group("n") == "thang":
            recurrence = "monthly"
    rd = _RECUR_DUE_RE.search(f)
    # "trước ngày 15/12 hằng năm": a yearly due day, not the date of this year.
    if rd and not any(
        c.due is not None and not (rd.start() < c.end and c.start < rd.end()) for c in cands
    ):
        return None, orig[rd.start() : rd.end()], recurrence
    if cands:
        # The most concrete kind; among equals the latest date (the final deadline).
        best_rank = min(c.rank for c in cands)
        same = [c for c in cands if c.rank == best_rank]
        best = max(same, key=lambda c: (c.due or date.min, c.start))
        phrase = orig[best.text_start : best.end].strip(" ,;.")
        # Drop a leading "hoàn thành"/"xong" from the verbatim phrase when a cue follows.
        return best.due, phrase, recurrence
    if rm:
        return None, orig[rm.start() : rm.end()].strip(), recurrence
    m = first_asap(orig)
    if m is not None:
        return None, m, None
    for rx in _VAGUE_RES:
        m = rx.search(f)
        if m:
            return None, orig[m.start() : m.end()], None
    return None, None, None


_NUMERIC_DATE_RE = re.compile(
    r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?(?![\d/])"
)


def _impossible_date(d: int, mo: int, y: int | None) -> bool:
    if not 1 <= mo <= 12 or d < 1:
        return True
    try:
        date(y or 2000, mo, d)  # a year-less date may be 29/02
    except ValueError:
        return True
    return False


def deadline_problem(phrase: str | None) -> str | None:
    """A warning for the user when the deadline phrase names a date that does not exist
    ("trước ngày 31/02/2027"), else None."""
    if not phrase:
        return None
    for m in _NUMERIC_DATE_RE.finditer(phrase):
        d, mo = int(m.group(1)), int(m.group(2))
        y = int(m.group(3)) if m.group(3) else None
        if _impossible_date(d, mo, y):
            return f"Ngày {m.group(0).strip()} không tồn tại: cần kiểm tra lại thời hạn."
    return None


def mentions_asap(text: str | None) -> bool:
    """Whether a deadline phrase asks for the work as soon as possible ("sớm", "khẩn trương")."""
    return bool(text) and first_asap(text) is not None


# A passive purpose clause still open before a word: "… để dự án được triển khai (sớm)"
# (the aim; "để sớm bổ sung …" is the deadline of the job).
_PURPOSE_BEFORE_RE = re.compile(r"\bđể\b[^,;.:]*\bđược\b[^,;.:]*$", re.IGNORECASE)


def first_asap(orig: str) -> str | None:
    """The first "as soon as possible" phrase of a clause ("khẩn trương", "sớm", "ngay")."""
    for m in _ASAP_RE.finditer(orig):
        word = m.group()
        if word.lower().startswith("ngay") and orig[
            max(0, m.start() - 6) : m.start()
        ].lower().rstrip().endswith(("cả", "là")):
            continue
        if word.lower() == "sớm" and _PURPOSE_BEFORE_RE.search(orig, 0, m.start()):
            continue  # "… để dự án được triển khai sớm": the aim, not the deadline
        return word
    return None


# ---------------------------------------------------------------------------
# Segmentation
# ---------------------------------------------------------------------------

_MARKER_RE = re.compile(
    r"[ \t]*(?:"
    r"(?P<roman>[IVXL]{1,5})[.)]"
    r"|(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})[.)]"
    r"|(?P<alpha>[a-zđ])[).]"
    r"|\((?P<paren>\d{1,2}|[a-zđ]|[ivx]{1,4})\)"
    r"|(?P<bullet>[-–—+•*▪●○◦·►✓])"
    # Ordinals that number paragraphs: "Thứ nhất, …", "Hai là, …".
    r"|(?P<ordinal>(?:Thứ (?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)"
    r"|(?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười) là),)"
    r")[ \t]+"
)


@dataclass(slots=True)
class _Clause:
    s: int
    e: int
    sent: int  # sentence number in the document
    line: int
    level: int  # list level of its line (0 for plain paragraphs)
    item: bool  # the line is a list item
    first_in_sentence: bool
    sentence_s: int
    sentence_e: int
    after_colon: bool  # the clause follows "heading:" in the same sentence
    ends_colon: bool  # the clause ends with ":" (a heading for what follows)


def _marker_level(m: re.Match) -> int:
    if m.group("roman"):
        return 1
    if m.group("num"):
        return 2 + m.group("num").count(".")
    if m.group("ordinal"):
        return 2
    if m.group("alpha") or m.group("paren"):
        return 6
    b = m.group("bullet")
    return 7 if b in "-–—•▪●►✓" else 8


_SENT_BREAK_RE = re.compile(r"(?:\./\.|[.!?…]+)(?=\s+[\"“'(]?[A-ZÀ-ỸĐ0-9])|\./\.")


def _sentences(orig: str, s: int, e: int) -> list[tuple[int, int]]:
    """Sentence spans within one line."""
    out: list[tuple[int, int]] = []
    start = s
    for m in _SENT_BREAK_RE.finditer(orig, s, e):
        if m.group() == "." and m.start() > start:
            # Abbreviations ("TP. Vinh", "Q. 1", "ThS.") and initials do not end a sentence.
            wm = re.search(r"(\S+)$", orig[start : m.start()])
            word = wm.group(1) if wm else ""
            wf = fold(word).strip("(")
            if wf in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
                continue
        end = m.end()
        if orig[start:end].strip():
            out.append((start, end))
        start = end
    if orig[start:e].strip():
        out.append((start, e))
    return out


_NAMED_LIST_RE = re.compile(
    r"\b(?:cac|gom|bao gom|tai|o)\s+(?:huyen|xa|phuong|thi xa|thanh pho|tinh|quan|thi tran"
    r"|don vi|dia phuong|so|bo|co quan|doanh nghiep|truong|benh vien|cong ty|ngan hang)"
    r"(?:,\s*(?:huyen|xa|phuong|thi xa|thanh pho|quan|thi tran|nganh|ban|so|bo))*(?:\s+nhu)?\s*$"
)


def _names_follow(orig: str, i: int, e: int) -> bool:
    """Two or more capitalised names joined by "," or "và" start at ``i``."""
    m = re.match(r"\s*((?:[^\W\d_][\w-]*\s*){1,4}?)(?:,|\svà\s)", orig[i:e])
    if not m:
        return False
    words = m.group(1).split()
    return words[0][0].isupper()  # "Quốc phòng, Công an", "Hà Nội và Huế"


_INCLUDES_RE = re.compile(r"\b(?:gom|bao gom)\s*$")


def _addressees_go_on(orig: str, f: str, s: int, i: int, e: int) -> bool:
    """Does the ";" at ``i`` separate addressees of one list? True when the text before it
    (from ``s``, or from the last directive cue in it) is nothing but units and a unit
    opens the text after it: "Các sở, ban, ngành tỉnh; UBND các xã, phường; các doanh
    nghiệp … thực hiện …", "yêu cầu các thành viên Ban chỉ đạo; Thủ trưởng các sở …"."""
    after = _tokenize(orig, f, i + 1, min(e, i + 80))
    if not after or _match_unit(after, 0) is None:
        return False
    toks = _tokenize(orig, f, s, i)
    k = 0
    while k < len(toks) and toks[k].f in ("-", "–", "+", "*", "•"):
        k += 1
    for j in range(len(toks)):
        c = _match_trie(_CUE_TRIE, toks, j)
        if c > j:
            k = c  # the addressees begin after the last cue
    units, end = _match_unit_list(toks, k)
    return bool(units) and end == len(toks)


def _split_clauses(orig: str, f: str, s: int, e: int) -> list[tuple[int, int, bool]]:
    """Split a sentence on ";" (and on ":" introducing content): (start, end, after_colon)."""
    parts: list[tuple[int, int, bool]] = []
    depth = 0
    start = s
    after_colon = False
    listing = False
    i = s
    while i < e:
        c = f[i]
        if c in "([":
            depth += 1
        elif c in ")]" and depth:
            depth -= 1
        elif depth == 0 and c == "," and f.startswith(" trong khi ", i + 1):
            # "Công an tỉnh bảo đảm an toàn thông tin, trong khi Sở KH-CN chủ trì …": two
            # subjects, two clauses.
            parts.append((start, i + 1, after_colon))
            start = i + 1
        elif depth == 0 and c == ";":
            if listing or _addressees_go_on(orig, f, start, i, e):
                i += 1
                continue  # "Các sở, ngành tỉnh; UBND các xã; … thực hiện …": one list
            parts.append((start, i + 1, after_colon))
            start = i + 1
        elif depth == 0 and c == ":" and i + 1 < e and f[i + 1] in " \t":
            if _INCLUDES_RE.search(f, max(s, i - 12), i):
                listing = True  # "… các văn bản gồm: Luật …; Nghị định …": one clause
                i += 1
                continue
            if _NAMED_LIST_RE.search(f, max(s, i - 40), i) and _names_follow(orig, i + 1, e):
                i += 1
                continue  # "UBND các huyện: A, B và C …" names units, it is no heading
            parts.append((start, i + 1, after_colon))
            start = i + 1
            after_colon = True
        i += 1
    if f[start:e].strip():
        parts.append((start, e, after_colon))
    # Trim whitespace.
    out = []
    for a, b, ac in parts:
        while a < b and f[a] in " \t":
            a += 1
        while b > a and f[b - 1] in " \t":
            b -= 1
        if b > a:
            out.append((a, b, ac))
    return out


# The dateline that opens a news report's first paragraph ("(PLVN) - …", "(NLĐ)- …"): the line
# before it is the headline, never a wrapped line of the same sentence.
_DATELINE_RE = re.compile(r"\s*\([^()\n]{2,30}\)\s*[-–—]")
_WRAPPED_END_RE = re.compile(r"[.;:!?…”\"')\]]\s*$")
_WRAPPED_NEXT_RE = re.compile(r"\s*[a-zà-ỹđ]")
_WRAPPED_WORD_END_RE = re.compile(r"(?:[a-zà-ỹđ]|\b[A-ZÀ-ỸĐ][a-zà-ỹđ]+|,)\s*$")


def _logical_lines(orig: str, stop_at: int) -> list[tuple[int, int]]:
    """Line spans, with a hard-wrapped line joined to the next one.

    Texts copied from PDF renderings (thuvienphapluat …) break sentences mid-way:
    "… yêu cầu các Bộ, ngành, địa phương và cơ sở cần\ntập trung thực hiện …". A line
    that does not end with sentence punctuation continues on the next line when that
    line starts with a lower-case letter and is not a list item ("a) …")."""
    spans: list[tuple[int, int]] = []
    for lm in re.finditer(r"[^\n]+", orig[:stop_at]):
        ls, le = lm.start(), lm.end()
        if (
            spans
            and orig[spans[-1][1] : ls].count("\n") == 1
            and (
                _WRAPPED_NEXT_RE.match(orig, ls, le)
                or (
                    spans[-1][1] - spans[-1][0] >= 25
                    and _WRAPPED_WORD_END_RE.search(orig, spans[-1][0], spans[-1][1])
                    and not orig[spans[-1][0] : spans[-1][1]].isupper()
                )
            )
            and not _MARKER_RE.match(orig, ls, le)
            and not _DATELINE_RE.match(orig, ls, le)
            and not _WRAPPED_END_RE.search(orig, spans[-1][0], spans[-1][1])
        ):
            spans[-1] = (spans[-1][0], le)
        else:
            spans.append((ls, le))
    return spans


_INLINE_ITEM_RE = re.compile(r"(?<=[:.;])\s+(?=(?:(\d{1,2})\.|\((\d{1,2})\))\s+[A-ZÀ-ỸĐ])")


def _inline_items(orig: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A numbered list run into one paragraph ("… như sau: 1. Tạm dừng …. 2. Sở Xây dựng
    …") is split into its items when they count 1, 2, … in order."""
    out: list[tuple[int, int]] = []
    for ls, le in lines:
        cuts = [m for m in _INLINE_ITEM_RE.finditer(orig, ls, le)]
        numbers = [int(m.group(1) or m.group(2)) for m in cuts]
        if len(cuts) < 2 or numbers != list(range(1, len(cuts) + 1)):
            out.append((ls, le))
            continue
        start = ls
        for m in cuts:
            out.append((start, m.start()))
            start = m.end()
        out.append((start, le))
    return out


def _segment(orig: str, f: str) -> list[_Clause]:
    clauses: list[_Clause] = []
    sent_no = 0
    stop_at = len(orig)
    m = _RECIPIENTS_RE.search(f)
    if m:
        stop_at = m.start()
    for line_no, (ls, le) in enumerate(_inline_items(orig, _logical_lines(orig, stop_at))):
        level = 0
        item = False
        mm = _MARKER_RE.match(orig, ls, le)
        if mm:
            level = _marker_level(mm)
            item = True
            ls = mm.end()
        while ls < le and orig[ls].isspace():
            ls += 1
        if ls >= le:
            continue
        for ss, se in _sentences(orig, ls, le):
            sent_no += 1
            first = True
            for cs, ce, after_colon in _split_clauses(orig, f, ss, se):
                ends_colon = f[cs:ce].rstrip().endswith(":")
                clauses.append(
                    _Clause(
                        cs,
                        ce,
                        sent_no,
                        line_no,
                        level,
                        item,
                        first,
                        ss,
                        se,
                        after_colon,
                        ends_colon,
                    )
                )
                first = False
    return clauses


# ---------------------------------------------------------------------------
# Clause analysis
# ---------------------------------------------------------------------------

_PHRASE_WORDS: dict[str, tuple[str, ...]] = {}


def _at(toks: list[_Tok], j: int, phrase: str) -> int:
    """Index after ``phrase`` if it starts at token ``j``, else -1."""
    words = _PHRASE_WORDS.get(phrase)
    if words is None:
        words = _PHRASE_WORDS[phrase] = tuple(_split_words(phrase))
    if j < 0 or j + len(words) > len(toks):
        return -1
    for k, w in enumerate(words):
        if toks[j + k].f != w:
            return -1
    return j + len(words)


_TOPIC_TRIE = _trie(_lexicon("topic"))
_COORD_TRIE = _trie(_lexicon("coord"))
_COORD_ADVERBS = _trie(_lexicon("coord_adverbs"))

# Speech verbs that introduce what a leader directs (what follows may be a bare task).
_DIRECTIVE_SPEECH = _trie(_lexicon("directive_speech"))

# Verbs that may open a task clause whose addressee is inherited.
_NOT_VERB_START = frozenset(_lexicon("stop_phrases_not_verb_start"))
_VERB_START = _trie([p for p in _STOP_PHRASES if p not in _NOT_VERB_START] + _lexicon("verb_start"))

# Words that name who speaks before a cue.
_SPEAKER_WORDS = _trie(_lexicon("speaker_words"))
# Authorities a department petitions rather than directs.
_SUPERIOR_RE = re.compile(
    r"^(ubnd tinh|uy ban nhan dan tinh|chinh phu|thu tuong|bo |tinh uy|hdnd tinh|trung uong"
    r"|lanh dao tinh|chu tich ubnd tinh|thuong truc)"
)
# Verbs that open a sentence continuing the previous addressee's task.
_TASK_VERBS = _trie(_lexicon("task_verbs"))

_ATTENDANCE_SENT_RE = re.compile(
    r"^\W*(?:den du|tham du|cung du|du hoi nghi|du buoi|co mat|ve phia [^,;.]{0,30} co)\b"
)
_ATTENDANCE_RE = re.compile(
    r"^(?:den du|tham du|cung du|du hoi nghi|du buoi|co mat|thanh phan|chu tri (?:hoi nghi|buoi"
    r"|cuoc)|thong nhat|dong y|chap thuan|ghi nhan|bieu duong|so\s*:|v/v|kinh gui|nhat tri)"
)


@dataclass
class _Frame:
    lead: str | None
    coords: list[str]
    verb: str | None
    deadline: tuple[date | None, str | None, str | None] | None = None
    strict: bool = False  # items must open with a verb to inherit this frame
    opinion: bool = False  # "Chủ tịch UBND tỉnh có ý kiến như sau:": items without addressee


@dataclass
class _Analysis:
    kind: str  # "task", "frame", "none", "inherit"
    lead: str | None = None
    coords: list[str] = field(default_factory=list)
    verb: str | None = None
    content_start: int = 0  # token index where the content begins
    strong: bool = False
    # "yêu cầu X V1 …; V2 …": a directive cue with a plain addressee (no "chủ trì, phối
    # hợp" roles) governs each following ";" item as a job of its own.
    distributive: bool = False


_PARENS_RE = re.compile(r"\s*\([^)]*\)\s*")


def _unit_text(orig: str, toks: list[_Tok], u: _Unit, host: str | None) -> str:
    parts = []
    for k in range(u.s, u.e):
        if k > u.s and toks[k].s == toks[k - 1].e and toks[k].cap and toks[k - 1].f.isalpha():
            parts.append(" ")  # words glued by a bad copy
        parts.append(
            orig[toks[k].s : toks[k + 1].s] if k + 1 < u.e else orig[toks[k].s : toks[k].e]
        )
    text = re.sub(r"\s*&\s*", "&", "".join(parts))
    if u.kind == "host":
        return host or text
    text = _PARENS_RE.sub(" ", text).strip(" ,-–")
    return re.sub(r"\s+", " ", text)


def _skip_parenthetical(toks: list[_Tok], i: int) -> int:
    n = len(toks)
    if i < n and toks[i].f == "(":
        depth = 0
        for j in range(i, min(n, i + 30)):
            if toks[j].f == "(":
                depth += 1
            elif toks[j].f == ")":
                depth -= 1
                if depth == 0:
                    return j + 1
    return i


def _skip_prefix(toks: list[_Tok], i: int) -> int:
    """Skip leading parentheticals, dashes and connectors ("Ngoài ra,", "Trước mắt,")."""
    n = len(toks)
    for _ in range(6):
        start = i
        i = _skip_parenthetical(toks, i)
        while i < n and toks[i].f in ("-", "–", "—", ",", ":", "+", "*", "•", "."):
            i += 1
        k = _match_trie(_LEADING_CONNECTORS, toks, i)
        if k == i + 1 and toks[i].f in _ACCENTED_CONNECTORS:
            if toks[i].w.lower() != _ACCENTED_CONNECTORS[toks[i].f]:
                k = i  # "Củng cố" is not "cùng"
        if k > i and _at(toks, i, "de nghi") < 0 and _at(toks, i, "yeu cau") < 0:
            i = k
        i = _skip_time_phrase(toks, i)
        if i == start:
            break
    return i


# Single-word connectors whose folded form is also another word ("cùng" / "củng").
_ACCENTED_CONNECTORS = {"cung": "cùng", "con": "còn"}
_TIME_WORDS = frozenset(
    (
        "trong truoc cham nhat han den het cuoi dau giua ngay thang quy nam tuan / - . i ii iii iv"
    ).split()
)


def _skip_time_phrase(toks: list[_Tok], i: int) -> int:
    """A due date opening the clause ("Trong tháng 01/2027, …"): the index after its comma."""
    n = len(toks)
    if i >= n or toks[i].f not in ("trong", "truoc", "cham", "han", "den"):
        return i
    digits = False
    for k in range(i, min(n, i + 10)):
        f = toks[k].f
        if f == ",":
            return k + 1 if digits else i
        if f.isdigit():
            digits = True
        elif f not in _TIME_WORDS:
            return i
    return i


_MANDATE_TRIE = _trie(
    [
        "theo chuc nang, nhiem vu duoc giao",
        "theo chuc nang, nhiem vu, quyen han",
        "theo chuc nang, nhiem vu, quyen han duoc giao",
        "theo chuc nang, tham quyen",
        "theo chuc nang, nhiem vu",
        "theo chuc nang nhiem vu",
        "theo chuc nang",
        "theo tham quyen",
        "theo chuc trach, nhiem vu",
        "trong pham vi chuc nang, nhiem vu",
        "trong pham vi chuc nang, nhiem vu duoc giao",
        "theo linh vuc phu trach",
        "theo linh vuc quan ly",
        "theo dia ban duoc phan cong",
        "theo dia ban phu trach",
        "theo nhiem vu duoc phan cong",
        "theo phan cong",
        "can cu chuc nang, nhiem vu",
        "can cu chuc nang, nhiem vu duoc giao",
        "tuy chuc nang, nhiem vu",
        "tuy chuc nang, nhiem vu duoc giao",
        "tuy theo chuc nang, nhiem vu",
        "tuy chuc nang",
    ]
)


def _roles(toks: list[_Tok], j: int) -> tuple[list[_Unit], bool, int]:
    """Parse "chủ trì, phối hợp với Y" after the addressees: (coordinating units, lead?, end)."""
    n = len(toks)
    coords: list[_Unit] = []
    is_lead = False
    for _ in range(4):
        k = j
        if k < n and toks[k].f == ",":
            k += 1
        k2 = _match_trie(_MANDATE_TRIE, toks, k)
        if k2 > k:
            j = k2  # "… theo chức năng, thẩm quyền chỉ đạo …"
            continue
        if k + 2 < n and toks[k].f in ("-", "–") and _at(toks, k + 1, "co quan") > 0:
            # "Sở X - Cơ quan Thường trực … chủ trì": skip the apposition up to the role.
            m = next(
                (
                    m
                    for m in range(k + 3, min(n, k + 30))
                    if _at(toks, m, "chu tri") > 0 or _match_trie(_COORD_TRIE, toks, m) > m
                ),
                -1,
            )
            if m > 0:
                j = m
                continue
        k2 = _at(toks, k, "lam chu tri")
        if k2 < 0:
            k2 = _at(toks, k, "chu tri")
        if k2 > 0:
            is_lead = True
            j = k2
            continue
        k2 = _match_trie(_COORD_TRIE, toks, k)
        if k2 > k:
            k3 = k2
            for _ in range(3):
                k4 = _match_trie(_COORD_ADVERBS, toks, k3)
                if k4 == k3:
                    break
                k3 = k4
            units, k5 = _match_unit_list(toks, k3)
            if units:
                coords.extend(units)
                j = k5
                continue
        break
    if j < n and toks[j].f == ",":
        j += 1
    return coords, is_lead, j


# "… chịu trách nhiệm nếu để xảy ra …", "… sẽ kiểm điểm, xử lý …": a warning, not a job;
# "… có văn bản số …": a document described, not a job.
_SANCTION_TRIE = _trie(_lexicon("sanctions"))


# The first word of a negative predicate as written: folded "van" is "vẫn" there, but
# "vận hành" in "Các đơn vị vận hành phương tiện thủy tổ chức …" is a verb (a word typed
# without any accent still counts).
_NEGATIVE_FIRST_WORDS = {
    "van": "vẫn",
    "con": "còn",
    "da": "đã",
    "la": "là",
    "moi": "mới",
    "thi": "thì",
    "nam": "nằm",
    "dat": "đạt",
    "co": "có",
    "rat": "rất",
    "du": "dự",
    "gom": "gồm",
    "bi": "bị",
    "dang": "đang",
    "vua": "vừa",
    "chua": "chưa",
    "hien": "hiện",
    "khong": "không",
    "thuoc": "thuộc",
    "gap": "gặp",
    "nhan": "nhận",
}


def _negative_accent_ok(t: _Tok) -> bool:
    want = _NEGATIVE_FIRST_WORDS.get(t.f)
    return want is None or t.w == want or t.w == t.f


def _predicate_kind(toks: list[_Tok], j: int) -> str:
    """'strong', 'weak', 'negative', 'speech' or 'end' for the words at ``j``."""
    n = len(toks)
    while j < n and toks[j].f == ",":
        j += 1
    if j >= n or toks[j].f in (".", ";", ":", ")"):
        return "end"
    if _match_trie(_SANCTION_TRIE, toks, j) > j:
        return "negative"  # "… sẽ kiểm điểm, xử lý …", "… có văn bản số …"
    if _match_trie(_NEGATIVE_EXCEPTIONS, toks, j) > j:
        return "strong"
    if _match_trie(_NEGATIVE_PREDICATES, toks, j) > j and _negative_accent_ok(toks[j]):
        return "negative"
    if _match_trie(_SPEECH_TRIE, toks, j) > j:
        return "speech"
    if _match_trie(_STRONG_PREDICATES, toks, j) > j:
        return "strong"
    t = toks[j]
    if not t.f.isalpha() or t.cap:
        return "negative"
    return "weak"


def _modal_ahead(toks: list[_Tok], j: int, limit: int = 12) -> int:
    """After "X được giao phụ trách … cần …": the index after the modal, or -1."""
    n = len(toks)
    for k in range(j, min(n, j + limit)):
        if toks[k].f in (".", ";", ":", ","):
            return -1
        m = _match_modal(toks, k)
        if m > k:
            return m
    return -1


def _skip_modal(toks: list[_Tok], j: int) -> int:
    n = len(toks)
    while j < n and toks[j].f == ",":
        j += 1
    k = _match_modal(toks, j)
    return k if k > j else j


def _starts_with_verb(toks: list[_Tok], j: int) -> bool:
    j = _skip_prefix(toks, j)
    if j >= len(toks):
        return False
    return (
        _match_trie(_VERB_START, toks, j) > j
        or _match_modal(toks, j) > j
        or _match_trie(_STRONG_PREDICATES, toks, j) > j
    )


# Words after a subject that describe it instead of giving it a job: an owner ("của"), a
# copula ("là"), what it holds ("gồm"), where it belongs or lies ("thuộc", "nằm"). Never
# "có" or "tại", which open qualifiers ("các doanh nghiệp có hạ tầng … phải …").
_NOT_A_PREDICATE = frozenset(["cua", "la", "gom", "thuoc", "nam"])


def _weak_subject_addressed(
    toks: list[_Tok],
    i0: int,
    st: int,
    label: str,
    units: list[_Unit],
    after2: int,
    context: bool,
) -> bool:
    """Is a subject with a weak verb addressed? In a directive ``context`` when it opens
    the clause or follows a speech verb; and a collective subject with an action verb
    opening the sentence ("Các sở, ngành đề xuất …", "Các xã ven biển kiểm đếm …")."""
    if after2 < len(toks) and toks[after2].f in _NOT_A_PREDICATE:
        return False  # "Ban Chỉ đạo của Chính phủ nhận định …", "Sở có Giám đốc và …"
    if context and label in ("start", "speech"):
        return True
    return (
        label == "start"
        and st == i0
        and toks[st].f == "cac"
        and units[0].kind == "group"
        and _match_trie(_VERB_START, toks, after2) > after2
    )


_OBJECT_PREPOSITIONS = frozenset(["cua", "voi", "cho", "tai", "den", "tu", "giua"])


def _inside_object_list(toks: list[_Tok], i0: int, st: int) -> bool:
    """Is the unit at ``st`` (after a comma) a further name of a list that a preposition
    governs ("của Ban Tuyên giáo, UBND tỉnh")? Then it is no subject."""
    for p in range(st - 2, max(i0 - 1, st - 20), -1):
        if toks[p].f in (".", ";", ":"):
            return False
        if toks[p].f in _OBJECT_PREPOSITIONS:
            units, after = _match_unit_list(toks, p + 1)
            return bool(units) and after > st
    return False


_VAGUE_OPENINGS = _trie(["thoi gian toi", "trong thoi gian toi", "tu nay den cuoi nam"])


def _unaddressed_job(toks: list[_Tok], j: int) -> int:
    """After a cue with no addressee: where a job opens ("khẩn trương hoàn thành …",
    "phải …", "thời gian tới cần …"), or -1."""
    j = _skip_time_phrase(toks, j)
    k = _match_trie(_VAGUE_OPENINGS, toks, j)
    if k > j:
        j = k + 1 if k < len(toks) and toks[k].f == "," else k
    if j >= len(toks):
        return -1
    k = _match_modal(toks, j)
    if k > j:
        return k
    if _match_trie(_TASK_VERBS, toks, j) > j or _match_trie(_VERB_START, toks, j) > j:
        return j
    return -1


class _Doc:
    def __init__(self, orig: str, folded: str, host: str | None):
        self.orig = orig
        self.f = folded
        self.host = host
        self.directive_seen = False  # a directive or conclusion sentence came before

    def resolve_reference(self, name: str | None, pos: int) -> str | None:
        """A bare "Sở" means the host department; a bare "Bộ" or "ngành" (and a bare "Sở"
        when there is no host) the last ministry, sector or department named before ``pos``."""
        if name is None:
            return None
        f = fold(name)
        if f == "so" and self.host:
            return self.host
        if f not in ("bo", "nganh", "so"):
            return name
        for m in reversed(list(re.compile(rf"\b{f}\b").finditer(self.f, 0, pos))):
            toks = _tokenize(self.orig, self.f, m.start(), min(len(self.f), m.start() + 120))
            u = _match_unit(toks, 0)
            if u is not None and u.e - u.s > 1:
                return _unit_text(self.orig, toks, u, self.host)
        return name

    def _names(self, toks: list[_Tok], units: list[_Unit]) -> list[str]:
        return [_unit_text(self.orig, toks, u, self.host) for u in units]

    def _lead_and_coords(
        self, toks: list[_Tok], units: list[_Unit], more: list[_Unit]
    ) -> tuple[str, list[str]]:
        """The first named unit leads and the others coordinate, but a list of collective
        addressees ("các sở, ban, ngành và UBND các xã") is one addressee, written whole."""
        if len(units) > 1 and all(
            _is_generic(toks, u) or _shares_qualifier(toks, u, units[k + 1 :])
            for k, u in enumerate(units)
        ):
            whole = _Unit(units[0].s, units[-1].e, "group")
            return _unit_text(self.orig, toks, whole, self.host), self._names(toks, more)
        return self._names(toks, units[:1])[0], self._names(toks, units[1:] + more)

    def analyse(self, c: _Clause, context: bool) -> tuple[_Analysis, list[_Tok]]:
        """Read one clause: who is addressed, by which cue, and where its content begins.

        The steps are tried in order and the first that decides wins: an addressee
        named in an opening topic ("Đối với …"), a directive cue with or without
        addressees, a unit in subject position, and last a clause without subject.
        ``context`` says a directive came before, so a plain subject is addressed too."""
        toks = _tokenize(self.orig, self.f, c.s, c.e)
        i0 = self._clause_opening(toks, c)
        if i0 < 0:
            return _Analysis("none"), toks
        topic_end = self._topic_end(toks, i0)
        res = self._topic_addressee(toks, i0, c)
        if res is not None:
            return res, toks
        if self._has_due_phrase(toks, c):
            context = True  # "Trong tháng 01/2027, Sở Tài chính trình …", "… trước ngày 30/4"
        res = self._from_cue(toks, i0, c)
        if res is None:
            res = self._from_subject(toks, i0, topic_end, c, context)
        if res is None:
            res = self._without_subject(toks, i0, topic_end, context)
        return res, toks

    def _clause_opening(self, toks: list[_Tok], c: _Clause) -> int:
        """Where the clause proper begins, after any prefix (numbering, "Ngoài ra" …);
        -1 when there is nothing to read: no tokens, only a prefix, or a list of
        attendees."""
        if not toks:
            return -1
        i0 = _skip_prefix(toks, 0)
        if i0 >= len(toks) or _ATTENDANCE_RE.match(self.f[toks[i0].s : c.e]):
            return -1
        return i0

    def _topic_end(self, toks: list[_Tok], i0: int) -> int:
        """Topic "Về …, …" / "Đối với …, …": the subject or cue comes after the comma, so
        return where it begins. ``i0`` when there is no topic, when no comma closes it
        within reach, or when a directive cue comes before the comma."""
        tk = _match_trie(_TOPIC_TRIE, toks, i0)
        if tk > i0:
            for j in range(tk, min(len(toks), i0 + 45)):
                if toks[j].f == ",":
                    return _skip_prefix(toks, j + 1)
                if _match_trie(_CUE_TRIE, toks, j) > j and self._cue_at(toks, j) is not None:
                    break
        return i0

    def _topic_addressee(self, toks: list[_Tok], i0: int, c: _Clause) -> _Analysis | None:
        """An opening "Đối với <units>" / "Riêng <units>" that names the addressee: before
        a colon it heads the sentences after it ("Đối với các sở, ban, ngành:"), a frame;
        before a modal it is the addressee of a task ("Đối với UBND các huyện cần xây
        dựng …"). None when the clause does not open so."""
        if toks[i0].f not in ("doi", "rieng"):
            return None
        st = _match_trie(_TOPIC_TRIE, toks, i0)
        units, after = _match_unit_list(toks, st) if st > i0 else ([], st)
        if not units:
            return None
        if c.ends_colon:
            if after < len(toks) and toks[after].f == ":":
                res = _Analysis("frame")
                res.lead, res.coords = self._lead_and_coords(toks, units, [])
                return res
            return None
        if after < len(toks) and toks[after].f == ",":
            after += 1  # "Đối với Sở Tài chính, cần …"
        k = _match_modal(toks, after)
        if k <= after:
            return None
        res = _Analysis("task", content_start=k, strong=True)
        res.lead, res.coords = self._lead_and_coords(toks, units, [])
        return res

    def _has_due_phrase(self, toks: list[_Tok], c: _Clause) -> bool:
        """Does the clause carry a deadline ("Trong tháng 01/2027, …", "… trước ngày
        30/4")? Such a clause reads as directed even without a directive before it."""
        return bool(
            _PREPOSED_DUE_RE.match(self.f, toks[0].s, c.e)
            or _DATED_DUE_RE.search(self.f, toks[0].s, c.e)
        )

    def _from_cue(self, toks: list[_Tok], i0: int, c: _Clause) -> _Analysis | None:
        """Step 1: a directive cue ("yêu cầu", "giao", "chỉ đạo" …). With addressees it
        decides the clause (see ``_cue_with_addressees``); without, a department that
        "chỉ đạo" leads the task, and a cue ending the clause or a clause ending with a
        colon ("Chủ tịch UBND tỉnh yêu cầu: …") is a frame. None when there is no cue
        or it decides nothing."""
        cue = self._find_cue(toks, i0)
        if cue is None:
            return None
        ci, cj, verb, units, after = cue
        if units:
            return self._cue_with_addressees(toks, i0, ci, verb, units, after)
        if verb == "chỉ đạo" and not c.ends_colon:
            # "Sở VHTTDL chỉ đạo, hướng dẫn các di tích …": the department directs.
            director = self._directing_subject(toks, i0, ci)
            if director is not None:
                return self._directed_task(toks, director, verb, ci)
        # A cue without addressee ("Chủ tịch UBND tỉnh yêu cầu: …").
        n = len(toks)
        k2 = cj
        while k2 < n and toks[k2].f in (",", ":"):
            k2 += 1
        if k2 >= n or c.ends_colon:
            return _Analysis("frame", verb=verb)
        unaddressed = verb in ("yêu cầu", "đề nghị")
        job = _unaddressed_job(toks, k2) if k2 == cj and unaddressed else -1
        if job > 0 and (self._has_speaker(toks, i0, ci) or _opens_with_continuation(toks)):
            # "Đồng thời, đề nghị …": the speaker of the sentence before goes on.
            # "Thủ tướng yêu cầu phải hoàn thành …": a job ordered to no one (lead null).
            return _Analysis("task", verb=verb, content_start=job, strong=True)
        return None

    def _cue_with_addressees(
        self, toks: list[_Tok], i0: int, ci: int, verb: str, units: list[_Unit], after: int
    ) -> _Analysis:
        """A cue at ``ci`` with addressees ``units``. "Chỉ đạo các đơn vị …" with no speaker:
        the addressee of the sentence (or list heading) directs them, so they coordinate
        an inherited lead. A unit petitioning its superior is no task. A unit that
        "chỉ đạo" others leads. Otherwise the addressees lead and coordinate, with the
        roles after them ("chủ trì, phối hợp với …"); a plain addressee of a distributive
        verb governs each following ";" item."""
        if verb == "chỉ đạo" and not self._has_speaker(toks, i0, ci):
            # "hướng dẫn, chỉ đạo các đơn vị …", "Tăng cường chỉ đạo …": the verbs before
            # the cue are part of the job.
            start = _skip_prefix(toks, i0)
            start = start if start < ci and _starts_with_verb(toks, start) else ci
            return _Analysis(
                "inherit",
                verb=verb,
                coords=self._names(toks, units),
                content_start=start,
                strong=True,
            )
        if verb == "đề nghị" and self._is_petition(toks, i0, ci, units[0]):
            return _Analysis("none")
        if verb == "chỉ đạo":
            director = self._directing_subject(toks, i0, ci)
            if director is not None:
                return self._directed_task(toks, director, verb, ci)
        coords_u, is_lead, after2 = _roles(toks, after)
        k = _modal_ahead(toks, after2) if not coords_u else -1
        res = _Analysis("task", verb=verb, strong=True)
        res.distributive = verb in ("yêu cầu", "đề nghị", "giao", "chỉ đạo", "lưu ý", "quán triệt")
        res.lead, res.coords = self._lead_and_coords(toks, units, coords_u)
        res.content_start = k if k > 0 else _skip_modal(toks, after2)
        return res

    def _directed_task(
        self, toks: list[_Tok], director: list[_Unit], verb: str, ci: int
    ) -> _Analysis:
        """The task of units that direct others with "chỉ đạo": they lead, and the content
        begins at the cue."""
        res = _Analysis("task", verb=verb, content_start=ci, strong=True)
        partners, _, _ = _roles(toks, director[-1].e)  # "… phối hợp với Y, chỉ đạo …"
        res.lead, res.coords = self._lead_and_coords(toks, director, partners)
        return res

    def _from_subject(
        self, toks: list[_Tok], i0: int, topic_end: int, c: _Clause, context: bool
    ) -> _Analysis | None:
        """Step 2: a unit in subject position, tried where ``_subject_starts`` says. The
        first whose predicate addresses it makes a task (a weak verb only under
        ``_weak_subject_addressed``); a unit at the start of a clause that ends with a
        colon before any predicate makes a frame. None when no candidate qualifies."""
        n = len(toks)
        seen: set[int] = set()
        for st, label in self._subject_starts(toks, i0, topic_end):
            if st in seen or st >= n:
                continue
            seen.add(st)
            units, after = _match_unit_list(toks, st)
            if not units and label != "comma":
                units, after = _bare_subject_list(toks, st)
            if not units:
                continue
            if label == "comma" and _inside_object_list(toks, i0, st):
                continue  # "… định hướng của Ban Tuyên giáo, UBND tỉnh, kịp thời …"
            kind, coords_u, after2, content_start = self._subject_predicate(toks, after)
            if kind == "end" and label == "start" and (c.ends_colon or self._name_heads_items(c)):
                res = _Analysis("frame")
                res.lead, res.coords = self._lead_and_coords(toks, units, [])
                return res
            if kind in ("speech", "end", "negative"):
                continue
            if kind == "weak" and not _weak_subject_addressed(
                toks, i0, st, label, units, after2, context
            ):
                continue
            res = _Analysis(
                "task", content_start=_skip_modal(toks, content_start), strong=kind == "strong"
            )
            res.lead, res.coords = self._lead_and_coords(toks, units, coords_u)
            return res
        return None

    def _name_heads_items(self, c: _Clause) -> bool:
        """A numbered line that is only a unit's name, with dash items under it ("2. Trung tâm
        Văn hóa - Thông tin và Thể thao" ¶ "- Tăng cường …"): a heading naming the addressee
        of those items, as "Unit:" is (guideline 9)."""
        orig = self.orig
        line_end = orig.find("\n", c.e)
        if not c.item or line_end < 0 or orig[c.e : line_end].strip() or orig[c.e - 1] in ".;,":
            return False
        return bool(_DASH_ITEM_RE.match(orig, line_end))

    def _subject_starts(self, toks: list[_Tok], i0: int, topic_end: int) -> list[tuple[int, str]]:
        """Where a subject may begin, labelled by what comes before it: "start" (after the
        topic, then the clause start), "speech" (after a speech verb such as "kết luận")
        or "comma" (after "," or "và")."""
        n = len(toks)
        candidates: list[tuple[int, str]] = [(topic_end, "start")]
        if topic_end != i0:
            candidates.append((i0, "start"))
        for j in range(i0, n):
            k = _match_trie(_DIRECTIVE_SPEECH, toks, j)
            if k > j:
                candidates.append((_skip_prefix(toks, k), "speech"))
            elif toks[j].f in (",", "va") and j + 1 < n:
                candidates.append((_skip_prefix(toks, j + 1), "comma"))
        return candidates

    def _subject_predicate(self, toks: list[_Tok], after: int) -> tuple[str, list[_Unit], int, int]:
        """What follows a subject ending at ``after``: roles, then the predicate. Returns
        (kind, coordinating units, index after the roles, content start); kind is that
        of ``_predicate_kind``, made "strong" by roles ("chủ trì", "phối hợp"), by
        "được UBND tỉnh giao chủ trì …" or, unless the verb is past ("đã"), by a modal
        further on."""
        coords_u, is_lead, after2 = _roles(toks, after)
        kind = _predicate_kind(toks, after2)
        if (is_lead or coords_u) and kind != "negative":
            kind = "strong"
        content_start = after2
        if kind == "negative" and _at(toks, after2, "duoc") > 0:
            k = self._assigned_by(toks, after2)  # "X được UBND tỉnh giao chủ trì …"
            if k > 0:
                more, _, k2 = _roles(toks, k)
                kind, coords_u, content_start = "strong", coords_u + more, k2
        sanction = _match_trie(_SANCTION_TRIE, toks, after2) > after2
        if kind in ("weak", "negative") and _at(toks, after2, "da") < 0 and not sanction:
            k = _modal_ahead(toks, after2)
            if k > 0:
                kind, content_start = "strong", k
        return kind, coords_u, after2, content_start

    def _without_subject(
        self, toks: list[_Tok], i0: int, topic_end: int, context: bool
    ) -> _Analysis:
        """Step 3: no subject. A modal at the start (or after the topic) inherits the
        addressee of the frame; a topic may name the addressee (``_topic_as_addressee``);
        otherwise the clause inherits, strongly when it opens with a task verb or
        continues a list with a verb."""
        for st in (i0, topic_end):
            k = _match_modal(toks, st)
            if k > st:
                return _Analysis("inherit", content_start=k, strong=True)
        res = self._topic_as_addressee(toks, i0, topic_end, context)
        if res is not None:
            return res
        strong = _match_trie(_TASK_VERBS, toks, i0) > i0 or (
            _opens_with_continuation(toks) and _starts_with_verb(toks, i0)
        )
        return _Analysis("inherit", content_start=i0, strong=strong)

    def _topic_as_addressee(
        self, toks: list[_Tok], i0: int, topic_end: int, context: bool
    ) -> _Analysis | None:
        """A topic naming the addressee: "Đối với ngành TT&TT, tập trung …" / "Với Bộ Công
        an, tiếp tục …". Its units are the addressee when they fill the topic and a verb
        follows its comma (a strong one unless in a directive context). None otherwise."""
        if topic_end <= i0 or toks[i0].f not in ("doi", "voi", "rieng"):
            return None
        st = _match_trie(_TOPIC_TRIE, toks, i0)
        units, after = _match_unit_list(toks, st)
        if not (
            units
            and after >= topic_end - 2
            and _starts_with_verb(toks, topic_end)
            and (context or _predicate_kind(toks, topic_end) == "strong")
        ):
            return None
        return _Analysis(
            "task",
            lead=self._names(toks, units[:1])[0],
            coords=self._names(toks, units[1:]),
            content_start=_skip_modal(toks, topic_end),
            strong=True,
        )

    def _directing_subject(self, toks: list[_Tok], i0: int, ci: int) -> list[_Unit] | None:
        """The units that open the clause and direct others with "chỉ đạo" ("Sở GD&ĐT chỉ
        đạo các trường …"), unless they are the superior who speaks (UBND tỉnh, Thủ tướng)."""
        units, after = _match_unit_list(toks, i0)
        if not units or units[0].kind == "person":
            return None
        _, _, k = _roles(toks, after)  # "Công an tỉnh chủ trì, chỉ đạo …"
        k = max(k, after)
        while k < ci:
            k2 = max(_match_modal(toks, k), _match_trie(_MANDATE_TRIE, toks, k))
            if k2 > k:
                k = k2
            elif toks[k].f == ",":
                k += 1
            else:
                break
        k2 = _match_trie(_STRONG_PREDICATES, toks, k) if k < ci else k
        if k2 > k and k2 <= ci:
            k = k2
        if k != ci:
            return None
        name = " ".join(t.f for t in toks[units[0].s : units[0].e])
        return None if _SUPERIOR_RE.match(name) else units

    def _assigned_by(self, toks: list[_Tok], j: int) -> int:
        """After "được [UBND tỉnh] giao": the index after "giao", or -1."""
        n = len(toks)
        k = j + 1
        u = _match_unit(toks, k)
        if u is not None:
            k = u.e
        if k < n and toks[k].f == "giao":
            k += 1
            if k < n and toks[k].f in ("cho", "nhiem", "trach"):
                k = _match_trie(_CUE_TRIE, toks, k - 1) if toks[k].f != "cho" else k + 1
            return k
        return -1

    def _has_speaker(self, toks: list[_Tok], i0: int, ci: int) -> bool:
        """Is the cue at ``ci`` said by someone named before it ("Thủ tướng chỉ đạo …",
        "Tỉnh cũng yêu cầu …")?"""
        if i0 < ci and toks[i0].cap and toks[i0].f in ("tinh", "thanh pho", "huyen", "xa"):
            return True
        for j in range(i0, ci):
            if _match_trie(_SPEAKER_WORDS, toks, j) > j or _match_unit(toks, j) is not None:
                return True
        return False

    def _is_petition(self, toks: list[_Tok], i0: int, ci: int, addressee: _Unit) -> bool:
        """A unit asking a higher authority ("Sở GD-ĐT đề nghị UBND tỉnh …") is no task."""
        speaker = None
        for j in range(max(i0, ci - 14), ci):
            u = _match_unit(toks, j)
            if u is not None and u.e == ci:
                speaker = u
                break
        if speaker is None or speaker.kind not in ("org", "host"):
            return False
        name = " ".join(t.f for t in toks[addressee.s : addressee.e])
        return bool(_SUPERIOR_RE.match(name))

    def _cue_at(self, toks: list[_Tok], i: int) -> tuple[int, str, list[_Unit], int] | None:
        """A directive cue at token ``i``: (end, verb, addressees, index after them)."""
        n = len(toks)
        j = _match_trie(_CUE_TRIE, toks, i)
        if j == i:
            return None
        sent_to = False
        if i > 0:
            prev = toks[i - 1].f
            prev2 = (toks[i - 2].f + " " + prev) if i > 1 else prev
            sent_to = prev == "co" and toks[i].f in ("van", "cong") and toks[j - 1].f == "gui"
            if sent_to:
                pass  # "Bộ Y tế vừa có văn bản gửi UBND các tỉnh đề nghị …": its addressees
            elif prev in _CUE_NEGATORS or prev2 in _CUE_NEGATORS or toks[i - 1].w == "bàn":
                return None
            if prev == "da" and toks[i].f == "giao":
                return None  # "các nhiệm vụ UBND tỉnh đã giao cho …"
        if toks[i].cap and i > 0 and toks[i - 1].f not in (",", ":", ".", ";", "(", "-", "“"):
            return None  # part of a name ("Ban Tuyên Giáo")
        for k in range(j, i, -1):
            verb = _DIRECTIVE_CUES.get(" ".join(x.f for x in toks[i:k]))
            if verb is None:
                continue
            k2 = k
            if k2 < n and toks[k2].f in ("cho", ":"):
                k2 += 1
            elif k2 + 1 < n and toks[k2].f == "," and verb in ("đề nghị", "yêu cầu"):
                k2 += 1  # "Đồng chí đề nghị, Hội đồng coi thi thực hiện …"
            units, after = _match_unit_list(toks, k2)
            if units and sent_to:
                if not self._asks_its_addressees(toks, i, after):
                    return None
                # The job starts after the request: "… gửi X(,) đề nghị <job>".
                a2 = after + 1 if toks[after].f == "," else after
                k3 = _match_trie(_CUE_TRIE, toks, a2)
                asked = _DIRECTIVE_CUES.get(" ".join(x.f for x in toks[a2:k3]))
                return k, asked or verb, units, k3
            if units:
                return k, verb, units, after
            if verb in ("giao", "yêu cầu", "đề nghị", "chỉ đạo", "lưu ý", "quán triệt") and (
                k >= n or toks[k].f in (":", ",")
            ):
                return k, verb, [], k
            k4 = _match_trie(_ITEMS_FOLLOW_TRIE, toks, k)
            if (
                verb in ("yêu cầu", "đề nghị", "chỉ đạo")
                and k4 > k
                and k4 < n
                and toks[k4].f == ":"
            ):
                return k4, verb, [], k4  # "UBND huyện chỉ đạo một số nội dung sau: 1. …"
            if (
                verb in ("yêu cầu", "đề nghị")
                and toks[i - 1 if i else 0].f not in ("da", "vua")
                and _unaddressed_job(toks, k) > 0
            ):
                return k, verb, [], k  # "Thủ tướng yêu cầu phải hoàn thành …"
        return None

    @staticmethod
    def _asks_its_addressees(toks: list[_Tok], i: int, after: int) -> bool:
        """ "(vừa) có văn bản gửi X đề nghị/yêu cầu <job>": the request goes to X, unless
        it was earlier ("đã có …") or the request names its own addressee."""
        if i >= 2 and toks[i - 2].f in ("da", "tung"):
            return False
        if after < len(toks) and toks[after].f == ",":
            after += 1  # "… gửi UBND và Sở Y tế các tỉnh, đề nghị xây dựng …"
        k = _match_trie(_CUE_TRIE, toks, after)
        if k == after or _DIRECTIVE_CUES.get(" ".join(x.f for x in toks[after:k])) not in (
            "đề nghị",
            "yêu cầu",
        ):
            return False
        return k < len(toks) and _match_unit(toks, k) is None

    def _find_cue(self, toks: list[_Tok], i0: int) -> tuple[int, int, str, list[_Unit], int] | None:
        first = None
        for i in range(i0, len(toks)):
            found = self._cue_at(toks, i)
            if found is not None and found[1] not in ("kiến nghị", "đề xuất"):
                k, verb, units, after = found
                if units or k >= len(toks) or toks[k].f in (":", ","):
                    return i, k, verb, units, after
                # A cue before a job with no addressee: unless a later cue names one.
                first = first or (i, k, verb, units, after)
        return first


# "… chỉ đạo một số nội dung sau:", "… yêu cầu như sau:": the items follow.
# A heading that announces the items after it: "… thực hiện các nội dung sau đây:".
_ANNOUNCES_ITEMS_RE = re.compile(r"\b(?:sau day|nhu sau|sau)\s*:\s*$")
_ITEMS_FOLLOW_TRIE = _trie(
    [
        "nhu sau",
        "mot so noi dung sau",
        "mot so noi dung nhu sau",
        "cac noi dung sau",
        "cac noi dung nhu sau",
        "mot so noi dung cu the nhu sau",
        "cac noi dung cu the nhu sau",
    ]
)


def _clean_content(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*\./\.\s*$", "", text)
    text = text.strip(' ,;:.-–“”"')
    if text:
        text = text[0].upper() + text[1:]
    return text


_OPINION_HEADING_RE = re.compile(
    r"\b(?:co y kien(?: chi dao)?|ket luan(?: va chi dao)?|y kien chi dao)"
    r"(?: nhu sau| sau)?\s*:\s*$"
)
_FRAME_ONLY_RE = re.compile(
    r"^(?:(?:thuc hien|trien khai|lam|giai quyet|tap trung|quan tam)(?: tot)?\s+)?"
    r"(?:(?:mot so|cac|nhung)\s+)?(?:noi dung|nhiem vu|viec|cong viec|van de|yeu cau)?"
    r"\s*(?:sau|nhu sau|cu the(?: nhu sau)?|sau day|trong tam(?: sau)?|chu yeu sau)?\s*:?$"
)


_LIST_HEADING_RE = re.compile(
    r"\b(?:mot so|cac|nhung)\s+(?:noi dung|nhiem vu|giai phap|bien phap|viec)\b.*\bsau$"
)


# A time phrase between the addressee and the colon of a heading: "… yêu cầu các cơ quan,
# đơn vị, địa phương trong thời gian tới: (1) …".
_HEADING_TIME_RE = re.compile(r"^(?:trong\s+)?thoi gian (?:sap\s+)?toi\b[\s,]*")


def _is_frame_only(content_folded: str) -> bool:
    c = _HEADING_TIME_RE.sub("", content_folded.strip(" ,;:.")).strip(" ,;:.")
    if not c or _FRAME_ONLY_RE.match(c):
        return True
    if c.endswith(("nhu sau", "sau day")) and len(c.split()) <= 14:
        return True
    # "thực hiện một số nội dung công tác tuyên truyền sau": a heading with its items.
    return bool(_LIST_HEADING_RE.search(c)) and len(c.split()) <= 14


# ---------------------------------------------------------------------------
# Main entry point
# ---------------------------------------------------------------------------

_CONTEXT_SENT_RE = re.compile(
    r"\b(ket luan|chi dao|nhan manh|yeu cau|de nghi|giao|cho rang|luu y|quan triet)\b"
)
_SECTION_RE = re.compile(
    r"\b(ket luan|chi dao|nhiem vu|yeu cau|de nghi|giai phap|phuong huong|thoi gian toi"
    r"|to chuc thuc hien|giao)\b"
)


def extract_tasks(
    text: str,
    *,
    reference_date: date | None = None,
    host: str | None = None,
    unit_matcher: UnitMatcher | None = None,
) -> list[ProposedTask]:
    """Draft the tasks of a meeting conclusion; see the module docstring."""
    if not text or not text.strip():
        return []
    tasks = _Drafting(text, reference_date, host).run()
    for task in tasks:
        task.deadline_problem = deadline_problem(task.deadline_text)
    if unit_matcher is not None:
        for task in tasks:
            _resolve_units(task, unit_matcher)
    return tasks


# "Chánh Văn phòng …, Giám đốc các sở … chịu trách nhiệm thi hành Quyết định này./."
_EXECUTION_CLAUSE_RE = re.compile(
    r"\b(?:thi hanh|can cu (?:quyet dinh|chi thi) thi hanh)"
    r" (?:quyet dinh|chi thi|thong tu|nghi quyet|ke hoach)(?: nay)?\b"
    r"|\bchiu trach nhiem thi hanh\b"  # the same clause cut by the excerpt ("… thi hành Quyế")
)
# "Trước đó, UBND tỉnh đã có văn bản yêu cầu …": an earlier request, told as background.
_EARLIER_RE = re.compile(r"\s*(?:truoc do|truoc day|thoi gian qua|nam qua)\b")
# A photo caption: "… (ảnh minh họa).", "Chủ tịch … (bìa trái) …", "(Ảnh: …)".
_CAPTION_RE = re.compile(
    r"\((?:anh minh hoa|anh\s*:|bia (?:trai|phai)|giua|thu \w+ tu (?:trai|phai))"
)
# The closing order to carry out what precedes: "Căn cứ nội dung này, Chủ tịch UBND tỉnh
# yêu cầu Thủ trưởng các đơn vị liên quan tổ chức, triển khai thực hiện." (guideline 16).
_CARRY_OUT_RE = re.compile(
    r"^\s*can cu (?:noi dung|y kien)(?: chi dao)? (?:nay|tren|noi tren)\b.*\b"
    r"(?:to chuc,? )?(?:trien khai,? )?thuc hien(?: (?:nghiem|theo quy dinh))?\s*[.;]?\s*$"
)
# A sentence that lists the recipients of a dispatch ("Công điện gửi …").
_RECIPIENTS_SENT_RE = re.compile(r"\b(?:cong dien|van ban|cong van|thong bao)[^.;]{0,40}\bgui\b")
# A lead that reports the issuing of a document: "… vừa ký Công điện số 14/CĐ-UBND yêu cầu …".
_ISSUING_RE = re.compile(
    r"\b(?:ky|ky ban hanh|ban hanh|(?P<had>(?:vua|da) (?:co|gui)))\s+"
    r"(?:cong dien|cong van|van ban|chi thi)"
    r"(?:\s+(?:khan|hoa toc))?"
    r"(?:\s+so\s+\S+)?"
)
# Not a directive: a warning of accountability ("Nếu để dịch lan rộng thì … phải chịu trách
# nhiệm", guideline 16).
_NOT_A_DIRECTIVE_SENT_RE = re.compile(
    r"\s*neu\b[^.;]*\bthi\b[^.;]*\bchiu (?:hoan toan )?trach nhiem"
)
# A sentence that opens on what was done: "(Qua đó,) đã …" (accents checked on the original).
_PAST_OPENING_RE = re.compile(
    r"\W*(?:(?:qua đó|từ đó|nhờ đó|sau đó|trong đó)\s*,?\s*)?đã\s", re.IGNORECASE
)
# An opinion heading whose line has no colon: "Chủ tịch UBND tỉnh có ý kiến".
_BARE_OPINION_RE = re.compile(r"\bco y kien(?: chi dao)?(?: nhu sau| sau)?\s*$")

# The sentence after a news lead opens on its detail: "Theo đó, …", "Cụ thể, …".
_DETAIL_FOLLOWS_RE = re.compile(r"[\s.\"”]*(?:theo do|cu the|noi dung cong (?:dien|van))\b")
# The next non-empty line opens a dash or bullet item.
_DASH_ITEM_RE = re.compile(r"\s*\n\s*[-–+•]\s")
# "Trong đó, …": a part of the job just given singled out (guideline 25).
_SINGLES_OUT_RE = re.compile(r"[\s.\"”]*trong do\s*,")
# A job that only says "carry it out" ("tổ chức triển khai thực hiện", "thực hiện nghiêm").
_GENERIC_JOB_RE = re.compile(
    r"^(?:(?:khan truong|nghiem tuc|chu dong|to chuc|trien khai|thuc hien|nghiem|hieu qua"
    r"|ngay|tot|cac|noi dung|nhiem vu|giai phap|bien phap|sau|nhu sau|cu the|tren)\b[ ,.:;]*)*$"
)
_CUE_AFTER_RE = re.compile(r"\b(?:yeu cau|de nghi|giao|chi dao)\b")
# "… văn bản gửi Công an tỉnh, Sở … chủ động, khẩn trương thực hiện …": a directive.
_ACTION_AFTER_RE = re.compile(r"\b(?:chu dong|khan truong|thuc hien|trien khai|tang cuong)\b")


def _headline_lines(orig: str) -> frozenset[int]:
    """Numbers of the lines after the first that read as headlines: a short line with no
    final punctuation, not a list item, followed by a paragraph that is not a list item.
    (Hard-wrapped lines are already joined by ``_logical_lines``.)"""
    stop_at = len(orig)
    m = _RECIPIENTS_RE.search(_fold_same_length(orig))
    if m:
        stop_at = m.start()
    lines = _logical_lines(orig, stop_at)
    out = set()
    for no in range(1, len(lines) - 1):
        ls, le = lines[no]
        text = orig[ls:le].strip()
        if (
            len(text) < 200
            and not _WRAPPED_END_RE.search(text)
            and not _MARKER_RE.match(orig, ls, le)
            and not _MARKER_RE.match(orig, *lines[no + 1])
            and not re.search(r"[.!?]\s+\S", text)
        ):
            out.add(no)
    return frozenset(out)


# "đề nghị Giám đốc Sở cho biết nguyên nhân …": a question in the meeting, no job.
_NOT_A_JOB_RE = re.compile(
    r"\s*(?:cho biet|tra loi cau hoi|giai thich ro tai (?:ky hop|phien hop))\b"
    # "… gửi UBND các tỉnh về việc hướng dẫn …": the subject of a letter, no job.
    r"|\s*ve viec\b"
    # "Đồng chí X, Chủ tịch UBND phường chủ trì hội nghị.": who chairs the meeting.
    r"|\s*(?:hoi nghi|cuoc hop|buoi hop|buoi lam viec|phien hop|hoi thao|buoi kiem tra)"
    r"(?: nay| tren)?\s*[.;]?\s*$"
)
# The meeting a subject chairs, told with what it was about ("… chủ trì cuộc họp với lãnh đạo
# các sở … bàn giải pháp …"); with no directive cue before it, it is the news, not a job.
_CHAIRS_MEETING_RE = re.compile(
    r"\s*(?:chu tri,?\s+)?(?:hoi nghi|cuoc hop|buoi hop|buoi lam viec|phien hop|hoi thao)"
    r"\s+(?:voi|ban|de|nghe|danh gia|giua|cua|truc tuyen|thuong ky|giao ban)\b"
)
# "X chịu trách nhiệm | trước Chủ tịch UBND tỉnh nếu để xảy ra vi phạm …": who answers for a
# failure, not a job (guideline 19).
_ACCOUNTABLE_CUE_RE = re.compile(r"\bchiu (?:hoan toan )?trach nhiem\s*$")
_ACCOUNTABLE_IF_RE = re.compile(r"\s*truoc\b[^.;]*\bneu\b")
# "- Tổ chức thi hành Hiến pháp … (Điều 23 khoản 2)": a provision of a law, told as a norm.
_LAW_ARTICLE_RE = re.compile(r"\(dieu \d+(?: khoan \d+)?(?:[,;] [^)]{0,30})?\)")


def _title_end(orig: str) -> int:
    """End of a first line that is a headline (no final punctuation), else -1."""
    first_line_end = orig.find("\n")
    if first_line_end > 0:
        first = orig[:first_line_end].strip()
        if first and first[-1] not in ".;:" and len(first) < 250:
            return first_line_end
    return -1


@dataclass
class _Roles:
    """Who a clause's task goes to and under which verb."""

    lead: str | None
    coords: list[str]
    verb: str | None


_EXHORTATION_RE = re.compile(
    r"\s*(?:tiep tuc\s+)?(?:phan dau\s+)?hoan thanh (?:xuat sac|tot)(?: cac| moi)? nhiem vu"
    r"(?: duoc giao| chinh tri| cua (?:minh|don vi))?[\s.;,]*$"
)
_GUIDANCE_HEADING_RE = re.compile(
    r"^(?:(?!\b(?:yeu cau|de nghi|giao|chi dao)\b).)*\bhuong dan\b"
    r"[^:]*\b(?:nhu sau|sau day|sau)\s*:\s*$"
)
_AIMS_RE = re.compile(r"^\s*(?:[ivx]+\s*[.)/-]\s*)?muc (?:dich|tieu)\b")
_REGULATION_RE = re.compile(
    r"\(\s*ban hanh kem theo (?:quyet dinh|thong tu|nghi dinh)"
    r"|\b(?:quy dinh|quy che) nay (?:quy dinh|ap dung|dieu chinh)\b"
)
_BLANK_LINE_RE = re.compile(r"\n[ \t\r]*\n")


class _Drafting:
    """One pass over the clauses of a document, keeping who is being addressed.

    The state follows the reading: list headings ("Giao Sở X: a) …; b) …") open frames
    whose items inherit the addressee, a sentence's addressee holds for its later
    clauses, and the previous sentence's one for a subjectless sentence right after it.
    """

    def __init__(self, text: str, reference_date: date | None, host: str | None) -> None:
        self.text = text
        self.orig, self.offsets = nfc_with_offsets(text)
        self.folded = _fold_same_length(self.orig)
        self.doc = _Doc(self.orig, self.folded, host)
        self.clauses = _segment(self.orig, self.folded)
        self.ref = reference_date

        self.tasks: list[ProposedTask] = []
        self.starts: list[int] = []  # internal start offset of each task's evidence
        self.task_sents: list[int] = []  # sentence number of each task
        self.distributive: list[bool] = []  # does each task's cue govern the ";" items after it?
        self.frames: list[tuple[int, _Frame]] = []  # (level, frame) from list headings
        self.sentence_frame: _Frame | None = None  # addressee of the current sentence
        self.last_frame: _Frame | None = None  # addressee of the previous sentence (same paragraph)
        self.last_task_sent = -1
        self.last_task_line = -1
        self.last_task_e = 0  # where the clause of the last task ends
        self.last_line = -1
        self.last_sent = -1
        self.context_line = -1  # a directive context holds on this line
        self.doc_context = False  # a conclusion section has started
        self.skip_items = False  # inside a "Kính gửi:" list
        self.due_sent = -1  # a sentence read as the due date of the task before it
        self.headlines = _headline_lines(self.orig)
        self.issuing_sent: tuple[int, int] | None = None  # (task index, sentence) of a lead
        self.issuing_end = 0  # where the sentence of that lead ends
        self.issuing_had = False  # that lead says "vừa/đã có công văn …", not "ký công văn …"
        self.block_open = False  # a heading ending its line with ":" governs the lines after
        self.block_announced = False  # … even across blank lines ("… như sau:")
        self.in_aims = False  # inside the aims section of a plan
        self.in_guidance = False  # inside the items of a guidance ("… hướng dẫn … như sau:")
        # The text of a regulation ("Quy định này …"): its subjects with duties are norms.
        self.regulation = bool(_REGULATION_RE.search(self.folded))
        self.last_e = 0  # end of the clause read last
        # A heading with a job of its own that ends its line with ":" ("X tập trung thực hiện
        # một số công việc sau:"): its start, then its task; dropped once an item below it
        # drafts a task of the same addressee (guideline 9: one task per item).
        self.heading_start: int | None = None
        self.heading_line = -1
        self.heading_task: ProposedTask | None = None
        self.dropped: list[ProposedTask] = []

    def run(self) -> list[ProposedTask]:
        title_end = _title_end(self.orig)
        idx = 0
        while idx < len(self.clauses):
            c = self.clauses[idx]
            idx += 1
            if c.e > title_end:
                self._read_clause(c, idx)
        kept = self._without_restated_lead()
        if len(kept) > 1 and _GENERIC_JOB_RE.match(fold(kept[-1].content).lower()):
            # "Nhận được công văn này, yêu cầu các địa phương, đơn vị … nghiêm túc, khẩn trương
            # triển khai thực hiện./.": the closing order to carry out the tasks above
            # (guideline 16) is no task of its own.
            kept = kept[:-1]
        return [
            t
            for t in kept
            if not any(t is d for d in self.dropped) and not _cut_before_job(self.orig, t)
        ]

    def _singles_out_previous(self, c: _Clause, task: ProposedTask) -> bool:
        """ "Trong đó, …" right after a task's sentence, for the same addressee, singles out a
        part of that job ("… yêu cầu Bộ TT&TT tiếp thu, giải trình …. Trong đó, Phó Thủ tướng
        nhấn mạnh Bộ TT&TT cần lưu ý làm rõ …"): it is part of that task, which it extends
        (guideline 25). Another addressee ("Trong đó, Ngân hàng Nhà nước phải …") has a task
        of its own, and a heading ("Trong đó, tập trung vào …:") opens items."""
        if not (
            self.tasks
            and c.first_in_sentence
            and not c.ends_colon
            and self.task_sents[-1] == c.sent - 1
            and _SINGLES_OUT_RE.match(self.folded, c.sentence_s)
            and not c.item
        ):
            return False
        previous = self.tasks[-1]
        if task.lead is not None and normalise_unit_name(task.lead) != normalise_unit_name(
            previous.lead
        ):
            return False
        previous.evidence = self._evidence(self.starts[-1], c.e)
        previous.content = f"{previous.content}; {task.content[0].lower()}{task.content[1:]}"
        if previous.deadline is None and task.deadline is not None:
            previous.deadline, previous.deadline_text = task.deadline, task.deadline_text
        self.task_sents[-1] = c.sent
        return True

    def _without_restated_lead(self) -> list[ProposedTask]:
        """A news report's lead ("Thủ tướng vừa ký Công điện số … yêu cầu các bộ, ngành …")
        restates the directive that later sentences detail: when a task of a later sentence
        follows, the lead's task is dropped."""
        if self.issuing_sent is None:
            return self.tasks
        index, sent = self.issuing_sent
        first = set(normalise_unit_name(self.tasks[index].lead).split())
        if _GENERIC_JOB_RE.match(fold(self.tasks[index].content).lower()) and any(
            self.task_sents[k] != sent for k in range(index + 1, len(self.tasks))
        ):
            # "… ban hành Công văn … yêu cầu các cơ quan chức năng tổ chức triển khai thực
            # hiện. Theo đó, giao Sở X …": the lead only announces the tasks below.
            return [t for j, t in enumerate(self.tasks) if j != index]
        after = self.issuing_end
        if _DETAIL_FOLLOWS_RE.match(self.folded, after) and any(
            self.task_sents[k] != sent for k in range(index + 1, len(self.tasks))
        ):
            # "… vừa có công văn yêu cầu các nhà mạng …. Theo đó, Bộ đề nghị các doanh
            # nghiệp …": the next sentence details the directive the lead announced, whether
            # or not the lead's addressee was read.
            return [t for j, t in enumerate(self.tasks) if j != index]
        if not first:
            return self.tasks
        if self.issuing_had:
            return self.tasks  # "… vừa có công văn …" with no "Theo đó" after it: keep it
        for k in range(index + 1, len(self.tasks)):
            if self.task_sents[k] == sent:
                continue
            later = set(normalise_unit_name(self.tasks[k].lead).split())
            if len(first & later) * 2 >= min(len(first), len(later) or 1):
                return [t for j, t in enumerate(self.tasks) if j != index]
        return self.tasks

    # -- the steps of one clause -------------------------------------------------

    def _read_clause(self, c: _Clause, idx: int) -> None:
        """Draft the task of clause ``c`` (``idx`` is the index of the clause after it)."""
        cf = self.folded[c.s : c.e]
        self._enter_line_and_sentence(c)
        if self._is_outside_tasks(c, cf):
            return
        sent_f = self.folded[c.sentence_s : c.sentence_e]
        res, toks = self.doc.analyse(c, self._in_directive_context(c))

        if self.due_sent == c.sent:
            return
        if self.regulation and res.kind == "task" and res.verb is None:
            return  # "Văn thư cơ quan có trách nhiệm …" in a regulation: a norm
        if self._attach_due_sentence(c, res, sent_f):
            return

        content_tok = res.content_start
        content_s = toks[content_tok].s if content_tok < len(toks) else c.e
        content_f = self.folded[content_s : c.e]
        frame_only = _is_frame_only(content_f)

        if self._merge_addressee_list(c, cf, res, frame_only, idx):
            return
        self._note_directive_context(c, cf, sent_f)
        if self._open_frame(c, cf, res, frame_only):
            return

        if res.kind == "inherit":
            if self._extends_previous_task(c, res, toks, content_tok, idx):
                return
            roles = self._inherited_roles(c, cf, res, toks, content_tok, content_f)
        elif res.kind in ("task", "inherit") and _EXHORTATION_RE.match(content_f):
            roles = None  # "… hoàn thành tốt nhiệm vụ được giao": an exhortation
        elif res.kind == "task":
            # An excerpt cut inside the addressee list ("…, Cảng vụ hàng"): no job yet.
            cut_off = (
                (len(content_f.split()) < 2 or content_f.startswith(("va ", ", ")))
                and c.e >= len(self.orig.rstrip())
                and not any(
                    _match_modal(toks, st) == content_tok
                    for st in range(max(0, content_tok - 3), content_tok)
                )
            )
            praise = _PRAISE_RE.search(content_f[:60])
            roles = None if praise or cut_off else self._own_roles(c, res)
        else:
            roles = None
        if roles is not None:
            self._propose(c, cf, res, toks, content_s, content_f, roles)

    def _enter_line_and_sentence(self, c: _Clause) -> None:
        """Forget the frames that a new line or sentence closes."""
        if c.line != self.last_line:
            if c.item:
                self.frames = [(lv, fr) for lv, fr in self.frames if lv < c.level]
            elif self.block_open and (
                self.block_announced or not _BLANK_LINE_RE.search(self.orig, self.last_e, c.s)
            ):
                # The lines after a heading "… :" are its items (rule 9), with blank lines
                # between them when the heading announces them ("… các nội dung sau đây:").
                pass
            else:
                self.block_open = False
                self.in_guidance = False
                self.frames = []
                self.skip_items = False
                if self.last_task_line != c.line - 1:
                    self.last_frame = None
            self.last_line = c.line
        if c.sent != self.last_sent:
            self.sentence_frame = None
            self.last_sent = c.sent
        self.last_e = c.e

    def _is_outside_tasks(self, c: _Clause, cf: str) -> bool:
        """Recipients ("Kính gửi:"), upper-case headings, closings, attendance lists."""
        if re.match(r"\s*kinh gui\b", cf):
            self.skip_items = True
            return True
        if self.skip_items and c.item:
            return True
        if c.line in self.headlines:
            return True  # an inner headline: "Thủ tướng yêu cầu Bộ Nội vụ báo cáo …" (no stop)
        line_text = self.orig[c.sentence_s : c.sentence_e]
        if c.first_in_sentence and line_text.upper() == line_text and len(line_text) < 200:
            self.block_open = False  # an upper-case heading ends the items of the one before
            # "I. MỤC ĐÍCH, YÊU CẦU" of a plan: aims, not tasks (guideline 16).
            self.in_aims = bool(_AIMS_RE.search(cf))
            if _SECTION_RE.search(cf):
                self.doc_context = True  # an upper-case heading ("II. NHIỆM VỤ …")
            return True
        if _CLOSING_RE.search(cf):
            return True
        if self.in_aims or (self.in_guidance and (c.item or c.after_colon)):
            return True
        if c.ends_colon and _GUIDANCE_HEADING_RE.search(cf):
            # "Bộ Nội vụ hướng dẫn … như sau:": the items are guidance, not tasks.
            self.in_guidance = True
            self.block_open = True
            return True
        sent_f = self.folded[c.sentence_s : c.sentence_e]
        if _EXECUTION_CLAUSE_RE.search(sent_f) or _EARLIER_RE.match(sent_f):
            return True
        question = self.orig[c.s : c.e].rstrip().endswith("?")
        if _NOT_A_DIRECTIVE_SENT_RE.match(sent_f) or question:
            return True  # "Nếu … thì X phải chịu trách nhiệm.", a question
        if _PAST_OPENING_RE.match(self.orig, c.sentence_s):
            return True  # "Qua đó, đã hướng dẫn, nhắc nhở các đơn vị …": what was done
        if c.first_in_sentence and _BARE_OPINION_RE.search(sent_f):
            return True  # "Sau khi xem xét, Chủ tịch UBND tỉnh có ý kiến" (its line is the heading)
        if _CAPTION_RE.search(sent_f) or _CARRY_OUT_RE.match(sent_f):
            return True
        m = _RECIPIENTS_SENT_RE.search(sent_f)
        if m and not _CUE_AFTER_RE.search(sent_f) and not _ACTION_AFTER_RE.search(sent_f, m.end()):
            return True  # "Công điện gửi Chủ tịch UBND các tỉnh …; các Bộ: …"
        # "Tham dự hội nghị có …; …; …": a list of attendees
        return bool(_ATTENDANCE_SENT_RE.match(self.folded[c.sentence_s : c.sentence_e]))

    def _in_directive_context(self, c: _Clause) -> bool:
        return (
            self.doc_context
            or self.context_line == c.line
            or bool(_CONTEXT_SENT_RE.search(self.folded[c.sentence_s : c.s]))
            or bool(self.frames)
            or self.sentence_frame is not None
            # The paragraph right after one whose directive drafted a task ("… giao UBND các
            # huyện …. ¶ Sở Nông nghiệp … đôn đốc, kiểm tra …").
            or (
                c.first_in_sentence
                and bool(self.tasks)
                and c.line > self.last_task_line
                and not self.orig[self.last_task_e : c.s].strip()
            )
        )

    def _previous_task_undated(self, c: _Clause) -> bool:
        """Whether `c` opens a sentence right after the last task's (on its line or the next)
        and that task has no deadline yet: a sentence that may date it."""
        tasks = self.tasks
        return (
            c.first_in_sentence
            and bool(tasks)
            and self.last_task_sent != c.sent
            and self.last_task_line >= c.line - 1
            and tasks[-1].deadline is None
        )

    def _attach_due_sentence(self, c: _Clause, res: _Analysis, sent_f: str) -> bool:
        """ "Thời hạn: …", "Trình UBND tỉnh trước ngày …": the due date of the task
        before it, in a sentence of its own (a concrete date beats "khẩn trương")."""
        tasks = self.tasks
        if not (
            res.kind != "task" and self._previous_task_undated(c) and _DUE_SENTENCE_RE.match(sent_f)
        ):
            return False
        if c.item and not _DUE_ONLY_ITEM_RE.match(sent_f):
            return False  # "b) Báo cáo UBND tỉnh trước ngày …" is an item of its own
        due, due_text, recurrence = _parse_deadline(
            self.orig[c.sentence_s : c.sentence_e], sent_f, self.ref
        )
        if due is None and (due_text is None or tasks[-1].deadline_text is not None):
            return False
        prev = tasks[-1]
        prev.deadline, prev.deadline_text = due, due_text
        prev.recurrence = recurrence or prev.recurrence
        prev.evidence = self._evidence(self.starts[-1], c.sentence_e).rstrip()
        self.due_sent = c.sent
        return True

    def _merge_addressee_list(
        self, c: _Clause, cf: str, res: _Analysis, frame_only: bool, idx: int
    ) -> bool:
        """ "Giao các sở, ngành; UBND các huyện; … báo cáo …": addressees listed with ";"
        are read together with the next clause of the sentence."""
        clauses = self.clauses
        if not (
            res.kind == "task"
            and frame_only
            and cf.rstrip().endswith(";")
            and idx < len(clauses)
            and clauses[idx].sent == c.sent
        ):
            return False
        nxt = clauses[idx]
        clauses[idx] = _Clause(
            c.s,
            nxt.e,
            c.sent,
            c.line,
            c.level,
            c.item,
            c.first_in_sentence,
            c.sentence_s,
            c.sentence_e,
            c.after_colon,
            nxt.ends_colon,
        )
        return True

    def _note_directive_context(self, c: _Clause, cf: str, sent_f: str) -> None:
        if c.ends_colon and _SECTION_RE.search(cf):
            self.doc_context = True
        if _CONTEXT_SENT_RE.search(sent_f):
            self.context_line = c.line
            self.doc.directive_seen = True

    def _open_frame(self, c: _Clause, cf: str, res: _Analysis, frame_only: bool) -> bool:
        """A heading ("Giao Sở X:", "UBND tỉnh yêu cầu:") opens a frame for the items
        after it; True when the clause is only a heading."""
        if not (res.kind == "frame" or (res.kind == "task" and (c.ends_colon or frame_only))):
            return False
        fr = _Frame(res.lead, list(res.coords), res.verb)
        if res.kind == "task" and _OPINION_HEADING_RE.search(cf):
            # "Chủ tịch UBND tỉnh có ý kiến như sau:": the speaker, not an addressee.
            fr = _Frame(None, [], None, opinion=True)
        elif res.kind == "task" and not frame_only:
            fr.deadline = _parse_deadline(self.orig[c.s : c.e], cf, self.ref)
            fr.strict = True
        if fr.lead is None:
            inherited = _inherit(self.frames, self.sentence_frame, self.last_frame)
            if inherited is not None and not c.item:
                fr.lead, fr.coords = inherited.lead, list(inherited.coords)
                fr.verb = fr.verb or inherited.verb
        frames = self.frames
        level = c.level if c.item else -1 if not frames else frames[-1][0]
        self.frames = [(lv, f_) for lv, f_ in frames if lv < level] + [(level, fr)]
        self.sentence_frame = fr
        line_end = self.orig.find("\n", c.e)
        if c.ends_colon and not self.orig[c.e : line_end if line_end >= 0 else None].strip():
            self.block_open = True  # "UBND tỉnh yêu cầu Sở X:" ending its line
            self.block_announced = bool(_ANNOUNCES_ITEMS_RE.search(cf)) and fr.lead is not None
            if res.kind == "task" and not frame_only and not fr.opinion and fr.lead:
                self.heading_start, self.heading_line, self.heading_task = c.s, c.line, None
        # An opinion heading is only a heading: "có ý kiến" is no job of the speaker.
        return res.kind == "frame" or frame_only or fr.opinion

    def _extends_previous_task(
        self, c: _Clause, res: _Analysis, toks: list[_Tok], content_tok: int, idx: int
    ) -> bool:
        """A lower-case continuation of the previous task in the same sentence
        ("…; hoàn thành trước ngày 10/12/2023") extends that task."""
        tasks, distributive = self.tasks, self.distributive
        if not (
            tasks
            and self.last_task_sent == c.sent
            and _first_letter_is_lower(self.orig, c.s, c.e)
            and not _own_job(
                toks,
                content_tok,
                distributive[-1],
                distributive[-1] and _items_are_jobs(self.doc, self.clauses, idx - 1),
            )
            and not (c.after_colon and _colon_items_are_jobs(self.doc, self.clauses, idx - 1))
        ):
            return False
        # "…; báo cáo gửi về UBND tỉnh (qua Sở X) để tổng hợp, báo cáo … trước ngày …": the
        # purpose clause is a task of its own (guideline 21), the rest extends the task.
        second = _purpose_task(
            self.doc,
            toks,
            c.s,
            c,
            tasks[-1].lead,
            self.orig,
            self.folded,
            self.offsets,
            self.text,
            self.ref,
        )
        _extend(
            tasks[-1],
            self.starts[-1],
            c if second is None else replace(c, e=second[0]),
            self.orig,
            self.folded,
            self.offsets,
            self.text,
            self.ref,
            self.doc,
            toks,
            res,
        )
        if second is not None:
            tasks.append(second[1])
            self.starts.append(second[0])
            self.task_sents.append(c.sent)
            distributive.append(False)
        return True

    def _parent_frame(self, c: _Clause, res: _Analysis, toks: list[_Tok], content_tok: int):
        """The frame a subjectless clause takes its addressee from, if any."""
        frames, sentence_frame = self.frames, self.sentence_frame
        parent = None
        if c.item and frames and frames[-1][0] < c.level:
            parent = frames[-1][1]
            if parent.strict and not _starts_with_verb(toks, content_tok):
                parent = None
            elif (
                self.last_task_line == c.line
                and self.last_frame is not None
                and res.strong
                and (parent.lead is None or c.first_in_sentence)
            ):
                # A later sentence of the same item goes on with that item's addressee: "2.
                # Sở X cấp phép …. Triển khai …", "Thứ ba, các hộ … cần …. Đồng thời, …".
                parent = self.last_frame
        elif c.after_colon and sentence_frame is not None:
            parent = sentence_frame
            if parent.strict and not _starts_with_verb(toks, content_tok):
                parent = None
        elif not c.first_in_sentence and sentence_frame is not None:
            if _starts_with_verb(toks, content_tok):
                parent = sentence_frame
        elif res.strong and self.last_frame is not None:
            parent = self.last_frame
        elif frames and frames[-1][0] == -1 and _starts_with_verb(toks, content_tok):
            parent = frames[-1][1]  # "Đối với X: V1 …. V2 …." on one line
        return parent

    def _inherited_roles(
        self,
        c: _Clause,
        cf: str,
        res: _Analysis,
        toks: list[_Tok],
        content_tok: int,
        content_f: str,
    ) -> _Roles | None:
        parent = self._parent_frame(c, res, toks, content_tok)
        if (
            parent is not None
            and parent.opinion
            and c.item
            and _starts_with_verb(toks, content_tok)
            and len(content_f.split()) >= 3
        ):
            # Items of an opinion heading with no addressee of their own: lead null
            # (guideline 15).
            return _Roles(None, list(res.coords), res.verb)
        if (
            parent is not None
            and parent.lead is None
            and parent.verb in ("yêu cầu", "chỉ đạo", "đề nghị")
            and (c.item or c.after_colon)
            and _starts_with_verb(toks, content_tok)
            and len(content_f.split()) >= 4
        ):
            # "Sở Du lịch yêu cầu: Tạm dừng …", "UBND huyện chỉ đạo một số nội dung sau: 1.
            # Tạm thời ngừng …": an order with no addressee has lead null (guideline 22).
            return _Roles(None, list(res.coords), parent.verb)
        if parent is None or parent.lead is None:
            # A sentence that only gives the deadline of the task before it.
            tasks = self.tasks
            if tasks and self.last_task_line >= c.line - 1 and tasks[-1].deadline is None:
                due, due_text, _ = _parse_deadline(self.orig[c.s : c.e], cf, self.ref)
                if due is not None:
                    tasks[-1].deadline, tasks[-1].deadline_text = due, due_text
            return None
        if _PAST_RE.search(content_f[:25]) or _PRAISE_RE.search(content_f[:60]):
            return None
        if len(content_f.split()) < 2:
            return None
        if c.ends_colon and len(content_f.split()) <= 4:
            return None  # "2. Tổ chức hành chính:": the heading of a sub-list, no job
        coords = list(parent.coords)
        extra, _, _ = _roles(toks, content_tok)
        for name in self.doc._names(toks, extra) + res.coords:
            if name not in coords:
                coords.append(name)
        return _Roles(parent.lead, coords, res.verb or parent.verb)

    def _own_roles(self, c: _Clause, res: _Analysis) -> _Roles:
        verb = res.verb
        if verb is None and (c.after_colon or not c.first_in_sentence) and self.sentence_frame:
            verb = self.sentence_frame.verb
        elif verb is None and c.item and self.frames:
            verb = self.frames[-1][1].verb
        return _Roles(res.lead, list(res.coords), verb)

    def _propose(
        self,
        c: _Clause,
        cf: str,
        res: _Analysis,
        toks: list[_Tok],
        content_s: int,
        content_f: str,
        roles: _Roles,
    ) -> None:
        """Add the task of the clause (and the second actor's task of a purpose clause)."""
        orig, doc = self.orig, self.doc
        lead, coords, verb = roles.lead, roles.coords, roles.verb
        _add_coordinating(coords, lead, toks, content_s, content_f, doc)
        due, due_text, recurrence = _parse_deadline(orig[c.s : c.e], cf, self.ref)
        if (
            due is None
            and due_text is None
            and self.frames
            and self.frames[-1][1].deadline
            and not (res.kind == "task" and res.verb)  # a sentence with a cue of its own
        ):
            due, due_text, recurrence = self.frames[-1][1].deadline
        content = _clean_content(orig[content_s : c.e])
        if not content or _NOT_A_JOB_RE.match(content_f) or _LAW_ARTICLE_RE.search(cf):
            return
        if _ACCOUNTABLE_IF_RE.match(content_f) and _ACCOUNTABLE_CUE_RE.search(
            self.folded[c.s : content_s]
        ):
            return  # "… chịu trách nhiệm trước Chủ tịch UBND tỉnh nếu để xảy ra …" (guideline 19)
        if verb is None and _CHAIRS_MEETING_RE.match(content_f):
            return  # "Chiều 2-7, Chủ tịch UBND tỉnh chủ trì cuộc họp với …": the news of a meeting
        if due is not None and self._due_of_previous(c, content_f, due, due_text):
            return
        lead = doc.resolve_reference(lead, c.s)
        task = ProposedTask(
            content=content,
            lead=lead,
            coordinating=[x for x in coords if x != lead],
            deadline=due,
            deadline_text=due_text,
            directive_verb=verb,
            evidence=self._evidence(c.s, c.e),
            recurrence=recurrence,
        )
        second = _purpose_task(
            doc, toks, content_s, c, lead, orig, self.folded, self.offsets, self.text, self.ref
        )
        if second is not None:
            cut = second[0]
            task.evidence = self._evidence(c.s, cut)
            task.content = _clean_content(orig[content_s:cut]) or task.content
            if task.deadline_text and task.deadline_text not in task.evidence:
                # The deadline read was the second actor's: read the first part again.
                task.deadline, task.deadline_text, task.recurrence = _parse_deadline(
                    orig[c.s : cut], self.folded[c.s : cut], self.ref
                )
        distributive = self.distributive
        issuing = (
            _ISSUING_RE.search(self.folded, c.sentence_s, c.e)
            if c.first_in_sentence and self.issuing_sent is None
            else None
        )
        if issuing:
            self.issuing_sent = (len(self.tasks), c.sent)
            self.issuing_end = c.sentence_e
            self.issuing_had = bool(issuing.group("had"))
        heading = self.heading_task
        if c.s == self.heading_start:
            self.heading_task = task
        elif (
            heading is not None
            and res.kind == "inherit"
            and task.lead == heading.lead
            and c.line > self.heading_line
        ):
            self.dropped.append(heading)  # an item of the heading: the heading is no task
            self.heading_task = None
        if second is None and self._singles_out_previous(c, task):
            return
        self.tasks.append(task)
        self.starts.append(c.s)
        self.task_sents.append(c.sent)
        if second is not None:
            self.tasks.append(second[1])
            self.starts.append(second[0])
            self.task_sents.append(c.sent)
            distributive.append(False)
        distributive.append(
            res.distributive
            or (
                res.kind == "inherit"
                and bool(distributive)
                and distributive[-1]
                and self.last_task_sent == c.sent
            )
        )
        self.last_task_sent = c.sent
        self.last_task_line = c.line
        self.last_task_e = c.e
        self.sentence_frame = _Frame(lead, list(task.coordinating), verb)
        # A later sentence inherits the lead, not the partners of this task.
        self.last_frame = _Frame(lead, [], verb)

    def _evidence(self, s: int, e: int) -> str:
        return _evidence(self.orig, s, e, self.offsets, self.text)

    def _due_of_previous(self, c: _Clause, content_f: str, due: date, due_text: str | None) -> bool:
        """ "Các đơn vị thực hiện trước ngày 24/3/2016.": a sentence whose only job is to
        carry out what precedes by a date gives the task before it its deadline
        (guideline 21), unless that task has a date of its own."""
        if not (self._previous_task_undated(c) and _CARRY_OUT_BY_RE.match(content_f)):
            return False
        prev = self.tasks[-1]
        prev.deadline, prev.deadline_text = due, due_text
        return True


# Clauses that only close the job before them ("…; hoàn thành trước ngày 10/12/2023",
# "…; kịp thời báo cáo UBND tỉnh"), after optional manner adverbs.
# A sentence that only closes the task before it with its due date: "Thời gian hoàn
# thành: trước ngày …", "Thời hạn: …", "Trình UBND tỉnh trước ngày …", "Báo cáo UBND
# tỉnh trước ngày …", "Số liệu phải được gửi về Bộ … trước 30/8", "Chậm nhất ngày …".
_DUE_SENTENCE_RE = re.compile(
    r"\s*(?:[-+•*]\s*)?(?:(?:so lieu|bao cao|ket qua|van ban|ho so|du thao)\s+"
    r"(?:(?:phai|can|se)\s+)?(?:duoc\s+)?)?"
    r"(?:thoi gian(?: hoan thanh| thuc hien)?|thoi han(?: hoan thanh)?|han chot|cham nhat"
    r"|hoan thanh|trinh|bao cao|gui|nop)\b"
)


# A job that is only "carry it out by <date>": "thực hiện trước ngày …", "hoàn thành xong
# trước …" (nothing else but the date after it).
_CARRY_OUT_BY_RE = re.compile(
    r"\s*(?:thuc hien|hoan thanh)(?: xong)?\s+(?:truoc|cham nhat|trong)\b[^,;]{0,40}[.;]?\s*$"
)
_DUE_ONLY_ITEM_RE = re.compile(r"\s*(?:thoi gian|thoi han|han chot|cham nhat)\b")
_CLOSING_JOB = _trie(_lexicon("closing_job"))
_MANNER_ADVERBS = _trie(_lexicon("manner_adverbs"))


# What may open a job without being its verb: modals and manner words ("phải", "cần",
# "tập trung", "tiếp tục", "khẩn trương", "chủ động" …), folded.
_JOB_OPENERS = frozenset(
    "phai can se nen hay tap trung tiep tuc khan truong kip thoi chu dong nghiem tuc quyet liet"
    " tich cuc dong thoi".split()
)


def _cut_before_job(orig: str, task: ProposedTask) -> bool:
    """A task whose clause the excerpt cuts before its job can be read (guideline 23: "Cần
    khai thá", "… thì phải k", "… chỉ đạo các sở … tập trung r", "… giao Công an tỉnh ch"):
    the text stops inside a word, the task's evidence runs to that end, and its content keeps
    fewer than two whole words once the modals and manner words that open it are set aside
    ("… cần chủ động xây dựng kịch" keeps "xây dựng": a task)."""
    end = orig.rstrip()
    if not end or not end[-1].isalnum() or not end.endswith(task.evidence.rstrip()[-40:]):
        return False
    if task.coordinating:
        return False  # "… phối hợp với Phòng X rà so": "phối hợp" is a whole verb of the job
    words = fold_words(task.content).split()[:-1]  # the last word may be cut
    while words and words[0] in _JOB_OPENERS:
        words = words[1:]
    return len(words) < 2


def _opens_with_action(toks: list[_Tok]) -> bool:
    """Does a ";" item open with an action verb (not a modal, not a closing report)?"""
    j = _skip_prefix(toks, 0)
    if j >= len(toks) or _match_modal(toks, j) > j:
        return False
    if not _starts_with_verb(toks, j):
        return False
    for _ in range(3):
        k = _match_trie(_MANNER_ADVERBS, toks, j)
        if k == j:
            break
        j = k
    return _match_trie(_CLOSING_JOB, toks, j) == j


def _own_job(toks: list[_Tok], j: int, distributive: bool, items_are_jobs: bool) -> bool:
    """Is a lower-case ";" item a job of its own rather than a continuation of the task
    before it? It is when it opens with its own directive verb ("…; đề nghị …"), or when
    the task before came from a directive cue with a plain addressee ("yêu cầu Sở phải V1
    …; V2 …; V3 …") and every ";" item of the sentence opens with an action verb."""
    j0 = _skip_prefix(toks, 0)
    k = _match_trie(_CUE_TRIE, toks, j0)
    if k > j0 and " ".join(t.f for t in toks[j0:k]) not in ("kien nghi", "de xuat", "mong"):
        return True
    if (
        len(toks) > 2
        and toks[0].w == "đồng"
        and toks[1].w == "thời"
        and _opens_with_action(toks[2:])
        and sum(1 for t in toks[2:] if t.f.isalpha()) >= 4
    ):
        return True  # "…; đồng thời tập trung chăm lo …": a further job (guideline 9)
    if not (distributive and items_are_jobs):
        return False
    return sum(1 for t in toks[j:] if t.f.isalpha()) >= 4


def _colon_items_are_jobs(doc: _Doc, clauses: list[_Clause], idx: int) -> bool:
    """After a heading naming the addressee ("Sở Xây dựng: V1 …; V2 …"), do two or more
    ";" items follow the colon, each opening with an action? Then each is a task."""
    sent = clauses[idx].sent
    items = [c for c in clauses if c.sent == sent and c.after_colon and not c.ends_colon]
    if len(items) < 2:
        return False
    head = next(c for c in clauses if c.sent == sent)
    if head.item and head.ends_colon and _first_letter_is_lower(doc.orig, items[0].s, items[0].e):
        # "3. Công an xã: sẵn sàng …; bảo đảm …": one task of a list item (guideline 20);
        # "1. UBND các xã: Tổ chức …; kiểm tra …" (capital after the colon) lists tasks.
        return False
    # "UBND tỉnh yêu cầu: Ban Dân tộc chủ trì …; theo dõi …": a subject after the colon
    # makes one task of the sentence (guideline 14), so every item must open with an action.
    return all(_opens_with_action(_tokenize(doc.orig, doc.f, c.s, c.e)) for c in items)


def _items_are_jobs(doc: _Doc, clauses: list[_Clause], idx: int) -> bool:
    """Do all ";" items after the first clause of this clause's sentence open with an action?"""
    sent = clauses[idx].sent
    k = idx
    while k > 0 and clauses[k - 1].sent == sent:
        k -= 1
    k += 1  # skip the first clause (the one with the cue)
    found = False
    while k < len(clauses) and clauses[k].sent == sent:
        c = clauses[k]
        if not c.after_colon:
            if not _opens_with_action(_tokenize(doc.orig, doc.f, c.s, c.e)):
                return False
            found = True
        k += 1
    return found


# "…, để Sở TT&TT tổng hợp trình UBND tỉnh": a purpose clause that hands the next step to
# a second actor. Only verbs of administrative follow-up make it a task of its own.
_PURPOSE_VERBS = _trie(_lexicon("purpose_verbs"))


def _purpose_task(
    doc: _Doc,
    toks: list[_Tok],
    content_s: int,
    c: _Clause,
    lead: str | None,
    orig: str,
    folded: str,
    offsets: list[int] | None,
    text: str,
    ref: date | None,
) -> tuple[int, ProposedTask] | None:
    """The task of a second actor named in a purpose clause ("để X tổng hợp, trình …"), or
    of the unit the work is sent to when the purpose has its own due date ("… gửi về Phòng X
    để tổng hợp, báo cáo UBND huyện trước ngày 15/9/2019", guideline 21)."""
    for i, t in enumerate(toks):
        if t.s < content_s or t.w != "để" or i + 1 >= len(toks):
            continue
        u = _match_unit(toks, i + 1)
        if u is None:
            sent_to = _sent_to(toks, i, content_s)
            if sent_to is not None and _match_trie(_PURPOSE_VERBS, toks, i + 1) > i + 1:
                due, due_text, recurrence = _parse_deadline(orig[t.s : c.e], folded[t.s : c.e], ref)
                if due is not None:
                    name = doc._names(toks, [sent_to])[0]
                    return t.s, ProposedTask(
                        content=_clean_content(orig[toks[i + 1].s : c.e]),
                        lead=doc.resolve_reference(name, t.s),
                        deadline=due,
                        deadline_text=due_text,
                        evidence=_evidence(orig, t.s, c.e, offsets, text),
                        recurrence=recurrence,
                    )
            continue
        if u.kind not in ("org", "host", "group"):
            continue
        k = _skip_modal(toks, u.e)
        for _ in range(2):
            k2 = _match_trie(_MANNER_ADVERBS, toks, k)
            k = k2 if k2 > k else k
        if _match_trie(_PURPOSE_VERBS, toks, k) == k:
            continue
        name = doc._names(toks, [u])[0]
        fname = " ".join(x.f for x in toks[u.s : u.e])
        if _SUPERIOR_RE.match(fname) or (
            lead and normalise_unit_name(name) == normalise_unit_name(lead)
        ):
            continue
        start = t.s
        due, due_text, recurrence = _parse_deadline(orig[start : c.e], folded[start : c.e], ref)
        return start, ProposedTask(
            content=_clean_content(orig[toks[k].s : c.e]),
            lead=doc.resolve_reference(name, start),
            coordinating=[],
            deadline=due,
            deadline_text=due_text,
            directive_verb=None,
            evidence=_evidence(orig, start, c.e, offsets, text),
            recurrence=recurrence,
        )
    return None


def _sent_to(toks: list[_Tok], i: int, content_s: int) -> _Unit | None:
    """The unit that what comes before "để" (token ``i``) is sent to: "gửi về Phòng X để
    …", or the intermediary of "… gửi về UBND tỉnh (qua Sở X) để …". None otherwise."""
    j = i - 1
    if j >= 0 and toks[j].f == ")":
        k = j - 1
        while k >= 0 and toks[k].f != "(":
            k -= 1
        m = k + 1
        if k >= 0 and m < j and toks[m].f == "thong":
            m += 1
        if k >= 0 and m < j and toks[m].f == "qua":
            u = _match_unit(toks, m + 1)
            if u is not None and u.e <= j and u.kind in ("org", "host"):
                return u
        j = k - 1
    for k in range(j, max(-1, j - 15), -1):
        if toks[k].s < content_s:
            break
        if toks[k].f == "gui":
            m = k + 2 if k + 1 < len(toks) and toks[k + 1].f == "ve" else k + 1
            u = _match_unit(toks, m)
            if u is not None and u.kind in ("org", "host") and u.e <= i:
                return u
            return None
    return None


def _first_letter_is_lower(orig: str, s: int, e: int) -> bool:
    for ch in orig[s:e]:
        if ch.isalpha():
            return ch.islower()
    return False


def _add_coordinating(
    coords: list[str],
    lead: str | None,
    toks: list[_Tok],
    content_s: int,
    content_f: str,
    doc: _Doc,
) -> None:
    """Coordinating units named inside the content ("…, phối hợp với Y để …")."""
    m = _COORD_IN_CONTENT_RE.search(content_f)
    if not m:
        return
    pos = content_s + m.end()
    j = next((ix for ix, t in enumerate(toks) if t.s >= pos), None)
    if j is None:
        return
    units, _ = _match_unit_list(toks, j)
    for name in doc._names(toks, units):
        if name not in coords and name != lead:
            coords.append(name)


_COORD_IN_CONTENT_RE = re.compile(r"\bphoi hop(?: chat che| tich cuc| dong bo)?(?: voi| cung)?\b")


def _extend(
    task: ProposedTask,
    start: int,
    c: _Clause,
    orig: str,
    folded: str,
    offsets: list[int] | None,
    text: str,
    ref: date | None,
    doc: _Doc,
    toks: list[_Tok],
    res: _Analysis,
) -> None:
    """Append a continuation clause to ``task``: evidence, content, deadline, partners."""
    task.evidence = _evidence(orig, start, c.e, offsets, text)
    more = _clean_content(orig[c.s : c.e])
    if more:
        task.content = f"{task.content}; {more[0].lower()}{more[1:]}"
    if task.deadline is None:
        due, due_text, recurrence = _parse_deadline(orig[c.s : c.e], folded[c.s : c.e], ref)
        if due is not None or (due_text and not task.deadline_text):
            task.deadline, task.deadline_text = due, due_text
        if recurrence and not task.recurrence:
            task.recurrence = recurrence
    _add_coordinating(task.coordinating, task.lead, toks, c.s, folded[c.s : c.e], doc)
    for name in res.coords:
        if name not in task.coordinating and name != task.lead:
            task.coordinating.append(name)


def _inherit(
    frames: list[tuple[int, _Frame]], sentence_frame: _Frame | None, last_frame: _Frame | None
) -> _Frame | None:
    for fr in (sentence_frame, frames[-1][1] if frames else None, last_frame):
        if fr is not None and fr.lead is not None:
            return fr
    return None


def _evidence(orig: str, s: int, e: int, offsets: list[int] | None, text: str) -> str:
    while e > s and orig[e - 1] in " ;:,\t":
        e -= 1
    # Quoted speech: drop quotation marks at the edges that do not pair inside the span
    # ("“Các sở phải …", "… trình phương án”.", or a whole quoted directive).
    body = orig[s:e].rstrip(" .")
    opens = s < e and orig[s] in '“"'
    closes = len(body) > 1 and body[-1] in '”"'
    inner = orig[s + (1 if opens else 0) : s + len(body) - (1 if closes else 0)]
    if not any(q in inner for q in '“”"'):
        if closes:
            e = s + len(body) - 1
        if opens:
            s += 1
        while e > s and orig[e - 1] in " ;:,\t":
            e -= 1
    if offsets is None:
        return text[s:e]
    return text[offsets[s] : offsets[e]]


_LIST_SEPARATOR_RE = re.compile(r"\s*[,;]\s*|\s+và\s+")


def _match_each(name: str, matcher: UnitMatcher) -> list[tuple[str, int]] | None:
    """ "Viettel Nghệ An, Viễn thông Nghệ An": each part matched, or None if one is not."""
    parts = [p for p in _LIST_SEPARATOR_RE.split(name) if p.strip()]
    if len(parts) < 2:
        return None
    hits = []
    for part in parts:
        hit = matcher(part)
        if not hit:
            return None
        hits.append((part, hit[0]))
    return hits


def _resolve_units(task: ProposedTask, matcher: UnitMatcher) -> None:
    """Unit ids for the lead and the coordinating names; a written list of several units
    becomes several units (the first one leads); names with no unit are kept as written
    and listed in ``unmatched`` for the user."""
    coordinating: list[str] = []
    ids: list[int | None] = []
    unmatched: list[str] = []
    if task.lead:
        hit = matcher(task.lead)
        task.lead_unit_id = hit[0] if hit else None
        if not hit:
            parts = _match_each(task.lead, matcher)
            if parts:
                task.lead_unit_id = parts[0][1]
                coordinating += [p for p, _ in parts[1:]]
                ids += [i for _, i in parts[1:]]
            else:
                unmatched.append(task.lead)
    for name in task.coordinating:
        hit = matcher(name)
        if hit:
            coordinating.append(name)
            ids.append(hit[0])
            continue
        parts = _match_each(name, matcher)
        if parts:
            coordinating += [p for p, _ in parts]
            ids += [i for _, i in parts]
        else:
            coordinating.append(name)
            ids.append(None)
            unmatched.append(name)
    task.coordinating = coordinating
    task.coordinating_unit_ids = ids
    task.unmatched = unmatched


# ---------------------------------------------------------------------------
# Name comparison (used by tests, the bench and callers that deduplicate)
# ---------------------------------------------------------------------------

_NAME_EXPANSIONS = [
    (r"\buy ban nhan dan\b", "ubnd"),
    (r"\bhoi dong nhan dan\b", "hdnd"),
    (r"\bthong tin (?:va|&|-) ?truyen thong\b", "tt&tt"),
    (r"\btt ?- ?tt\b|\btttt\b", "tt&tt"),
    (r"\bke hoach (?:va|&|-) ?dau tu\b", "kh&dt"),
    (r"\bkh ?- ?dt\b|\bkhdt\b", "kh&dt"),
    (r"\btai nguyen (?:va|&|-) ?moi truong\b", "tn&mt"),
    (r"\bnong nghiep (?:va|&|-) ?phat trien nong thon\b", "nn&ptnt"),
    (r"\bgiao thong (?:va |- )?van tai\b", "gtvt"),
    (r"\bgiao duc (?:va|&|-) ?dao tao\b", "gd&dt"),
    (r"\bkhoa hoc (?:va|&|-) ?cong nghe\b", "kh&cn"),
    (r"\bvan hoa,? (?:-\s)?the thao (?:va|&) du lich\b", "vh,tt&dl"),
    (r"\blao dong,? (?:-\s)?thuong binh (?:va|&) xa hoi\b", "ld-tb&xh"),
    (r"\bcong nghe thong tin\b", "cntt"),
]
_NAME_EXPANSIONS_RE = [(re.compile(p), r) for p, r in _NAME_EXPANSIONS]


# Titles of the person who heads a unit: "Giám đốc Sở X" names Sở X.
_PERSON_TITLE_RE = re.compile(
    r"\b(?:pho |tong )?(?:giam doc|chu tich|thu truong|bo truong|bi thu|truong ban"
    r"|chanh van phong|nguoi dung dau|hieu truong|cuc truong|truong phong|lanh dao(?= cac\b))\b,?"
)


def normalise_unit_name(name: str | None) -> str:
    """Folded name with common abbreviations unified ("Ủy ban nhân dân" == "UBND") and
    the titles of heads dropped ("Giám đốc Sở Y tế" == "Sở Y tế")."""
    f = fold(name)
    f = re.sub(r"\([^)]*\)", " ", f)
    f = _PERSON_TITLE_RE.sub(" ", f)
    f = re.sub(r"\s*&\s*", " & ", f)  # "Nông nghiệp&Phát triển" == "Nông nghiệp & Phát triển"
    for rx, rep in _NAME_EXPANSIONS_RE:
        f = rx.sub(rep, f)
    f = re.sub(r"\s*&\s*", "&", f)
    return fold_words(f)
