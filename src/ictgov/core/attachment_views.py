from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from .models import Attachment
from .scoping import visible


@login_required
def download(request, pk: int):
    """A file, to those who may read the record it is attached to."""
    attachment = get_object_or_404(Attachment.objects.select_related("content_type"), pk=pk)
    model = attachment.content_type.model_class()
    if (
        model is None
        or not visible(
            model._default_manager.filter(pk=attachment.object_id), request.user
        ).exists()
    ):
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=attachment.name)
