"""The signed-in user's in-app notifications (reminders, escalations…), and marking them read."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .context_processors import unread_count


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request):
    """GET: the list (``?unread=1`` for unread only). POST ``all``: mark every one read;
    POST ``notification=<id>``: mark that one read, and with ``open`` go to its page."""
    own = request.user.notifications.all()
    if request.method == "POST":
        return _mark_read(request, own)
    only_unread = request.GET.get("unread") == "1"
    qs = own.filter(read_at__isnull=True) if only_unread else own
    page_obj = Paginator(qs.order_by("-created_at", "-pk"), settings.ICTGOV["PAGE_SIZE"]).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "core/notifications.html",
        {
            "title": _("Thông báo của tôi"),
            "page_obj": page_obj,
            "paginator": page_obj.paginator,
            "is_paginated": page_obj.has_other_pages(),
            "notifications": page_obj.object_list,
            "unread_count": unread_count(request),
            "only_unread": only_unread,
            "querystring": "unread=1" if only_unread else "",
        },
    )


def _mark_read(request, own):
    now = timezone.now()
    back = request.get_full_path()
    if "all" in request.POST:
        count = own.filter(read_at__isnull=True).update(read_at=now)
        messages.success(request, _("Đã đánh dấu %(n)d thông báo là đã đọc.") % {"n": count})
        return redirect(back)
    pk = request.POST.get("notification", "")
    if not pk.isdigit():
        raise Http404
    notification = own.filter(pk=int(pk)).first()  # only the user's own
    if notification is None:
        raise Http404
    own.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
    if "open" in request.POST and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return redirect(back)
