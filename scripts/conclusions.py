#!/usr/bin/env python3
"""Tools for the drafting development set (tests/data/conclusions/README.md).

    python scripts/conclusions.py check            # every span of every document against its text
    python scripts/conclusions.py add SPEC...      # build JSON documents from annotation sheets
    python scripts/conclusions.py stats            # documents, tasks, publishers, years, parts

``check`` verifies, for the development and held-out sets: each task's ``evidence`` and
``deadline_text`` are exact substrings of ``text``; each written ``lead`` and each
``coordinating`` unit occurs in the text (accents and case kept; a lead the guidelines
normalise — the host's own "Sở", heads' titles dropped — is accepted when it occurs
with the titles dropped from both, or when it is the document's ``host``; any other is
printed as a warning to read); the ``split`` follows the written rule; no document is
stored twice (same address; or a 120-character passage shared with another text, a warning
when both are in the tuning part). It prints every problem and exits 1 when a span, a split
or a duplicate is wrong.

An annotation sheet is plain text, one or more documents::

    @@ 101_hau-giang-cv-994-de-an-khcn-2017
    title: …
    url: https://… (or -)
    source: publisher, number and date
    publisher: who wrote the text
    kind: công văn / thông báo kết luận / tin về cuộc họp …
    date: 2017-06-19 (or -)
    host: UBND tỉnh Hậu Giang (or -)
    text:
    …the passage, verbatim, any number of lines…
    @tasks
    > the evidence (whitespace may differ from the text: it is taken from the text)
    lead: … (omitted = null)
    coord: A | B
    due: 2017-07-01
    due_text: trước ngày 01/7/2017
    verb: giao
    content: … (omitted = the evidence)

``add`` writes ``tests/data/conclusions/<id>.json`` with the split computed by the rule,
and refuses a document whose spans are not in its text.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEV = os.path.join(ROOT, "tests", "data", "conclusions")
HELDOUT = os.path.join(ROOT, "tests", "data", "conclusions_heldout")
TITLES = re.compile(
    r"^(?:đồng chí\s+)?(?:Giám đốc|Phó Giám đốc|Chủ tịch|Phó Chủ tịch|Thủ trưởng|Bộ trưởng|"
    r"Trưởng ban|Trưởng|người đứng đầu|Người đứng đầu|Chánh Văn phòng|Tổng Giám đốc|"
    r"Cục trưởng|Chi cục trưởng)\s+",
    re.IGNORECASE,
)


def _load(path: str) -> dict:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _original(doc_id: str) -> bool:
    head = doc_id.split("_")[0]
    return doc_id.startswith("source_") or (head.isdigit() and int(head) <= 42)


def first_publishers() -> set[str]:
    return {
        d["publisher"]
        for d in (_load(p) for p in glob.glob(os.path.join(DEV, "*.json")))
        if _original(d["id"])
    }


def split_for(publisher: str, first: set[str]) -> str:
    if publisher in first:
        return "tune"
    return "test" if int(hashlib.sha1(publisher.encode()).hexdigest(), 16) % 3 == 0 else "tune"


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


_ANY_TITLE = re.compile(TITLES.pattern.replace("^", r"(?<!\w)"), re.IGNORECASE)


def _occurs(name: str, text: str) -> bool:
    if name in text or _squash(name) in _squash(text):
        return True
    bare_name = _squash(_ANY_TITLE.sub("", name)).lower()
    return bare_name in _squash(_ANY_TITLE.sub("", text)).lower()


def check_document(doc: dict, first: set[str] | None = None) -> list[str]:
    problems = []
    text = doc["text"]
    for n, task in enumerate(doc.get("tasks", []), 1):
        where = f"{doc['id']} task {n}"
        if task["evidence"] not in text:
            problems.append(f"{where}: evidence not in text: {task['evidence'][:70]!r}")
        if task.get("deadline_text") and task["deadline_text"] not in text:
            problems.append(f"{where}: deadline_text not in text: {task['deadline_text']!r}")
        if task.get("deadline") and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", task["deadline"]):
            problems.append(f"{where}: deadline is not YYYY-MM-DD: {task['deadline']!r}")
        lead = task.get("lead")
        if lead and not _occurs(lead, text) and lead != doc.get("host"):
            problems.append(f"{where}: (warning) lead not written so in the text: {lead!r}")
        for unit in task.get("coordinating") or []:
            if not _occurs(unit, text):
                problems.append(f"{where}: (warning) coordinating unit not in the text: {unit!r}")
    if first is not None and "split" in doc:
        expected = split_for(doc["publisher"], first)
        if doc["split"] != expected:
            problems.append(f"{doc['id']}: split {doc['split']!r}, the rule says {expected!r}")
    return problems


def duplicates(docs: list[dict]) -> list[str]:
    """Documents stored twice: the same source address, or a 120-character passage of one
    text found in another (a re-post of the same article under another address)."""
    problems = []
    by_url: dict[str, str] = {}
    texts = [(d["id"], _squash(d["text"]), d.get("split", "held-out")) for d in docs]
    for d in docs:
        url = (d.get("source_url") or "").rstrip("/")
        if url and url in by_url:
            problems.append(f"{d['id']}: same source_url as {by_url[url]}")
        elif url:
            by_url[url] = d["id"]
    for i, (ida, ta, sa) in enumerate(texts):
        for idb, tb, sb in texts[i + 1 :]:
            if any(ta[k : k + 120] in tb for k in range(0, max(1, len(ta) - 120), 60)):
                # Outlets re-publishing one directive share its wording: harmless on one
                # side of the split, a leak across it.
                level = "(warning) " if sa == sb == "tune" else ""
                problems.append(f"{ida}: {level}a passage of its text is also in {idb}")
    return problems


def check(_args: list[str]) -> int:
    first = first_publishers()
    problems = []
    paths = sorted(
        glob.glob(os.path.join(DEV, "*.json")) + glob.glob(os.path.join(HELDOUT, "*.json"))
    )
    for path in paths:
        doc = _load(path)
        problems += check_document(doc, first if path.startswith(DEV) else None)
    problems += duplicates([_load(p) for p in paths])
    for p in problems:
        print(p)
    errors = [p for p in problems if "(warning)" not in p]
    tasks = sum(len(_load(p)["tasks"]) for p in paths)
    print(
        f"{len(paths)} documents, {tasks} tasks checked; {len(errors)} errors, "
        f"{len(problems) - len(errors)} warnings (a lead the guidelines normalise)"
    )
    return 1 if errors else 0


_FIELDS = {"title", "url", "source", "publisher", "kind", "date", "host"}
_TASK_FIELDS = {"lead", "coord", "due", "due_text", "verb", "content"}


def _value(raw: str):
    raw = raw.strip()
    return None if raw in {"", "-", "null"} else raw


def _find(text: str, phrase: str) -> str:
    if phrase in text:
        return phrase
    pattern = r"\s+".join(re.escape(w) for w in phrase.split())
    m = re.search(pattern, text)
    if not m:
        raise ValueError(f"not in text: {phrase[:80]!r}")
    return m.group(0)


def parse_sheet(sheet: str) -> list[dict]:
    docs = []
    for block in re.split(r"^@@ ", sheet, flags=re.M)[1:]:
        head, _, rest = block.partition("\ntext:\n")
        text_part, _, tasks_part = rest.partition("\n@tasks")
        lines = head.splitlines()
        doc: dict = {"id": lines[0].strip()}
        for line in lines[1:]:
            if not line.strip():
                continue
            key, _, val = line.partition(":")
            if key.strip() not in _FIELDS:
                raise ValueError(f"{doc['id']}: unknown field {key!r}")
            doc[key.strip()] = _value(val)
        text = text_part.strip("\n")
        tasks = []
        for chunk in re.split(r"^> ", tasks_part, flags=re.M)[1:]:
            tl = chunk.splitlines()
            evidence = _find(text, tl[0].strip())
            fields = {}
            for line in tl[1:]:
                if not line.strip():
                    continue
                key, _, val = line.strip().partition(":")
                if key.strip() not in _TASK_FIELDS:
                    raise ValueError(f"{doc['id']}: unknown task field {key!r}")
                fields[key.strip()] = _value(val)
            due_text = fields.get("due_text")
            tasks.append(
                {
                    "evidence": evidence,
                    "content": fields.get("content") or evidence,
                    "lead": fields.get("lead"),
                    "coordinating": [
                        c.strip() for c in (fields.get("coord") or "").split("|") if c.strip()
                    ],
                    "deadline": fields.get("due"),
                    "deadline_text": _find(text, due_text) if due_text else None,
                    "directive_verb": fields.get("verb"),
                }
            )
        docs.append(
            {
                "id": doc["id"],
                "title": doc.get("title"),
                "source_url": doc.get("url"),
                "source": doc.get("source"),
                "publisher": doc["publisher"],
                "split": None,
                "kind": doc.get("kind"),
                "date": doc.get("date"),
                "host": doc.get("host"),
                "text": text,
                "tasks": tasks,
            }
        )
    return docs


def add(args: list[str]) -> int:
    first = first_publishers()
    status = 0
    for path in args:
        with open(path, encoding="utf-8") as fh:
            docs = parse_sheet(fh.read())
        for doc in docs:
            doc["split"] = split_for(doc["publisher"], first)
            problems = [p for p in check_document(doc) if "(warning)" not in p]
            if problems:
                print("\n".join(problems))
                status = 1
                continue
            out = os.path.join(DEV, doc["id"] + ".json")
            with open(out, "w", encoding="utf-8") as fh:
                json.dump(doc, fh, ensure_ascii=False, indent=2)
                fh.write("\n")
            print(f"{doc['id']}: {len(doc['tasks'])} tasks, {doc['split']}")
    return status


def stats(_args: list[str]) -> int:
    docs = [_load(p) for p in sorted(glob.glob(os.path.join(DEV, "*.json")))]
    by_split = Counter(d["split"] for d in docs)
    tasks = Counter()
    for d in docs:
        tasks[d["split"]] += len(d["tasks"])
    pubs = {d["publisher"] for d in docs}
    recent = sum(1 for d in docs if (d.get("date") or "")[:4] in {"2025", "2026"})
    empty = sum(1 for d in docs if not d["tasks"])
    print(
        f"{len(docs)} documents, {sum(tasks.values())} tasks, {len(pubs)} publishers; "
        f"{recent} dated 2025–2026; {empty} without a task"
    )
    for part in sorted(by_split):
        part_pubs = {d["publisher"] for d in docs if d["split"] == part}
        print(
            f"  {part}: {by_split[part]} documents, {tasks[part]} tasks, "
            f"{len(part_pubs)} publishers"
        )
    return 0


def main(argv: list[str]) -> int:
    commands = {"check": check, "add": add, "stats": stats}
    if not argv or argv[0] not in commands:
        print(__doc__)
        return 2
    return commands[argv[0]](argv[1:])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
