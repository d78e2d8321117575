"""Helpers for idempotent demo data: a second run changes nothing and writes no history."""

from django.db import models


def ensure(model: type[models.Model], lookup: dict, **values):
    """The row matching `lookup`, created with `values` or updated only where they differ."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        return obj
    changed = [f for f, v in values.items() if getattr(obj, f) != v]
    if changed:
        for f in changed:
            setattr(obj, f, values[f])
        obj.save()
    return obj
