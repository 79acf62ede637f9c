"""Advertising and traffic metrics: one definition of every number Shelfbook reports.

Rules every function here follows (see ``shared/reference/domain.md`` §4.1):

* **Ratios come from summed bases.** ACoS of a campaign is ``sum(spend) / sum(sales)``, never the mean
  of daily ACoS. Sum first (:func:`summarize`), then divide (:func:`add_ratios`).
* **A zero or missing denominator gives NaN** — never ``inf``, never 0, never "divide by one".
  :func:`safe_div` is the only division in this module.
* **Percent results are fractions** (0.25 for 25 %); formatting is the report's job
  (:func:`helpers.present.formatting.formatter` takes the ``format`` of :data:`METRICS`).
* Every function works on scalars, numpy arrays and pandas Series alike, and never mutates its input.

:data:`METRICS` is the single table of metric names, labels, kinds (amount or ratio), which direction
is good, display format and — for ratios — the bases they are computed from. Notebooks, charts and the
scorecard (:func:`deltas`) all read it, so a metric is labelled and formatted the same everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from helpers import columns as c

__all__ = [
    "METRICS",
    "TOTAL_SALES",
    "acos",
    "ad_share",
    "add_ratios",
    "aov",
    "break_even_acos",
    "change",
    "cpa",
    "cpc",
    "cpm",
    "ctr",
    "cvr",
    "deltas",
    "point_change",
    "relative_change",
    "roas",
    "safe_div",
    "summarize",
    "tacos",
    "target_acos",
    "unit_session_pct",
]

#: Column holding *total* (organic + ad) sales once a business report has been joined to ad data.
#: ``sales`` in an ad frame is ad-attributed sales; in a business-report frame it is total sales.
TOTAL_SALES = "total_sales"

# -- the one table ------------------------------------------------------------------------------------
# name: (label, kind, direction, format, numerator, denominator, scale)
#   kind       amount (summed) | ratio (numerator / denominator * scale, from summed bases)
#   direction  higher | lower | neutral  (which way is good; neutral = context decides, e.g. spend)
#   format     money | percent | count | ratio  (ratio is shown as "3.20×")
_ROWS: list[tuple[str, str, str, str, str, str | None, str | None, float]] = [
    (c.IMPRESSIONS, "Impressions", "amount", "higher", "count", None, None, 1.0),
    (c.CLICKS, "Clicks", "amount", "higher", "count", None, None, 1.0),
    (c.SPEND, "Ad spend", "amount", "neutral", "money", None, None, 1.0),
    (c.SALES, "Ad sales", "amount", "higher", "money", None, None, 1.0),
    (c.ORDERS, "Orders", "amount", "higher", "count", None, None, 1.0),
    (c.UNITS, "Units", "amount", "higher", "count", None, None, 1.0),
    (c.SESSIONS, "Sessions", "amount", "higher", "count", None, None, 1.0),
    (TOTAL_SALES, "Total sales", "amount", "higher", "money", None, None, 1.0),
    ("ctr", "CTR", "ratio", "higher", "percent", c.CLICKS, c.IMPRESSIONS, 1.0),
    ("cpc", "CPC", "ratio", "lower", "money", c.SPEND, c.CLICKS, 1.0),
    ("cpm", "CPM", "ratio", "lower", "money", c.SPEND, c.IMPRESSIONS, 1000.0),
    ("cvr", "Conversion rate", "ratio", "higher", "percent", c.ORDERS, c.CLICKS, 1.0),
    ("acos", "ACoS", "ratio", "lower", "percent", c.SPEND, c.SALES, 1.0),
    ("roas", "ROAS", "ratio", "higher", "ratio", c.SALES, c.SPEND, 1.0),
    ("cpa", "Cost per order", "ratio", "lower", "money", c.SPEND, c.ORDERS, 1.0),
    ("aov", "Average order value", "ratio", "higher", "money", c.SALES, c.ORDERS, 1.0),
    ("tacos", "TACoS", "ratio", "lower", "percent", c.SPEND, TOTAL_SALES, 1.0),
    ("ad_share", "Ad share of sales", "ratio", "neutral", "percent", c.SALES, TOTAL_SALES, 1.0),
    ("unit_session_pct", "Unit session %", "ratio", "higher", "percent", c.UNITS, c.SESSIONS, 1.0),
]

METRICS: pd.DataFrame = pd.DataFrame(
    [row[1:] for row in _ROWS],
    index=pd.Index([row[0] for row in _ROWS], name="metric"),
    columns=["label", "kind", "direction", "format", "numerator", "denominator", "scale"],
)
"""Every metric Shelfbook reports, indexed by its column name.

Columns: ``label`` (for tables and axes), ``kind`` (``amount`` — summed — or ``ratio`` — computed
from summed bases), ``direction`` (``higher``/``lower`` is better, or ``neutral``), ``format``
(``money``, ``percent``, ``count``, ``ratio`` — the kinds :func:`helpers.present.formatting.formatter`
takes), and for ratios ``numerator``, ``denominator`` and ``scale`` (the ratio is
``numerator / denominator * scale``; CPM has scale 1000).
"""

_KINDS = ("amount", "ratio")
_DIRECTIONS = ("higher", "lower", "neutral")
_GOOD_SIGN = {"higher": 1.0, "lower": -1.0, "neutral": np.nan}
_OUTCOMES = {1.0: "better", -1.0: "worse", 0.0: "same"}


def _ratio_names() -> list[str]:
    return list(METRICS.index[METRICS["kind"] == "ratio"])


def _amount_names() -> list[str]:
    return list(METRICS.index[METRICS["kind"] == "amount"])


# -- safe division ----------------------------------------------------------------------------------


def _is_pandas(value: Any) -> bool:
    return isinstance(value, pd.Series | pd.DataFrame | pd.Index)


def _as_float(value: Any) -> Any:
    """float64 view of ``value``: pandas objects and arrays as float64, scalars as float (NaN for None/NA)."""
    if _is_pandas(value) or isinstance(value, np.ndarray):
        return value.astype("float64")
    if value is None or value is pd.NA or value is pd.NaT:
        return math.nan
    if isinstance(value, bool | np.bool_):
        raise TypeError(f"metric input must be a number; got the boolean {value!r}")
    if isinstance(value, Real | np.number):
        return float(value)
    raise TypeError(f"metric input must be a number, array or pandas Series; got {type(value).__name__}")


def safe_div(numerator: Any, denominator: Any) -> Any:
    """``numerator / denominator``, with NaN wherever the denominator is 0 or missing.

    Works on scalars (returns a float), numpy arrays and pandas Series (aligned on the index, float64
    result). A zero denominator gives NaN — never ``inf``, never 0 and never a silent divide-by-one.

    >>> safe_div(3, 4), safe_div(3, 0)
    (0.75, nan)
    """
    num = _as_float(numerator)
    den = _as_float(denominator)
    if _is_pandas(den) or isinstance(den, np.ndarray):
        den = den.where(den != 0) if _is_pandas(den) else np.where(den == 0, np.nan, den)
    elif den == 0:
        den = math.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        return num / den


# -- advertising ratios -----------------------------------------------------------------------------


def acos(spend: Any, sales: Any) -> Any:
    """Advertising cost of sales: ``spend / sales`` (fraction; lower is better).

    Units: fraction of ad-attributed sales (0.25 = 25 %). Zero or missing sales gives NaN, even when
    spend is positive (spend without sales has no ACoS; report the spend itself).

    >>> acos(25.0, 100.0), acos(10.0, 0)
    (0.25, nan)
    """
    return safe_div(spend, sales)


def roas(sales: Any, spend: Any) -> Any:
    """Return on ad spend: ``sales / spend`` (currency per currency, shown as ×; higher is better).

    ROAS is ``1 / ACoS`` whenever both are defined. Zero or missing spend gives NaN.

    >>> roas(100.0, 25.0), roas(100.0, 0)
    (4.0, nan)
    """
    return safe_div(sales, spend)


def tacos(spend: Any, total_sales: Any) -> Any:
    """Total ACoS: ``ad spend / total sales`` (organic + ad; fraction; lower is better).

    Shows how heavily the brand relies on paid advertising. Zero or missing total sales gives NaN.

    >>> tacos(100.0, 1000.0), tacos(100.0, 0)
    (0.1, nan)
    """
    return safe_div(spend, total_sales)


def ctr(clicks: Any, impressions: Any) -> Any:
    """Click-through rate: ``clicks / impressions`` (fraction; higher is better).

    Zero or missing impressions gives NaN.

    >>> ctr(5, 1000), ctr(0, 0)
    (0.005, nan)
    """
    return safe_div(clicks, impressions)


def cpc(spend: Any, clicks: Any) -> Any:
    """Cost per click: ``spend / clicks`` (currency per click; lower is better).

    Zero or missing clicks gives NaN.

    >>> cpc(12.5, 10), cpc(3.0, 0)
    (1.25, nan)
    """
    return safe_div(spend, clicks)


def cpm(spend: Any, impressions: Any) -> Any:
    """Cost per thousand impressions: ``spend / (impressions / 1000)`` (currency; lower is better).

    Zero or missing impressions gives NaN.

    >>> cpm(5.0, 2000), cpm(5.0, 0)
    (2.5, nan)
    """
    return safe_div(_as_float(spend) * 1000.0, impressions)


def cvr(orders: Any, clicks: Any) -> Any:
    """Ad conversion rate: ``orders / clicks`` (fraction; higher is better).

    Orders, not units: units ÷ clicks is a different (and commonly mistaken) metric. Zero or missing
    clicks gives NaN.

    >>> cvr(3, 30), cvr(1, 0)
    (0.1, nan)
    """
    return safe_div(orders, clicks)


def unit_session_pct(units: Any, sessions: Any) -> Any:
    """Unit session percentage: ``units ordered / sessions`` (fraction; higher is better).

    The Business Report's "conversion"; orders ÷ sessions is a different metric. Can exceed 1 when
    shoppers buy several units. Zero or missing sessions gives NaN.

    >>> unit_session_pct(12, 100), unit_session_pct(3, 0)
    (0.12, nan)
    """
    return safe_div(units, sessions)


def aov(sales: Any, orders: Any) -> Any:
    """Average order value: ``sales / orders`` (currency per order; higher is better).

    Zero or missing orders gives NaN.

    >>> aov(250.0, 10), aov(10.0, 0)
    (25.0, nan)
    """
    return safe_div(sales, orders)


def cpa(spend: Any, orders: Any) -> Any:
    """Cost per acquisition (order): ``spend / orders`` (currency per order; lower is better).

    Zero or missing orders gives NaN.

    >>> cpa(50.0, 4), cpa(50.0, 0)
    (12.5, nan)
    """
    return safe_div(spend, orders)


def ad_share(ad_sales: Any, total_sales: Any) -> Any:
    """Ad share of sales: ``ad-attributed sales / total sales`` (fraction; neutral direction).

    A rising share means growth is bought rather than organic; read it next to TACoS. Zero or
    missing total sales gives NaN.

    >>> ad_share(300.0, 1000.0), ad_share(300.0, 0)
    (0.3, nan)
    """
    return safe_div(ad_sales, total_sales)


# -- economics ----------------------------------------------------------------------------------------


def break_even_acos(price: Any, cogs: Any, fees: Any) -> Any:
    """Break-even ACoS = pre-ad margin: ``(price - cogs - fees) / price`` (fraction).

    ``cogs`` is the landed cost per unit and ``fees`` every variable per-unit cost (referral, FBA,
    other), all in the price's currency. ACoS above this loses money on each ad sale; higher
    break-even means more room to advertise. Zero or missing price gives NaN. Negative when the
    product loses money before any ad spend.

    >>> round(break_even_acos(29.99, 10.00, 8.00), 4), break_even_acos(0, 1.0, 1.0)
    (0.3998, nan)
    """
    return safe_div(_as_float(price) - _as_float(cogs) - _as_float(fees), price)


def target_acos(break_even: Any, post_ad_margin: Any) -> Any:
    """Target ACoS: ``break-even ACoS - target post-ad margin`` (fraction; a ceiling for ACoS).

    Both inputs are fractions (0.20 - 0.05 = 0.15). A missing input gives NaN. A negative result
    means no ad spend meets the wanted margin.

    >>> round(target_acos(0.20, 0.05), 4), target_acos(float("nan"), 0.05)
    (0.15, nan)
    """
    return _as_float(break_even) - _as_float(post_ad_margin)


# -- changes ------------------------------------------------------------------------------------------


def relative_change(current: Any, previous: Any) -> Any:
    """Relative change of an amount: ``(current - previous) / |previous|`` (fraction).

    Use for amounts (sales, spend, orders) period over period or year over year: +0.25 = up 25 %.
    The sign always says which way the amount moved. A zero or missing base gives NaN (growth from
    nothing is undefined, not infinite).

    >>> relative_change(125.0, 100.0), relative_change(5.0, 0)
    (0.25, nan)
    """
    cur = _as_float(current)
    prev = _as_float(previous)
    base = prev.abs() if _is_pandas(prev) else np.abs(prev)
    return safe_div(cur - prev, base)


def point_change(current: Any, previous: Any) -> Any:
    """Point change of a ratio: ``current - previous`` (in fraction points; 0.01 = 1 pp = 100 bps).

    Use for ratios (ACoS, CTR, CVR): ACoS from 30 % to 25 % is -0.05 (5 points), not -16.7 %.
    A missing side gives NaN.

    >>> round(point_change(0.25, 0.30), 4), point_change(0.25, float("nan"))
    (-0.05, nan)
    """
    return _as_float(current) - _as_float(previous)


def change(current: Any, previous: Any, *, kind: str = "amount") -> Any:
    """The headline change: :func:`relative_change` for ``kind="amount"``, :func:`point_change` for ``"ratio"``.

    >>> change(150.0, 100.0), round(change(0.2, 0.25, kind="ratio"), 4)
    (0.5, -0.05)
    """
    if kind == "amount":
        return relative_change(current, previous)
    if kind == "ratio":
        return point_change(current, previous)
    raise ValueError(f"kind must be one of {', '.join(_KINDS)}; got {kind!r}")


# -- frames -------------------------------------------------------------------------------------------


def _check_frame(data: Any, func: str) -> None:
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame; got {type(data).__name__} (in metrics.{func})")


def add_ratios(data: pd.DataFrame, *, ratios: Sequence[str] | None = None) -> pd.DataFrame:
    """A copy of ``data`` with every ratio of :data:`METRICS` whose bases are columns of ``data``.

    With impressions, clicks, spend, sales and orders present this adds ``ctr``, ``cpc``, ``cpm``,
    ``cvr``, ``acos``, ``roas``, ``cpa`` and ``aov``; ``tacos``/``ad_share`` need ``total_sales`` and
    ``unit_session_pct`` needs ``units`` and ``sessions``. Each row's ratio is computed from that
    row's bases (so summarize first for totals). Zero denominators give NaN. ``ratios`` restricts
    which ratios are added (each must be a ratio of METRICS and have its bases present). Existing
    columns of the same name are replaced in the copy; the input is never modified.

    >>> add_ratios(pd.DataFrame({"spend": [5.0, 2.0], "sales": [20.0, 0.0]}))[["acos", "roas"]].to_dict("list")
    {'acos': [0.25, nan], 'roas': [4.0, 0.0]}
    """
    _check_frame(data, "add_ratios")
    known = _ratio_names()
    if ratios is None:
        chosen = [
            name
            for name in known
            if METRICS.at[name, "numerator"] in data.columns
            and METRICS.at[name, "denominator"] in data.columns
        ]
    else:
        chosen = list(ratios)
        for name in chosen:
            if name not in known:
                raise ValueError(
                    f"ratios must be among {', '.join(known)}; got {name!r} (in metrics.add_ratios)"
                )
            for base in (METRICS.at[name, "numerator"], METRICS.at[name, "denominator"]):
                if base not in data.columns:
                    raise ValueError(
                        f"data must have a {base!r} column to compute {name!r}; got columns "
                        f"{', '.join(map(str, data.columns))} (in metrics.add_ratios)"
                    )
    out = data.copy()
    for name in chosen:
        num, den, scale = METRICS.loc[name, ["numerator", "denominator", "scale"]]
        out[name] = safe_div(out[num].astype("float64") * float(scale), out[den])
    return out


def summarize(
    data: pd.DataFrame,
    by: str | Sequence[str] | None = None,
    *,
    bases: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Sum the base columns (per group of ``by``) and compute every ratio from the sums.

    ``bases`` defaults to every amount of :data:`METRICS` present in ``data`` (impressions, clicks,
    spend, sales, orders, units, sessions, total_sales). Sums skip NaN but a group whose values are
    all NaN stays NaN (``min_count=1``): blank means unknown, never zero. Groups keep NaN keys (auto
    campaigns have no match type) so that totals add up, and come back as ordinary columns,
    sorted. Without ``by`` the result is a single row. Ratios follow :func:`add_ratios`.

    >>> df = pd.DataFrame({"campaign": ["a", "a", "b"], "spend": [1.0, 2.0, 3.0], "sales": [4.0, 8.0, 0.0]})
    >>> summarize(df, "campaign")[["campaign", "spend", "acos"]].to_dict("list")
    {'campaign': ['a', 'b'], 'spend': [3.0, 3.0], 'acos': [0.25, nan]}
    """
    _check_frame(data, "summarize")
    keys = [] if by is None else [by] if isinstance(by, str) else list(by)
    for key in keys:
        if key not in data.columns:
            raise ValueError(
                f"by column {key!r} must be a column of data; got columns {', '.join(map(str, data.columns))} "
                "(in metrics.summarize)"
            )
    if bases is None:
        cols = [name for name in _amount_names() if name in data.columns and name not in keys]
    else:
        cols = list(bases)
        missing = [name for name in cols if name not in data.columns]
        if missing:
            raise ValueError(
                f"bases must be columns of data; got missing {', '.join(map(repr, missing))} (in metrics.summarize)"
            )
    values = data[keys + cols].copy()
    values[cols] = values[cols].astype("float64")
    if keys:
        summed = (
            values.groupby(keys, dropna=False, sort=True, observed=True)[cols].sum(min_count=1).reset_index()
        )
    else:
        summed = values[cols].sum(min_count=1).to_frame().T.reset_index(drop=True)
        summed = summed.astype("float64")
    return add_ratios(summed)


def _as_mapping(values: Any, name: str) -> Mapping[str, Any]:
    if isinstance(values, pd.DataFrame):
        if len(values) != 1:
            raise ValueError(
                f"{name} must be a dict, a Series or a one-row DataFrame; got {len(values)} rows"
            )
        return values.iloc[0].to_dict()
    if isinstance(values, pd.Series):
        return values.to_dict()
    if isinstance(values, Mapping):
        return values
    raise TypeError(f"{name} must be a dict, a Series or a one-row DataFrame; got {type(values).__name__}")


def deltas(current: Any, previous: Any, *, metrics: Sequence[str] | None = None) -> pd.DataFrame:
    """KPI scorecard: per metric the current and previous value and how it changed.

    ``current``/``previous`` are dicts, Series or one-row frames (e.g. :func:`summarize` of two
    periods). ``metrics`` defaults to every METRICS name present in ``current``, in METRICS order;
    other keys (group columns) are ignored. A metric absent from ``previous`` (last year missing)
    compares with NaN.

    Columns: ``label``, ``kind``, ``direction``, ``format`` (from METRICS), ``current``,
    ``previous``, ``abs_change`` (current - previous; points for ratios), ``rel_change``
    ((current - previous) / |previous|, NaN on a zero/missing base), ``change`` (the headline:
    relative for amounts, points for ratios) and ``outcome`` (``better``/``worse``/``same`` by the
    metric's direction; NaN when neutral or not comparable).

    >>> card = deltas({"sales": 120.0, "acos": 0.20}, {"sales": 100.0, "acos": 0.25})
    >>> card[["change", "outcome"]].round(4).to_dict("index")
    {'sales': {'change': 0.2, 'outcome': 'better'}, 'acos': {'change': -0.05, 'outcome': 'better'}}
    """
    cur = _as_mapping(current, "current")
    prev = _as_mapping(previous, "previous")
    if metrics is None:
        names = [name for name in METRICS.index if name in cur]
    else:
        names = list(metrics)
        unknown = [name for name in names if name not in METRICS.index]
        if unknown:
            raise ValueError(
                f"metrics must be names in METRICS ({', '.join(METRICS.index)}); got {', '.join(map(repr, unknown))}"
            )
    table = METRICS.loc[names, ["label", "kind", "direction", "format"]].copy()
    table["current"] = [_as_float(cur.get(name)) for name in names]
    table["previous"] = [_as_float(prev.get(name)) for name in names]
    table["current"] = table["current"].astype("float64")
    table["previous"] = table["previous"].astype("float64")
    table["abs_change"] = point_change(table["current"], table["previous"])
    table["rel_change"] = relative_change(table["current"], table["previous"])
    is_ratio = table["kind"] == "ratio"
    table["change"] = table["rel_change"].where(~is_ratio, table["abs_change"])
    good = np.sign(table["abs_change"]) * table["direction"].map(_GOOD_SIGN)
    table["outcome"] = [_OUTCOMES.get(value, np.nan) for value in good]
    return table
