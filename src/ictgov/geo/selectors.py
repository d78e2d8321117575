from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ictgov.core.models import valid_on_q
from ictgov.core.roles import Role
from ictgov.core.scoping import home_areas
from ictgov.core.text import fold

from .models import AdministrativeUnit
from .services import folded_short_name


def units(
    *, level: str | None = None, on: date | None = None, q: str = "", parent=None
) -> QuerySet[AdministrativeUnit]:
    qs = AdministrativeUnit.objects.select_related("parent")
    if level:
        qs = qs.filter(level=level)
    if on:
        qs = qs.filter(valid_on_q(on))
    if parent is not None:
        qs = qs.filter(parent=parent)
    if q:
        qs = qs.search(q)
    return qs


def unit_by_code(code: str, on: date | None = None) -> AdministrativeUnit | None:
    """The unit with `code` valid on `on`; otherwise its latest version."""
    candidates = list(AdministrativeUnit.objects.select_related("parent").filter(code=code))
    if not candidates:
        return None
    on = on or date.today()
    valid = [u for u in candidates if u.is_valid_on(on)]
    pool = valid or candidates
    return max(pool, key=lambda u: u.valid_from or date.min)


def resolve(name: str, on: date | None = None) -> list[AdministrativeUnit]:
    """Units named `name` (accent-insensitive, type prefix optional) valid on `on`.

    Exact names rank before partial ones, provinces before districts before communes.
    """
    on = on or date.today()
    folded = fold(name)
    bare = folded_short_name(name)
    if not folded:
        return []
    base = AdministrativeUnit.objects.select_related("parent").filter(valid_on_q(on))
    exact = list(
        base.filter(Q(search_name=folded) | Q(short_search_name=folded) | Q(short_search_name=bare))
    )
    found = exact or list(base.search(name)[:50])
    order = {"province": 0, "district": 1, "commune": 2}
    return sorted(found, key=lambda u: (order[u.level], u.code))


def province_choices(user) -> list[tuple[str, str]]:
    """The provinces a user may pick to narrow a page: a department's staff their own province
    (of their areas, those valid today); an administrator every current province. The first
    choice ("") is the user's whole scope."""
    if user is not None and not user.has_role(Role.ADMIN):
        provinces = sorted(
            (a for a in home_areas(user) if a.level == "province" and a.is_current),
            key=lambda a: a.name,
        )
        everything = _("Toàn bộ phạm vi được xem")
    else:
        provinces = units(level="province", on=date.today()).order_by("name")
        everything = _("Mọi tỉnh, thành phố")
    return [("", everything), *((p.code, p.short_name) for p in provinces)]
