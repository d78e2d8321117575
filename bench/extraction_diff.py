"""Which publishers of the tuning part a change of the extractor helps, and which it hurts.

Run from the repository root::

    python bench/extraction_diff.py --save /tmp/before.json     # before the change
    python bench/extraction_diff.py --against /tmp/before.json  # after it

The first saves, for each tuning-part document, its counts (gold, proposed, matched, right
leads, right deadlines); the second compares the working tree's extractor with them and prints
the documents that changed, grouped by publisher, and one line: how many publishers gained,
how many lost, and the tuning part's F1 before and after. Round 8 of issue 12 kept a rule only
when it helped several publishers and hurt none (a rule that fixes one document is not a
reading of the language; tests/data/conclusions/README.md, "Round 8"). Tuning part only: the
test part is never listed document by document.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict

import extraction_bench as b


def counts() -> dict[str, dict]:
    out = {}
    for doc in b.split_of(b.load_documents(), "tune"):
        predicted = b.evaluate_document(doc)
        pairs = b.match(doc, predicted)
        gold = doc["tasks"]
        out[doc["_file"]] = {
            "publisher": doc["publisher"],
            "gold": len(gold),
            "predicted": len(predicted),
            "matched": len(pairs),
            "lead_ok": sum(b._same_lead(predicted[i].lead, gold[j].get("lead")) for i, j in pairs),
            "deadline_ok": sum(b.deadline_ok(predicted[i], gold[j]) for i, j in pairs),
        }
    return out


def f1(rows: dict[str, dict]) -> float:
    m = sum(r["matched"] for r in rows.values())
    p = sum(r["predicted"] for r in rows.values())
    g = sum(r["gold"] for r in rows.values())
    precision, recall = (m / p if p else 1.0), (m / g if g else 1.0)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _gain(old: dict, new: dict) -> int:
    """Matched tasks gained minus spurious tasks gained, then right leads as a tie-break."""
    spurious = (new["predicted"] - new["matched"]) - (old["predicted"] - old["matched"])
    return 10 * ((new["matched"] - old["matched"]) - spurious) + (new["lead_ok"] - old["lead_ok"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", help="write the counts of the working tree's extractor here")
    group.add_argument("--against", help="compare with counts saved by --save")
    args = parser.parse_args(argv)
    now = counts()
    if args.save:
        with open(args.save, "w", encoding="utf-8") as fh:
            json.dump(now, fh, ensure_ascii=False, indent=1)
        print(f"saved {len(now)} documents, F1={f1(now):.3f}")
        return 0
    with open(args.against, encoding="utf-8") as fh:
        before = json.load(fh)
    by_publisher: dict[str, int] = defaultdict(int)
    for name, row in sorted(now.items()):
        old = before.get(name)
        if old is None or old == row:
            continue
        gain = _gain(old, row)
        by_publisher[row["publisher"]] += gain
        print(
            f"{'+' if gain > 0 else '-' if gain < 0 else '='} {name}: matched "
            f"{old['matched']}->{row['matched']}, proposed {old['predicted']}->{row['predicted']}, "
            f"leads {old['lead_ok']}->{row['lead_ok']}, deadlines "
            f"{old['deadline_ok']}->{row['deadline_ok']}"
        )
    gained = sum(1 for v in by_publisher.values() if v > 0)
    lost = sum(1 for v in by_publisher.values() if v < 0)
    print(
        f"publishers gaining {gained}, losing {lost}; tuning part F1 "
        f"{f1({k: v for k, v in before.items() if k in now}):.3f} -> {f1(now):.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
