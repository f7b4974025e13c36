"""Waiting for a condition, the one way the tests wait (never a fixed sleep).

``wait_for`` asks ``condition`` again and again until it gives something true and returns that; at
the deadline it fails with ``what``. The pause between two questions only keeps the test from
spinning a core: it is not what the test waits for.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
POLL_S = 0.05


def wait_for(condition: Callable[[], T], timeout: float, what: str = "") -> T:
    """The first true value of ``condition()`` within ``timeout`` seconds; AssertionError after it."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"not within {timeout:g} s: {what}" if what else f"not within {timeout:g} s")
        time.sleep(POLL_S)


def took(condition: Callable[[], Any], timeout: float, what: str = "") -> float:
    """Seconds until ``condition()`` was true (see :func:`wait_for`)."""
    start = time.monotonic()
    wait_for(condition, timeout, what)
    return time.monotonic() - start
