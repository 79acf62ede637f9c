"""The engine under every search-term table: each row's value as its position among the distinct
values (codes), decided once per distinct value and spread back, never one Python step per row.

A search term report repeats each term on many rows. Factorising a million-row text column is the
dearest step, and the negatives, harvest and n-gram tables all need the same column's codes: they
are remembered per column. That is safe because an Arrow-backed column is immutable (pandas
replaces its array on assignment, never edits it), so the same array object always holds the same
values.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from helpers.measures.search_terms.text import (
    PLACEHOLDER,
    _contains_any,
    _normalize_series,
    classify_terms,
    term_kind,
)


class _PerObject:
    """Values remembered per live object, by identity: a few at most, each dropped when its object
    is (so a new object that happens to get a dead one's id can never be served its value)."""

    def __init__(self, kept: int = 8) -> None:
        self._kept = kept
        self._store: dict[int, tuple[weakref.ref, Any]] = {}

    def get(self, obj: Any, build: Callable[[], Any]) -> Any:
        key = id(obj)
        hit = self._store.get(key)
        if hit is not None and hit[0]() is obj:
            return hit[1]
        value = build()
        while len(self._store) >= self._kept:
            self._store.pop(next(iter(self._store)))
        self._store[key] = (weakref.ref(obj, lambda _, key=key: self._store.pop(key, None)), value)
        return value


_CODES = _PerObject()  # Arrow array of a column -> (codes, uniques)
_NORMAL = _PerObject()  # uniques -> their normalised text
_TERMS = _PerObject()  # uniques -> _Names


def _factorized(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, uniques)``: each row's position in ``uniques`` (−1 when missing), the distinct
    values as an object array in order of first appearance. Read-only arrays (they may be shared)."""

    def build() -> tuple[np.ndarray, np.ndarray]:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        codes = np.asarray(codes, dtype=np.int64)
        uniques = np.asarray(uniques, dtype=object)
        codes.flags.writeable = uniques.flags.writeable = False
        return codes, uniques

    array = values.array
    if isinstance(array, pd.arrays.ArrowStringArray):  # immutable: safe to remember
        return _CODES.get(array.__arrow_array__(), build)
    return build()


def _normal_names(values: pd.Series, *, placeholder: bool = False) -> np.ndarray:
    """:func:`normalize_term` of each of the column's distinct values (aligned with the ``uniques``
    of :func:`_factorized`; remembered with them). With ``placeholder``, Amazon's ``*`` stays ``*``
    (normalising would blank it)."""
    _, uniques = _factorized(values)

    def build() -> np.ndarray:
        normal = _normalize_series(pd.Series(uniques, dtype="str")).to_numpy(dtype=object)
        normal.flags.writeable = False
        return normal

    normal = _NORMAL.get(uniques, build)
    if not placeholder:
        return normal
    stars = pd.Series(uniques, dtype="str").str.strip().eq(PLACEHOLDER).to_numpy(dtype=bool)
    return np.where(stars, PLACEHOLDER, normal)


def _group_sums(ids: np.ndarray, values: np.ndarray, size: int, rows_per_group: np.ndarray | None = None) -> np.ndarray:
    """Per group ``0..size-1``: the sum of ``values`` (float) over the rows with that ``ids``;
    NaN when the group has no non-missing value (``sum(min_count=1)``). ``rows_per_group``
    (``np.bincount(ids)``) saves a pass when the caller has it."""
    present = ~np.isnan(values)
    if present.all():
        sums = np.bincount(ids, weights=values, minlength=size)
        counts = rows_per_group if rows_per_group is not None else np.bincount(ids, minlength=size)
    else:
        sums = np.bincount(ids, weights=np.where(present, values, 0.0), minlength=size)
        counts = np.bincount(ids, weights=present, minlength=size)
    return np.where(counts > 0, sums, np.nan)


def _row_mask(rows: pd.DataFrame, mask: np.ndarray | None) -> np.ndarray:
    return np.ones(len(rows), dtype=bool) if mask is None else np.asarray(mask, dtype=bool)


def _text_sort_order(values: np.ndarray) -> np.ndarray:
    """Positions that sort distinct strings in code-point order (Arrow's sort: no Python compares)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return np.asarray(pc.array_sort_indices(pa.array(values, type=pa.large_string())))


def _str_column(values: Any) -> pd.api.extensions.ExtensionArray:
    """An Arrow string array as a pandas ``str`` column, without a copy."""
    import pyarrow as pa

    if not isinstance(values, pa.ChunkedArray):
        values = pa.chunked_array([values])
    if values.type != pa.large_string():
        values = values.cast(pa.large_string())
    return pd.arrays.ArrowStringArray(values, dtype=pd.StringDtype("pyarrow", na_value=np.nan))


@dataclass(frozen=True, eq=False)
class _Names:
    """The distinct normalised terms of a column, in code-point order (``*`` kept as is; ``""`` for
    a value that normalises to nothing), with what every table of them needs once."""

    term_of: np.ndarray  # distinct raw value -> position in text
    text: np.ndarray
    arrow: Any
    kind: np.ndarray
    listed: np.ndarray  # has at least one row
    nonblank: np.ndarray
    _cache: dict

    def classes(self, brand_terms: tuple[str, ...], competitor_terms: tuple[str, ...]) -> np.ndarray:
        key = ("classes", brand_terms, competitor_terms)
        if key not in self._cache:
            self._cache[key] = classify_terms(
                pd.Series(_str_column(self.arrow)), brand_terms=brand_terms, competitor_terms=competitor_terms
            ).to_numpy(dtype=object)
        return self._cache[key]

    def positions(self, texts: Any) -> np.ndarray:
        """Position of each normalised text in ``text`` (−1 when absent)."""
        import pyarrow.compute as pc

        found = pc.index_in(_arrow_text(np.asarray(texts, dtype=object)), value_set=self.arrow)
        return np.asarray(found.fill_null(-1), dtype=np.int64)

    def containing(self, phrases: Iterable[str]) -> np.ndarray:
        """Which terms contain one of ``phrases`` as whole words (one regex pass)."""
        return _contains_any(pd.Series(_str_column(self.arrow)), phrases)


def _term_names(values: pd.Series) -> _Names:
    """:class:`_Names` of a search term column, remembered with the column's codes."""
    codes, uniques = _factorized(values)
    return _TERMS.get(uniques, lambda: _build_names(values, codes, uniques))


def _build_names(values: pd.Series, codes: np.ndarray, uniques: np.ndarray) -> _Names:
    import pyarrow as pa

    term_of, text = pd.factorize(_normal_names(values, placeholder=True))
    text = np.asarray(text, dtype=object)
    order = _text_sort_order(text)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    term_of, text = rank[np.asarray(term_of, dtype=np.int64)], text[order]
    arrow = pa.array(text, type=pa.large_string())
    column = pd.Series(_str_column(arrow))
    return _Names(
        term_of=term_of,
        text=text,
        arrow=arrow,
        kind=term_kind(column, column).to_numpy(dtype=object),
        listed=np.bincount(term_of[codes[codes >= 0]], minlength=len(text)) > 0,
        nonblank=text != "",
        _cache={},
    )


def _arrow_text(values: Any) -> Any:
    """Text as an Arrow large_string array (from a Series, a numpy array or Arrow)."""
    import pyarrow as pa

    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if isinstance(values, pa.Array):
        return values if values.type == pa.large_string() else values.cast(pa.large_string())
    if isinstance(values, pd.Series):
        if isinstance(values.array, pd.arrays.ArrowStringArray):
            return _arrow_text(values.array.__arrow_array__())
        values = values.to_numpy(dtype=object)
    return pa.array(values, type=pa.large_string(), from_pandas=True)


def _money_order(money: Any, text: Any) -> np.ndarray:
    """Positions that sort by ``money`` (highest first, NaN last), then ``text``, ties kept in order,
    by Arrow's stable sort (no Python string comparisons; text in code-point order).

    Money is compared to the millionth: the same amounts summed in another order can differ in the
    last bit, and that must not reorder a table."""
    import pyarrow as pa
    import pyarrow.compute as pc

    keys = pa.table(
        {
            "money": pa.array(np.round(np.asarray(money, dtype=float), 6), from_pandas=True),  # NaN → null
            "text": _arrow_text(text),
        }
    )
    order = [("money", "descending", "at_end"), ("text", "ascending", "at_end")]
    return np.asarray(pc.sort_indices(keys, sort_keys=order))


def _values(rows: pd.DataFrame, column: str) -> np.ndarray:
    """A numeric column as float64 (missing = NaN)."""
    return rows[column].to_numpy(dtype=float, na_value=np.nan)


def _is_value(rows: pd.DataFrame, column: str, wanted: Iterable[str]) -> np.ndarray:
    """Rows whose ``column`` is one of ``wanted`` (decided once per distinct value)."""
    codes, uniques = _factorized(rows[column])
    hit = np.isin(uniques, list(wanted))
    return (codes >= 0) & hit[np.maximum(codes, 0)] if len(uniques) else np.zeros(len(rows), dtype=bool)


def _values_at(values: pd.Series, positions: np.ndarray) -> np.ndarray:
    """``values`` at a few ``positions``, read through the column's codes (NaN where missing)."""
    codes, uniques = _factorized(values)
    picked = codes[positions]
    out = np.asarray(uniques, dtype=object)[np.maximum(picked, 0)] if len(uniques) else np.full(len(picked), np.nan, dtype=object)
    out[picked < 0] = np.nan
    return out


def _first_appearances(ids: np.ndarray) -> np.ndarray:
    """Where each id first appears, for ids that count up in order of first appearance (as
    ``pd.factorize`` gives them): a first appearance is a new running maximum."""
    return np.flatnonzero(ids > np.concatenate([[-1], np.maximum.accumulate(ids)[:-1]]))


def _combinations(rows: pd.DataFrame, mask: np.ndarray, keys: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Each row of ``rows[mask]``'s combination of ``keys`` (missing values count as a value) as an
    id counting up in order of first appearance, and the distinct combinations (one row per id),
    found by codes instead of copying the rows."""
    picked = np.flatnonzero(mask)
    ids = np.zeros(len(picked), dtype=np.int64)
    for column in keys:  # re-coded after each column: the combined code stays small
        codes, uniques = _factorized(rows[column])
        ids, _ = pd.factorize(ids * (len(uniques) + 1) + codes[picked] + 1)
    first = picked[_first_appearances(ids)]
    return ids, pd.DataFrame({c: _values_at(rows[c], first) for c in keys}, index=range(len(first)))


def _compact(rows: pd.DataFrame, mask: np.ndarray, keys: list[str], total: str | None) -> pd.DataFrame:
    """One row per distinct combination of ``keys`` among ``rows[mask]``, in order of first
    appearance (:func:`_combinations`), with ``total`` summed: the few rows a grouping over a
    million needs."""
    ids, out = _combinations(rows, mask, keys)
    if total is not None:
        values = np.nan_to_num(_values(rows, total)[np.asarray(mask, dtype=bool)])
        out[total] = np.bincount(ids, weights=values, minlength=len(out))
    return out
