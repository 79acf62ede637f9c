"""Value parsers: numbers/money/percent (property tests), dates, IDs."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from helpers.errors import InputFileError
from helpers.loaders._values import (
    TEXT,
    constant_text,
    is_tidy_text,
    parse_date,
    parse_id,
    parse_number,
    parse_text,
)

amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


def us(value) -> str:
    return f"{value:,.2f}"


def german(value) -> str:
    return us(value).replace(",", "_").replace(".", ",").replace("_", ".")


def lakh(value) -> str:
    whole, cents = f"{value:.2f}".split(".")
    if len(whole) > 3:
        head, tail = whole[:-3], whole[-3:]
        groups = []
        while len(head) > 2:
            groups.insert(0, head[-2:])
            head = head[:-2]
        whole = ",".join([head, *groups, tail]) if head else ",".join([*groups, tail])
    return f"{whole}.{cents}"


@given(amounts, st.sampled_from(["$", "Rs.", "₹", "£", "MX$", "US$", "", "€"]))
def test_prefixed_money_round_trips(value, prefix):
    parsed = parse_number(pd.Series([f"{prefix}{us(value)}"]), column="Sales")
    assert parsed[0] == pytest.approx(float(value))


@given(amounts)
def test_lakh_grouping_round_trips(value):
    parsed = parse_number(pd.Series([f"₹{lakh(value)}"]), column="Sales")
    assert parsed[0] == pytest.approx(float(value))


@given(amounts, st.sampled_from(["{} €", "{}€", "€{}", "{}"]))
def test_german_decimal_comma_round_trips(value, template):
    parsed = parse_number(pd.Series([template.format(german(value))]), column="Umsatz", decimal_comma=True)
    assert parsed[0] == pytest.approx(float(value))


@given(st.decimals(min_value=0, max_value=100, places=4))
def test_percent_strings_become_fractions(value):
    parsed = parse_number(pd.Series([f"{value}%"]), column="CTR", percent=True)
    assert parsed[0] == pytest.approx(float(value) / 100)


def test_numeric_percent_cells_are_left_alone():
    # xlsx percent cells are already fractions: never divided again
    assert parse_number(pd.Series([0.0319, 1.0]), column="CTR", percent=True).tolist() == [0.0319, 1.0]
    assert parse_number(pd.Series(["99%", "0.5"]), column="Buy Box", percent=True).tolist() == [0.99, 0.5]


def test_blanks_are_nan_not_zero():
    parsed = parse_number(pd.Series(["", "  ", "-", "—", None, "0"], dtype=object), column="ACoS")
    assert parsed.isna().tolist() == [True] * 5 + [False]


def test_full_width_yen_negative_and_thresholds():
    values = pd.Series(["￥1,234", "(1.50)", "<5%", "-$3.00", "１２３"])
    assert parse_number(values, column="x", percent=True).tolist() == [1234.0, -1.5, 0.05, -3.0, 123.0]


def test_bad_number_row_counts_from_first_data_row():
    values = pd.Series(["1", "2", "abc"], index=[0, 1, 2])
    with pytest.raises(InputFileError) as caught:
        parse_number(values, column="Clicks", first_data_row=5)
    assert caught.value.row == 7


@pytest.mark.parametrize(
    "values",
    [["1", "2.5", None, "-3", "1e3"], ["1", " 2", "$3"], ["12", "-", "3"], ["1", "inf"], ["1", "NaN"]],
)
def test_csv_text_columns_read_the_same_by_either_path(values):
    """A CSV column (Arrow text) of plain numbers takes a one-cast fast path; anything else goes to
    the full parser. Both must agree, and text such as 'inf' or 'NaN' is still refused."""
    arrow = pd.Series(values, dtype="str")
    python = pd.Series(values, dtype=object)
    try:
        expected = parse_number(python, column="Spend").tolist()
    except InputFileError as error:
        with pytest.raises(InputFileError) as caught:
            parse_number(arrow, column="Spend")
        assert str(caught.value) == str(error)
    else:
        assert parse_number(arrow, column="Spend").tolist() == pytest.approx(expected, nan_ok=True)


texts = st.lists(
    st.none() | st.text(alphabet=st.sampled_from(["a", "é", " ", "\t", "\n", "\u00a0", "\u3000", "\x1f", "語"])),
    max_size=12,
)


@given(texts, st.integers(0, 3))
@example(values=["a", "b\x1f"], chunk=1)  # every character Python's strip() removes, at an edge
@example(values=["\x1ca", "b"], chunk=0)
@example(values=["a\u00a0", None], chunk=1)
@example(values=["a", ""], chunk=0)
@example(values=["a", "\x0bb"], chunk=3)
def test_text_columns_are_stripped_only_when_needed(values, chunk):
    """parse_text skips its million-row strip when every value is already stripped and non-empty
    (checked from the first and last byte of each value; a non-ASCII edge is left to the strip).
    The answer must equal the full strip whatever the whitespace (NBSP, ideographic space, control
    characters), also for an Arrow column split into chunks or sliced."""
    import pyarrow as pa

    expected = pd.Series(values, dtype=object).astype("str").str.strip()
    expected = expected.mask(expected.eq(""))
    arrow = pa.array(values, type=pa.large_string())
    pieces = [arrow[:chunk], arrow[chunk:]] if chunk < len(values) else [arrow]
    text = pd.StringDtype("pyarrow", na_value=float("nan"))
    column = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(pieces, type=pa.large_string()), dtype=text))
    assert parse_text(column).tolist() == pytest.approx(expected.tolist(), nan_ok=True)
    tidy = all(v is None or (v and v == v.strip()) for v in values)
    ascii_edges = all(v is None or (v[:1] + v[-1:]).isascii() for v in values)
    assert is_tidy_text(column) == tidy if ascii_edges else not is_tidy_text(column) or tidy


def test_dates_are_decided_per_column():
    mdy = parse_date(pd.Series(["5/1/26", "12/31/26"]), column="Date", dayfirst=False)
    assert mdy.tolist() == [pd.Timestamp("2026-05-01"), pd.Timestamp("2026-12-31")]
    dmy = parse_date(pd.Series(["01/04/26", "02/04/26"]), column="Date", dayfirst=True)
    assert dmy.tolist() == [pd.Timestamp("2026-04-01"), pd.Timestamp("2026-04-02")]
    serial = parse_date(pd.Series([43800.0]), column="Date", dayfirst=False)
    assert serial[0] == pd.Timestamp("2019-12-01")  # Excel serial 43800
    zoned = parse_date(pd.Series(["29/09/2025 16:19:39 BST"]), column="open-date", dayfirst=True)
    assert zoned[0] == pd.Timestamp("2025-09-29")
    iso = parse_date(pd.Series(["2026-08-01", None], dtype=object), column="date", dayfirst=True)
    assert iso[0] == pd.Timestamp("2026-08-01") and pd.isna(iso[1])


def test_impossible_day_order_falls_back_for_the_whole_column_with_a_note():
    notes: list[str] = []
    parsed = parse_date(pd.Series(["12/31/2026", "1/2/2026"]), column="Date", dayfirst=True, notes=notes)
    assert parsed.tolist() == [pd.Timestamp("2026-12-31"), pd.Timestamp("2026-01-02")]
    assert notes and "month first" in notes[0]


def test_ids_are_strings():
    values = pd.Series(['="254927681919372"', 254927681919372, 12.0, None], dtype=object)
    assert parse_id(values).tolist()[:3] == ["254927681919372", "254927681919372", "12"]
    assert pd.isna(parse_id(values)[3])


@pytest.mark.parametrize("dtype", [object, "str"])
def test_rows_blank_everywhere_are_dropped_and_others_kept(dtype):
    """A row of empty, space-only or missing cells (Excel's trailing rows, a CSV's blank line) is
    dropped; a row blank only in its first column keeps its data, and row labels stay the file's."""
    from helpers.loaders._core import _drop_blank_rows

    data = pd.DataFrame(
        {0: ["Jan 1", "  ", None, "", "Jan 2", " "], 1: ["3", " ", None, "7", "4", "\t"]}, dtype=dtype
    )
    kept = _drop_blank_rows(data)
    assert kept.index.tolist() == [0, 3, 4]
    assert kept[1].tolist() == ["3", "7", "4"]


@given(value=st.one_of(st.none(), st.text(max_size=12)), size=st.integers(0, 40), start=st.integers(0, 5))
def test_a_constant_text_column_is_the_column_pandas_fills_from_the_scalar(value, size, start):
    index = pd.RangeIndex(start, start + size * 2, 2)  # a loaded frame's index need not start at 0
    expected = pd.Series(value if value is not None else float("nan"), index=index, dtype=TEXT)
    got = constant_text(value, index)
    pd.testing.assert_series_equal(got, expected)
    assert got.array._pa_array.type == expected.array._pa_array.type
