"""What the QBR concludes: the facts the rules look at and the recommendations they give."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers.playbooks.qbr.products import buy_box_watch
from helpers.playbooks.qbr.scorecard import card_value
from helpers.playbooks.qbr.terms import term_classes
from helpers.present.formatting import money, pct, pts


@dataclass(frozen=True)
class Rule:
    """A recommendation that applies when ``when(facts)`` is true; ``say(facts)`` is its sentence."""

    name: str
    impact: int  # 1 (small) .. 3 (large): order of the list
    when: Callable[[dict[str, Any]], bool]
    say: Callable[[dict[str, Any]], str]


def _num(x: Any) -> bool:
    return x is not None and not (isinstance(x, float) and np.isnan(x))


RULES: list[Rule] = [
    Rule(
        "cut-waste", 3,
        lambda f: _num(f["wasted_spend"]) and f["wasted_spend"] > 0.03 * f["ad_spend"],
        lambda f: f"Negate the {f['wasted_terms']} search terms that took {money(f['wasted_spend'], f['cur'])} "
        f"({pct(f['wasted_spend'] / f['ad_spend'])} of ad spend) without an order.",
    ),
    Rule(
        "acos-over-target", 3,
        lambda f: _num(f["acos"]) and _num(f["target_acos"]) and f["acos"] > f["target_acos"] * 1.1,
        lambda f: f"Bring ACoS from {pct(f['acos'])} toward the {pct(f['target_acos'])} target: lower bids on "
        f"the {f['campaigns_over']} campaigns above break-even first.",
    ),
    Rule(
        "scale-under-target", 2,
        lambda f: _num(f["acos"]) and _num(f["target_acos"]) and f["acos"] < f["target_acos"] * 0.8,
        lambda f: f"ACoS {pct(f['acos'])} is well under the {pct(f['target_acos'])} target: raise budgets on "
        "converting exact-match terms to buy more volume.",
    ),
    Rule(
        "stock-out", 3,
        lambda f: f["stockout_days"] > 0,
        lambda f: f"Protect stock on {f['stockout_asin']}: its ads stopped for {f['stockout_days']} days this "
        "quarter, likely out of stock; set a reorder point before next quarter's peak.",
    ),
    Rule(
        "buy-box", 2,
        lambda f: f["buy_box_asins"] > 0,
        lambda f: f"Win back the Buy Box on {f['buy_box_asins']} ASIN(s) under 90 % (lowest "
        f"{pct(f['buy_box_min'])}): check pricing and unauthorised sellers.",
    ),
    Rule(
        "conversion-drop", 2,
        lambda f: _num(f["usp_change"]) and f["usp_change"] < -0.005,
        lambda f: f"Unit session % fell {pts(f['usp_change'])}: review main images, price and reviews on the "
        "top sellers.",
    ),
    Rule(
        "branded-defence", 1,
        lambda f: _num(f["branded_share"]) and f["branded_share"] < 0.1,
        lambda f: f"Branded terms are only {pct(f['branded_share'])} of ad spend: keep a branded exact "
        "campaign so competitors cannot take the brand's own searches cheaply.",
    ),
    Rule(
        "tacos-over", 2,
        lambda f: _num(f["tacos"]) and _num(f["target_tacos"]) and f["tacos"] > f["target_tacos"],
        lambda f: f"TACoS {pct(f['tacos'])} is above the {pct(f['target_tacos'])} target: shift budget "
        "from discovery to proven terms.",
    ),
]


def facts(card: pd.DataFrame, *, asins: pd.DataFrame, terms: pd.DataFrame, wasted: pd.DataFrame,
          stock: pd.DataFrame, camps: pd.DataFrame, target_acos: float | None, target_tacos: float | None,
          currency: str) -> dict[str, Any]:
    """The numbers the rules look at, computed once."""
    classes = term_classes(terms)
    branded = classes.loc[classes["term_class"] == "branded", "share_of_spend"]
    watch = buy_box_watch(asins)
    longest = stock.sort_values("days", ascending=False).head(1)
    return {
        "cur": currency,
        "ad_spend": card_value(card, "ad_spend"),
        "acos": card_value(card, "acos"),
        "tacos": card_value(card, "tacos"),
        "target_acos": np.nan if target_acos is None else target_acos,
        "target_tacos": np.nan if target_tacos is None else target_tacos,
        "usp_change": card_value(card, "unit_session_pct", "qoq"),
        "wasted_spend": float(wasted[c.SPEND].sum()) if not wasted.empty else 0.0,
        "wasted_terms": len(wasted),
        "campaigns_over": int((camps["acos"] > (target_acos or np.inf)).sum())
        if not camps.empty and target_acos else 0,
        "stockout_days": int(longest["days"].iloc[0]) if not longest.empty else 0,
        "stockout_asin": str(longest[c.ADVERTISED_ASIN].iloc[0]) if not longest.empty else "",
        "buy_box_asins": len(watch),
        "buy_box_min": float(watch[c.BUY_BOX_PCT].min()) if not watch.empty else np.nan,
        "branded_share": float(branded.iloc[0]) if len(branded) else np.nan,
    }


def recommendations(fact: dict[str, Any], *, limit: int = 6) -> list[str]:
    """Rule-based recommendations for next quarter, biggest impact first, each with its number."""
    applicable = [r for r in RULES if r.when(fact)]
    applicable.sort(key=lambda r: -r.impact)
    return [r.say(fact) for r in applicable[:limit]]
