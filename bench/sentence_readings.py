"""Round 9 of issue 12: what the rules read in every sentence of a document.

For each document: the rules' tasks, whether each is weak (``sentence_reader.is_weak``),
the sentence spans, and for each sentence the task ``SentenceReader.read`` gives it under
each order of lead sources. ``sentence_filter_experiment.py --lead`` runs this with today's
package, and in a subprocess with the package of an earlier commit for the rules' blind
output. Besides ``ictgov`` it imports only ``sentence_reader`` (in this directory).
"""

from __future__ import annotations

import json
import sys
from datetime import date

from sentence_reader import SentenceReader, is_weak, sentences

from ictgov.directives.extraction import extract_tasks

ORDERS = [
    "",
    "own",
    "heading",
    "previous",
    "own,heading",
    "own,previous",
    "own,heading,previous",
    "own,previous,heading",
    "phrase",
    "own,phrase",
    "own,phrase,heading,previous",
    "own,heading,phrase,previous",
    "own,heading,previous,phrase",
]


def _task_dict(t) -> dict:
    return {
        "content": t.content,
        "lead": t.lead,
        "evidence": t.evidence,
        "directive_verb": t.directive_verb,
        "deadline": t.deadline.isoformat() if t.deadline else None,
        "deadline_text": t.deadline_text,
        "coordinating": list(t.coordinating),
    }


def readings(docs: list[dict]) -> dict[str, dict]:
    out = {}
    for doc in docs:
        ref = date.fromisoformat(doc["date"][:10]) if doc.get("date") else None
        text = doc["text"]
        tasks = extract_tasks(text, reference_date=ref, host=doc.get("host"))
        reader = SentenceReader(text, doc.get("host"), ref)
        spans = sentences(text)
        out[doc["_file"]] = {
            "tasks": [_task_dict(t) for t in tasks],
            "weak": [is_weak(t) for t in tasks],
            "weak_verb": [is_weak(t, lead_counts=False) for t in tasks],
            "spans": spans,
            "readings": {
                order: [_task_dict(reader.read(s, e, tasks, order)) for s, e in spans]
                for order in ORDERS
            },
        }
    return out


if __name__ == "__main__":
    json.dump(readings(json.load(sys.stdin)), sys.stdout, ensure_ascii=False)
