"""Measure the conclusion-task extractor on the annotated dev set.

Run from the repository root::

    python bench/extraction_bench.py            # table + final summary line
    python bench/extraction_bench.py --json     # the numbers as JSON
    python bench/extraction_bench.py -v         # also list missed and spurious tasks
    python bench/extraction_bench.py --split test --categories   # kinds of error, counts only
    python bench/extraction_bench.py --data tests/data/conclusions_heldout   # held-out set

``make bench`` (bench/run.py) imports this module and prints the lines of ``run()``: the
dev-set table, then one labelled summary line for the dev set and one for the held-out set.

Each ``tests/data/conclusions/*.json`` holds ``text``, ``date`` (the meeting date,
passed as ``reference_date``), ``host`` and the gold ``tasks``.

Matching rule (one-to-one, greedy, best pair first):

* a predicted and a gold task are *candidates* when their evidence spans in the text
  overlap (at least one character in common) and their leads, when both are given,
  are the same name after ``normalise_unit_name`` (accents folded; "Ủy ban nhân dân"
  == "UBND", "Thông tin và Truyền thông" == "TT&TT", "Kế hoạch và Đầu tư" == "KH&ĐT");
  their score is 1 + the character overlap divided by the union of the two spans;
* otherwise they are candidates when the folded word tokens of the two evidences
  share at least 50% of the tokens of the longer one (multiset intersection); their
  score is that share;
* pairs are taken in order of decreasing score, each task at most once.

A gold evidence that is not an exact substring of the text is located after
collapsing whitespace; if it still cannot be found only the token rule applies.

Metrics: precision, recall and F1 of task detection; lead accuracy over matched pairs
(names compared as above, two missing leads agree); deadline accuracy over matched
pairs (equal dates when the gold has a date, otherwise no predicted date and
accent-folded equal ``deadline_text``, two missing texts agreeing); documents per
CPU-second on one core (``time.process_time``), the whole set repeated until at least two
CPU-seconds have passed.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import sys
import time
from collections import Counter
from datetime import date

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))

from ictgov.core.text import fold, fold_words  # noqa: E402
from ictgov.directives.extraction import extract_tasks, normalise_unit_name  # noqa: E402

DATA_DIR = os.path.join(ROOT, "tests", "data", "conclusions")
HELDOUT_DIR = os.path.join(ROOT, "tests", "data", "conclusions_heldout")


def load_documents(data_dir: str = DATA_DIR) -> list[dict]:
    docs = []
    for path in sorted(glob.glob(os.path.join(data_dir, "*.json"))):
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
        doc["_file"] = os.path.basename(path)
        docs.append(doc)
    return docs


def _reference_date(doc: dict) -> date | None:
    raw = doc.get("date")
    if not raw:
        return None
    try:
        return date.fromisoformat(str(raw)[:10])
    except ValueError:
        return None


def evaluate_document(doc: dict):
    """The extractor's proposed tasks for one annotated document."""
    return extract_tasks(doc["text"], reference_date=_reference_date(doc), host=doc.get("host"))


def _locate(text: str, evidence: str | None) -> tuple[int, int] | None:
    if not evidence:
        return None
    pos = text.find(evidence)
    if pos >= 0:
        return pos, pos + len(evidence)
    words = evidence.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.search(pattern, text)
    if m:
        return m.start(), m.end()
    return None


def _token_share(a: str, b: str) -> float:
    ta, tb = Counter(fold_words(a).split()), Counter(fold_words(b).split())
    longer = max(sum(ta.values()), sum(tb.values()))
    if not longer:
        return 0.0
    return sum((ta & tb).values()) / longer


def _same_lead(a: str | None, b: str | None) -> bool:
    if not a and not b:
        return True
    if not a or not b:
        return False
    return normalise_unit_name(a) == normalise_unit_name(b)


def match(doc: dict, predicted: list) -> list[tuple[int, int]]:
    """Pairs (predicted index, gold index) under the rule in the module docstring."""
    text = doc["text"]
    gold = doc["tasks"]
    pspans = [_locate(text, p.evidence) for p in predicted]
    gspans = [_locate(text, g.get("evidence")) for g in gold]
    pairs: list[tuple[float, int, int]] = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            ps, gs = pspans[i], gspans[j]
            score = 0.0
            if ps and gs:
                inter = min(ps[1], gs[1]) - max(ps[0], gs[0])
                leads_ok = not p.lead or not g.get("lead") or _same_lead(p.lead, g.get("lead"))
                if inter > 0 and leads_ok:
                    union = max(ps[1], gs[1]) - min(ps[0], gs[0])
                    score = 1.0 + inter / union
            if score == 0.0:
                share = _token_share(p.evidence, g.get("evidence") or "")
                if share >= 0.5:
                    score = share
            if score > 0:
                pairs.append((score, i, j))
    pairs.sort(key=lambda x: -x[0])
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j))
    return out


def deadline_ok(p, g: dict) -> bool:
    gdate = g.get("deadline")
    if gdate:
        return p.deadline is not None and p.deadline.isoformat() == str(gdate)[:10]
    return p.deadline is None and fold(p.deadline_text or "") == fold(g.get("deadline_text") or "")


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def evaluate(docs: list[dict], verbose: bool = False) -> dict:
    totals = Counter()
    per_file = []
    for doc in docs:
        predicted = evaluate_document(doc)
        pairs = match(doc, predicted)
        gold = doc["tasks"]
        lead_ok = sum(1 for i, j in pairs if _same_lead(predicted[i].lead, gold[j].get("lead")))
        due_ok = sum(1 for i, j in pairs if deadline_ok(predicted[i], gold[j]))
        row = {
            "file": doc["_file"],
            "gold": len(gold),
            "predicted": len(predicted),
            "matched": len(pairs),
            "lead_ok": lead_ok,
            "deadline_ok": due_ok,
        }
        row["precision"] = _ratio(len(pairs), len(predicted))
        row["recall"] = _ratio(len(pairs), len(gold))
        pr, rc = row["precision"], row["recall"]
        row["f1"] = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
        per_file.append(row)
        for key in ("gold", "predicted", "matched", "lead_ok", "deadline_ok"):
            totals[key] += row[key]
        if verbose:
            _explain(doc, predicted, pairs)
    precision = _ratio(totals["matched"], totals["predicted"])
    recall = _ratio(totals["matched"], totals["gold"])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "documents": len(docs),
        "gold_tasks": totals["gold"],
        "predicted_tasks": totals["predicted"],
        "matched": totals["matched"],
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "lead_accuracy": _ratio(totals["lead_ok"], totals["matched"]),
        "deadline_accuracy": _ratio(totals["deadline_ok"], totals["matched"]),
        "per_file": per_file,
    }


def _explain(doc: dict, predicted: list, pairs: list[tuple[int, int]]) -> None:
    gold = doc["tasks"]
    mp = {i for i, _ in pairs}
    mg = {j for _, j in pairs}
    lines = []
    for i, j in pairs:
        p, g = predicted[i], gold[j]
        if not _same_lead(p.lead, g.get("lead")):
            lines.append(f"  LEAD  pred={p.lead!r} gold={g.get('lead')!r}  | {g['evidence'][:90]}")
        if not deadline_ok(p, g):
            lines.append(
                f"  DUE   pred={p.deadline} {p.deadline_text!r} gold={g.get('deadline')} "
                f"{g.get('deadline_text')!r}  | {g['evidence'][:70]}"
            )
    for j, g in enumerate(gold):
        if j not in mg:
            lines.append(f"  MISS  lead={g.get('lead')!r}  | {g['evidence'][:150]}")
    for i, p in enumerate(predicted):
        if i not in mp:
            lines.append(f"  EXTRA lead={p.lead!r}  | {p.evidence[:150]}")
    if lines:
        print(f"--- {doc['_file']}")
        print("\n".join(lines))


def _lead_error_kind(pred: str | None, gold: str | None) -> str:
    if pred is None:
        return "lead: none proposed"
    if gold is None:
        return "lead: proposed where the gold has none"
    a, b = normalise_unit_name(pred), normalise_unit_name(gold)
    if a in b:
        return "lead: too short (inside the gold lead)"
    if b in a:
        return "lead: too long (holds the gold lead)"
    if set(a.split()) & set(b.split()):
        return "lead: overlapping words"
    return "lead: another unit"


def _deadline_error_kind(p, g: dict) -> str:
    if g.get("deadline"):
        return "deadline: wrong date" if p.deadline else "deadline: date missed"
    return "deadline: date where none" if p.deadline else "deadline: phrase differs"


def error_categories(docs: list[dict]) -> Counter:
    """Counts of the kinds of error, without any text: what may be read on the test part
    (tests/data/conclusions/README.md: tuning reads errors on the tuning part only)."""
    counts: Counter = Counter()
    for doc in docs:
        predicted = evaluate_document(doc)
        pairs = match(doc, predicted)
        gold = doc["tasks"]
        for i, j in pairs:
            if not _same_lead(predicted[i].lead, gold[j].get("lead")):
                counts[_lead_error_kind(predicted[i].lead, gold[j].get("lead"))] += 1
            if not deadline_ok(predicted[i], gold[j]):
                counts[_deadline_error_kind(predicted[i], gold[j])] += 1
        matched_gold = {j for _, j in pairs}
        matched_pred = {i for i, _ in pairs}
        for j, g in enumerate(gold):
            if j not in matched_gold:
                counts["missed: gold lead null" if not g.get("lead") else "missed"] += 1
        for i in range(len(predicted)):
            if i not in matched_pred:
                counts["spurious: in a document without tasks" if not gold else "spurious"] += 1
    return counts


def throughput(docs: list[dict], min_seconds: float = 2.0) -> float:
    """Documents per CPU-second of this process (one core): ``time.process_time`` rather
    than wall time, so that other work on a shared machine does not lower the figure."""
    if not docs:
        return 0.0
    count = 0
    start = time.process_time()
    while True:
        for doc in docs:
            evaluate_document(doc)
        count += len(docs)
        elapsed = time.process_time() - start
        if elapsed >= min_seconds:
            return count / elapsed


def report_lines(result: dict) -> list[str]:
    """The per-file table and the final summary line."""
    lines = [f"{'file':<58} {'gold':>4} {'pred':>4} {'F1':>5} {'lead':>5} {'due':>5}"]
    for row in result["per_file"]:
        m = row["matched"]
        lead = row["lead_ok"] / m if m else 1.0
        due = row["deadline_ok"] / m if m else 1.0
        lines.append(
            f"{row['file'][:58]:<58} {row['gold']:>4} {row['predicted']:>4} "
            f"{row['f1']:>5.2f} {lead:>5.2f} {due:>5.2f}"
        )
    lines.append(
        f"extraction: F1={result['f1']:.2f} precision={result['precision']:.2f} "
        f"recall={result['recall']:.2f} lead={result['lead_accuracy']:.2f} "
        f"deadline={result['deadline_accuracy']:.2f} docs/s={result['docs_per_second']:.0f} "
        f"({result['documents']} docs, {result['gold_tasks']} gold tasks)"
    )
    return lines


def split_of(docs: list[dict], split: str | None) -> list[dict]:
    """The documents of one part of the source-disjoint split (all when ``split`` is None).

    Each document carries ``"split": "tune" | "test"``, fixed when it was added (see
    tests/data/conclusions/README.md): a publisher is in the test part when the SHA-1 of
    its name is 0 modulo 3 and it published none of the 47 documents the rules were first
    written on; every document of a publisher is in the same part.
    """
    if split is None:
        return docs
    return [d for d in docs if d.get("split", "tune") == split]


def run() -> list[str]:
    """Entry point of ``make bench`` (bench/run.py): the tuning part's table, then the labelled
    summary lines of the whole dev set, its two source-disjoint parts and the held-out set."""
    lines: list[str] = []
    summaries: list[str] = []
    dev = load_documents(DATA_DIR)
    parts = (
        ("dev set, whole", dev),
        ("dev set, tuning part", split_of(dev, "tune")),
        ("dev set, source-disjoint test part", split_of(dev, "test")),
        ("held-out", load_documents(HELDOUT_DIR)),
    )
    for label, docs in parts:
        if not docs:
            summaries.append(f"{label}: no documents")
            continue
        result = evaluate(docs)
        result["docs_per_second"] = throughput(docs)
        table = report_lines(result)
        if label == "dev set, tuning part":
            # Per-document rows only where the rules may be tuned: the test part is read as
            # aggregate figures, never document by document.
            lines.extend(table[:-1])
        summaries.append(f"{label}: {table[-1]}")
    return lines + summaries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the errors")
    parser.add_argument("--data", default=DATA_DIR, help="folder of annotated documents")
    parser.add_argument(
        "--split", choices=("tune", "test"), help="only one part of the source-disjoint split"
    )
    parser.add_argument(
        "--categories", action="store_true", help="count the kinds of error (no text shown)"
    )
    args = parser.parse_args(argv)
    if args.split != "tune" and args.data == DATA_DIR and (args.verbose or args.json):
        parser.error("--verbose/--json list documents one by one: only with --split tune")

    docs = split_of(load_documents(args.data), args.split)
    if args.categories:
        for kind, count in sorted(error_categories(docs).items()):
            print(f"{kind}: {count}")
        return 0
    result = evaluate(docs, verbose=args.verbose and not args.json)
    result["docs_per_second"] = throughput(docs)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    lines = report_lines(result)
    # Document by document only on the tuning part (or another folder); else the summary.
    print("\n".join(lines if args.split == "tune" or args.data != DATA_DIR else lines[-1:]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
