"""The statistics of `make bench`'s open ratio (benchmarks/browser.py): the interval of the median of the
pairs, and how the pairs are opened (taking turns, each on a quiet server, more pairs while unsure)."""
from __future__ import annotations

import math
import random

import pytest

from benchmarks import browser as bench


def test_the_interval_is_the_sign_tests_order_statistics():
    values = [float(v) for v in range(1, 10)]  # n = 9: P(B <= 1) = 10/512 <= 2.5 % < P(B <= 2)
    assert bench.median_interval(values) == (5.0, 2.0, 8.0)
    twenty = [float(v) for v in range(1, 21)]  # n = 20: P(B <= 5) = 2.07 % <= 2.5 % < P(B <= 6)
    assert bench.median_interval(twenty) == (10.5, 6.0, 15.0)
    assert bench.median_interval([3.0, 1.0, 2.0]) == (2.0, -math.inf, math.inf)  # too few: none
    assert bench.median_interval([float(v) for v in range(6)])[1:] == (0.0, 5.0)  # n = 6: the range
    with pytest.raises(ValueError):
        bench.median_interval([])


def test_the_interval_holds_the_true_median_about_95_times_in_100():
    rng = random.Random(16)
    for n in (9, 15, 27):
        held = 0
        for _ in range(2000):
            sample = [rng.lognormvariate(0.05, 0.1) for _ in range(n)]  # true median e^0.05
            _, low, high = bench.median_interval(sample)
            held += low <= 1.0512710963760241 <= high
        assert 0.93 <= held / 2000 <= 0.995, (n, held)


class _Opener:
    """Stands in for open_in_app: the workbook takes `ratio` times the baseline's time, plus noise."""

    def __init__(self, ratio: float, noise: float, seed: int = 1):
        self.ratio, self.noise, self.rng, self.log = ratio, noise, random.Random(seed), []

    def __call__(self, _browser, _server, notebook: str) -> float:
        self.log.append(notebook)
        base = 2.0 * self.rng.uniform(1 - self.noise, 1 + self.noise)
        return base * (1.0 if notebook == bench.BASELINE else self.ratio)


def test_pairs_take_turns_and_each_open_waits_for_a_quiet_server():
    opener, quiet = _Opener(1.05, 0.0), []
    base, mine = bench.open_pairs(opener, None, None, "01.ipynb", pairs=4, max_pairs=4, quiet=lambda: quiet.append(1))
    assert opener.log == [bench.BASELINE, "01.ipynb", "01.ipynb", bench.BASELINE] * 2
    assert len(quiet) == len(opener.log) == 8
    assert [round(m / b, 3) for m, b in zip(mine, base)] == [1.05] * 4


def test_a_few_pairs_are_never_taken_for_sure():
    opener = _Opener(1.05, 0.01)
    base, _ = bench.open_pairs(opener, None, None, "01.ipynb", pairs=3, max_pairs=27)
    assert len(base) >= 6, "with fewer than 6 pairs there is no interval to stop on"


def test_more_pairs_only_while_the_ratio_is_unsure():
    steady = _Opener(1.05, 0.0)
    base, _ = bench.open_pairs(steady, None, None, "01.ipynb", pairs=9, max_pairs=27)
    assert len(base) == 9  # no noise: the interval is a point
    noisy = _Opener(1.05, 0.25, seed=3)
    base, mine = bench.open_pairs(noisy, None, None, "01.ipynb", pairs=9, max_pairs=27)
    ratio, low, high = bench.median_interval([m / b for m, b in zip(mine, base)])
    assert len(base) > 9
    assert len(base) == 27 or max(ratio - low, high - ratio) <= bench.CI_HALF_WIDTH
