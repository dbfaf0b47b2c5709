from __future__ import annotations

import pytest

from sotay.orgs.models import Organization, subtree_filter
from sotay.orgs.tests.factories import cell, commune, province

pytestmark = pytest.mark.django_db


def test_subtree_range_takes_the_node_and_descendants_only():
    """The index range must match exactly what path-prefix matching would, on both databases."""
    root = province(code="P")
    communes = [commune(root, code=f"P.{i}") for i in range(3)]
    cells = {c.pk: [cell(c, code=f"{c.code}.{j}") for j in range(2)] for c in communes}
    other_root = province(code="Q", name="Đảng bộ tỉnh Khác")
    for org in [root, other_root, *communes, *[k for ks in cells.values() for k in ks]]:
        org.refresh_from_db()
        by_range = set(Organization.objects.filter(subtree_filter(org.path)).values_list("pk", flat=True))
        by_prefix = set(Organization.objects.filter(path__startswith=org.path).values_list("pk", flat=True))
        assert by_range == by_prefix
    assert Organization.objects.in_subtree(communes[1]).count() == 3
