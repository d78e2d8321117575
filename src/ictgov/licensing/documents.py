"""The printed documents of the one-stop: the certificate or licence (signed, with a QR code to
the public verification page), the receipt slip given at the counter, and the apology slip
with a new date. All in the Decree 30/2020 layout (`core.pdf`)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ictgov.core import pdf
from ictgov.core.models import DeadlineMove
from ictgov.org.letterhead import letterhead

from .models import ApologySlip, Certificate, Dossier, IssuerLevel


def _signer(cert_or_dossier, on):
    procedure = cert_or_dossier.procedure
    for row in procedure.issuers.all():
        if row.is_valid_on(on):
            if row.level == IssuerLevel.COMMUNE:
                return (
                    row.signer_authority or "TM. ỦY BAN NHÂN DÂN",
                    row.signer_title or "CHỦ TỊCH",
                    row.signer_name,
                )
            return row.signer_authority, row.signer_title, row.signer_name
    return "", "", ""


def verification_url(cert: Certificate) -> str:
    return settings.ICTGOV.get("SITE_URL", "") + cert.verification_path()


def certificate_pdf(cert: Certificate) -> bytes:
    """The certificate or licence, signed (PAdES) with the deployment's key."""
    procedure = cert.procedure
    parent, issuer, place = letterhead(cert.issuer)
    authority, title, name = _signer(cert, cert.issued_on)
    body = render_to_string(
        "licensing/pdf/certificate_body.html",
        {"cert": cert, "procedure": procedure, "issuer": issuer, "dossier": cert.dossier},
    )
    url = verification_url(cert)
    doc = pdf.AdminDocument(
        title=procedure.result_title,
        summary=procedure.result_summary,
        parent=parent,
        issuer=issuer,
        number=cert.number,
        place=place,
        day=cert.issued_on,
        body_html=body,
        recipients=[cert.holder_name, "Lưu: VT, hồ sơ " + cert.dossier.receipt_code],
        signer_authority=authority,
        signer_title=title,
        signer_name=name,
        signature_note="(Đã ký số)",
        qr=pdf.qr_data_uri(url),
        qr_caption="Kiểm tra tính hợp lệ: quét mã QR hoặc truy cập " + url,
    )
    data = pdf.render_document(doc)
    return pdf.sign_pdf(
        data,
        reason=f"{procedure.result_title} số {cert.number}",
        location=place,
        name=issuer,
    )


def receipt_slip_pdf(dossier: Dossier) -> bytes:
    """Giấy tiếp nhận hồ sơ và hẹn trả kết quả, printed at the counter."""
    parent, issuer, place = letterhead(dossier.issuer)
    lookup = (
        settings.ICTGOV.get("SITE_URL", "")
        + reverse("licensing:lookup")
        + (f"?code={dossier.receipt_code}")
    )
    files = list(dossier.files.select_related("attachment", "requirement").order_by("pk"))
    # The date promised at the counter, as the slip handed out said: a later move (a pause for
    # a supplement, an apology slip) is told by its own document, not by a reprint of this one.
    first = DeadlineMove.objects.filter(clock_id=dossier.clock_id, kind=DeadlineMove.Kind.START)
    promised = first.values_list("new_due_on", flat=True).first() or dossier.due_on
    body = render_to_string(
        "licensing/pdf/receipt_body.html",
        {"dossier": dossier, "files": files, "issuer": issuer, "promised": promised},
    )
    doc = pdf.AdminDocument(
        title="Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        summary=f"Mã hồ sơ: {dossier.receipt_code}",
        parent=parent,
        issuer=issuer,
        place=place,
        day=timezone.localdate(dossier.received_at),
        body_html=body,
        signer_title="NGƯỜI TIẾP NHẬN HỒ SƠ",
        signer_name=str(dossier.received_by or "Hệ thống dịch vụ công trực tuyến"),
        qr=pdf.qr_data_uri(lookup),
        qr_caption="Tra cứu tình trạng hồ sơ: " + lookup,
    )
    return pdf.render_document(doc)


def apology_slip_pdf(slip: ApologySlip) -> bytes:
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả."""
    dossier = slip.dossier
    parent, issuer, place = letterhead(dossier.issuer)
    body = render_to_string(
        "licensing/pdf/apology_body.html", {"slip": slip, "dossier": dossier, "issuer": issuer}
    )
    doc = pdf.AdminDocument(
        title="Phiếu xin lỗi và hẹn lại ngày trả kết quả",
        parent=parent,
        issuer=issuer,
        place=place,
        day=slip.issued_on,
        body_html=body,
        recipients=[dossier.applicant_name, "Lưu: hồ sơ " + dossier.receipt_code],
        signer_title="NGƯỜI LẬP PHIẾU",
        signer_name=str(slip.issued_by),
    )
    return pdf.render_document(doc)
