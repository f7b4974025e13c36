"""Readable ascii ids from what a student typed (group, case and session names)."""
from __future__ import annotations

import re
import unicodedata


def slug(text: str, max_length: int | None = None) -> str:
    """'Gezin B. (stage)' -> 'gezin_b_stage'; may be empty for text without ascii letters or digits."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    made = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
    return made[:max_length] if max_length else made
