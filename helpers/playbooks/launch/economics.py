"""Unit economics of the launch: margin per unit and the ACoS ceilings it allows."""

from __future__ import annotations

from typing import Any

import pandas as pd

from helpers import metrics as m
from helpers.errors import ParamsError


def fees_per_unit(launch: Any, settings: Any, *, source: str = "<params>", key: str = "?") -> float:
    """``fees`` if given, else ``settings.fba_fees[size_tier] + settings.referral_fee x price``."""
    if launch.fees is not None:
        return float(launch.fees)
    table = settings.fba_fees
    if launch.size_tier not in table:
        raise ParamsError(
            f"params key 'launches.{key}.size_tier' must be one of the tiers in settings.fba_fees "
            f"({', '.join(table)}); got {launch.size_tier!r} (in {source})"
        )
    return float(table[launch.size_tier]) + float(settings.referral_fee) * float(launch.price)


def unit_economics(
    price: float, cogs: float, fees: float, *, post_ad_margin: float, launch_acos: float | None = None
) -> pd.Series:
    """Per-unit margin and the ACoS ceilings it allows (fractions of price; money in price's currency).

    ``unit_margin = price - cogs - fees``; ``break_even_acos = unit_margin / price``
    (:func:`helpers.metrics.break_even_acos`); ``target_acos = break_even - post_ad_margin``;
    ``launch_acos`` (the ACoS allowed while ranking) defaults to the break-even ACoS.
    ``ad_cost_per_order_at_launch`` is what an ad order may cost at the launch ACoS and
    ``profit_per_ad_order_at_launch`` what is left of the unit margin after it (negative: the
    launch buys rank with margin). Zero price gives NaN ratios.

    >>> e = unit_economics(29.99, 10.00, 8.00, post_ad_margin=0.10)
    >>> float(round(e["break_even_acos"], 3)), float(round(e["target_acos"], 3))
    (0.4, 0.3)
    """
    break_even = float(m.break_even_acos(price, cogs, fees))
    target = float(m.target_acos(break_even, post_ad_margin))
    allowed = break_even if launch_acos is None else float(launch_acos)
    margin = float(price) - float(cogs) - float(fees)
    return pd.Series(
        {
            "price": float(price),
            "cogs": float(cogs),
            "fees": float(fees),
            "unit_margin": margin,
            "break_even_acos": break_even,
            "post_ad_margin": float(post_ad_margin),
            "target_acos": target,
            "launch_acos": allowed,
            "ad_cost_per_order_at_launch": allowed * float(price),
            "profit_per_ad_order_at_launch": margin - allowed * float(price),
        }
    )


def economics(launch: Any, params: Any, *, key: str = "?") -> pd.Series:
    """:func:`unit_economics` of ``launch`` (post-ad margin from the launch, else the params' ``targets``,
    else 10 %)."""
    post = launch.post_ad_margin
    if post is None:
        post = params.targets.post_ad_margin if params.targets.post_ad_margin is not None else 0.10
    fees = fees_per_unit(launch, params.settings, source=params.source, key=key)
    return unit_economics(launch.price, launch.cogs, fees, post_ad_margin=post, launch_acos=launch.launch_acos)
