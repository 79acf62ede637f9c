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

from helpers.metrics import METRICS
from helpers.present.formatting import CURRENCY_SYMBOLS, cluster_label

#: Axis and legend names of the metrics charts plot, from the one table of metrics.
ACOS = str(METRICS.at["acos", "label"])

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
            "svg.fonttype": "none",  # text as text: WeasyPrint draws it with the system DejaVu Sans (fonts-dejavu-core), 1.4 s faster per QBR than glyph paths
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
    from helpers.present.formatting import money

    axis.set_major_formatter(mticker.FuncFormatter(lambda v, _: money(v, currency, compact=True)))


def pct_axis(axis, decimals: int = 0) -> None:
    """Format an axis of fractions as percentages, as the marketplace writes them (18% or 18 %):
    ticks at whole steps of 1, 2 or 5 (never 2.5), each label exact (a 0.1% step gets a decimal)."""
    axis.set_major_locator(mticker.MaxNLocator(nbins="auto", steps=[1, 2, 5, 10]))
    axis.set_major_formatter(_PctFormatter(decimals))


class _PctFormatter(mticker.Formatter):
    """Percent tick labels with the fewest decimals (at least ``decimals``) that state every tick
    exactly: a 7.5% tick is never printed as '8%'."""

    def __init__(self, decimals: int = 0) -> None:
        self.decimals = decimals

    def __call__(self, x: float, pos: int | None = None) -> str:
        from helpers.present.formatting import pct

        return pct(x, self.decimals)

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        from helpers.present.formatting import pct

        digits = next(
            (d for d in range(self.decimals, 4) if all(abs(round(v * 100, d) - v * 100) < 1e-9 for v in values)), 3
        )
        return [pct(v, digits) for v in values]


def _ratio_twin(ax: plt.Axes, label: str, *, percent: bool = True) -> plt.Axes:
    """A second y axis on the right for a ratio line (ACoS, TACoS). Plot on it, then call
    ``set_ylim(bottom=0)`` (setting limits first would freeze the autoscaled top)."""
    twin = ax.twinx()
    twin.grid(False)
    twin.spines["right"].set_visible(True)
    if percent:
        pct_axis(twin.yaxis)
    twin.set_ylabel(label)
    return twin


def _legend_below(ax: plt.Axes, *axes: plt.Axes, offset: float = 0.12, ncols: int = 3) -> None:
    """One legend under the plot for the artists of ``ax`` and its twins."""
    handles, labels = [], []
    for each in (ax, *axes):
        h, lab = each.get_legend_handles_labels()
        handles, labels = handles + h, labels + lab
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -offset), ncols=ncols)


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
    twins = []
    if line:
        ax2 = _ratio_twin(ax, line_label or line, percent=line_kind == "pct")
        ax2.plot(frame[x], frame[line], color=PALETTE[1], lw=2, label=line_label or line)
        ax2.set_ylim(bottom=0)
        twins.append(ax2)
    _legend_below(ax, *twins, offset=0.12, ncols=3)
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


def launch_ramp(
    data: pd.DataFrame,
    *,
    x: str = "week",
    bars: str = "spend",
    line: str = "target_acos",
    expected: str | None = "acos",
    actual_bars: str | None = None,
    actual_line: str | None = None,
    currency: str = "USD",
    title: str | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Launch ramp: planned weekly budget as bars and the target-ACoS glide path as a line (second
    axis), with the expected ACoS dashed; ``actual_bars``/``actual_line`` columns (NaN for weeks not
    yet run) add the actual spend as narrow bars and the actual ACoS as dots."""
    ax = _ax(ax)
    frame = data.sort_values(x)
    xs = frame[x].to_numpy(dtype=float)
    width = 0.38 if actual_bars else 0.7
    offset = width / 2 if actual_bars else 0.0
    ax.bar(xs - offset, frame[bars], width=width, color=PALETTE[0], label="Planned budget", alpha=0.9)
    if actual_bars:
        ax.bar(xs + offset, frame[actual_bars], width=width, color=PALETTE[1], label="Actual spend")
    money_axis(ax.yaxis, currency)
    ax.set_xlabel("Week since launch")
    ax.set_ylabel("Ad spend")
    ax.set_xticks(xs)
    ax.set_xticklabels([f"{int(v)}" for v in xs])
    ax2 = _ratio_twin(ax, ACOS)
    ax2.plot(xs, frame[line], color=PALETTE[6], lw=2, label=f"Target {ACOS} (glide path)")
    if expected:
        ax2.plot(xs, frame[expected], color=PALETTE[6], lw=1.4, ls="--", label=f"Expected {ACOS}")
    if actual_line:
        ax2.plot(xs, frame[actual_line], color=BAD, marker="o", lw=0, label=f"Actual {ACOS}")
    ax2.set_ylim(bottom=0)
    _legend_below(ax, ax2, offset=0.3, ncols=3)
    if title:
        ax.set_title(title)
    return ax


def gantt(
    data: pd.DataFrame,
    *,
    task: str = "task",
    start: str = "start",
    end: str = "end",
    phase: str | None = "phase",
    marker: pd.Timestamp | None = None,
    marker_label: str = "launch",
    today: pd.Timestamp | None = None,
    title: str | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Gantt chart: one bar per task from ``start`` to ``end`` (inclusive days), coloured by ``phase``;
    one-day tasks are diamonds. ``marker`` draws a vertical line (the launch date), ``today`` another."""
    frame = data.reset_index(drop=True)
    ax = _ax(ax, (7.2, max(2.2, 0.3 * len(frame) + 1.0)))
    phases = list(dict.fromkeys(frame[phase])) if phase else [None]
    colours = {p: PALETTE[i % len(PALETTE)] for i, p in enumerate(phases)}
    ys = range(len(frame))
    seen: set = set()
    for y, row in zip(ys, frame.itertuples(index=False), strict=True):
        first, last = pd.Timestamp(getattr(row, start)), pd.Timestamp(getattr(row, end))
        group = getattr(row, phase) if phase else None
        label = group if group not in seen else None
        seen.add(group)
        if first == last:
            ax.plot([mdates.date2num(first) + 0.5], [y], marker="D", color=colours[group], ms=6, lw=0, label=label)
        else:
            ax.barh(y, (last - first).days + 1, left=mdates.date2num(first), color=colours[group], height=0.6,
                    label=label)
    ax.set_yticks(list(ys))
    ax.set_yticklabels(frame[task].astype(str))
    ax.invert_yaxis()
    ax.xaxis_date()
    locator = mdates.MonthLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if marker is not None:
        ax.axvline(mdates.date2num(pd.Timestamp(marker)), color="#555", lw=1, ls="--", label=marker_label)
    if today is not None:
        ax.axvline(mdates.date2num(pd.Timestamp(today)), color=BAD, lw=1, label="data ends")
    ax.grid(axis="y", visible=False)
    if phase:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncols=min(len(phases) + 2, 4))
    if title:
        ax.set_title(title)
    return ax


def budget_ramp(
    data: pd.DataFrame,
    *,
    x: str,
    budget: str,
    phase: str,
    line: str | None = None,
    currency: str = "USD",
    line_label: str | None = None,
    title: str | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Daily budget bars coloured by phase (lead-in, event, recovery) with an optional ratio line
    (e.g. the ACoS the budget implies) on a second axis."""
    ax = _ax(ax)
    frame = data.sort_values(x)
    phases = list(dict.fromkeys(frame[phase]))
    colours = {name: PALETTE[[2, 0, 1, 3][i % 4]] for i, name in enumerate(phases)}
    for name in phases:
        part = frame[frame[phase] == name]
        ax.bar(part[x], part[budget], width=0.8, color=colours[name], label=f"Budget: {name}")
    money_axis(ax.yaxis, currency)
    ax.set_ylabel("Daily budget")
    ax.set_xlabel("")
    twins = []
    if line:
        ax2 = _ratio_twin(ax, line_label or line)
        ax2.plot(frame[x], frame[line], color=PALETTE[4], lw=2, marker="o", ms=3, label=line_label or line)
        ax2.set_ylim(bottom=0)
        twins.append(ax2)
    _legend_below(ax, *twins, offset=0.14, ncols=4)
    ax.xaxis.set_major_locator(mdates.DayLocator(interval=max(1, len(frame) // 8)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %-d"))
    if title:
        ax.set_title(title)
    return ax


#: where a point's name may go, in points from the point (first that fits wins)
_LABEL_SPOTS = ((5, 4, "left"), (5, -11, "left"), (-5, 4, "right"), (-5, -11, "right"), (0, 12, "center"),
                (0, -19, "center"), (5, 12, "left"), (-5, 12, "right"), (5, -19, "left"), (-5, -19, "right"))  # fmt: skip


#: spots beside a point in the thin "no sales" strip (one line of text: only left or right)
_STRIP_SPOTS = ((6, -3, "left"), (-6, -3, "right"))

# a hairline from each name to its bubble's centre: a name beside a crowd of bubbles still says whose it is
_LEADER = {"arrowstyle": "-", "color": "#6b7580", "lw": 0.6, "shrinkA": 1, "shrinkB": 0}


def _place_labels(
    ax: plt.Axes, points: list[tuple[float, float]], names: list[str], *, avoid_y: Sequence[float] = (),
    spots: Sequence[tuple[int, int, str]] | None = None,
) -> None:
    """Name each point (most important first) at the first spot beside it where the name overlaps
    no name already placed, crosses no horizontal line at ``avoid_y`` (data units; a struck-through
    name is hard to read) and stays inside the axes; a name with no such spot is left out
    (overlapping names read as neither)."""
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    placed = []
    for y in avoid_y:
        line_y = ax.transData.transform((0, y))[1]
        placed.append(Bbox([[frame.x0, line_y - 1.5], [frame.x1, line_y + 1.5]]))
    for (px, py), name in zip(points, names, strict=True):
        text = name if len(name) <= 28 else name[:27] + "…"
        for dx, dy, align in spots or _LABEL_SPOTS:
            note = ax.annotate(text, (px, py), xytext=(dx, dy), textcoords="offset points", fontsize=7.5, ha=align,
                               arrowprops=_LEADER)
            note.update_positions(renderer)
            box = Text.get_window_extent(note, renderer).expanded(1.04, 1.1)  # the name, not its leader
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            if inside and not any(box.overlaps(other) for other in placed):
                placed.append(box)
                break
            note.remove()


def _most_important(spend: pd.Series, acos: pd.Series, n: int) -> list[int]:
    """Up to ``n`` row positions to name, most important first: the biggest spender, then the worst
    ACoS, then alternately the next biggest spender and the next worst ACoS (a row named once)."""
    by_spend = list(spend.sort_values(ascending=False, kind="stable").index)
    by_acos = list(acos.dropna().sort_values(ascending=False, kind="stable").index)
    order: list[int] = []
    for pair in zip(by_spend, by_acos + [None] * (len(by_spend) - len(by_acos)), strict=False):
        for i in pair:
            if i is not None and i not in order:
                order.append(int(i))
    return order[:n]


def cluster_map(
    data: pd.DataFrame,
    *,
    x: str = "spend",
    y: str = "acos",
    size: str = "sales",
    label: str = "cluster_name",
    target: float | None = None,
    currency: str = "USD",
    labelled: int = 10,
    title: str | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Search-term clusters as bubbles: spend across, ACoS up, bubble area by ``size`` (ad sales).

    Clusters above the dashed ``target`` ACoS line cost more than they should. Up to ``labelled``
    clusters are named, the most important first: the biggest spenders and the worst ACoS in turn
    (an ASIN-led cluster as ``product page B0…``, see :func:`helpers.present.formatting.cluster_label`).
    A cluster without sales has no ACoS, so it is not plotted at a made-up height: it sits in a
    strip above the chart marked "no sales", at its spend. Names never overlap each other or the
    target line: one that finds no free spot beside its bubble is left out. Returns the main axes
    (the strip is ``ax.child_axes[0]`` when there are clusters without sales).
    """
    ax = _ax(ax, (7.2, 3.8))
    frame = data.reset_index(drop=True)
    acos = frame[y].astype(float)
    no_sales = ~(acos.notna() & (acos < float("inf")))
    defined = acos.where(~no_sales)
    top = max(float(defined.max()) if defined.notna().any() else 0.0, target or 0.0) * 1.12 or 1.0
    sizes = frame[size].fillna(0).astype(float) if size in frame else pd.Series(1.0, index=frame.index)
    area = 30 + 600 * (sizes / sizes.max()) if sizes.max() > 0 else pd.Series(60.0, index=frame.index)
    colors = [BAD if (target is not None and v > target) else GOOD for v in defined.fillna(0)]
    shown = ~no_sales
    ax.scatter(frame.loc[shown, x], defined[shown], s=area[shown],
               c=[col for col, keep in zip(colors, shown, strict=True) if keep], alpha=0.55, edgecolors="white")
    if target is not None:
        ax.axhline(target, color="#555", ls="--", lw=1, label=f"target {ACOS} {_pct_label(target)}")
    money_axis(ax.xaxis, currency)
    pct_axis(ax.yaxis)
    ax.set_xlabel("Ad spend")
    ax.set_ylabel(ACOS)
    ax.set_ylim(bottom=0, top=top)
    ax.set_xlim(left=0, right=float(frame[x].max()) * 1.08 if len(frame) and frame[x].max() > 0 else 1.0)
    strip = None
    if no_sales.any():
        strip = ax.inset_axes((0, 1.03, 1, 0.13), sharex=ax)
        strip.scatter(frame.loc[no_sales, x], [0.5] * int(no_sales.sum()), s=55, facecolors="none", edgecolors=BAD,
                      marker="s")
        strip.set_ylim(0, 1)
        strip.set_yticks([])
        strip.tick_params(axis="x", labelbottom=False, length=0)
        strip.grid(False)
        strip.set_facecolor("#fbeeee")
        for side in ("top", "right", "left"):
            strip.spines[side].set_visible(False)
        strip.text(-0.01, 0.5, "no sales\n(no ACoS)", transform=strip.transAxes, ha="right", va="center",
                   fontsize=7.5, color=BAD)
    names = [cluster_label(v) for v in frame[label]]
    order = _most_important(frame[x].astype(float), defined, labelled)
    on_chart = [i for i in order if shown[i]]
    _place_labels(ax, [(frame.loc[i, x], defined[i]) for i in on_chart], [names[i] for i in on_chart],
                  avoid_y=[target] if target else [])
    if strip is not None:
        off_chart = [i for i in frame.loc[no_sales, x].sort_values(ascending=False).index][:labelled]
        _place_labels(strip, [(frame.loc[i, x], 0.5) for i in off_chart], [names[i] for i in off_chart],
                      spots=_STRIP_SPOTS)
    if target is not None:
        ax.legend(loc="upper right")
    if title:
        (strip if strip is not None else ax).set_title(title)
    return ax


def _pct_label(value: float) -> str:
    from helpers.present.formatting import pct

    return pct(value, 0)
