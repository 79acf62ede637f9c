"""Client tables: a DataFrame in, escaped, formatted HTML out.

Every cell is HTML-escaped (search terms and campaign names are text typed by strangers), undefined
values print as "—", numbers are right-aligned and formatted by kind (money, count, pct, pts, ratio).
The output is deterministic (no random ids), so executed notebooks compare cleanly.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from helpers import columns as c
from helpers.metrics import METRICS
from helpers.present.formatting import count, formatter

#: Metrics whose METRICS label depends on the frame (``sales`` is ad sales in an ad report, total sales
#: in a Business Report): their header is the caller's, their format still METRICS'.
_CONTEXT_LABELS = {c.SALES}


def metric_label(name: str) -> str | None:
    """The header of a METRICS column (``acos`` → 'ACoS'), None for any other column."""
    return str(METRICS.at[name, "label"]) if name in METRICS.index and name not in _CONTEXT_LABELS else None


def metric_format(name: str) -> str | None:
    """The display format of a METRICS column (``acos`` → 'percent'), None for any other column."""
    return str(METRICS.at[name, "format"]) if name in METRICS.index else None


#: From this many columns a table is set dense (smaller type, tighter cells) to fit the page width.
DENSE_COLUMNS = 9

NUMERIC_KINDS = {"money", "money2", "count", "pct", "pct2", "percent", "pct_signed", "pts", "pts2", "ratio", "prob", "decimal"}


@dataclass(frozen=True)
class Table:
    """Rendered table; Jupyter shows it through ``_repr_html_``."""

    html: str
    frame: pd.DataFrame

    def _repr_html_(self) -> str:
        return self.html


def show(
    data: pd.DataFrame,
    *,
    formats: Mapping[str, str] | None = None,
    currency: str = "USD",
    caption: str | None = None,
    labels: Mapping[str, str] | None = None,
    classes: Mapping[str, Callable[[object], str | None]] | None = None,
    max_rows: int | None = None,
    index: bool = False,
    columns: list[str] | None = None,
    cell_classes: Mapping[str, list[str | None]] | None = None,
    numeric: list[str] | None = None,
    wide: list[str] | None = None,
    empty: str | None = None,
) -> Table:
    """Render ``data`` as a client table; without rows, the sentence ``empty`` instead (default:
    the caption followed by "none"): a client never reads a table of headers only.

    Parameters
    ----------
    data : DataFrame
        Rows to show, in order. Not modified.
    formats : mapping of column -> kind
        ``money``, ``money2``, ``count``, ``pct``, ``pct_signed``, ``pts``, ``ratio`` or ``text``
        (default: the metric's format in :data:`helpers.metrics.METRICS` for a numeric column named
        like a metric, e.g. ``acos``; else ``text``).
    caption : str, optional
        Shown above the table (escaped).
    labels : mapping of column -> header text
        Display names; default is the METRICS label of a metric column (``acos`` → 'ACoS'), else the
        column name with underscores as spaces, capitalised.
    classes : mapping of column -> function(value) -> css class or None
        e.g. mark good/bad changes.
    max_rows : int, optional
        Show only the first rows and say how many were left out.
    columns : list of str, optional
        Which columns to show, in order (default: all).
    cell_classes : mapping of column -> list of css class or None, one per row
        Per-cell classes computed by the caller (e.g. good/bad by each row's direction).
    numeric : list of str, optional
        Text columns to right-align like numbers (already formatted values).
    wide : list of str, optional
        Text columns that get room before the numbers do (product names), so they do not wrap
        into a narrow stack of words.
    empty : str, optional
        What the reader is told when ``data`` has no rows (escaped).
    """
    if len(data) == 0:
        said = empty if empty is not None else (f"{caption}: none." if caption else "None.")
        return Table(f'<p class="sb-empty">{html.escape(said)}</p>', data)
    formats = dict(formats or {})
    labels = dict(labels or {})
    classes = dict(classes or {})
    cell_classes = dict(cell_classes or {})
    right = set(numeric or ())
    roomy = set(wide or ())
    frame = data.reset_index() if index else data
    if columns is not None:
        missing = [col for col in columns if col not in frame.columns]
        if missing:
            raise ValueError(f"columns must name columns of the table; got unknown {missing}")
        frame = frame[list(columns)]
    for col in frame.columns:  # metrics are formatted and labelled as METRICS says, unless told otherwise
        if col not in formats and metric_format(str(col)) and pd.api.types.is_numeric_dtype(frame[col]):
            formats[col] = str(metric_format(str(col)))
        if col not in labels and metric_label(str(col)):
            labels[col] = str(metric_label(str(col)))
    formats = {col: kind for col, kind in formats.items() if col in frame.columns}
    shown = frame if max_rows is None else frame.head(max_rows)
    fmt = {col: formatter(formats.get(col, "text"), currency) for col in frame.columns}

    def is_num(col: str) -> bool:
        return formats.get(col) in NUMERIC_KINDS or col in right

    def cell_class(col: str, value: object, i: int) -> str:
        css = ["num"] if is_num(col) else (["wide"] if col in roomy else [])
        if col in classes:
            extra = classes[col](value)
            if extra:
                css.append(extra)
        if col in cell_classes and cell_classes[col][i]:
            css.append(str(cell_classes[col][i]))
        return f' class="{" ".join(css)}"' if css else ""

    dense = " dense" if len(frame.columns) >= DENSE_COLUMNS else ""
    parts = [f'<table class="sb-table{dense}">']
    if caption:
        parts.append(f"<caption>{html.escape(caption)}</caption>")
    parts.append("<thead><tr>")
    for col in frame.columns:
        label = labels.get(col, _default_label(col))
        css = ' class="num"' if is_num(col) else ""
        parts.append(f"<th{css}>{html.escape(label)}</th>")
    parts.append("</tr></thead><tbody>")
    for i, row in enumerate(shown.itertuples(index=False, name=None)):
        parts.append("<tr>")
        for col, value in zip(frame.columns, row, strict=True):
            parts.append(f"<td{cell_class(col, value, i)}>{html.escape(fmt[col](value))}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table>")
    if max_rows is not None and len(frame) > max_rows:
        parts.append(f'<p class="sb-note">Showing {count(max_rows)} of {count(len(frame))} rows.</p>')
    return Table("".join(parts), data)


def _default_label(col: object) -> str:
    """snake_case names become 'Snake case'; names already written for people are kept as they are."""
    text = str(col)
    return text.replace("_", " ").capitalize() if text.islower() and " " not in text else text


def good_bad(direction: str, *, neutral: float = 0.0) -> Callable[[object], str | None]:
    """A ``classes`` function: 'good'/'bad' by the sign of a change and whether higher is better."""

    def classify(value: object) -> str | None:
        try:
            x = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
        if x != x or x == neutral:
            return None
        better = x > neutral if direction == "higher" else x < neutral
        return "good" if better else "bad"

    return classify
