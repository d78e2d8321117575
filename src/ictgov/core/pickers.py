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
_REGISTRY: dict[str, tuple[str, tuple[str, ...]]] = {}


def register(model, search_field: str = "search_name", related: tuple[str, ...] = ()) -> None:
    """Let pickers of `model` load their choices; `search_field` is its folded text column,
    `related` what its `picker_label` reads (loaded with the choices, not once per choice)."""
    _REGISTRY[model._meta.label_lower] = (search_field, related)


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
    search_field, related = _REGISTRY[model]
    qs = visible(model_class._default_manager.all(), request.user)
    if related:
        qs = qs.select_related(*related)
    if query:
        qs = search(qs, query, search_field)
    rows = [{"value": str(obj.pk), "text": label(obj)} for obj in qs[:LIMIT]]
    return JsonResponse({"results": rows})
