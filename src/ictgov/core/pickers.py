"""Choices for the searchable pickers: `/core/choices/<app>.<model>/?q=…` answers the records
of a registered model that the user may see, matching the words typed, accent-insensitively."""

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse

from .filtersets import SearchField
from .scoping import visible
from .search import search

LIMIT = 30
_REGISTRY: dict[str, str] = {}


def register(model, search_field: str = "search_name") -> None:
    """Let pickers of `model` load their choices; `search_field` is its folded text column."""
    _REGISTRY[model._meta.label_lower] = search_field


def label(obj) -> str:
    """What a picker shows for a record: its `picker_label` when the model has one (enough to
    tell two records of the same name apart: code, address…), else its name."""
    return getattr(obj, "picker_label", None) or str(obj)


@login_required
def choices(request, model: str):
    if model not in _REGISTRY:
        raise Http404
    try:
        query = SearchField().clean(request.GET.get("q", ""))
    except ValidationError as exc:  # the same limits as every list's search box
        return JsonResponse({"detail": " ".join(exc.messages), "results": []}, status=422)
    model_class = apps.get_model(model)
    qs = visible(model_class._default_manager.all(), request.user)
    if query:
        qs = search(qs, query, _REGISTRY[model])
    rows = [{"value": str(obj.pk), "text": label(obj)} for obj in qs[:LIMIT]]
    return JsonResponse({"results": rows})
