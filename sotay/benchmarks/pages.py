"""Five busy pages and the member name search on the 200,000-member database, timed through Django's test Client
(issue 18: no page gets slower).

Each page is requested as the role that opens it, signed in with ``Client.force_login`` as the demo login of that
role: the member's home page and the library search as an ordinary member ("dangvien"), the member list of the
cell as its secretary ("chibo"), and the commune's statistics and its meeting oversight as the commune committee
("xa"), for the commune of that login. A request is the whole Django stack (middleware, view, queries, template),
without a network. Each page: WARMUPS unmeasured requests, then RUNS measured ones; median and p95 in ms.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Any

from .engines import LABELS

WARMUPS = 2
RUNS = 21
SEARCH = "ket nap dang vien"  # diacritic-free on purpose: the search folds both sides
# The member name search across the whole province (issue 18, "name search at scale"): diacritic-free, three words,
# matched anywhere in the folded name and sorted by given name.
NAME_SEARCH = "nguyen thi hoa"
GOAL_MS = 150  # each page's median, on each engine
BUSY_LOAD = 2.0  # a 1-minute load average from which the report says the figures were measured under load


@dataclass(frozen=True)
class Page:
    key: str
    title: str
    login: str
    url: str


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0–100) by linear interpolation between the closest ranks."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    k = (len(ordered) - 1) * p / 100
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def busy_pages() -> list[Page]:
    """The five busy pages and the province-wide name search, with the demo organisations they open (the database
    must hold the demo province)."""
    from django.urls import reverse

    from sotay.orgs.models import RoleGrant

    grants = {
        g.user.username: g
        for g in RoleGrant.objects.select_related("user", "organization").filter(
            user__username__in=("dangvien", "chibo", "xa")
        )
    }
    cell, commune = grants["chibo"].organization, grants["xa"].organization
    members, library = reverse("members:list"), reverse("documents:library")
    return [
        Page("member_home", "Member home", "dangvien", reverse("web:home")),
        Page("cell_member_list", f"Cell member list ({cell.name})", "chibo", f"{members}?org={cell.pk}"),
        Page(
            "commune_statistics",
            f"Commune statistics ({commune.name})",
            "xa",
            reverse("reports:statistics", args=[commune.pk]),
        ),
        Page(
            "meeting_oversight",
            f"Meeting oversight ({commune.name})",
            "xa",
            f"{reverse('meetings:oversight')}?org={commune.pk}",
        ),
        Page("document_search", f"Document search «{SEARCH}»", "dangvien", f"{library}?q={SEARCH}"),
        Page(
            "name_search",
            f"Member name search «{NAME_SEARCH}» (whole province)",
            "bantochuc",
            f"{members}?q={NAME_SEARCH.replace(' ', '+')}",
        ),
    ]


def time_page(page: Page, *, warmups: int = WARMUPS, runs: int = RUNS) -> dict[str, Any]:
    from django.test import Client

    from sotay.accounts.models import User

    client = Client(secure=True)
    client.force_login(User.objects.get(username=page.login))
    times: list[float] = []
    size = 0
    for i in range(warmups + runs):
        started = time.perf_counter()
        response = client.get(page.url)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise AssertionError(f"{page.url} as {page.login}: HTTP {response.status_code}")
        size = len(response.content)
        if i >= warmups:
            times.append(elapsed * 1000)
    return {
        "title": page.title,
        "login": page.login,
        "url": page.url,
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 95), 2),
        "min_ms": round(min(times), 2),
        "bytes": size,
        "runs": runs,
        "warmups": warmups,
    }


def measure(engine: str) -> dict[str, Any]:
    """Time the pages on the database this process is set up for."""
    from django.conf import settings
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()  # the test Client's request/response hooks (and the locmem mail backend)
    results = {}
    # Signed in without the staff's second factor, as the test suite does: a verified session passes the same
    # middleware check (`is_verified()`) at the same cost, and force_login cannot verify one. Static files by their
    # plain names, as in the test suite: `make bench` does not collect them (no manifest to read).
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(SOTAY_REQUIRE_SECOND_FACTOR=False, STORAGES=storages):
        for page in busy_pages():
            print(f"Đo trang {page.title} ({page.login})…")
            results[page.key] = r = time_page(page)
            print(f"  trung vị {r['median_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms")
    return {"engine": engine, "pages": results, "runs": RUNS, "warmups": WARMUPS}


def markdown(data: dict[str, Any]) -> list[str]:
    by_engine = data["engines"]
    engines = list(by_engine)
    keys = list(next(iter(by_engine.values()))["pages"])
    head = " | ".join(f"{LABELS.get(e, e)} median (ms) | {LABELS.get(e, e)} p95 (ms)" for e in engines)
    loads = [x for e in by_engine.values() for x in e.get("load_average") or []]
    load = max(loads) if loads else None
    lines = [
        "## Busy pages — the whole request on the 200,000-member database",
        "",
        f"Measured {data['measured']}. Issue 18: no page gets slower; these figures are the baseline to compare "
        f"later runs with. Goal: each page's median under {GOAL_MS} ms on each engine.",
        "",
    ]
    if load is not None and load >= BUSY_LOAD:
        lines += [
            f"**Measured under load {load:.1f}** (the highest 1-minute load average read before and after; the "
            "machine has 2 cores shared with other work, so every figure is slower than on an idle server).",
            "",
        ]
    lines += [
        f"| Page | Signed in as | {head} | Goal met |",
        "|---|---|" + "---:|---:|" * len(engines) + "---|",
    ]
    for key in keys:
        first = by_engine[engines[0]]["pages"][key]
        cells = " | ".join(
            f"{by_engine[e]['pages'][key]['median_ms']:.1f} | {by_engine[e]['pages'][key]['p95_ms']:.1f}"
            for e in engines
        )
        met = all(by_engine[e]["pages"][key]["median_ms"] < GOAL_MS for e in engines)
        lines.append(f"| {first['title']} | {first['login']} | {cells} | {'yes' if met else '**no**'} |")
    first = next(iter(by_engine.values()))
    lines += [
        "",
        "### How",
        "",
        "- Each page through Django's test `Client` (the whole middleware stack, the view, its queries and its "
        "template, no network), signed in with `force_login` as the demo login of the role that opens it: "
        "`dangvien` (an ordinary member) for the home page and the library search, `chibo` (the cell's secretary) "
        "for the member list of that cell, `xa` (the commune committee) for the commune's statistics and meeting "
        "oversight of the current month, `bantochuc` (the provincial Organization Committee) for the name search "
        "across the province's members. The staff's second factor is switched off as in the test suite "
        "(`force_login` cannot verify a device; a verified session passes the same check at the same cost), and "
        "static files are named without the collected manifest, as in the test suite.",
        f"- {first['warmups']} unmeasured requests, then {first['runs']} measured ones, timed with "
        "`time.perf_counter`; median and p95 (linear interpolation). Every response must be HTTP 200.",
        "- The same demo province as P1 on each engine (`sotay demo --members 200000 --seed 2025`).",
    ]
    for engine, e in by_engine.items():
        if e.get("note"):
            lines.append(f"- {LABELS.get(engine, engine)}: {e['note']}")
        if e.get("load_average"):
            lines.append(
                f"- {LABELS.get(engine, engine)}: 1-minute load average {e['load_average'][0]} before, "
                f"{e['load_average'][1]} after (2 cores shared with other work)."
            )
    lines.append("")
    return lines
