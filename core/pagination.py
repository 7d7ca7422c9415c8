"""A paginator that stops counting: COUNT(*) over 100k posts cost ~50 ms per list request on
PostgreSQL (docs/load.md), more than the page itself. Counting at most `cap` rows reads no more
than that many; beyond it the page says "more than N" and invites the visitor to filter (the
whole data set stays available as open data)."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, cap, **kwargs):
        # A whole number of pages, so the last reachable page is full.
        self.cap = max(per_page, cap - cap % per_page)
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def _counted(self):
        # COUNT(*) over a LIMIT subquery: the database stops after cap + 1 rows.
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self):
        return min(self._counted, self.cap)

    @property
    def is_capped(self):
        """True when more rows match than were counted."""
        return self._counted > self.cap
