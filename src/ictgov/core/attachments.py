"""Files attached to records: stored once, served only to those who may read the record."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Attachment

MAX_BYTES = 20 * 1024 * 1024

# What a file of each type begins with: the extension alone is not trusted.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
}


def check_uploads(uploads, *, max_bytes: int | None = None, types=None) -> None:
    """Refuse files over `max_bytes`, empty ones, and, when `types` (extensions such as
    ("pdf", "jpg")) is given, files of another type or whose content does not match their
    extension. Messages name the file."""
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    for upload in uploads:
        if upload.size > max_bytes:
            raise ValidationError(
                _("Tệp “%(name)s” lớn hơn %(mb)d MB.")
                % {"name": upload.name, "mb": max(1, max_bytes >> 20)}
            )
        if types is None:
            continue
        if not upload.size:
            raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": upload.name})
        allowed = ", ".join(t.upper() for t in types)
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in types:
            raise ValidationError(
                _("Tệp “%(name)s” không đúng định dạng; chỉ nhận %(allowed)s.")
                % {"name": upload.name, "allowed": allowed}
            )
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if not any(head.startswith(sig) for sig in SIGNATURES.get(extension, (b"",))):
            raise ValidationError(
                _("Nội dung tệp “%(name)s” không phải tệp %(type)s thật; hãy kiểm tra lại tệp.")
                % {"name": upload.name, "type": extension.upper()}
            )


def attach(record, uploads, user) -> list[Attachment]:
    """Attach `uploads` to `record`; call inside the service's transaction."""
    check_uploads(uploads)
    content_type = ContentType.objects.get_for_model(record)
    out = []
    for upload in uploads:
        attachment = Attachment(
            content_type=content_type,
            object_id=record.pk,
            file=upload,
            name=upload.name,
            uploaded_by=user,
        )
        attachment._history_user = user
        attachment.save()
        out.append(attachment)
    return out


def attachments_of(record):
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    ).order_by("pk")
