"""Number series: numbers per (document type, issuer, year), from 1 on 1 January, with no gap
and no duplicate whatever runs beside (Decree 30/2020/NĐ-CP: numbered from 01 each year per
issuing agency, zero-padded below 10).

The series row is locked (`select_for_update`) and incremented inside the caller's transaction:
a second issuer waits for the first to commit, and a transaction that fails gives its number
back (it is never written), so the numbers stay consecutive. Call inside `transaction.atomic`.

    number = issue_number("GCN", issuer_key=f"org.unit:{unit.pk}", year=2026, symbol="SVHTTDL")
    str(number)  # "12/GCN-SVHTTDL"
"""

from django.db import IntegrityError, connection, transaction

from .docnumbers import DocumentNumber
from .models import NumberSeries

__all__ = ["issue_number", "next_sequence"]


def _locked_series(doc_type: str, issuer_key: str, year: int) -> NumberSeries:
    lookup = {"doc_type": doc_type, "issuer_key": issuer_key, "year": year}
    series = NumberSeries.objects.select_for_update().filter(**lookup).first()
    if series is None:
        try:
            with transaction.atomic():  # a savepoint: losing the race to create is not an error
                NumberSeries.objects.create(**lookup, last=0)
        except IntegrityError:
            pass
        series = NumberSeries.objects.select_for_update().get(**lookup)
    return series


def next_sequence(doc_type: str, issuer_key: str, year: int) -> int:
    """The next number of the series (1, 2, 3 …), taken in the caller's transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError("next_sequence() must run inside transaction.atomic()")
    series = _locked_series(doc_type, issuer_key, year)
    series.last += 1
    series.save(update_fields=["last"])
    return series.last


def issue_number(doc_type: str, *, issuer_key: str, year: int, symbol: str) -> DocumentNumber:
    """The next document number of the series, as Decree 30 writes it: 01/GCN-SVHTTDL."""
    n = next_sequence(doc_type, issuer_key, year)
    return DocumentNumber(number=f"{n:02d}", year=None, doc_type=doc_type, issuer=symbol)
