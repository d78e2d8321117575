"""One scoping mechanism for every list, detail, export and API call.

Like NetBox's constraints, a model's visibility rule is a query filter: a model declares
``scope = Scope(...)`` naming the paths from its rows to a locality, a unit, an owner and what is
public, and ``Model.objects.visible_to(user)`` turns the user's role into one ``Q``.
A model without a ``scope`` is visible to the department's own staff only.
"""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q

from .roles import Role

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Scope:
    # path to a geo.AdministrativeUnit: a locality officer sees rows in their locality (and below)
    locality: str | None = None
    # also rows at the levels above the officer's locality (directories of provincial agencies)
    locality_upward: bool = False
    # path to an org.Unit: a liaison sees rows that involve their unit
    unit: tuple[str, ...] = ()
    # path to a user: an applicant sees their own rows
    owner: str | None = None
    # rows everyone may read (including anonymous visitors)
    public: Q | None = None
    # rows every signed-in user may read
    internal: Q | None = field(default=None)
    # path to the row's province, when the model keeps one (faster than the locality's tree)
    province: str | None = None


def within_q(path: str, area) -> Q:
    """Rows whose administrative unit at `path` is `area` or lies within it. Geography has at
    most three levels, so the subtree is three joins, not a recursion; a commune, the lowest
    level, is its own subtree: no join (a commune's scope then stays on the row's own column,
    which `_combine` can OR on the indexes)."""
    if getattr(area, "level", None) == "commune":
        return Q(**{path: area})
    return (
        Q(**{path: area}) | Q(**{f"{path}__parent": area}) | Q(**{f"{path}__parent__parent": area})
    )


def _locality_q(path: str, locality, upward: bool) -> Q:
    q = within_q(path, locality)
    if upward:
        # The levels above, and what they were formed from: a commune officer of today's
        # Nghệ An also reads the records of the province as it was before 2025.
        ancestors = locality.ancestors()
        ids = {a.pk for a in ancestors}
        for ancestor in ancestors:
            ids.update(ancestor.predecessors.values_list("pk", flat=True))
        if ids:
            q |= Q(**{f"{path}__in": sorted(ids)})
    return q


def scope_q(model, user) -> Q | None:
    """The filter for what `user` may read of `model`; None means everything."""
    scope: Scope | None = getattr(model, "scope", None)
    if (
        user is not None
        and user.is_authenticated
        and (user.is_superuser or user.role == Role.ADMIN)
    ):
        return None
    if scope is None:
        if user is not None and user.is_authenticated and user.role in Role.staff():
            return None
        return NOTHING

    pieces = [scope.public] if scope.public is not None else []
    signed_in = user is not None and user.is_authenticated
    if signed_in and scope.internal is not None:
        pieces.append(scope.internal)
    if signed_in and user.role in Role.staff():
        # The department's own staff: everything of their province, of the provinces merged
        # into it in 2025, and what belongs to no province (central bodies).
        if scope.locality is None and scope.province is None:
            return None
        pieces.append(_province_q(scope, user, model))
        if user.unit_id:
            pieces.extend(Q(**{path: user.unit_id}) for path in scope.unit)
    elif signed_in:
        if user.role == Role.LOCALITY and scope.locality and user.locality_id:
            pieces.append(_locality_q(scope.locality, user.locality, scope.locality_upward))
        if user.role in (Role.LIAISON, Role.LOCALITY) and user.unit_id:
            pieces.extend(Q(**{path: user.unit_id}) for path in scope.unit)
        if scope.owner:
            pieces.append(Q(**{scope.owner: user}))
    return _combine(model, pieces)


def home_areas(user) -> list:
    """The province of the user's unit (or locality) and the provinces it was formed from."""
    cached = getattr(user, "_ictgov_home_areas", None)
    if cached is not None:
        return cached
    place = None
    if user.unit_id:
        unit = _with_places(user, "unit", "admin_unit__parent__parent")
        place = unit.admin_unit if unit.admin_unit_id else None
    if place is None and user.locality_id:
        place = _with_places(user, "locality", "parent__parent")
    areas = []
    if place is not None:
        from .sqlcache import model_rows

        province = place.province
        areas = [
            province,
            *model_rows(("predecessors", province.pk), type(province), province.predecessors.all),
        ]
    user._ictgov_home_areas = areas
    return areas


def _with_places(user, name: str, places: str):
    """`user.unit` or `user.locality` with the administrative units above it read in the same
    query (the scope of every page needs the province): one query, not one per level, its SQL
    compiled once per record (`core.sqlcache`)."""
    from .sqlcache import model_rows

    field = user._meta.get_field(name)
    if not field.is_cached(user):
        pk = getattr(user, field.attname)
        related = field.related_model._default_manager.select_related(places)
        found = model_rows((name, places, pk), field.related_model, lambda: related.filter(pk=pk))
        if not found:
            raise field.related_model.DoesNotExist(f"{name} {pk}")
        field.set_cached_value(user, found[0])
    return getattr(user, name)


def _may_be_null(model, path: str) -> bool:
    """Whether the row's own column `path` can be NULL (a path through relations: assume so).
    A NOT NULL column needs no "IS NULL OR": the OR would keep PostgreSQL from counting a
    province's rows on the index (a list's count read the whole kind instead)."""
    if "__" in path:
        return True
    try:
        return model._meta.get_field(path).null
    except Exception:
        return True


def _province_q(scope: Scope, user, model) -> Q:
    areas = home_areas(user)
    if scope.province is not None:
        ids = Q(**{f"{scope.province}__in": [a.pk for a in areas]})
        if not _may_be_null(model, scope.province):
            return ids if areas else NOTHING
        q = Q(**{f"{scope.province}__isnull": True})
        return q | ids if areas else q
    q = Q(**{f"{scope.locality}__isnull": True})
    for area in areas:
        q |= within_q(scope.locality, area)
    return q


def _combine(model, pieces: list[Q]) -> Q:
    """One filter for "any of these": a plain OR while every condition is on the row or a
    to-one relation. A condition through a to-many relation (a task's coordinating units) would
    repeat rows in a join and keep the OR off the indexes:

    - on PostgreSQL, when the other conditions are on the row's own columns, it becomes
      `pk = ANY(ARRAY(its rows' ids))`, read once before the query (an InitPlan), so every
      condition stays an indexable one and the OR is one bitmap scan of the rows in scope (a
      department's 17,500 tasks of 1,000,000 counted in 35 ms, where the ids' union
      hash-joined the whole table in 600 ms);
    - otherwise (another condition joins a table, as a commune's place does) each condition's
      ids are united (`pk IN (… UNION …)`), each read on its own."""
    if not pieces:
        return NOTHING
    paths = [list(_q_paths(piece)) for piece in pieces]
    to_many = [any(_through_to_many(model, path) for path in mine) for mine in paths]
    if not any(to_many):
        q = pieces[0]
        for piece in pieces[1:]:
            q |= piece
        return q
    on_the_row = all(
        through or not any(_joins(model, path) for path in mine)
        for mine, through in zip(paths, to_many, strict=True)
    )
    if on_the_row and _vendor(model) == "postgresql":
        conditions = [
            Q(_InArray("pk", model._base_manager.filter(piece).values("pk"))) if through else piece
            for piece, through in zip(pieces, to_many, strict=True)
        ]
        q = conditions[0]
        for condition in conditions[1:]:
            q |= condition
        return q
    ids = [model._base_manager.filter(piece).values("pk") for piece in pieces]
    return Q(pk__in=ids[0].union(*ids[1:]) if len(ids) > 1 else ids[0])


def _vendor(model) -> str:
    from django.db import connections, router

    return connections[router.db_for_read(model)].vendor


class _InArray(models.Func):
    """`column = ANY(ARRAY(subquery))` (PostgreSQL): the subquery's ids read once, before the
    query (an InitPlan), then the table by the column's index."""

    template = "%(expressions)s"
    output_field = models.BooleanField()
    conditional = True

    def __init__(self, column: str, ids):
        super().__init__(models.F(column), models.Subquery(ids))

    def as_sql(self, compiler, connection, **extra):
        column, column_params = compiler.compile(self.source_expressions[0])
        ids, ids_params = compiler.compile(self.source_expressions[1])
        return f"{column} = ANY(ARRAY{ids})", (*column_params, *ids_params)


def visible(queryset, user):
    """`queryset` narrowed to what `user` may read: the one entry point for every read."""
    q = scope_q(queryset.model, user)
    return queryset if q is None else queryset.filter(q)


def _through_to_many(model, path: str) -> bool:
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except Exception:  # a lookup such as "isnull" ends the path
            return False
        if field.many_to_many or field.one_to_many:
            return True
        if field.related_model is None:
            return False
        model = field.related_model
    return False


def _joins(model, path: str) -> bool:
    """Whether `path` reads a column of another table (a join), not only the row's own: a
    relation followed by one of its model's fields, not by a lookup ("in", "isnull")."""
    parts = path.split("__")
    if len(parts) < 2:
        return False
    try:
        related = model._meta.get_field(parts[0]).related_model
        if related is None:
            return False
        related._meta.get_field(parts[1])
    except Exception:
        return False
    return True


def _q_paths(q: Q):
    for child in q.children:
        if isinstance(child, Q):
            yield from _q_paths(child)
        else:
            yield child[0]


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        return visible(self, user)
