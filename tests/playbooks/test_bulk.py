"""Bulk file: Amazon's v2 column set, IDs from a downloaded bulk file, no formula can be written."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from helpers.errors import InputFileError
from helpers.loaders import read_report
from helpers.measures import search_terms as st
from helpers.playbooks.qbr import bulk

NASTY = ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


def candidates(texts: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    neg = pd.DataFrame(
        {
            "level": ["term"] * len(texts) + ["ngram"],
            "keyword_text": [*texts, "free"],
            "flag": [""] * (len(texts) + 1),
            "campaigns": [(("=Camp", "", "-Group", ""),)] * len(texts)
            + [(("SP | Auto", "111", "Auto", ""),)],
        }
    )
    harvest = pd.DataFrame(
        {
            "keyword_text": ["great find"],
            "flag": [""],
            "campaign": ["SP | Exact"],
            "campaign_id": [""],
            "ad_group": ["Exact"],
            "ad_group_id": [""],
            "suggested_bid": [0.87],
        }
    )
    return neg, harvest


def test_no_cell_is_a_formula_and_values_round_trip(tmp_path):
    neg, harvest = candidates(NASTY)
    rows = bulk.bulk_rows(neg, harvest)
    path = bulk.write_bulk(rows, tmp_path / "out" / "negatives-2026-Q3.xlsx")
    sheet = load_workbook(path)[bulk.SHEET]
    header = [c.value for c in sheet[1]]
    assert header == list(bulk.BULK_COLUMNS)
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert cells and all(c.data_type != "f" for c in cells)
    column = header.index("Keyword Text") + 1
    texts = [sheet.cell(row=r, column=column).value for r in range(2, sheet.max_row + 1)]
    # written and read back as the same text (XML normalises a CR to a line feed)
    assert texts == [*[t.replace("\r", "\n") for t in NASTY], "free", "great find"]
    back = pd.read_excel(path, sheet_name=bulk.SHEET, dtype=str, engine="openpyxl")
    assert set(NASTY[:4]) <= set(back["Keyword Text"])
    assert back.loc[back["Entity"] == "Keyword", "Bid"].astype(float).tolist() == [0.87]
    assert set(back["Entity"]) == {"Negative Keyword", "Campaign Negative Keyword", "Keyword"}
    assert set(back["Match Type"]) == {"negativeExact", "negativePhrase", "exact"}
    assert (back["Operation"] == "Create").all() and (back["Product"] == "Sponsored Products").all()
    assert back.loc[back["Entity"] == "Campaign Negative Keyword", "Campaign ID"].tolist() == ["111"]
    assert not list(path.parent.glob(".negatives-*"))  # temp file gone


def test_flagged_terms_are_left_out():
    neg, harvest = candidates(["=cmd"])
    neg.loc[0, "flag"] = "starts like a formula: not written"
    rows = bulk.bulk_rows(neg, harvest)
    assert "=cmd" not in set(rows["Keyword Text"])


def _bulk_file(path, campaign_id="144383000012345"):
    book = Workbook()
    book.active.title = "Portfolios"
    sheet = book.create_sheet("Sponsored Products Campaigns")
    cols = list(bulk.BULK_COLUMNS)
    sheet.append(cols)

    def row(**values):
        sheet.append([values.get(c) for c in cols])

    row(Product="Sponsored Products", Entity="Campaign", Operation="", **{"Campaign ID": campaign_id,
        "Campaign Name": "SP | Auto", "State": "enabled", "Targeting Type": "Auto"})  # fmt: skip
    row(Product="Sponsored Products", Entity="Ad Group", **{"Campaign ID": campaign_id, "Ad Group ID": "998877665544332",
        "Ad Group Name": "Auto", "Campaign Name (Informational only)": "SP | Auto"})  # fmt: skip
    book.save(path)


def _junk_and_good(days: int) -> pd.DataFrame:
    """An auto campaign's search terms: 'junk' (100 clicks a day, no sale) and 'good' (20 orders a day)."""
    return pd.DataFrame(
        {
            "search_term": ["junk"] * days + ["good"] * days,
            "clicks": 100,
            "spend": 50.0,
            "sales": [0.0] * days + [500.0] * days,
            "orders": [0] * days + [20] * days,
            "impressions": 1000,
            "units": 0,
            "campaign": "SP | Auto",
            "ad_group": "Auto",
            "targeting": "close-match",
            "match_type": float("nan"),
            "end_date": pd.Timestamp("2026-06-01"),
        }
    )


def test_ids_come_from_a_downloaded_bulk_file(tmp_path):
    path = tmp_path / "bulk-a1b2c3.xlsx"
    _bulk_file(path)
    report = read_report(path, marketplace="US")
    assert report.report == "sp_bulk"
    ids = bulk.bulk_ids([report])
    frame = _junk_and_good(days=3)
    result = bulk.build(frame, rules=st.Rules(target_acos=0.3, attribution_lag_days=0), reports=[report])
    assert result.id_source == "bulk file"
    assert ids is not None
    assert ids.dropna().values.tolist() == [["SP | Auto", "144383000012345", "Auto", "998877665544332"]]
    # one dead search term is evidence against that term (exact), not against its word (phrase)
    neg = result.rows[result.rows["Entity"] == "Negative Keyword"]
    assert neg["Campaign ID"].tolist() == ["144383000012345"] and neg["Keyword Text"].tolist() == ["junk"]
    assert neg["Ad Group ID"].tolist() == ["998877665544332"]
    assert result.instructions == ()  # every required field known: nothing to fill in


@pytest.mark.parametrize("bad", ["1.44383E+14", 144383000000000.0])
def test_excel_rounded_ids_are_refused(tmp_path, bad):
    path = tmp_path / "bulk.xlsx"
    _bulk_file(path, campaign_id=bad)
    with pytest.raises(InputFileError, match=r"Campaign ID must be the full ID.*row 2"):
        read_report(path, marketplace="US")


def test_names_only_is_said(tmp_path):
    frame = _junk_and_good(days=1)
    result = bulk.build(frame, rules=st.Rules(target_acos=0.3, attribution_lag_days=0))
    assert result.id_source == "names only" and "bulk file" in result.notes[0]
    assert result.summary["negatives_count"] == len(result.negatives) >= 1


def test_the_chapter_sentences_separate_thousands_and_say_one():
    """A big account's chapter reads '1,204 negatives … the 2,747 search terms … 10,992 converting
    search terms … (14,603 rows …)'; one of each is singular."""
    from pathlib import Path

    import pandas as pd

    rows = pd.DataFrame({"Entity": ["Keyword"] * 14_603})
    big = bulk.BulkResult(rows=rows, negatives=pd.DataFrame(index=range(1_204)), harvest=pd.DataFrame(),
                          id_source="names only", path=Path("negatives-2026-Q3.xlsx"), negative_terms=2_747,
                          negative_spend=27_055.0, harvest_count=10_992, harvest_sales=1_053_835.0)  # fmt: skip
    text = " ".join(bulk.chapter_text(big, "USD"))
    assert "1,204 negatives proposed: the 2,747 search terms they block took $27,055" in text
    assert "10,992 converting search terms" in text
    assert "negatives-2026-Q3.xlsx (14,603 rows, Amazon's bulk layout)" in " ".join(bulk.operator_lines(big))
    one = bulk.BulkResult(rows=rows.iloc[:1], negatives=pd.DataFrame(index=range(1)), harvest=pd.DataFrame(),
                          id_source="names only", negative_terms=1, harvest_count=1)  # fmt: skip
    text = " ".join(bulk.chapter_text(one, "USD"))
    assert "1 negative proposed: the 1 search term they block" in text and "1 converting search term from" in text


def test_the_chapter_says_none_in_words_and_leaves_the_file_to_the_operator():
    """No '0 negatives proposed: the 0 search terms they block took $0.00'; the client's chapter never
    names the bulk sheet's file or the IDs it needs: those are the operator's lines."""
    from pathlib import Path

    import pandas as pd

    rows = pd.DataFrame({"Entity": ["Keyword"] * 3})
    none = bulk.BulkResult(rows=rows, negatives=pd.DataFrame(), harvest=pd.DataFrame(), id_source="names only",
                           path=Path("negatives-2022-Q3.xlsx"), instructions=("Rows 2-4: fill in Campaign ID.",),
                           notes=("no bulk file downloaded: IDs come from names only",))  # fmt: skip
    chapter = bulk.chapter_text(none, "USD")
    assert chapter[0].startswith("No negatives proposed") and chapter[1].startswith("No converting search term")
    assert not any(word in " ".join(chapter) for word in ("0 ", "$0", ".xlsx", "upload", "Upload", "ID"))
    lines = bulk.operator_lines(none)
    assert lines[0].startswith("Bulk sheet for Campaign Manager: negatives-2022-Q3.xlsx (3 rows")
    assert lines[1:] == ["Bulk sheet: " + none.notes[0]]  # the IDs said once: the note names the fix
    some = bulk.BulkResult(rows=rows, negatives=pd.DataFrame(), harvest=pd.DataFrame(), id_source="bulk file",
                           instructions=("Row 3: fill in Campaign ID.",))  # fmt: skip
    assert bulk.operator_lines(some) == ["Before upload, the bulk sheet needs the account's campaign and ad group "
                                         "IDs added; its Instructions sheet lists which."]
    assert bulk.operator_lines(None) == []
    empty = bulk.BulkResult(rows=rows.iloc[0:0], negatives=pd.DataFrame(), harvest=pd.DataFrame(),
                            id_source="names only", path=Path("negatives-2022-Q3.xlsx"))  # fmt: skip
    assert bulk.operator_lines(empty) == ["Bulk sheet negatives-2022-Q3.xlsx: no rows, nothing to upload this quarter."]
