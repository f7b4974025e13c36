"""What the browser saves when a test clicks a download link."""
from __future__ import annotations


def received(page, link) -> bytes:
    """Click ``link`` (a locator) on ``page`` and return the bytes of the file the browser saved."""
    with page.expect_download() as caught:
        link.click()
    with open(caught.value.path(), "rb") as fh:
        return fh.read()
