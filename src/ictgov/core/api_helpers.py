"""What every app's API shares: pagination that never answers 500, and filter sets as query
parameters (see `core.filtersets.filter_schema` and `filtered`)."""

import math
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination

MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 1000


class Pagination(PageNumberPagination):
    """Page numbers from 1; a page past the last answers 404 naming how many there are."""

    class PageQuery(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Trang (từ 1)")
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE, description="Số dòng mỗi trang")

    Input = PageQuery

    def __init__(self, page_size: int = 50, **kwargs: Any) -> None:
        super().__init__(page_size=page_size, max_page_size=MAX_PAGE_SIZE, **kwargs)

    def paginate_queryset(self, queryset, pagination, request, **params):
        page_size = self._get_page_size(pagination.page_size)
        count = self._items_count(queryset)
        pages = max(1, math.ceil(count / page_size))
        if pagination.page > pages:
            raise HttpError(
                404,
                _("Không có trang %(page)d; danh sách có %(pages)d trang.")
                % {"page": pagination.page, "pages": pages},
            )
        offset = (pagination.page - 1) * page_size
        return {self.items_attribute: queryset[offset : offset + page_size], "count": count}
