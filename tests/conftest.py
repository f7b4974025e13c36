"""Fixtures shared by the unit tests: a real answer store in a temporary folder."""
import pytest

from sw_exercises.answers import AnswerBook
from sw_exercises.store import AnswerStore


@pytest.fixture
def store(tmp_path):
    return AnswerStore(tmp_path / "a.sqlite3")


@pytest.fixture
def book(store):
    """The answers of a workbook called 'wb', stored in ``store``."""
    return AnswerBook("wb", store_factory=lambda: store)
