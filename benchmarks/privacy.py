"""(g) The personal-data check (part of `make bench`): how well, and how fast.

* How well: recall and false-alarm rate on the labelled corpus in tests/privacy_corpus/ (the same
  numbers tests/test_privacy_corpus.py asserts: recall >= 0.97, false alarms <= 0.03), and recall
  per kind of personal data.
* How fast: the time to scan a 200,000-character text made of the corpus sentences, as a ratio
  against a baseline measured in the same run on the same text: ``str.lower()`` plus
  ``re.findall(r"\\w+")`` (one pass that touches every word). Runs are interleaved (baseline,
  detector, baseline, ...) so machine noise hits both alike; medians are compared.
"""
from __future__ import annotations

import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TEXT_CHARS = 200_000
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
WORD = re.compile(r"\w+")


def progress(text: str) -> None:
    print(text, flush=True)


def corpus_text(chars: int = TEXT_CHARS) -> str:
    """The corpus sentences (positive and negative, alternating), repeated up to ``chars`` characters."""
    from tests.privacy_corpus.evaluate import load_negative, load_positive

    positives = [p.sentence for p in load_positive()]
    negatives = [n.sentence for n in load_negative()]
    sentences = [s for pair in zip(positives, negatives) for s in pair]
    sentences += positives[len(negatives):] + negatives[len(positives):]
    block = " ".join(sentences)
    return ((block + "\n") * (chars // (len(block) + 1) + 1))[:chars]


def _baseline(text: str) -> float:
    start = time.perf_counter()
    WORD.findall(text.lower())
    return time.perf_counter() - start


def _detector(text: str) -> float:
    from sw_exercises.privacy import find_personal_data

    start = time.perf_counter()
    find_personal_data(text)
    return time.perf_counter() - start


def privacy_section(repeats: int = REPEATS) -> dict:
    from tests.privacy_corpus.evaluate import evaluate

    progress("(g) personal-data check: labelled corpus (tests/privacy_corpus) and scan time")
    result = evaluate()
    recall, alarms = result["recall"], result["false_alarm_rate"]
    progress(f"  recall {recall:.3f} over {result['positives']} sentences (target >= 0.97) "
             f"{'OK' if recall >= 0.97 else 'BELOW TARGET'}")
    progress(f"  false alarms {alarms:.3f} over {result['negatives']} sentences (target <= 0.03) "
             f"{'OK' if alarms <= 0.03 else 'ABOVE TARGET'}")
    progress("  recall per kind: " + ", ".join(f"{k} {v:.2f}" for k, v in result["per_kind"].items()))

    text = corpus_text()
    _detector(text[:2000])  # compile the patterns and load any lists before timing
    base, mine = [], []
    for _ in range(max(repeats, 3)):
        base.append(_baseline(text))
        mine.append(_detector(text))
    b, m = statistics.median(base), statistics.median(mine)
    ratio = m / b
    progress(f"  scan of {len(text):,} characters: {m * 1000:.1f} ms vs lower() + findall(\\w+) "
             f"{b * 1000:.1f} ms -> ratio {ratio:.1f}")
    worst = pathological_cpu()
    return {"worst_pathological_cpu_s": worst, "recall": recall, "false_alarm_rate": alarms, "per_kind": result["per_kind"],
            "scan_ms": m * 1000, "baseline_ms": b * 1000, "ratio": ratio,
            "misses": len(result["misses"]), "false_alarms": len(result["false_alarms"])}


def pathological_cpu(limit_s: float = 2.0) -> float:
    """CPU seconds of the slowest of tests/test_privacy.py's pathological inputs (a guard against
    catastrophic backtracking: each should take well under ``limit_s``)."""
    from sw_exercises.privacy import find_personal_data
    from tests.test_privacy import PATHOLOGICAL, PATHOLOGICAL_NAMES

    times = []
    for name, text, _expected in PATHOLOGICAL:
        started = time.process_time()
        find_personal_data(text, PATHOLOGICAL_NAMES)
        times.append((time.process_time() - started, name))
    worst, name = max(times)
    progress(f"  pathological inputs ({len(times)}): slowest {name!r} {worst:.2f} s CPU "
             f"(limit {limit_s:.1f} s) {'OK' if worst < limit_s else 'TOO SLOW'}")
    return worst


if __name__ == "__main__":
    privacy_section()
