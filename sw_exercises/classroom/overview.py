"""The anonymous class overview, computed from accepted hand-ins. Pure: no widgets, no files.

Every figure comes from the class summary that a model module declares
(:mod:`sw_exercises.models.summary`): this module only collects the answers whose item ids the
project defines, counts the rest (for the lecturer's intake report, never shown in class) and asks
the registry for the figures. Suppression is part of making a figure, so nothing here can skip it.
No pseudonym, name or free text ever reaches an overview.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..catalog import workbook_title
from ..models.summary import DEFAULT_THRESHOLD, Cell, ClassData, Figure, Row, collect, summarise

__all__ = ["DEFAULT_THRESHOLD", "Cell", "ClassOverview", "Figure", "Row", "build_overview"]


@dataclass
class ClassOverview:
    threshold: int
    n_handins: int
    figures: list[Figure] = field(default_factory=list)
    unknown_items: int = 0   # answers with an item id the project does not define (intake report only)

    @property
    def handins_shown(self) -> bool:
        """The number of hand-ins is shown only from the threshold on ("minder dan k" below it)."""
        return self.n_handins >= self.threshold

    def workbooks(self) -> list[tuple[str, str, list[Figure]]]:
        """(workbook id, title, figures) in workbook order."""
        order: dict[str, list[Figure]] = {}
        for figure in self.figures:
            order.setdefault(figure.workbook, []).append(figure)
        return [(wb, workbook_title(wb), figures) for wb, figures in order.items()]

    def figure(self, workbook: str, figure_id: str) -> Figure | None:
        return next((f for f in self.figures if f.workbook == workbook and f.id == figure_id), None)


def build_overview(handins: Iterable[Mapping[str, Any]], *, threshold: int = DEFAULT_THRESHOLD,
                   extra_groups: Sequence[str] = ()) -> ClassOverview:
    """The overview of validated hand-ins (one per student: duplicates are resolved at intake).

    ``extra_groups``: Bogardus groups the lecturer added in the assignment pack (their names)."""
    answers, n, unknown = collect(handins)
    data = ClassData(answers, n, threshold, extra_groups)
    return ClassOverview(threshold=threshold, n_handins=n, figures=summarise(data), unknown_items=unknown)
