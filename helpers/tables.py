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

from .formatting import formatter

NUMERIC_KINDS = {"money", "money2", "count", "pct", "pct_signed", "pts", "ratio"}


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
) -> Table:
    """Render ``data`` as a client table.

    Parameters
    ----------
    data : DataFrame
        Rows to show, in order. Not modified.
    formats : mapping of column -> kind
        ``money``, ``money2``, ``count``, ``pct``, ``pct_signed``, ``pts``, ``ratio`` or ``text``
        (default ``text``).
    caption : str, optional
        Shown above the table (escaped).
    labels : mapping of column -> header text
        Display names; default is the column name with underscores as spaces, capitalised.
    classes : mapping of column -> function(value) -> css class or None
        e.g. mark good/bad changes.
    max_rows : int, optional
        Show only the first rows and say how many were left out.
    """
    formats = dict(formats or {})
    labels = dict(labels or {})
    classes = dict(classes or {})
    frame = data.reset_index() if index else data
    unknown = set(formats) - set(frame.columns)
    if unknown:
        raise ValueError(f"formats names columns that are not in the table: {sorted(unknown)}")
    shown = frame if max_rows is None else frame.head(max_rows)
    fmt = {col: formatter(formats.get(col, "text"), currency) for col in frame.columns}

    def cell_class(col: str, value: object) -> str:
        css = ["num"] if formats.get(col) in NUMERIC_KINDS else []
        if col in classes:
            extra = classes[col](value)
            if extra:
                css.append(extra)
        return f' class="{" ".join(css)}"' if css else ""

    parts = ['<table class="sb-table">']
    if caption:
        parts.append(f"<caption>{html.escape(caption)}</caption>")
    parts.append("<thead><tr>")
    for col in frame.columns:
        label = labels.get(col, str(col).replace("_", " ").capitalize())
        css = ' class="num"' if formats.get(col) in NUMERIC_KINDS else ""
        parts.append(f"<th{css}>{html.escape(label)}</th>")
    parts.append("</tr></thead><tbody>")
    for row in shown.itertuples(index=False, name=None):
        parts.append("<tr>")
        for col, value in zip(frame.columns, row, strict=True):
            parts.append(f"<td{cell_class(col, value)}>{html.escape(fmt[col](value))}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table>")
    if max_rows is not None and len(frame) > max_rows:
        parts.append(f'<p class="sb-note">Showing {max_rows} of {len(frame)} rows.</p>')
    return Table("".join(parts), data)


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
