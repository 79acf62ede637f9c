"""Counts in client sentences read as the tables beside them do: the marketplace's thousands
separator ('1.204' in Germany), never Python's comma; and a sentence says what is missing without
naming a params key."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pandas as pd
import pytest

from helpers.present import formatting


@pytest.fixture()
def germany():
    formatting.use_marketplace("DE")
    yield
    formatting.use_marketplace(None)


def test_follow_up_counts_use_the_marketplace_separator(germany):
    from helpers.playbooks.qbr import story

    follow = pd.DataFrame([
        {"kind": "negatives", "subject": "", "gain_then": 5_000.0, "status": "open", "then": 1_204.0, "now": 1_310.0},
        {"kind": "harvest", "subject": "", "gain_then": 9_000.0, "status": "done", "then": 10_992.0, "now": 0.0},
    ])  # fmt: skip
    table = story.follow_up_table(follow, currency="EUR")
    assert table["Then"].tolist() == ["1.204 negatives proposed", "10.992 terms to harvest"]
    assert table["Now"].tolist() == ["1.310 negatives proposed", "—"]


def test_launch_stock_sentences_use_the_marketplace_separator(germany):
    from helpers.playbooks.launch.story import inventory_notes

    stock = {"stockout_in_ramp": False, "stockout_date": None, "ramp_end": dt.date(2026, 3, 1),
             "reorder_date": dt.date(2026, 2, 1), "reorder_point": 1_234.4, "shortfall": 2_345.0}  # fmt: skip
    notes = inventory_notes(stock, today=dt.date(2026, 1, 10))
    assert "(1.234 units left)" in notes[0]
    assert "fall 2.345 units short" in notes[1]


def test_seasonal_deal_sentence_uses_the_marketplace_separator(germany):
    from helpers.playbooks.seasonal.story import deal_text

    deals = pd.DataFrame({"asin": ["B0TEST0001"], "deal": ["Lightning Deal"], "verdict": ["worth it"],
                          "break_even_share": [0.12], "break_even_extra": [1_500.0], "assumption": [False],
                          "key": ["lightning"]})  # fmt: skip
    ctx = SimpleNamespace(calendar=SimpleNamespace(deals={}))
    assert "needs 1.500 extra units" in deal_text(ctx, deals)[0]


def test_uncosted_deals_tell_the_client_what_is_missing_and_the_operator_where_to_add_it():
    from helpers.playbooks.seasonal.story import deal_text, operator_notes
    from tests.client_copy import operator_text

    empty = pd.DataFrame(columns=["asin", "deal", "verdict", "break_even_share", "break_even_extra"])
    ctx = SimpleNamespace(calendar=SimpleNamespace(deals={}, sources=["the bundled calendar"], priors={}),
                          event=SimpleNamespace(note="", kind="prime_day"), notes=[], mode="review")  # fmt: skip
    client = deal_text(ctx, empty)
    assert client and "unit economics" in client[0]
    assert operator_text(" ".join(client)) == []
    notes = operator_notes(ctx, deals=empty)
    assert any("economics:" in note and "params file" in note for note in notes)
    assert not any("economics:" in note for note in operator_notes(ctx))


def test_sources_table_rows_use_the_marketplace_separator(germany):
    from helpers.playbooks.qbr.display import sources

    reports = [SimpleNamespace(report="sp_search_term", rows=rows, start=dt.date(2026, 7, 1), end=dt.date(2026, 9, 30))
               for rows in (10_000, 4_603)]  # fmt: skip
    assert sources(reports)["Rows"].tolist() == ["14.603"]


def test_negatives_method_note_states_thresholds_as_the_marketplace_writes_them(germany):
    """'less than 5% … spent at least 5' read as '5 %' and '5,00 €' beside tables in euros."""
    from helpers.measures import search_terms as st
    from helpers.playbooks.qbr.bulk import method_note

    note = method_note(st.Rules(negative_min_spend=5.0, negative_alpha=0.05, negative_max_cvr_share=0.5),
                       currency="EUR")
    assert "less than 5\xa0% of the time" in note
    assert "at most 50\xa0% of the account rate" in note
    assert "spent at least 5,00\xa0€" in note


def test_appendix_rates_use_the_marketplace_decimal_sign(germany):
    from helpers.playbooks.qbr.story import arithmetic_table

    recs = pd.DataFrame({"kind": ["harvest", "negatives"], "subject": ["", ""], "basis": [8_041.0, 327.01],
                         "rate": [0.1, 1.0], "gain": [804.1, 327.01]})  # fmt: skip
    assert arithmetic_table(recs, currency="EUR")["×"].tolist() == ["0,1", "1"]
