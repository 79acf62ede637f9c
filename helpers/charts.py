"""Charts for client reports: one theme, one palette, functions seaborn-style.

Every chart function takes ``data`` first and the rest keyword-only, draws on ``ax`` (a new figure
when None), returns the axes and never calls ``show()`` or saves. Tests inspect what was drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import pandas as pd

from .formatting import CURRENCY_SYMBOLS

PALETTE = ["#1f6f8b", "#e0a458", "#99a1a6", "#3d9970", "#c0392b", "#6c5b7b", "#2c3e50", "#f4d35e"]
GOOD, BAD, NEUTRAL = "#3d9970", "#c0392b", "#99a1a6"
FIGSIZE = (7.2, 3.0)  # fits the text width of Letter and A4 pages


def set_theme(accent: str | None = None) -> None:
    """Shelfbook look: white background, light grid, no top/right spines, readable on paper."""
    import seaborn as sns

    palette = [accent, *PALETTE[1:]] if accent else PALETTE
    sns.set_theme(style="whitegrid", palette=palette, font_scale=0.9)
    plt.rcParams.update(
        {
            "figure.figsize": FIGSIZE,
            "figure.dpi": 100,
            "savefig.dpi": 200,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titleweight": "bold",
            "axes.titlesize": 10.5,
            "axes.titlelocation": "left",
            "axes.labelsize": 9,
            "legend.frameon": False,
            "legend.fontsize": 8.5,
            "font.family": ["DejaVu Sans"],
            "svg.fonttype": "path",
            "svg.hashsalt": "shelfbook",  # stable ids in SVG output
            "figure.autolayout": True,
        }
    )


def _ax(ax: plt.Axes | None, figsize: tuple[float, float] = FIGSIZE) -> plt.Axes:
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=figsize)
    return ax


def money_axis(axis, currency: str = "USD") -> None:
    """Format an axis as compact money ($12k)."""
    from .formatting import money

    axis.set_major_formatter(mticker.FuncFormatter(lambda v, _: money(v, currency, compact=True)))


def pct_axis(axis, decimals: int = 0) -> None:
    axis.set_major_formatter(mticker.PercentFormatter(xmax=1.0, decimals=decimals))


def weekly_trend(
    data: pd.DataFrame,
    *,
    x: str,
    bars: str,
    line: str | None = None,
    currency: str = "USD",
    bar_label: str | None = None,
    line_label: str | None = None,
    line_kind: str = "pct",
    highlight: tuple[pd.Timestamp, pd.Timestamp] | None = None,
    title: str | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Bars of a money amount per week with an optional ratio line on a second axis.

    ``highlight`` shades a date span (the quarter under review).
    """
    ax = _ax(ax)
    frame = data.sort_values(x)
    width = 5.0  # days
    ax.bar(frame[x], frame[bars], width=width, color=PALETTE[0], label=bar_label or bars, alpha=0.9)
    money_axis(ax.yaxis, currency)
    ax.set_xlabel("")
    ax.set_ylabel(bar_label or bars)
    if highlight is not None:
        ax.axvspan(highlight[0], highlight[1], color=PALETTE[7], alpha=0.18, lw=0, label="quarter under review")
    handles, labels = ax.get_legend_handles_labels()
    if line:
        ax2 = ax.twinx()
        ax2.plot(frame[x], frame[line], color=PALETTE[1], lw=2, label=line_label or line)
        ax2.grid(False)
        ax2.spines["right"].set_visible(True)
        if line_kind == "pct":
            pct_axis(ax2.yaxis)
        ax2.set_ylabel(line_label or line)
        ax2.set_ylim(bottom=0)
        h2, l2 = ax2.get_legend_handles_labels()
        handles, labels = handles + h2, labels + l2
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=3)
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    if title:
        ax.set_title(title)
    return ax


def diverging_bars(
    data: pd.DataFrame,
    *,
    label: str,
    value: str,
    currency: str = "USD",
    title: str | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Horizontal bars for changes (top movers): green up, red down, largest magnitude on top."""
    frame = data.reindex(data[value].abs().sort_values().index)
    ax = _ax(ax, (7.2, max(1.8, 0.28 * len(frame) + 0.8)))
    colors = [GOOD if v >= 0 else BAD for v in frame[value]]
    ax.barh(frame[label].astype(str), frame[value], color=colors)
    ax.axvline(0, color="#555", lw=0.8)
    money_axis(ax.xaxis, currency)
    ax.set_ylabel("")
    if title:
        ax.set_title(title)
    return ax


def share_bars(
    data: pd.DataFrame,
    *,
    category: str,
    values: Sequence[str],
    currency: str = "USD",
    title: str | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Grouped horizontal bars of money amounts per category (e.g. spend and sales by match type)."""
    frame = data.set_index(category)[list(values)]
    ax = _ax(ax, (7.2, max(1.8, 0.45 * len(frame) + 0.8)))
    frame.iloc[::-1].plot.barh(ax=ax, color=PALETTE[: len(values)], width=0.75)
    money_axis(ax.xaxis, currency)
    ax.set_ylabel("")
    ax.legend(loc="lower right")
    if title:
        ax.set_title(title)
    return ax


def currency_symbol(currency: str) -> str:
    return CURRENCY_SYMBOLS.get(currency, currency)
