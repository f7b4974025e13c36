"""The models' registry: class summaries (what a class's pooled answers show, with suppression built
in), item kinds (how a stored answer is titled and shown) and portfolio charts (the charts a student
sees of their own answers, drawn again for the portfolio).

A model module declares its class summary with :func:`class_summary` (figures for the HTML page,
rows for the CSV and a chart kind), which item ids it knows, and with :func:`item_kind` how its items
read in 'Mijn antwoorden' and exports. The overview (:mod:`sw_exercises.classroom.overview`), the
report and :mod:`sw_exercises.catalog` only loop over the registry; so does the portfolio
(:mod:`sw_exercises.portfolio`) over the charts a model declares with :func:`portfolio_chart`: adding a model touches that model
module only.

Suppression (the threshold ``k``, default 5) is applied here, when a figure is made, so no view can
forget it. No published figure lets anyone derive a number of students between 1 and k − 1:

* a row (one group, one item, one statement) rests on ``n`` hand-ins; ``n`` is published only when
  ``n ≥ k`` and the hand-ins *outside* the row, ``N − n``, are 0 or at least ``k`` (otherwise "how many
  skipped it" would be a small number). A row whose ``n`` cannot be published is suppressed whole;
* a count ``c`` (and a percentage, which gives ``c`` back with ``n``) is published only when ``c`` and its
  complement ``n − c`` are both 0 or at least ``k`` (primary suppression);
* in a row whose categories split the respondents (one answer per student: a Likert item, a
  classification, a distance), the suppressed cells together must also be 0 or at least ``k``, or the
  row total would give them back; the smallest published cells are suppressed as well until they are
  (secondary suppression);
* a mean is published with its ``n`` under the same rule as ``n``.

Everything is pure (no widgets, no files) and works on validated hand-ins.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

DEFAULT_THRESHOLD = 5


# --------------------------------------------------------------------------- published figures

@dataclass(frozen=True)
class Cell:
    """One published number. ``value`` is None when suppressed or when there is nothing to show."""
    value: float | None
    n: int | None            # hand-ins the number rests on; None when that may not be published
    suppressed: bool
    count: int | None = None  # students counted (count and percentage cells); None when suppressed


@dataclass(frozen=True)
class Row:
    label: str
    n: int | None            # respondents of this row; None when suppressed
    cells: tuple[Cell, ...]
    suppressed: bool = False


@dataclass(frozen=True)
class Figure:
    """One table of the class overview (and its chart)."""
    workbook: str
    id: str
    title: str
    unit: str                 # "percent", "count", "mean" or "value"
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    chart: str | None = None  # "heatmap", "bars", "stacked" or None
    note: str = ""
    decimals: int = 0
    partition: bool = False   # the columns split the respondents of a row

    @property
    def any_shown(self) -> bool:
        return any(not c.suppressed and c.value is not None for r in self.rows for c in r.cells)


def n_publishable(n: int, total: int, k: int) -> bool:
    """May ``n`` (respondents of a row, out of ``total`` hand-ins) be published?"""
    return n >= k and not 0 < total - n < k


def small(c: int, k: int) -> bool:
    return 0 < c < k


def suppress_counts(counts: Sequence[int], n: int, total: int, k: int, *, partition: bool) -> list[bool]:
    """Which counts of one row must be hidden (see the module docstring). All, if ``n`` may not be published."""
    if not n_publishable(n, total, k):
        return [True] * len(counts)
    hidden = [small(c, k) or small(n - c, k) for c in counts]
    if partition:
        while small(sum(c for c, h in zip(counts, hidden) if h), k):
            shown = [(c, i) for i, (c, h) in enumerate(zip(counts, hidden)) if not h and c > 0]
            if not shown:
                break
            hidden[min(shown)[1]] = True
    return hidden


class ClassData:
    """What summaries read: per workbook, the known answers of every hand-in (one dict per hand-in)."""

    def __init__(self, answers: dict[str, list[dict[str, Any]]], n_handins: int, threshold: int,
                 extra_groups: Sequence[str] = ()):
        self._answers = answers
        self.n_handins = n_handins
        self.k = threshold
        self.extra_groups = tuple(extra_groups)

    def answers(self, workbook: str) -> list[dict[str, Any]]:
        """The answers of ``workbook`` per hand-in that has any (item -> value)."""
        return self._answers.get(workbook, [])

    # -- building rows with suppression ------------------------------------------------------
    def empty_row(self, label: str, columns: int) -> Row | None:
        """'No answers' (n = 0) may be said when the class itself is big enough."""
        if self.n_handins >= self.k:
            return Row(label, 0, tuple(Cell(None, 0, False) for _ in range(columns)))
        return None

    def count_row(self, label: str, counts: Sequence[int], n: int, *, percent: bool, partition: bool) -> Row:
        if n == 0 and (empty := self.empty_row(label, len(counts))) is not None:
            return empty
        hidden = suppress_counts(counts, n, self.n_handins, self.k, partition=partition)
        shown_n = n if n_publishable(n, self.n_handins, self.k) else None
        cells = []
        for c, h in zip(counts, hidden):
            if h:
                cells.append(Cell(None, shown_n, True))
            else:
                cells.append(Cell(100 * c / n if percent else float(c), n, False, c))
        return Row(label, shown_n, tuple(cells), suppressed=shown_n is None)

    def mean_row(self, label: str, columns: Sequence[Sequence[float]]) -> Row:
        """One mean per column, each with its own n."""
        if all(len(v) == 0 for v in columns) and (empty := self.empty_row(label, len(columns))) is not None:
            return empty
        cells = []
        ns = []
        for values in columns:
            n = len(values)
            ns.append(n)
            if n_publishable(n, self.n_handins, self.k):
                cells.append(Cell(sum(values) / n, n, False))
            else:
                cells.append(Cell(None, None, True))
        n_row = max(ns) if ns else 0
        shown = n_row if n_publishable(n_row, self.n_handins, self.k) else None
        return Row(label, shown, tuple(cells), suppressed=all(c.suppressed for c in cells))

    def value_row(self, label: str, value: float | None, n: int) -> Row:
        """One number (a coefficient, a mean) resting on ``n`` hand-ins."""
        if n_publishable(n, self.n_handins, self.k):
            return Row(label, n, (Cell(value, n, False),))
        return Row(label, None, (Cell(None, None, True),), suppressed=True)


# --------------------------------------------------------------------------- the registry

Summary = Callable[[ClassData], list[Figure]]
Known = Callable[[str], bool]


@dataclass
class _Entry:
    workbook: str
    summaries: list[Summary] = field(default_factory=list)
    known: list[Known] = field(default_factory=list)


_REGISTRY: dict[str, _Entry] = {}


def class_summary(*workbooks: str, known: Known | None = None) -> Callable[[Summary], Summary]:
    """Declare ``fn(data) -> [Figure]`` as (part of) the class summary of ``workbooks``.

    ``known(item)`` says which item ids of those workbooks this model defines; only answers with
    known item ids ever reach a summary."""
    def register(fn: Summary) -> Summary:
        for workbook in workbooks:
            entry = _REGISTRY.setdefault(workbook, _Entry(workbook))
            entry.summaries.append(fn)
            if known is not None:
                entry.known.append(known)
        return fn
    return register


def known_items(*workbooks: str, known: Known) -> None:
    """Declare item ids of ``workbooks`` that are known but pooled by no summary (e.g. intervision records)."""
    for workbook in workbooks:
        _REGISTRY.setdefault(workbook, _Entry(workbook)).known.append(known)


@dataclass(frozen=True)
class ItemKind:
    """How items of one kind (the first part of the id: ``bogardus``, ``case``, ...) read."""
    kind: str
    title: Callable[[str, str, Mapping[str, str]], str | None] | None = None  # (workbook, item, case names)
    value: Callable[[str, str, Any], str | None] | None = None               # (workbook, item, value)


_KINDS: dict[str, list[ItemKind]] = {}


def item_kind(kind: str, *, title=None, value=None) -> None:
    """Declare how items ``<kind>/...`` are titled and shown; a function returns None for items it does
    not know (another model may know them: ``case/...`` belongs to several workbooks)."""
    _KINDS.setdefault(kind, []).append(ItemKind(kind, title, value))


def item_kinds(kind: str) -> list[ItemKind]:
    _load_models()
    return _KINDS.get(kind, [])


@dataclass(frozen=True)
class Chart:
    """One chart of a student's own answers for the portfolio: an inline SVG drawing (already
    escaped, with its own ``<title>`` and ``<desc>``) and its text alternative (from
    :mod:`sw_exercises.plot_text`, the same sentence the workbook shows above the chart)."""
    title: str
    text: str
    svg: str


#: ``fn(workbook, answers, names) -> [Chart]``: ``answers`` are the student's shared answers of the
#: workbook (item -> value), ``names`` the names they gave to cases and own groups (id -> name).
PortfolioCharts = Callable[[str, Mapping[str, Any], Mapping[str, str]], list[Chart]]
_CHARTS: dict[str, list[PortfolioCharts]] = {}


def portfolio_chart(*workbooks: str) -> Callable[[PortfolioCharts], PortfolioCharts]:
    """Declare ``fn(workbook, answers, names) -> [Chart]`` as (part of) the portfolio charts of
    ``workbooks``: the chart(s) the workbook shows of these answers, drawn with the workbook's own
    model code. It returns no chart when the answers give nothing to draw."""
    def register(fn: PortfolioCharts) -> PortfolioCharts:
        for workbook in workbooks:
            _CHARTS.setdefault(workbook, []).append(fn)
        return fn
    return register


def portfolio_charts(workbook: str, answers: Mapping[str, Any], names: Mapping[str, str] | None = None) -> list[Chart]:
    """Every declared chart of ``workbook`` for these (shared) answers, in declaration order."""
    _load_models()
    charts: list[Chart] = []
    for fn in _CHARTS.get(workbook, []):
        charts.extend(fn(workbook, answers, names or {}))
    return charts


def _load_models() -> None:
    # importing a model module registers its summary
    from . import bogardus, content, helper_roles, intervision, viervenster  # noqa: F401


def registry() -> dict[str, _Entry]:
    _load_models()
    return _REGISTRY


def is_known(workbook: str, item: str) -> bool:
    entry = registry().get(workbook)
    return entry is not None and any(known(item) for known in entry.known)


def summarise(data: ClassData, workbooks: Iterable[str] | None = None) -> list[Figure]:
    """Every registered figure, workbook by workbook (in id order)."""
    entries = registry()
    chosen = sorted(entries) if workbooks is None else [w for w in workbooks if w in entries]
    figures: list[Figure] = []
    for workbook in chosen:
        for summary in entries[workbook].summaries:
            figures.extend(summary(data))
    return figures


def collect(handins: Iterable[Mapping[str, Any]]) -> tuple[dict[str, list[dict[str, Any]]], int, int]:
    """Split hand-ins into known answers per workbook: (answers, hand-ins, unknown item count)."""
    entries = registry()
    answers: dict[str, list[dict[str, Any]]] = {}
    unknown = 0
    n = 0
    cache: dict[tuple[str, str], bool] = {}
    for handin in handins:
        n += 1
        mine: dict[str, dict[str, Any]] = {}
        for answer in handin["answers"]:
            key = (answer["workbook"], answer["item"])
            ok = cache.get(key)
            if ok is None:
                entry = entries.get(key[0])
                ok = cache[key] = entry is not None and any(known(key[1]) for known in entry.known)
            if ok:
                mine.setdefault(key[0], {})[key[1]] = answer["value"]
            else:
                unknown += 1
        for workbook, items in mine.items():
            answers.setdefault(workbook, []).append(items)
    return answers, n, unknown
