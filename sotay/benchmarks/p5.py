"""Benchmark P5 (issue 14): the member's home page on a phone, first load with an empty cache — at most 30 KB
transferred and at most 5 requests. Measured in a real Chromium (360 × 740) by `measure`, which the browser test
sotay/web/tests/test_phone_pages.py calls on a live server; the figure goes into docs/benchmarks.md.

Transferred bytes are what the network carried (Chrome DevTools Protocol `Network.loadingFinished`
`encodedDataLength`: headers plus the body as sent, compressed when it was), summed over every request the page
made until the load event and the network went quiet; requests are counted the same way (the page itself included).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

GOAL_BYTES = 30 * 1024
GOAL_REQUESTS = 5


@dataclass
class PageWeight:
    url: str
    requests: int
    transferred: int
    by_url: dict[str, int] = field(default_factory=dict)

    @property
    def met(self) -> bool:
        return self.transferred <= GOAL_BYTES and self.requests <= GOAL_REQUESTS

    def as_text(self) -> str:
        rows = "\n".join(f"  {size:>7} B  {url}" for url, size in sorted(self.by_url.items(), key=lambda r: -r[1]))
        return f"{self.url}: {self.requests} requests, {self.transferred} B transferred\n{rows}"


def measure(context, url: str) -> PageWeight:
    """Open `url` in a new page of `context` (a Playwright browser context whose cookies sign the member in) with
    the cache disabled, and add up what crossed the network."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
    page.goto(url, wait_until="networkidle")
    by_url = {urls.get(rid, rid): size for rid, size in sizes.items()}
    weight = PageWeight(url=url, requests=len(urls), transferred=sum(sizes.values()), by_url=by_url)
    page.close()
    return weight


def result(weight: PageWeight, browser_version: str) -> dict[str, Any]:
    """The P5 entry of docs/benchmarks.json."""
    from sotay.bench import _machine

    return {
        "measured": f"{dt.date.today():%d/%m/%Y}",
        "machine": _machine(),
        "browser": browser_version,
        "requests": weight.requests,
        "transferred": weight.transferred,
        "by_url": weight.by_url,
        "goal": f"≤ {GOAL_BYTES} B and ≤ {GOAL_REQUESTS} requests",
        "met": weight.met,
    }


def markdown(p5: dict[str, Any]) -> list[str]:
    if not {"measured", "browser", "transferred", "requests", "by_url"} <= p5.keys():
        return []  # an entry of another shape (an older run's): kept in the JSON, not rendered
    lines = [
        "## P5 — the member's home page on a phone, first load",
        "",
        f"Measured {p5['measured']} in Chromium {p5['browser']} at 360 × 740 with an empty cache, by the browser test "
        "`sotay/web/tests/test_phone_pages.py::test_p5_member_home_first_load_weight` (part of `make test`). "
        f"**{p5['transferred']:,} B transferred in {p5['requests']} requests** (goal {p5['goal']}; "
        f"{'met' if p5['met'] else 'not met'}).",
        "",
        "| bytes | request |",
        "|---:|---|",
    ]
    lines += [f"| {size:,} | {url.split('/', 3)[-1] or '/'} |" for url, size in p5["by_url"].items()]
    return lines + [""]
