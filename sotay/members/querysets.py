from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone

from .choices import ACTIVE_STATUSES


def _years_ago(on: dt.date, years: int) -> dt.date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


# A name search reads at most this many matching ids before the list is narrowed (MemberQuerySet.search).
SEARCH_IDS = 1000

# Party age runs from the admission decision, or from the ceremony when the decision date is not recorded, moved
# later by any days out of activity (`Member.party_age_from`, set only when there are gaps).
PARTY_SINCE = Coalesce("party_age_from", "admission_decision_on", "joined_on")


class MemberQuerySet(models.QuerySet):
    def active(self):
        """Members on the current register: probationary, official, exempt."""
        return self.filter(status__in=ACTIVE_STATUSES)

    def in_subtree(self, org):
        from sotay.orgs.models import subtree_filter

        return self.filter(subtree_filter(org.path, "organization__path"))

    def aged_between(self, low: int, high: int, on: dt.date | None = None):
        """Completed age in [low, high] on the day."""
        on = on or timezone.localdate()
        born_after = _years_ago(on, high + 1)
        born_by = _years_ago(on, low)
        return self.filter(birth_on__gt=born_after, birth_on__lte=born_by)

    def party_aged_between(self, low: int, high: int, on: dt.date | None = None):
        """Party age (completed years, as `Member.party_age`) in [low, high] on the day."""
        on = on or timezone.localdate()
        return self.annotate(party_since=PARTY_SINCE).filter(
            party_since__gt=_years_ago(on, high + 1), party_since__lte=_years_ago(on, low)
        )

    def search(self, text: str):
        from sotay.lib.vntext import fold

        folded = fold(text)
        if not folded:
            return self
        words = models.Q()
        for word in folded.split(" "):
            words &= models.Q(name_folded__contains=word)
        # The names are matched on their own, as a list of ids the outer query then narrows (subtree, status…):
        # on SQLite the words are tested over the index of name_folded alone (it holds every folded name) instead of
        # visiting each member of the subtree in the table — 4× faster for a whole province; on PostgreSQL the
        # trigram index of migration 0012 finds them. A name names few people: up to SEARCH_IDS of them are read
        # once here, so that the page and its count (two queries) look them up by id instead of matching the words
        # twice; more matches stay a subquery.
        # (The ids go in as a subquery over themselves: given a bare list, SQLite walks the subtree first.)
        members: models.QuerySet = models.QuerySet(self.model, using=self.db)
        matching = members.filter(words).values("pk")
        ids = list(matching.values_list("pk", flat=True)[: SEARCH_IDS + 1])
        query = models.Q(pk__in=members.filter(pk__in=ids).values("pk") if len(ids) <= SEARCH_IDS else matching)
        digits = "".join(ch for ch in text if ch.isdigit())
        if len(digits) >= 6:
            query |= models.Q(citizen_id=digits) | models.Q(card_number=text.strip()) | models.Q(phone=digits)
        return self.filter(query)

    def vietnamese_order(self):
        return self.order_by("name_sort_key", "pk")

    def matches_in_vietnamese_order(self):
        """The Vietnamese order for a search: the matches are found first, then sorted.

        Ordered by the bare column, a page of a search lets the database walk the name-order index and test every
        member against the words until the page is full: the whole index for a rare name (issue 18). Ordered by the
        same key as an expression (`name_sort_key || ''`, the same order) that index cannot serve, so the database
        finds the matches (on PostgreSQL through the trigram index of migration 0012) and sorts only them.
        """
        key = Concat("name_sort_key", Value(""), output_field=models.CharField())
        return self.order_by(key, "pk")
