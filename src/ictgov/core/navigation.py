"""The main menu: each app registers its entries once, with the roles that see them."""

from dataclasses import dataclass

from django.urls import get_script_prefix, get_urlconf, reverse


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


# The entries (label, address) each kind of user sees, made once: every page shows the menu.
_MENUS: dict[tuple, list[tuple]] = {}


def menu_for(user, path: str = "") -> list[dict]:
    signed_in = bool(user and user.is_authenticated)
    # What `has_role` reads, and what `reverse` depends on.
    key = (
        (user.is_active, user.is_superuser, user.role) if signed_in else None,
        len(_ITEMS),
        get_urlconf(),
        get_script_prefix(),
    )
    entries = _MENUS.get(key)
    if entries is None:
        entries = []
        for item in _ITEMS:
            if not signed_in and not item.public:
                continue
            if signed_in and item.roles is not None and not user.has_role(*item.roles):
                continue
            entries.append((item.label, reverse(item.url_name)))
        _MENUS[key] = entries
    out = [{"label": label, "url": url, "active": False} for label, url in entries]
    # The current page belongs to the entry whose address is the longest prefix of it.
    matching = [entry for entry in out if path.startswith(entry["url"])]
    if matching:
        max(matching, key=lambda entry: len(entry["url"]))["active"] = True
    return out
