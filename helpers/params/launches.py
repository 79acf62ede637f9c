"""Launches: one product launch per key (``launches: {<sku-or-asin>: {...}}``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
    model_validator,
)

from helpers.params._fields import (
    Asin,
    Asins,
    Cost,
    Count,
    Fraction,
    FrozenDict,
    IsoDate,
    Price,
    Section,
    Terms,
    Text,
    _as_tuple,
    _iso_date,
    _refuse,
    _show,
)
from helpers.paths import KEY_RE


def _review_counts(value: Any) -> Any:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        _refuse("a mapping of date (YYYY-MM-DD) to review count", value)
    out: dict[dt.date, int] = {}
    for key, count in value.items():
        day = _iso_date(key)
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            _refuse("a review count (a whole number >= 0) per date", raw=f"{_show(count)} for {key}")
        out[day] = count
    return FrozenDict(sorted(out.items()))


class Inbound(Section):
    """A shipment on its way to FBA: ``units`` available for sale from ``arrives``."""

    units: Annotated[int, Field(ge=1)]
    arrives: IsoDate


class Launch(Section):
    """One product launch (``launches: {<sku-or-asin>: {...}}``); see docs/params-schema.md.

    Economics: ``price`` and ``cogs`` always; ``fees`` per unit, or ``size_tier`` (fee from
    ``settings.fba_fees`` plus ``settings.referral_fee`` x price). Inventory: ``stock_on_hand`` plus
    ``inbound`` shipments; ``lead_time_days`` from order to sellable at FBA.
    """

    title: Text
    launch_date: IsoDate
    price: Price
    cogs: Cost
    asin: Asin | None = None
    sku: Text | None = None
    fees: Cost | None = Field(None, description="referral + FBA + other variable costs per unit")
    size_tier: Text | None = Field(
        None, description="FBA size tier (a key of settings.fba_fees), instead of fees"
    )
    post_ad_margin: Fraction | None = Field(
        None, description="margin wanted after ads; default targets.post_ad_margin"
    )
    launch_acos: Fraction | None = Field(
        None, description="ACoS allowed while ranking; default break-even ACoS"
    )
    budget: Price | None = Field(
        None, description="total ad budget for the launch weeks; default from the ramp"
    )
    weeks: Annotated[int, Field(ge=4, le=16)] = Field(10, description="weeks of launch ramp")
    stock_on_hand: Count = Field(0, description="sellable units at FBA on the launch date")
    inbound: Annotated[tuple[Inbound, ...], BeforeValidator(_as_tuple)] = ()
    lead_time_days: Count = Field(45, description="days from purchase order to sellable at FBA")
    safety_days: Count = Field(21, description="days of sales kept as safety stock")
    organic_units_per_day: Annotated[float, Field(ge=0)] = Field(
        0.0, description="expected organic units a day once ranked (the ramp grows to it)"
    )
    keywords: Terms = ()
    competitor_asins: Asins = ()
    review_goal: Annotated[int, Field(ge=1)] = 30
    related_asin: Asin | None = Field(None, description="existing ASIN whose search terms seed the keywords")
    cpc: Price | None = Field(None, description="category CPC when the account has no history")
    cvr: Fraction | None = Field(None, description="category conversion rate (orders / clicks)")
    reviews: Annotated[Mapping[dt.date, int], BeforeValidator(_review_counts)] = Field(
        default_factory=FrozenDict, description="review counts seen, by date"
    )

    @model_validator(mode="after")
    def _fees_one_way(self) -> Launch:
        if self.fees is not None and self.size_tier is not None:
            _refuse("either fees or size_tier, not both", raw="both")
        if self.fees is None and self.size_tier is None:
            _refuse("fees (per unit) or size_tier", raw="neither")
        return self


def _launch_keys(value: Any) -> Any:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        _refuse("a mapping of SKU or ASIN to a launch", value)
    for key in value:
        if not isinstance(key, str) or not KEY_RE.fullmatch(key):
            _refuse(
                "keyed by SKUs or ASINs of ASCII letters, digits, '.', '_' or '-' (the key names the report folder)",
                raw=f"the key {_show(key)}",
            )
    return dict(value)
