"""The annotated sets of the drafting extractor are well-formed (tests/data/conclusions/README.md).

Every evidence and deadline phrase must be an exact substring of the text, so that the
bench measures what the annotators marked; and the source-disjoint split must keep
every publisher on one side, or the "unseen sources" figure would be a lie.
"""

import glob
import hashlib
import json
import os
import re

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__)))))
DEV = os.path.join(ROOT, "tests", "data", "conclusions")
HELDOUT = os.path.join(ROOT, "tests", "data", "conclusions_heldout")
FILES = sorted(glob.glob(os.path.join(DEV, "*.json")) + glob.glob(os.path.join(HELDOUT, "*.json")))
DOC_KEYS = {"id", "title", "source_url", "source", "date", "host", "text", "tasks"}
TASK_KEYS = {
    "evidence",
    "content",
    "lead",
    "coordinating",
    "deadline",
    "deadline_text",
    "directive_verb",
}


def _load(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _dev_docs():
    return [_load(p) for p in sorted(glob.glob(os.path.join(DEV, "*.json")))]


@pytest.mark.parametrize("path", FILES, ids=[os.path.basename(p) for p in FILES])
def test_document_is_well_formed(path):
    doc = _load(path)
    assert DOC_KEYS <= set(doc), f"missing keys: {DOC_KEYS - set(doc)}"
    assert doc["id"] == os.path.basename(path)[: -len(".json")]
    assert isinstance(doc["text"], str) and doc["text"].strip()
    if doc["date"] is not None:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc["date"])
    for task in doc["tasks"]:
        assert TASK_KEYS <= set(task), f"missing keys: {TASK_KEYS - set(task)}"
        assert task["evidence"] in doc["text"], f"evidence not in text: {task['evidence'][:60]!r}"
        if task["deadline_text"] is not None:
            assert task["deadline_text"] in doc["text"], task["deadline_text"]
        if task["deadline"] is not None:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", task["deadline"])
        assert isinstance(task["coordinating"], list)


@pytest.mark.parametrize("path", sorted(glob.glob(os.path.join(DEV, "*.json"))))
def test_dev_document_names_its_publisher_and_part(path):
    doc = _load(path)
    assert doc.get("publisher"), "every dev document records its publisher"
    assert doc.get("split") in {"tune", "test"}


def test_no_publisher_is_on_both_sides_of_the_split():
    sides = {}
    for doc in _dev_docs():
        sides.setdefault(doc["publisher"], set()).add(doc["split"])
    assert {p: s for p, s in sides.items() if len(s) > 1} == {}


def test_split_follows_the_written_rule():
    # A publisher is in the test part when sha1(name) % 3 == 0 and it published none of
    # the documents the rules were first written on (source_* and 01…42).
    docs = _dev_docs()

    def original(doc):
        return doc["id"].startswith("source_") or int(doc["id"].split("_")[0]) <= 42

    first = {d["publisher"] for d in docs if original(d)}
    for doc in docs:
        p = doc["publisher"]
        expected = (
            "test"
            if p not in first and int(hashlib.sha1(p.encode()).hexdigest(), 16) % 3 == 0
            else "tune"
        )
        assert doc["split"] == expected, doc["id"]


def test_ids_are_unique():
    ids = [_load(p)["id"] for p in FILES]
    assert len(ids) == len(set(ids))


def test_span_checker_finds_no_error():
    # scripts/conclusions.py check: spans in their text, split by the rule, no document
    # stored twice or shared across the split.
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "conclusions_tool", os.path.join(ROOT, "scripts", "conclusions.py")
    )
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    docs = [_load(p) for p in FILES]
    first = tool.first_publishers()
    errors = [
        p
        for d in docs
        for p in tool.check_document(d, first if "split" in d else None)
        if "(warning)" not in p
    ]
    errors += [p for p in tool.duplicates(docs) if "(warning)" not in p]
    assert errors == []
