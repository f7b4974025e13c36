"""Score a personal-data detector against the labelled corpus in this folder.

``evaluate()`` runs ``sw_exercises.privacy.find_personal_data`` (or any ``find(text)`` that returns
objects with ``start`` and ``end``, and ideally ``kind`` and ``text``) over every sentence of
``positive.tsv`` and ``negative.tsv``:

* a positive sentence counts as *found* when some finding overlaps its labelled ``pii`` span; the
  detector's kind names may differ from the corpus labels, so the kind is not compared;
* a negative sentence is a *false alarm* when the detector reports anything in it.

The detector gets no ``names``: the corpus measures what it finds on its own.
"""
from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
POSITIVE = HERE / "positive.tsv"
NEGATIVE = HERE / "negative.tsv"
# A held-out set written after the detector was tuned, without looking at the detector or the tuning
# corpus: use it to report figures, never to tune (holdout() scores it).
HOLDOUT_POSITIVE = HERE / "holdout_positive.tsv"
HOLDOUT_NEGATIVE = HERE / "holdout_negative.tsv"
KINDS = ("address", "person", "first_name", "full_name", "iban", "email", "phone", "bsn", "birth_date")


@dataclass(frozen=True)
class Positive:
    kind: str
    pii: str
    sentence: str

    @property
    def start(self) -> int:
        return self.sentence.find(self.pii)

    @property
    def end(self) -> int:
        return self.start + len(self.pii)


@dataclass(frozen=True)
class Negative:
    note: str
    sentence: str


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def load_positive(path: Path = POSITIVE) -> list[Positive]:
    return [Positive(r["kind"], r["pii"], r["sentence"]) for r in _rows(path)]


def load_negative(path: Path = NEGATIVE) -> list[Negative]:
    return [Negative(r["note"], r["sentence"]) for r in _rows(path)]


def _found(findings: Iterable[Any]) -> list[tuple[str, str]]:
    return [(str(getattr(f, "kind", "?")), str(getattr(f, "text", ""))) for f in findings]


def evaluate(find: Callable[[str], Iterable[Any]] | None = None,
             positive: Path = POSITIVE, negative: Path = NEGATIVE) -> dict[str, Any]:
    """Recall, false-alarm rate, recall per kind, and the misses and false alarms themselves.

    ``positive`` and ``negative`` default to the tuning corpus; ``holdout()`` passes the held-out files.
    """
    if find is None:
        from sw_exercises.privacy import find_personal_data as find
    positives, negatives = load_positive(positive), load_negative(negative)

    misses, hits = [], Counter()
    totals = Counter(p.kind for p in positives)
    for p in positives:
        findings = list(find(p.sentence))
        if any(f.start < p.end and f.end > p.start for f in findings):
            hits[p.kind] += 1
        else:
            misses.append({"kind": p.kind, "pii": p.pii, "sentence": p.sentence, "found": _found(findings)})

    false_alarms = []
    for n in negatives:
        findings = list(find(n.sentence))
        if findings:
            false_alarms.append({"note": n.note, "sentence": n.sentence, "found": _found(findings)})

    return {
        "positives": len(positives),
        "negatives": len(negatives),
        "recall": sum(hits.values()) / len(positives),
        "false_alarm_rate": len(false_alarms) / len(negatives),
        "per_kind": {kind: hits[kind] / totals[kind] for kind in KINDS if totals[kind]},
        "misses": misses,
        "false_alarms": false_alarms,
    }


def holdout(find: Callable[[str], Iterable[Any]] | None = None) -> dict[str, Any]:
    """evaluate() on the held-out files (holdout_positive.tsv, holdout_negative.tsv)."""
    return evaluate(find, positive=HOLDOUT_POSITIVE, negative=HOLDOUT_NEGATIVE)


def describe_misses(result: dict[str, Any]) -> str:
    lines = [f"{len(result['misses'])} of {result['positives']} missed:"]
    for m in result["misses"]:
        lines.append(f"  [{m['kind']}] {m['pii']!r} in: {m['sentence']}  (found: {m['found']})")
    return "\n".join(lines)


def describe_false_alarms(result: dict[str, Any]) -> str:
    lines = [f"{len(result['false_alarms'])} of {result['negatives']} false alarms:"]
    for a in result["false_alarms"]:
        lines.append(f"  [{a['note']}] {a['found']} in: {a['sentence']}")
    return "\n".join(lines)


def summary(result: dict[str, Any]) -> str:
    per_kind = ", ".join(f"{k} {v:.2f}" for k, v in result["per_kind"].items())
    return (f"recall {result['recall']:.3f} over {result['positives']} sentences ({per_kind}); "
            f"false alarms {result['false_alarm_rate']:.3f} over {result['negatives']} sentences")


if __name__ == "__main__":
    import sys

    outcome = holdout() if "--holdout" in sys.argv[1:] else evaluate()
    print(summary(outcome))
    print(describe_misses(outcome))
    print(describe_false_alarms(outcome))
