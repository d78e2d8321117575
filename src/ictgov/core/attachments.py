"""Files attached to records: stored once, served only to those who may read the record."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Attachment

MAX_BYTES = 20 * 1024 * 1024


def check_uploads(uploads) -> None:
    for upload in uploads:
        if upload.size > MAX_BYTES:
            raise ValidationError(
                _("Tệp “%(name)s” lớn hơn %(mb)d MB.")
                % {"name": upload.name, "mb": MAX_BYTES >> 20}
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
