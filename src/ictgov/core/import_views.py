"""The page of one Excel import (core.imports): its progress bar while it runs, then the rows
written or every problem found. Only who sent the file (or an administrator) sees it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from .models import ImportJob


@login_required
def import_job(request, pk: int):
    job = ImportJob.objects.filter(pk=pk).first()
    if job is None or not (request.user.is_superuser or job.created_by_id == request.user.pk):
        raise Http404
    template = (
        "core/_import_job.html" if request.headers.get("HX-Request") else "core/import_job.html"
    )
    return render(
        request, template, {"job": job, "title": _("Nhập Excel: %(t)s") % {"t": job.title}}
    )
