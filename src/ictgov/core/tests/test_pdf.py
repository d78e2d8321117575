"""Official PDFs: the Decree 30 layout with Vietnamese diacritics, a QR code, a PAdES signature
that verifies, and any change after signing detected."""

from datetime import date

import pytest

from ictgov.core import pdf

DOC = pdf.AdminDocument(
    title="Giấy chứng nhận",
    summary="Đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử công cộng",
    parent="Ủy ban nhân dân tỉnh Nghệ An",
    issuer="Sở Văn hóa, Thể thao và Du lịch",
    number="07/GCN-SVHTTDL",
    place="Nghệ An",
    day=date(2026, 2, 5),
    body_html="<p>Cấp cho: <strong>Hộ kinh doanh Nguyễn Thị Ánh Tuyết</strong></p>",
    recipients=["Như trên", "Lưu: VT, QLBC"],
    signer_authority="KT. Giám đốc",
    signer_title="Phó Giám đốc",
    signer_name="Trần Thị Hương",
    signature_note="(Đã ký số)",
    qr=pdf.qr_data_uri("https://ictgov.example/licensing/verify/abc/"),
    qr_caption="Quét mã để kiểm tra",
)


@pytest.fixture(scope="module")
def signed():
    return pdf.sign_pdf(pdf.render_document(DOC), reason="Cấp giấy chứng nhận", location="Nghệ An")


def test_place_and_date_follow_decree_30():
    assert pdf.place_and_date("Nghệ An", date(2026, 2, 5)) == "Nghệ An, ngày 05 tháng 02 năm 2026"
    assert pdf.place_and_date("Vinh", date(2026, 12, 1)) == "Vinh, ngày 01 tháng 12 năm 2026"
    assert pdf.place_and_date("Huế", date(2026, 3, 15)) == "Huế, ngày 15 tháng 3 năm 2026"


def test_the_document_reads_in_the_official_order_with_diacritics(signed):
    text = " ".join(pdf.extract_text(signed).split())  # lines wrapped by the layout joined
    order = [
        "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN",
        "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
        "Số: 07/GCN-SVHTTDL",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Nghệ An, ngày 05 tháng 02 năm 2026",
        "GIẤY CHỨNG NHẬN",
        "Đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử công cộng",
        "Hộ kinh doanh Nguyễn Thị Ánh Tuyết",
        "Nơi nhận:",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Trần Thị Hương",
    ]
    positions = [text.find(piece) for piece in order]
    assert -1 not in positions, [p for p, i in zip(order, positions, strict=True) if i < 0]
    assert positions == sorted(positions)
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader

    page = PdfFileReader(BytesIO(signed)).root["/Pages"]["/Kids"][0]
    assert [round(float(x)) for x in page["/MediaBox"]] == [0, 0, 595, 842]  # A4 portrait


def test_the_signature_verifies(signed):
    check = pdf.check_signature(signed)
    assert check.status == pdf.Verdict.VALID, check
    assert "ictgov" in check.signer  # the demo key here: self-signed and named so
    assert pdf.signing_config().demo


def test_a_changed_byte_is_detected(signed):
    i = signed.find(b"stream") + 400
    altered = signed[:i] + bytes([signed[i] ^ 0x20]) + signed[i + 1 :]
    assert pdf.check_signature(altered).status == pdf.Verdict.ALTERED


def test_content_added_after_signing_is_detected(signed):
    from io import BytesIO

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(signed))
    writer.root["/Names2"] = generic.TextStringObject("thêm vào sau khi ký")
    writer.update_root()
    out = BytesIO()
    writer.write(out)
    assert pdf.check_signature(out.getvalue()).status == pdf.Verdict.ALTERED


def test_unsigned_and_non_pdf_files():
    assert pdf.check_signature(pdf.render_document(DOC)).status == pdf.Verdict.UNSIGNED
    assert pdf.check_signature(b"not a pdf at all").status == pdf.Verdict.ALTERED


def test_a_signature_by_another_key_is_not_trusted(signed, tmp_path, settings):
    settings.ICTGOV = {**settings.ICTGOV, "SIGNING": {"DEMO_DIR": str(tmp_path)}}
    other = pdf.sign_pdf(pdf.render_document(DOC))
    settings.ICTGOV = {**settings.ICTGOV, "SIGNING": {}}
    assert pdf.check_signature(other).status == pdf.Verdict.UNTRUSTED


def test_the_verdict_puts_a_bad_signature_first():
    ok = pdf.SignatureCheck(pdf.Verdict.VALID)
    bad = pdf.SignatureCheck(pdf.Verdict.ALTERED)
    assert pdf.verdict(ok, revoked=False, expired=False) == pdf.Verdict.VALID
    assert pdf.verdict(ok, revoked=True, expired=True) == pdf.Verdict.REVOKED
    assert pdf.verdict(ok, revoked=False, expired=True) == pdf.Verdict.EXPIRED
    assert pdf.verdict(bad, revoked=True, expired=False) == pdf.Verdict.ALTERED
    assert pdf.verdict(None, revoked=False, expired=False) == pdf.Verdict.VALID


def test_signing_and_checking_work_inside_a_running_event_loop(signed):
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    async def inside():
        return pdf.check_signature(signed).status, pdf.sign_pdf(pdf.render_document(DOC))[:4]

    # A thread of its own: the worker's thread may already hold Playwright's loop.
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, inside()).result() == (pdf.Verdict.VALID, b"%PDF")
