import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ictgov.core.docnumbers import (
    DOCUMENT_TYPES,
    DocumentNumber,
    DocumentNumberError,
    find_document_numbers,
    format_document_number,
    parse_document_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1789/QĐ-UBND", DocumentNumber("1789", None, "QĐ", "UBND")),
        ("2977/2013/QĐ-UBND", DocumentNumber("2977", 2013, "QĐ", "UBND")),
        ("09/2014/TT-BTTTT", DocumentNumber("09", 2014, "TT", "BTTTT")),
        ("43/2008/QĐ-TTg", DocumentNumber("43", 2008, "QĐ", "TTg")),
        ("43/2008/QĐ-TTG", DocumentNumber("43", 2008, "QĐ", "TTG")),  # kept as written
        ("01/HNVB-VPCP", DocumentNumber("01", None, None, "HNVB", "VPCP")),
        ("01/VBHN-VPCP", DocumentNumber("01", None, "VBHN", "VPCP")),
        ("677/BTTTT-THH", DocumentNumber("677", None, None, "BTTTT", "THH")),
        ("147/2024/NĐ-CP", DocumentNumber("147", 2024, "NĐ", "CP")),
        ("126/2025/QH15", DocumentNumber("126", 2025, None, "QH15")),
        ("1656/NQ-UBTVQH15", DocumentNumber("1656", None, "NQ", "UBTVQH15")),
        ("12729/VPCP-KGVX", DocumentNumber("12729", None, None, "VPCP", "KGVX")),
        ("10/2025/TT-BVHTTDL", DocumentNumber("10", 2025, "TT", "BVHTTDL")),
        ("1479/HD-BTĐKT", DocumentNumber("1479", None, "HD", "BTĐKT")),
        ("05/QyĐ-UBND", DocumentNumber("05", None, "QyĐ", "UBND")),
        ("12/CTr-SKHCN", DocumentNumber("12", None, "CTr", "SKHCN")),
        ("34/TTr-SVHTTDL", DocumentNumber("34", None, "TTr", "SVHTTDL")),
        ("15/SY-UBND", DocumentNumber("15", None, "SY", "UBND")),
        ("01/2011/TTLT-BTTTT-BNV", DocumentNumber("01", 2011, "TTLT", "BTTTT-BNV")),
        ("45/UBND", DocumentNumber("45", None, None, "UBND")),
    ],
)
def test_parse_and_format_round_trip(text, expected):
    parsed = parse_document_number(text)
    assert parsed == expected
    assert str(parsed) == text
    assert format(parsed) == text
    assert format_document_number(parsed) == text


def test_parts_and_names():
    doc = parse_document_number("09/2014/TT-BTTTT")
    assert doc.symbol == "TT-BTTTT"
    assert doc.doc_type_name == "Thông tư"
    assert doc.sequence == 9
    assert not doc.is_dispatch
    letter = parse_document_number("677/BTTTT-THH")
    assert letter.is_dispatch
    assert letter.symbol == "BTTTT-THH"
    assert letter.doc_type_name is None
    assert parse_document_number("05/QyĐ-UBND").doc_type_name == "Quy định"
    assert parse_document_number("5/Qđ-UBND").doc_type_name == "Quyết định"


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("  1789/QĐ-UBND  ", "1789/QĐ-UBND"),
        ("Số 1789/QĐ-UBND", "1789/QĐ-UBND"),
        ("Số: 09/2014/TT-BTTTT", "09/2014/TT-BTTTT"),
        ("số 677/BTTTT-THH", "677/BTTTT-THH"),
        ("1789 / QĐ – UBND", "1789/QĐ-UBND"),  # spaces and an en dash
        (unicodedata.normalize("NFD", "05/QyĐ-UBND"), "05/QyĐ-UBND"),
        (unicodedata.normalize("NFD", "Số 12/ĐA-UBND"), "12/ĐA-UBND"),
        ("12/\u00d0A-UBND", "12/ĐA-UBND"),  # Icelandic Ð left by old font conversions
    ],
)
def test_tolerated_input_is_normalised(text, canonical):
    assert str(parse_document_number(text)) == canonical


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Số",
        "1789",
        "QĐ-UBND",
        "1789/",
        "/QĐ-UBND",
        "0/QĐ-UBND",
        "1a/QĐ-UBND",
        "12/5/2020",
        "09/14/TT-BTTTT",
        "1789/QĐ",
        "1789/QĐ-",
        "1789/-UBND",
        "1789/QĐ--UBND",
        "1789/QĐ UBND",
        "1789/15QH",
        "1/2/3/QĐ-UBND",
        "80-NQ/TW",
        "1789/QĐ_UBND",
    ],
)
def test_bad_input_is_refused_in_vietnamese(text):
    with pytest.raises(DocumentNumberError) as exc:
        parse_document_number(text)
    message = str(exc.value)
    assert any(word in message for word in ("số", "ký hiệu", "năm", "cơ quan", "Chưa nhập"))


def test_error_is_a_value_error():
    with pytest.raises(ValueError):
        parse_document_number("abc")
    with pytest.raises(DocumentNumberError):
        parse_document_number(None)


def test_find_in_running_text():
    text = (
        "Căn cứ Quyết định 43/2008/QĐ-TTG của Thủ tướng, Thông tư số 09/2014/TT-BTTTT; "
        "công văn 677/BTTTT-THH và Luật 126/2025/QH15. Ngày 12/5/2020, 1/2 số xã, "
        "30 lượt/ngày, 100/tháng, 45/UBND."
    )
    found = find_document_numbers(text)
    assert [str(doc) for doc, _, _ in found] == [
        "43/2008/QĐ-TTG",
        "09/2014/TT-BTTTT",
        "677/BTTTT-THH",
        "126/2025/QH15",
    ]
    for doc, start, end in found:
        assert text[start:end] == str(doc)


def test_find_reports_offsets_in_decomposed_text():
    text = unicodedata.normalize("NFD", "Điều 1. Bãi bỏ Quyết định số 05/QyĐ-UBND ngày 1/2.")
    [(doc, start, end)] = find_document_numbers(text)
    assert str(doc) == "05/QyĐ-UBND"
    assert unicodedata.normalize("NFC", text[start:end]) == "05/QyĐ-UBND"


def test_find_does_not_cut_longer_numbers():
    assert [str(d) for d, _, _ in find_document_numbers("số 2977/2013/QĐ-UBND.")] == [
        "2977/2013/QĐ-UBND"
    ]
    assert find_document_numbers("80-NQ/TW") == []


# Generated canonical numbers -------------------------------------------------------------

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZĐ"
_FOLDED_TYPES = {t.casefold() for t in DOCUMENT_TYPES}

abbreviations = st.one_of(
    st.sampled_from(["UBND", "BTTTT", "TTg", "TTG", "QH15", "UBTVQH15", "VPCP", "BTĐKT", "CP"]),
    st.builds(
        lambda first, rest: first + rest,
        st.sampled_from(_LETTERS),
        st.text(alphabet=_LETTERS + "0123456789", max_size=8),
    ),
)
numbers = st.one_of(
    st.integers(min_value=1, max_value=9).map(lambda n: f"{n:02d}"),
    st.integers(min_value=1, max_value=99999).map(str),
)
years = st.none() | st.integers(min_value=1945, max_value=2099)


@st.composite
def document_numbers(draw):
    number, year = draw(numbers), draw(years)
    doc_type = draw(st.none() | st.sampled_from(sorted(DOCUMENT_TYPES)))
    issuer = draw(abbreviations)
    if doc_type is not None:
        return DocumentNumber(number, year, doc_type, issuer)
    assume(issuer.casefold() not in _FOLDED_TYPES)
    unit = draw(st.none() | abbreviations)
    return DocumentNumber(number, year, None, issuer, unit)


@given(document_numbers())
def test_canonical_text_round_trips(doc):
    text = str(doc)
    assert format(parse_document_number(text)) == text
    assert parse_document_number(text) == doc


@given(document_numbers(), st.sampled_from(["Căn cứ ", "theo văn bản số ", "("]))
def test_generated_numbers_are_found_in_text(doc, prefix):
    assume(doc.symbol[0].isupper() and (doc.year is not None or "-" in doc.symbol))
    text = f"{prefix}{doc} ngày 01/01/2026."
    [(found, start, end)] = find_document_numbers(text)
    assert found == doc
    assert text[start:end] == str(doc)
