"""Official documents as PDF: the Decree 30/2020/NĐ-CP layout, QR codes, PAdES signatures and
their verification.

* `render_document(AdminDocument(...))`: an administrative document laid out per Decree 30
  Appendix I (A4 portrait; margins top/bottom 20 mm, left 30 mm, right 15 mm; Liberation Serif,
  metric-compatible with Times New Roman; national motto top right, issuer top left, "Số: …",
  place and date in italics, title and summary centred in bold, justified body, recipients and
  signature block). `render_pdf(template, context)` renders any template of the same family.
* `qr_data_uri(text)`: a QR code (segno) to embed in a template.
* `sign_pdf(data, reason=…, location=…)`: a PAdES signature (pyHanko) with the deployment's key
  and certificate (`signing_config()`; a self-signed demo key is made under var/ when none is
  configured, and `signing_config().demo` says so).
* `check_signature(data)`: intact and made by a trusted key, or altered / unsigned / untrusted;
  `verdict(check, revoked=…, expired=…)` combines it with the record's own state.
* `extract_text(data)`: the text of a PDF (for checks and tests).

WeasyPrint, pyHanko, segno and cryptography are imported when first used, never at start-up.
"""

from __future__ import annotations

import io
import logging
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db import models
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)

__all__ = [
    "AdminDocument",
    "SignatureCheck",
    "Verdict",
    "check_signature",
    "extract_text",
    "place_and_date",
    "qr_data_uri",
    "render_document",
    "render_pdf",
    "sign_pdf",
    "signing_config",
    "verdict",
]

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def _outside_event_loop(fn, *args, **kwargs):
    """pyHanko's synchronous calls run their own event loop: inside one (an ASGI server, a
    browser test) they run in a worker thread instead."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args, **kwargs)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(fn, *args, **kwargs).result()


NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"


# --- layout -------------------------------------------------------------------------------------


def place_and_date(place: str, day: date) -> str:
    """“Nghệ An, ngày 05 tháng 02 năm 2026”: days below 10 and months 1–2 take a leading zero
    (Decree 30/2020 Appendix I)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = _("ngày %(d)s tháng %(m)s năm %(y)d") % {
        "d": f"{day.day:02d}",
        "m": month,
        "y": day.year,
    }
    return f"{place}, {text}" if place else text[:1].upper() + text[1:]


@dataclass
class AdminDocument:
    title: str  # the document type, upper case: "GIẤY CHỨNG NHẬN"
    issuer: str  # "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" (upper case, bold)
    day: date
    body_html: str = ""  # trusted HTML rendered from a template (escape user input there)
    parent: str = ""  # the issuer's parent body: "UBND TỈNH NGHỆ AN"
    number: str = ""  # "12/GCN-SVHTTDL", printed as "Số: …"
    place: str = ""  # "Nghệ An"
    summary: str = ""  # the trích yếu, centred in bold under the title
    recipients: list[str] = field(default_factory=list)
    signer_authority: str = ""  # "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN"
    signer_title: str = ""  # "PHÓ GIÁM ĐỐC"
    signer_name: str = ""
    signature_note: str = ""  # "(Đã ký số)" on a signed document
    qr: str = ""  # a data URI from qr_data_uri()
    qr_caption: str = ""
    footer: str = ""

    @property
    def place_and_date(self) -> str:
        return place_and_date(self.place, self.day)


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a template of the PDF family (extend `core/pdf/base.html`) to PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def render_document(doc: AdminDocument, template_name: str = "core/pdf/document.html") -> bytes:
    return render_pdf(
        template_name,
        {
            "doc": doc,
            "national_name": NATIONAL_NAME,
            "national_motto": NATIONAL_MOTTO,
        },
    )


def qr_data_uri(text: str, *, scale: int = 3) -> str:
    """A QR code of `text` as an SVG data URI (medium error correction)."""
    import segno

    return segno.make(text, error="m").svg_data_uri(scale=scale, border=2)


# --- signing ------------------------------------------------------------------------------------

DEMO_PASSWORD = "ictgov-demo-signing"


@dataclass(frozen=True)
class SigningConfig:
    pkcs12: Path | None
    password: bytes | None
    key: Path | None
    cert: Path | None
    trust: tuple[Path, ...]
    demo: bool  # a self-signed key made by ictgov for the demo: no legal value


def signing_config() -> SigningConfig:
    """The key and certificate configured for this deployment (settings.ICTGOV["SIGNING"],
    from ICTGOV_SIGNING_* environment variables); otherwise the demo key under var/signing/."""
    conf = getattr(settings, "ICTGOV", {}).get("SIGNING", {}) or {}
    password = conf.get("PASSWORD")
    password = password.encode() if isinstance(password, str) and password else None
    trust = tuple(Path(p) for p in conf.get("TRUST", ()) if p)
    if conf.get("PKCS12"):
        return SigningConfig(Path(conf["PKCS12"]), password, None, None, trust, False)
    if conf.get("KEY") and conf.get("CERT"):
        return SigningConfig(None, password, Path(conf["KEY"]), Path(conf["CERT"]), trust, False)
    path = Path(conf.get("DEMO_DIR") or Path(settings.VAR_DIR) / "signing") / "demo-signing.p12"
    _ensure_demo_key(path)
    return SigningConfig(path, DEMO_PASSWORD.encode(), None, None, trust, True)


def _ensure_demo_key(path: Path) -> None:
    """A self-signed key and certificate for the demo, made once (a file lock keeps parallel
    processes from making two)."""
    if path.exists():
        return
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():
            return
        import datetime as dt

        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import rsa
        from cryptography.hazmat.primitives.serialization import pkcs12
        from cryptography.x509.oid import NameOID

        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ictgov (trình diễn)"),
                x509.NameAttribute(NameOID.COMMON_NAME, "Khóa ký trình diễn ictgov (tự cấp)"),
            ]
        )
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=True,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .sign(key, hashes.SHA256())
        )
        data = pkcs12.serialize_key_and_certificates(
            b"ictgov-demo",
            key,
            cert,
            None,
            serialization.BestAvailableEncryption(DEMO_PASSWORD.encode()),
        )
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
        logger.warning(
            "ictgov: chưa cấu hình khóa ký số (ICTGOV_SIGNING_*); đã tạo khóa tự cấp để trình "
            "diễn tại %s – không dùng cho văn bản thật.",
            path,
        )


@lru_cache(maxsize=4)
def _signer(config: SigningConfig):
    from pyhanko.sign import signers

    if config.pkcs12 is not None:
        signer = signers.SimpleSigner.load_pkcs12(str(config.pkcs12), passphrase=config.password)
    else:
        signer = signers.SimpleSigner.load(
            str(config.key), str(config.cert), key_passphrase=config.password
        )
    if signer is None:
        raise RuntimeError(_("Không đọc được khóa ký số đã cấu hình."))
    return signer


def sign_pdf(data: bytes, *, reason: str = "", location: str = "", name: str = "") -> bytes:
    """`data` with a PAdES signature by the deployment's key (a new revision; nothing before it
    changes)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = _signer(signing_config())
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    meta = signers.PdfSignatureMetadata(
        field_name="Signature1",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None,
        location=location or None,
        name=name or None,
    )
    return _outside_event_loop(signers.sign_pdf, writer, meta, signer=signer).getvalue()


def _trust_roots(config: SigningConfig) -> list:
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509

    roots = []
    signer = _signer(config)
    roots.append(signer.signing_cert)
    roots.extend(getattr(signer, "cert_registry", None) or [])
    for path in config.trust:
        raw = path.read_bytes()
        if pem.detect(raw):
            roots.extend(asn1_x509.Certificate.load(der) for _t, _h, der in pem.unarmor(raw, True))
        else:
            roots.append(asn1_x509.Certificate.load(raw))
    return roots


# --- verifying ----------------------------------------------------------------------------------


class Verdict(models.TextChoices):
    VALID = "valid", gettext_lazy("Hợp lệ")
    REVOKED = "revoked", gettext_lazy("Đã bị thu hồi")
    EXPIRED = "expired", gettext_lazy("Đã hết hiệu lực")
    ALTERED = "altered", gettext_lazy("Đã bị sửa đổi sau khi ký")
    UNSIGNED = "unsigned", gettext_lazy("Không có chữ ký số")
    UNTRUSTED = "untrusted", gettext_lazy("Chữ ký không do cơ quan cấp")


@dataclass(frozen=True)
class SignatureCheck:
    status: str  # Verdict.VALID, ALTERED, UNSIGNED or UNTRUSTED
    signer: str = ""
    signed_at: datetime | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.status == Verdict.VALID


def check_signature(data: bytes) -> SignatureCheck:
    """Whether `data` carries an intact PAdES signature, covering the whole file, by a key this
    deployment trusts. Anything unreadable counts as altered."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # not a PDF at all, or a broken one (the reader's words are English)
        return SignatureCheck(Verdict.ALTERED, detail=_("Tệp không đọc được như PDF."))
    if not signatures:
        return SignatureCheck(Verdict.UNSIGNED, detail=_("Tệp không có chữ ký số."))
    sig = signatures[-1]
    try:
        context = ValidationContext(trust_roots=_trust_roots(signing_config()))
        status = _outside_event_loop(validate_pdf_signature, sig, context)
    except Exception as exc:
        return SignatureCheck(Verdict.ALTERED, detail=_("Không kiểm tra được chữ ký: %s") % exc)
    signer = ""
    try:
        signer = status.signing_cert.subject.human_friendly
    except Exception:  # noqa: S110 - the name is only shown
        pass
    signed_at = getattr(status, "signer_reported_dt", None)
    from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel

    if not (status.intact and status.valid):
        return SignatureCheck(
            Verdict.ALTERED, signer, signed_at, _("Nội dung không khớp với chữ ký số.")
        )
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE or (
        status.modification_level
        not in (None, ModificationLevel.NONE, ModificationLevel.LTA_UPDATES)
    ):
        return SignatureCheck(
            Verdict.ALTERED, signer, signed_at, _("Tệp đã được thêm nội dung sau khi ký.")
        )
    if not status.trusted:
        return SignatureCheck(
            Verdict.UNTRUSTED, signer, signed_at, _("Chữ ký không do khóa của cơ quan cấp.")
        )
    return SignatureCheck(Verdict.VALID, signer, signed_at)


def verdict(check: SignatureCheck | None, *, revoked: bool, expired: bool) -> str:
    """What a verification page says: a bad signature first, then the record's own state."""
    if check is not None and not check.ok:
        return check.status
    if revoked:
        return Verdict.REVOKED
    if expired:
        return Verdict.EXPIRED
    return Verdict.VALID


# --- text ---------------------------------------------------------------------------------------

_TOKEN = re.compile(
    rb"\[(?P<array>(?:[^\]\\]|\\.)*)\]\s*TJ|<(?P<hex>[0-9A-Fa-f\s]*)>\s*Tj|"
    rb"/(?P<font>[^\s/]+)\s+[-\d.]+\s+Tf|(?P<newline>\bT\*|\bTd\b|\bTD\b|\bTm\b|\bET\b)"
)
_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")


def _cmap(stream) -> dict[int, str]:
    """Glyph code → text from a font's ToUnicode CMap (bfchar and bfrange sections)."""
    text = stream.data.decode("latin-1")
    out: dict[int, str] = {}

    def uni(h: str) -> str:
        raw = bytes.fromhex(h)
        return raw.decode("utf-16-be", errors="replace")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(src, 16)] = uni(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            base = int(dst, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = chr(base + i)
    return out


def extract_text(data: bytes) -> str:
    """The text of every page, in drawing order (enough for fonts with a ToUnicode map, as
    WeasyPrint writes them)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    lines: list[str] = []
    for page in _pages(reader.root["/Pages"]):
        fonts = {}
        resources = _deref(page.get("/Resources"))
        font_dict = _deref(resources.get("/Font")) if resources is not None else None
        if font_dict is not None:
            for name in list(font_dict.keys()):
                font = _deref(font_dict[name])
                if "/ToUnicode" in font:
                    fonts[str(name).lstrip("/")] = _cmap(_deref(font["/ToUnicode"]))
        contents = _deref(page.get("/Contents"))
        streams = contents if isinstance(contents, list) else [contents]
        raw = b"\n".join(_deref(s).data for s in streams)
        current: dict[int, str] = {}
        line = []
        for m in _TOKEN.finditer(raw):
            if m.group("font"):
                current = fonts.get(m.group("font").decode("latin-1"), {})
            elif m.group("newline"):
                if line:
                    lines.append("".join(line))
                    line = []
            else:
                chunks = (
                    [m.group("hex")]
                    if m.group("hex") is not None
                    else _HEX.findall(m.group("array"))
                )
                for chunk in chunks:
                    hexes = re.sub(rb"\s", b"", chunk).decode()
                    width = 4 if len(hexes) % 4 == 0 else 2
                    for i in range(0, len(hexes), width):
                        line.append(current.get(int(hexes[i : i + width], 16), ""))
        if line:
            lines.append("".join(line))
    return "\n".join(lines)


def _deref(obj):
    return obj.get_object() if hasattr(obj, "get_object") else obj


def _pages(node):
    node = _deref(node)
    if node.get("/Type") == "/Pages":
        for kid in node["/Kids"]:
            yield from _pages(kid)
    else:
        yield node
