"""Formatting, tables and charts: NaN is a dash, money has its symbol, charts draw what they say."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from helpers.present import charts, tables  # noqa: E402
from helpers.present.formatting import DASH, count, money, pct, probability, pts, ratio  # noqa: E402


@pytest.mark.parametrize("bad", [np.nan, None, math.inf, -math.inf, pd.NA])
def test_undefined_values_print_as_a_dash(bad):
    assert money(bad) == count(bad) == pct(bad) == pts(bad) == ratio(bad) == DASH


def test_money_formats():
    assert money(1234.5, "USD", decimals=2) == "$1,234.50"
    assert money(412_318.4, "USD") == "$412,318"
    assert money(412_318.4, "USD", compact=True) == "$412k"
    assert money(41_318.4, "USD", compact=True) == "$41.3k"
    assert money(-5_000, "GBP", compact=True) == "-£5k"
    assert money(1234, "JPY") == "¥1,234"
    assert pts(-0.021) == "-2.1 pts"
    assert pct(0.1834) == "18.3%"
    assert probability(0.00002) == "<0.1%" and probability(0.0) == "0.0%" and probability(0.25) == "25.0%"


def test_table_formats_and_aligns():
    frame = pd.DataFrame({"term": ["a & b"], "spend": [1234.5], "acos": [np.nan], "change": [-0.1]})
    html = tables.show(frame, formats={"spend": "money", "acos": "pct", "change": "pct_signed"},
                       classes={"change": tables.good_bad("higher")}).html
    assert "a &amp; b" in html
    assert '<td class="num">$1,234</td>' in html
    assert f'<td class="num">{DASH}</td>' in html
    assert '<td class="num bad">-10.0%</td>' in html


def test_table_refuses_unknown_columns():
    with pytest.raises(ValueError, match="columns"):
        tables.show(pd.DataFrame({"a": [1]}), columns=["b"])


def test_weekly_trend_draws_one_bar_per_week_and_the_line():
    weeks = pd.DataFrame({"week": pd.date_range("2026-01-05", periods=12, freq="W-MON"),
                          "sales": np.arange(12) * 100.0, "tacos": np.full(12, 0.1)})
    ax = charts.weekly_trend(weeks, x="week", bars="sales", line="tacos")
    assert len(ax.patches) == 12
    twin = [a for a in ax.figure.axes if a is not ax][0]
    assert list(twin.lines[0].get_ydata()) == [0.1] * 12
    plt.close(ax.figure)


def test_diverging_bars_colour_by_sign():
    data = pd.DataFrame({"label": ["up", "down"], "value": [5.0, -3.0]})
    ax = charts.diverging_bars(data, label="label", value="value")
    colours = {bar.get_width() > 0: matplotlib.colors.to_hex(bar.get_facecolor()) for bar in ax.patches}
    assert colours[True] == charts.GOOD.lower() and colours[False] == charts.BAD.lower()
    plt.close(ax.figure)


def test_ratio_line_axis_fits_its_data():
    weeks = pd.DataFrame({"week": pd.date_range("2026-01-05", periods=6, freq="W-MON"),
                          "sales": np.full(6, 100.0), "tacos": [0.10, 0.12, 0.11, 0.13, 0.12, 0.10]})
    ax = charts.weekly_trend(weeks, x="week", bars="sales", line="tacos")
    twin = [a for a in ax.figure.axes if a is not ax][0]
    bottom, top = twin.get_ylim()
    assert bottom == 0 and 0.13 <= top < 0.2, "the line fills its axis, not a 0-100% frame"
    plt.close(ax.figure)


def test_cluster_names_never_overlap():
    # eight clusters crowded into one corner: their names must not be drawn over each other
    data = pd.DataFrame(
        {
            "cluster_name": [f"cluster name number {i}" for i in range(8)],
            "spend": [5000 - i for i in range(8)],
            "acos": [0.30 + 0.002 * i for i in range(8)],
            "sales": [1000.0] * 8,
        }
    )
    ax = charts.cluster_map(data, target=0.3)
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    boxes = [Text.get_window_extent(t, renderer) for t in ax.texts]  # the names (not their leader lines)
    assert ax.texts[0].get_text() == "cluster name number 0"  # the biggest spender is named
    assert all(not a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    frame = ax.get_window_extent(renderer)
    assert all(frame.x0 <= b.x0 and b.x1 <= frame.x1 for b in boxes)
    line_y = ax.transData.transform((0, 0.3))[1]  # the target line strikes no name through
    assert all(not (b.y0 < line_y < b.y1) for b in boxes)
    plt.close(ax.figure)


def test_clusters_without_sales_get_no_made_up_acos():
    data = pd.DataFrame({"cluster_name": ["sells", "dead one", "dead two"], "spend": [900.0, 400.0, 120.0],
                         "acos": [0.25, np.nan, np.inf], "sales": [3600.0, 0.0, 0.0]})
    ax = charts.cluster_map(data, target=0.3)
    ax.figure.canvas.draw()
    plotted = np.concatenate([col.get_offsets() for col in ax.collections])
    assert sorted(map(tuple, plotted.tolist())) == [(900.0, 0.25)]  # only the defined ACoS on the ACoS axis
    strip = ax.child_axes[0]
    assert sorted(strip.collections[0].get_offsets()[:, 0].tolist()) == [120.0, 400.0]  # at their spend
    assert {t.get_text() for t in strip.texts} >= {"dead one"}
    plt.close(ax.figure)


def test_worst_acos_is_named_besides_the_biggest_spenders():
    # ten big spenders near the target and one small cluster at a terrible ACoS
    data = pd.DataFrame({"cluster_name": [f"big spender {i}" for i in range(10)] + ["worst acos"],
                         "spend": [5000.0 - 300 * i for i in range(10)] + [150.0],
                         "acos": [0.28 + 0.01 * i for i in range(10)] + [1.9], "sales": [9000.0] * 10 + [79.0]})
    ax = charts.cluster_map(data, target=0.3, labelled=4)
    names = [t.get_text() for t in ax.texts]
    assert names[:2] == ["big spender 0", "worst acos"]
    plt.close(ax.figure)


def test_metric_columns_take_label_and_format_from_metrics():
    from helpers.metrics import METRICS

    frame = pd.DataFrame({"campaign": ["a"], "acos": [0.25], "tacos": [0.1], "sales": [10.0]})
    html = tables.show(frame).html
    assert f"<th class=\"num\">{METRICS.at['acos', 'label']}</th>" in html
    assert '<td class="num">25.0%</td>' in html and '<td class="num">10.0%</td>' in html
    assert "<th class=\"num\">Sales</th>" in html  # ad or total sales: the caller's word, not METRICS'
    assert tables.show(frame, labels={"acos": "ACoS (ads)"}).html.count("ACoS (ads)") == 1


def test_numbers_follow_the_marketplace():
    from helpers.present import formatting as f

    try:
        f.use_marketplace("DE")
        assert f.money(1234.56, "EUR", decimals=2) == "1.234,56\xa0€"
        assert f.count(12131) == "12.131" and f.pct(0.183) == "18,3\xa0%" and f.pts(-0.021) == "-2,1 pts"
        assert f.pts(-0.0004) == "+0,0 pts" and f.pct(-0.0004, signed=True) == "+0,0\xa0%"  # never "-0,0"
        f.use_marketplace("UK")
        assert f.money(1234.56, "GBP", decimals=2) == "£1,234.56"
        f.use_marketplace("FR")
        assert f.money(-1234.5, "EUR", decimals=2) == "-1\u202f234,50\xa0€"
        with pytest.raises(ValueError, match="marketplace"):
            f.use_marketplace("XX")
    finally:
        f.use_marketplace(None)
    assert f.money(1234.56, "USD", decimals=2) == "$1,234.56"


@pytest.mark.parametrize("marketplace", [None, "DE"])
@pytest.mark.parametrize("top", [0.125, 0.13, 0.004, 0.35])
def test_percent_axis_labels_state_their_ticks_exactly(top, marketplace):
    """A TACoS axis up to 12.5% once ticked at 2.5% steps labelled '2%', '5%', '8%': each label must
    read back as its tick, in the marketplace's format."""
    from helpers.present import formatting

    formatting.use_marketplace(marketplace)
    try:
        fig, ax = plt.subplots(figsize=(7, 2.5))  # a chart's height: few ticks, where 2.5% steps came in
        ax.plot([0, 1], [0, top])
        ax.set_ylim(0, top)
        charts.pct_axis(ax.yaxis)
        fig.canvas.draw()
        ticks = ax.yaxis.get_majorticklocs()
        labels = [t.get_text() for t in ax.yaxis.get_ticklabels()]
        plt.close(fig)
    finally:
        formatting.use_marketplace(None)
    assert len(labels) == len(ticks) >= 3
    for tick, label in zip(ticks, labels, strict=True):
        number = label.replace("\xa0", "").replace("%", "").replace("−", "-")
        number = number.replace(".", "").replace(",", ".") if marketplace == "DE" else number
        assert float(number) == pytest.approx(tick * 100, abs=1e-9), (label, tick)


def test_a_table_without_rows_is_a_sentence_never_headers_only():
    """A client never reads a table of headers only: an empty frame says its caption and "none", or
    the caller's sentence, escaped; columns it lacks (an empty frame built without its ratios) are
    no error."""
    empty = pd.DataFrame(columns=["campaign", "spend"])
    shown = tables.show(empty, caption="Campaigns by spend", columns=["campaign", "spend", "acos"])
    assert shown.html == '<p class="sb-empty">Campaigns by spend: none.</p>'
    said = tables.show(empty, caption="x", empty="No <b>report</b> was provided.").html
    assert "<table" not in said and "No &lt;b&gt;report&lt;/b&gt; was provided." in said
    assert "<table" in tables.show(pd.DataFrame({"campaign": ["A"], "spend": [1.0]}), caption="x").html
