"""Which tuning publishers each word-list entry of the extractor serves, and which it hurts.

Run from the repository root (about a second per entry on one core)::

    python bench/lexicon_ablation.py verb_start task_verbs > /tmp/ablation.json
    python bench/lexicon_ablation.py --summary /tmp/ablation.json

For every entry of the named lists of ``src/ictgov/directives/data/extraction_lexicons.txt``
the extractor is loaded again without that entry and run on the tuning part; the JSON lists,
per entry, the tuning publishers whose documents its removal helps and hurts (the measure of
``extraction_diff.py``: matched minus spurious tasks, then right leads). An entry whose
removal hurts no publisher and helps some does only harm on the tuning part; one whose
removal changes nothing serves no tuning document. Round 10 of issue 12 tried removing the
entries of the first kind and put them back: each fixed one document, and composed shapes
showed the general readings they cost (tests/data/conclusions/README.md, "Round 10"). Tuning
part only: the test part is never read here.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pathlib
from collections import Counter

import extraction_bench as b
import extraction_diff as xd

LEXICON_NAME = "extraction_lexicons.txt"


def _without(text: str, section: str, entry: str) -> str:
    out, current = [], None
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
        if current == section and line == entry:
            continue
        out.append(raw)
    return "\n".join(out)


def _load_extractor(section: str | None = None, entry: str | None = None):
    """The extraction module read again, without one entry when given."""
    real = pathlib.Path.read_text

    def read_text(self, *args, **kwargs):
        text = real(self, *args, **kwargs)
        if self.name == LEXICON_NAME and section is not None:
            return _without(text, section, entry)
        return text

    import ictgov.directives.extraction as ex

    pathlib.Path.read_text = read_text
    try:
        ex = importlib.reload(ex)
    finally:
        pathlib.Path.read_text = real
    b.extract_tasks = ex.extract_tasks
    return ex


def _tally(old: dict, new: dict) -> tuple[list[str], list[str]]:
    helped, hurt = set(), set()
    for name, row in old.items():
        gain = xd._gain(row, new[name])
        if gain > 0:
            helped.add(row["publisher"])
        elif gain < 0:
            hurt.add(row["publisher"])
    return sorted(helped), sorted(hurt)


def ablate(sections: list[str]) -> list[dict]:
    ex = _load_extractor()
    base = xd.counts()
    lists = {name: list(ex._LEXICONS[name]) for name in sections}
    rows = []
    for section in sections:
        for entry in lists[section]:
            _load_extractor(section, entry)
            new = xd.counts()
            helped, hurt = _tally(base, new)
            rows.append(
                {
                    "section": section,
                    "entry": entry,
                    "removal_helps": helped,
                    "removal_hurts": hurt,
                    "f1": round(xd.f1(new), 4),
                }
            )
    _load_extractor()
    return rows


def summary(rows: list[dict]) -> list[str]:
    kinds = Counter()
    lines = []
    for row in rows:
        helps, hurts = row["removal_helps"], row["removal_hurts"]
        if not helps and not hurts:
            kinds["changes nothing on the tuning part"] += 1
        elif not helps:
            kinds[f"serves {'one publisher' if len(hurts) == 1 else 'two or more'}"] += 1
        elif not hurts:
            kinds["only hurts (its removal helps, hurts none)"] += 1
            lines.append(f"  only hurts: [{row['section']}] {row['entry']} -> helps {helps}")
        else:
            kinds["helps some, hurts others"] += 1
    return [f"{count:5d} {kind}" for kind, count in kinds.most_common()] + lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sections", nargs="*", help="names of the word lists to ablate")
    parser.add_argument("--summary", help="summarise a JSON file written before")
    args = parser.parse_args(argv)
    if args.summary:
        with open(args.summary, encoding="utf-8") as fh:
            print("\n".join(summary(json.load(fh))))
        return 0
    if not args.sections:
        parser.error("name at least one word list (e.g. verb_start)")
    print(json.dumps(ablate(args.sections), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
