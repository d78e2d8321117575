"""Accent-insensitive search, written once: every searchable row keeps a folded copy of its
text, and each word of the query must begin a word of it ("nghe an" finds "Nghệ An", not
"Xã Nánh Nghê"). Used by lists, the API, the pickers and `LegalQuerySet.search`."""

from django.db.models import Q

from .text import fold_words


def search(qs, query: str, field: str = "search_name"):
    for word in fold_words(query).split():
        qs = qs.filter(
            Q(**{f"{field}__startswith": word})
            | Q(**{f"{field}__contains": f" {word}"})
            | Q(**{f"{field}__contains": f"\n{word}"})
        )
    return qs
