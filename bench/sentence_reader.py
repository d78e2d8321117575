"""Round 9 of issue 12: the rules' own reading of a sentence they drafted no task for.

``SentenceReader.read`` gives such a sentence (one a learned classifier scores high) a lead
and content with the extractor's machinery, from these sources tried in a given order:
"own" (the clause analysis of the sentence in a directive context: a unit in subject
position before its predicate, a unit after "giao" / "đề nghị" / "yêu cầu"), "heading" (the
addressee of the nearest heading ending with ":" whose items the sentence belongs to),
"phrase" (where the unit recognition knows no name: the words after the cue or at the head
of the sentence up to the first modal or task verb) and "previous" (the lead of the last task
of the paragraph); null when none gives one. ``is_weak`` tells a rule task drafted with weak
confidence.

It imports only names the extractor has had since round 1, so
``sentence_filter_experiment.py --lead`` runs it inside the extractor of earlier commits (the
rules' blind output) as well as today's. Not used by the extractor: see
tests/data/conclusions/README.md, "Round 9".
"""

from __future__ import annotations

import bisect
import math
import re
from datetime import date

from ictgov.core.text import fold, nfc_with_offsets
from ictgov.directives import extraction as _x

_LINE_RE = re.compile(r"[^\n]+")
_BREAK_RE = re.compile(r"(?<=[.!?:])\s+(?=[\"“(]?[A-ZÀ-ỸĐ0-9])")
_WORD_RE = re.compile(r"\w+")
_ITEM_RE = re.compile(r"\s*(\d+[.)]|[-+•–*]|[a-zđ]\))")
_STOP_END_RE = re.compile(r"[.!?;:…]$")
_BLANK_LINE_RE = re.compile(r"\n[ \t\r]*\n")
_CUES = frozenset(["đề nghị", "yêu cầu", "giao", "giao cho"])


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of ``text``: each line, cut after ". ! ? :" before a capital."""
    out = []
    for m in _LINE_RE.finditer(text):
        start, line, pos = m.start(), m.group(), 0
        for bm in _BREAK_RE.finditer(line):
            out.append((start + pos, start + bm.start()))
            pos = bm.end()
        out.append((start + pos, start + len(line)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def features(text: str, spans: list[tuple[int, int]], k: int, rule: str | None) -> set[str]:
    """Folded words and word pairs, the first words, position, length, list marker, final
    punctuation, and what the rules drafted in the sentence (``rule``: "lead", "nolead" or
    None)."""
    s, e = spans[k]
    words = _WORD_RE.findall(fold(text[s:e]).lower())
    out = {"w:" + w for w in words}
    out |= {f"b:{a}_{c}" for a, c in zip(words, words[1:], strict=False)}
    out |= {f"h{i}:{w}" for i, w in enumerate(words[:4])}
    out |= {f"hb:{a}_{c}" for a, c in zip(words[:5], words[1:5], strict=False)}
    out |= {f"pos:{min(k, 3)}", f"len:{min(len(words) // 8, 6)}", "rule:" + (rule or "none")}
    stripped = text[s:e].rstrip()
    if stripped.endswith(":"):
        out.add("colon")
    if not _STOP_END_RE.search(stripped):
        out.add("nostop")
    if _ITEM_RE.match(text[s:e]):
        out.add("item")
    return out


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def probability(weights: dict[str, float], feats: set[str]) -> float:
    return sigmoid(sum(weights.get(f, 0.0) for f in feats))


def is_weak(task: _x.ProposedTask, lead_counts: bool = True) -> bool:
    """The rules' own confidence is weak: no lead read (unless ``lead_counts`` is False), no
    directive verb, and the content does not open with a task verb."""
    if (task.lead and lead_counts) or task.directive_verb:
        return False
    content = _x._fold_same_length(task.content)
    toks = _x._tokenize(task.content, content, 0, len(content))
    return not toks or _x._match_trie(_x._TASK_VERBS, toks, 0) == 0


class SentenceReader:
    """The rules' reading of one sentence of a document, out of the drafting pass."""

    def __init__(self, text: str, host: str | None, reference_date: date | None) -> None:
        self.text = text
        self.orig, self.offsets = nfc_with_offsets(text)
        self.folded = _x._fold_same_length(self.orig)
        self.doc = _x._Doc(self.orig, self.folded, host)
        self.clauses = _x._segment(self.orig, self.folded)
        self.ref = reference_date

    def _internal(self, pos: int) -> int:
        """The index in the NFC text of the character at ``pos`` of the original."""
        if self.offsets is None:
            return pos
        return bisect.bisect_left(self.offsets, pos, 0, len(self.offsets) - 1)

    def _external(self, pos: int) -> int:
        return pos if self.offsets is None else self.offsets[pos]

    def _own(self, s: int, e: int) -> tuple[str | None, list[str], int | None, str | None]:
        """(lead, coordinating, content start, verb) read in the sentence's own clauses, in
        a directive context; the lead is None for a subjectless clause."""
        content_s = None
        verb = None
        for c in self.clauses:
            if c.s < s or c.s >= e:
                continue
            res, toks = self.doc.analyse(c, True)
            if res.kind not in ("task", "inherit", "frame"):
                continue
            start = toks[res.content_start].s if res.content_start < len(toks) else c.s
            if res.lead:
                lead = self.doc.resolve_reference(res.lead, c.s)
                return lead, list(res.coords), start, res.verb
            if content_s is None:
                content_s, verb = start, res.verb
        return None, [], content_s, verb

    def _heading_lead(self, s: int) -> str | None:
        """The addressee of the nearest heading ending with ":" above the sentence, in the
        same block (no blank line between)."""
        own = next((c for c in self.clauses if c.s >= s), None)
        if own is None:
            return None
        before = [c for c in self.clauses if c.e <= s]
        for c in reversed(before[-12:]):
            if _BLANK_LINE_RE.search(self.orig, c.e, s):
                return None
            if c.ends_colon:
                res, _ = self.doc.analyse(c, True)
                if res.lead:
                    return self.doc.resolve_reference(res.lead, c.s)
                return None
            if c.line != own.line and not (c.item and own.item):
                return None  # a paragraph of its own between the heading and the sentence
        return None

    def _phrase_lead(self, s: int, e: int) -> str | None:
        """Where the unit recognition knows no name: the words after a cue ("đề nghị",
        "yêu cầu", "giao") or at the head of the sentence, up to the first modal ("cần",
        "phải", "hãy" …), task verb or ":" within 14 words. A list headed by a particular,
        capitalised unit gives that unit ("UBND xã, Ban chỉ huy …" -> "UBND xã"); a list
        of collectives or of places ("UBND các huyện, thành, thị") stays whole."""
        toks = _x._tokenize(self.orig, self.folded, s, e)
        n = len(toks)
        i = _x._skip_prefix(toks, 0) if toks else 0
        start = None
        for j in range(i, min(n, i + 20)):
            k = _x._match_trie(_x._CUE_TRIE, toks, j)
            if k > j and _x._DIRECTIVE_CUES.get(" ".join(t.f for t in toks[j:k])) in _CUES:
                while k < n and toks[k].f in ("cho", ",", ":"):
                    k += 1
                start = k
                break
        if start is None:
            start = i
            k = _x._match_trie(_x._TOPIC_TRIE, toks, start)  # "Đối với UBND các huyện cần …"
            start = k if k > start else start
            if start >= n or not (toks[start].cap or toks[start].f == "cac"):
                return None
        if start >= n or _x._starts_with_verb(toks, start):
            return None  # a sentence without subject: "Rà soát …", "Tăng cường …"
        for j in range(start + 1, min(n, start + 15)):
            f = toks[j].f
            if (
                f == ":"
                or _x._match_modal(toks, j) > j
                or _x._match_trie(_x._TASK_VERBS, toks, j) > j
                or _x._match_trie(_x._STRONG_PREDICATES, toks, j) > j
            ):
                if toks[j - 1].f in (",", "va", "cac", "cua"):
                    return None  # "Đối với các nội dung …, chủ động …": a topic, no subject
                name = self.orig[toks[start].s : toks[j - 1].e].strip(" ,")
                parts = [x.strip() for x in name.split(",")]
                if len(parts) > 1 and all(x[:1].isupper() for x in parts[:2]):
                    name = parts[0]  # "UBND xã, Ban chỉ huy …": the first particular unit
                return name or None
            if f in (".", ";", "(", "?", "!") or (
                f not in (",", "va", "cac", "moi", "nhung") and _x._is_stop(toks, j)
            ):
                return None  # not a plain name: "Nội dung Công văn của UBND có nêu …"
        return None

    def _previous_lead(self, s: int, tasks: list[_x.ProposedTask]) -> str | None:
        """The lead of the last task before the sentence in the same paragraph (line)."""
        line_s = self.text.rfind("\n", 0, s) + 1
        best, best_at = None, -1
        for t in tasks:
            at = self.text.find(t.evidence) if t.evidence else -1
            if line_s <= at < s and at > best_at:
                best, best_at = t.lead, at
        return best

    def read(
        self, s: int, e: int, tasks: list[_x.ProposedTask], order: str = "own,heading,previous"
    ) -> _x.ProposedTask:
        """A task for the sentence ``text[s:e]`` (offsets in the original text); ``tasks`` are
        those already drafted, ``order`` the sources of the lead tried in turn."""
        si, ei = self._internal(s), self._internal(e)
        lead, coords, content_s, verb = self._own(si, ei)
        sources = order.split(",") if order else []
        if lead is not None and "own" not in sources:
            lead, coords = None, []
        for source in sources:
            if lead is not None:
                break
            if source == "heading":
                lead = self._heading_lead(si)
            elif source == "previous":
                lead = self._previous_lead(s, tasks)
            elif source == "phrase":
                lead = self._phrase_lead(si, ei)
        content = _x._clean_content(self.orig[content_s if content_s is not None else si : ei])
        due, due_text, recurrence = _x._parse_deadline(
            self.orig[si:ei], self.folded[si:ei], self.ref
        )
        return _x.ProposedTask(
            content=content or _x._clean_content(self.orig[si:ei]),
            lead=lead,
            coordinating=[c for c in coords if c != lead],
            deadline=due,
            deadline_text=due_text,
            directive_verb=verb,
            evidence=self.text[self._external(si) : self._external(ei)].strip(),
            recurrence=recurrence,
        )
