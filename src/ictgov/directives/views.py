# Placeholder views while the interface is being built (replaced in the next commit).
from django.http import Http404


def _todo(request, *args, **kwargs):
    raise Http404


inbox = meeting_list = meeting_detail = task_detail = dashboard = _todo
