"""The main menu: each app registers its entries once, with the roles that see them."""

from dataclasses import dataclass

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext


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


def _entries(user) -> tuple[tuple, list[tuple]]:
    """The (label, address) entries `user` sees, and the key they are kept under."""
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
    return key, entries


def _active(entries: list[tuple], path: str) -> int | None:
    """The current page belongs to the entry whose address is the longest prefix of it."""
    best = None
    for i, (_label, url) in enumerate(entries):
        if path.startswith(url) and (best is None or len(url) > len(entries[best][1])):
            best = i
    return best


def menu_for(user, path: str = "") -> list[dict]:
    key, entries = _entries(user)
    out = [{"label": label, "url": url, "active": False} for label, url in entries]
    active = _active(entries, path)
    if active is not None:
        out[active]["active"] = True
    return out


# The layout's menu as HTML, per kind of user, language and active entry: every page shows it,
# and building it from the template (19 entries, each label translated) took about 1 ms.
_HTML: dict[tuple, SafeString] = {}
_HOME = '<li class="nav-item"><a class="nav-link" href="{}">{}</a></li>'
_ITEM = (
    '\n            <li class="nav-item"><a class="nav-link{}"{} href="{}">{}</a></li>\n          '
)


def menu_html(user, path: str = "") -> SafeString:
    """The main menu's entries (`<li>`s, the home page first) for `user` on the page at `path`:
    the same markup base.html wrote with a loop over `menu_for`."""
    key, entries = _entries(user)
    active = _active(entries, path)
    html_key = (key, get_language(), active)
    html = _HTML.get(html_key)
    if html is None:
        parts = [format_html(_HOME, reverse("home"), gettext("Trang chủ")), "\n          "]
        for i, (label, url) in enumerate(entries):
            on = i == active
            parts.append(
                format_html(
                    _ITEM,
                    " active" if on else "",
                    mark_safe(' aria-current="page"') if on else "",
                    url,
                    label,
                )
            )
        html = _HTML[html_key] = mark_safe("".join(parts))  # noqa: S308 - parts escaped above
    return html
