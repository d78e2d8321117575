"""The main menu: each app registers its entries once, with the roles that see them."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] | None = None  # None: every signed-in user
    public: bool = False


_ITEMS: list[NavItem] = []


def register(label, url_name: str, roles=None, public: bool = False) -> None:
    item = NavItem(label, url_name, frozenset(roles) if roles else None, public)
    if item not in _ITEMS:
        _ITEMS.append(item)


def menu_for(user, path: str = "") -> list[dict]:
    signed_in = bool(user and user.is_authenticated)
    out = []
    for item in _ITEMS:
        if not signed_in and not item.public:
            continue
        if signed_in and item.roles is not None and not user.has_role(*item.roles):
            continue
        out.append({"label": item.label, "url": reverse(item.url_name), "active": False})
    # The current page belongs to the entry whose address is the longest prefix of it.
    matching = [entry for entry in out if path.startswith(entry["url"])]
    if matching:
        max(matching, key=lambda entry: len(entry["url"]))["active"] = True
    return out
