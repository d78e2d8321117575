"""Number series: from 01 each year per (type, issuer), gap-free, never duplicated."""

import pytest
from django.db import connection, transaction

from ictgov.core.numbering import issue_number, next_sequence
from ictgov.core.testing import in_thread, is_postgresql, race

pytestmark = pytest.mark.django_db


def issue(doc_type="GCN", key="org.unit:1", year=2026, symbol="SVHTTDL"):
    with transaction.atomic():
        return str(issue_number(doc_type, issuer_key=key, year=year, symbol=symbol))


def test_numbers_follow_decree_30():
    assert [issue() for _ in range(10)][::9] == ["01/GCN-SVHTTDL", "10/GCN-SVHTTDL"]
    assert issue(symbol="UBND", key="org.unit:2") == "01/GCN-UBND"  # its own series
    assert issue(year=2027) == "01/GCN-SVHTTDL"  # a new year starts from 01
    assert issue(doc_type="GP") == "01/GP-SVHTTDL"


def test_a_failed_issue_gives_its_number_back():
    issue()
    with pytest.raises(RuntimeError), transaction.atomic():
        issue_number("GCN", issuer_key="org.unit:1", year=2026, symbol="SVHTTDL")
        raise RuntimeError("the certificate could not be saved")
    assert issue() == "02/GCN-SVHTTDL"


def test_a_number_is_only_taken_inside_a_transaction():
    with pytest.raises(RuntimeError):  # another thread: outside the test's transaction
        in_thread(lambda: next_sequence("GCN", "org.unit:9", 2026))


def test_concurrent_issuers_get_distinct_consecutive_numbers():
    if not is_postgresql():
        pytest.skip("Real concurrency needs PostgreSQL's row locks (SQLite serialises writes).")
    key = "test:race"

    def one():
        with transaction.atomic():
            return next_sequence("GCN", key, 2026)

    try:
        numbers = race(*[one] * 8)
        assert sorted(numbers) == list(range(1, 9)), numbers
    finally:

        def clean():
            with connection.cursor() as c:
                c.execute("DELETE FROM core_numberseries WHERE issuer_key = %s", [key])

        in_thread(clean)
