"""Split a stream into lists of a fixed size, so large imports and exports work in bounded memory."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import ContextDecorator
from typing import TypeVar

T = TypeVar("T")


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class paused_gc(ContextDecorator):  # noqa: N801 - used like a function: `with paused_gc():`
    """Pause Python's cyclic garbage collector during a bulk job.

    A large import creates and frees tens of thousands of short-lived objects per chunk; the collector then runs
    full passes over everything still alive, which cost a fifth of an import's time. Reference counting still frees
    those objects; the collector resumes (and runs once) when the job ends.
    """

    def __enter__(self):
        self.was_enabled = gc.isenabled()
        gc.disable()
        return self

    def __exit__(self, *exc):
        if self.was_enabled:
            gc.enable()
        return False
