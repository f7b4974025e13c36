"""'Toch exporteren' is one decision: for exactly the findings shown, for one export or hand-in."""
import os

import pytest

from sw_exercises import portfolio
from sw_exercises.store import AnswerStore
from sw_exercises.widgets.portfolio import PortfolioView

WB = "01_sociale_afstand"
ITEM = "reflection/meeste_afstand"
OTHER = "reflection/afstand_in_praktijk"


@pytest.fixture
def store(tmp_path):
    store = AnswerStore(tmp_path / "a.sqlite3")
    store.save(WB, ITEM, "Mail me: jan@example.nl")
    store.save(WB, OTHER, "Bel 06-12345678")
    store.set_shared(WB, ITEM, True)
    return store


@pytest.fixture
def view(store, tmp_path):
    return PortfolioView(store=store, export_dir=tmp_path / "out")


def confirm_what_is_shown(view):
    assert view.check() > 0
    view.confirm.value = True


def test_a_confirmation_allows_one_export_and_the_next_export_asks_again(view):
    assert view.export(("json",)) == []  # blocked until confirmed
    confirm_what_is_shown(view)
    assert len(view.export(("json",))) == 1
    assert view.confirm.value is False
    assert "opnieuw" in view.message.value  # says the confirmation was for this one export
    assert view.export(("json",)) == []
    assert "persoonsgegeven" in view.message.value


def test_a_confirmation_allows_one_hand_in_to_the_course_folder(view, tmp_path):
    folder = tmp_path / "inlevermap"
    folder.mkdir()
    view.folder.value = str(folder)
    confirm_what_is_shown(view)
    assert view.hand_in().ok
    assert view.confirm.value is False
    assert view.hand_in() is None and "persoonsgegeven" in view.handin_message.value


def test_editing_a_shared_answer_to_add_new_data_after_confirming_blocks_the_export(view, store):
    confirm_what_is_shown(view)
    store.save(WB, ITEM, "Mail me: jan@example.nl of bel 06-12345678")
    assert view.export(("json",)) == []
    assert view.confirm.value is False
    assert "veranderd" in view.message.value
    assert not (view.export_dir.exists() and os.listdir(view.export_dir))


def test_sharing_another_item_with_data_after_confirming_blocks_the_export(view, store):
    confirm_what_is_shown(view)
    store.set_shared(WB, OTHER, True)
    assert view.export(("html",)) == []
    assert view.confirm.value is False and "veranderd" in view.message.value


def test_adding_a_name_to_the_list_after_confirming_blocks_the_export(view, store):
    store.save(WB, ITEM, "Mail me: jan@example.nl, groet Zoë")
    confirm_what_is_shown(view)
    view.names.value = "Zoë"
    assert view.export(("html",)) == []


def test_the_same_findings_after_a_recheck_keep_the_confirmation(view):
    confirm_what_is_shown(view)
    view.check()
    view.check()
    assert view.confirm.value is True
    assert len(view.export(("json",))) == 1


def test_ticking_the_box_before_any_findings_were_shown_does_not_count(view):
    view.confirm.value = True  # (the box is hidden then; a script could still tick it)
    assert view.export(("json",)) == []
    assert view.confirm.value is False


def test_the_fingerprint_is_the_findings_kind_text_and_place_in_any_order_with_repeats(store):
    once = portfolio.personal_data(store)
    assert portfolio.fingerprint(once) == portfolio.fingerprint(list(reversed(once)))
    store.save(WB, ITEM, "Mail me: jan@example.nl en nog eens jan@example.nl")
    assert portfolio.fingerprint(portfolio.personal_data(store)) != portfolio.fingerprint(once)
    store.save(WB, ITEM, "Mail: jan@example.nl")  # same finding, other words around it
    assert portfolio.fingerprint(portfolio.personal_data(store)) == portfolio.fingerprint(once)
    store.set_shared(WB, ITEM, False)
    store.set_shared(WB, OTHER, True)
    assert portfolio.fingerprint(portfolio.personal_data(store)) != portfolio.fingerprint(once)
