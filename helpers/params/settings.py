"""Settings: the thresholds Amazon moves, each with a default (never constants in code)."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    Field,
)

from helpers.params._fields import Count, Fraction, FrozenDict, FrozenMap, Section

#: Default FBA fulfilment fee per unit by size tier (US, indicative; Amazon changes them: params
#: ``settings.fba_fees`` overrides the whole table).
FBA_FEES = {"small_standard": 3.32, "large_standard": 4.75, "large_bulky": 9.61}


class Settings(Section):
    """Thresholds Amazon moves: settings, never constants. Add new ones here, each with a default."""

    attribution_lag_days: Count = Field(3, description="most recent days left out of search-term decisions")
    ipi_threshold: Count = Field(400, description="IPI below which storage limits bite")
    low_inventory_days: Count = Field(
        28, description="days of supply under which the low-inventory fee applies"
    )
    wasted_spend_min_clicks: Annotated[int, Field(ge=1)] = Field(
        10, description="(QBR) a term with no orders is 'wasted' only past this many clicks"
    )
    negative_alpha: Annotated[float, Field(gt=0, lt=1)] = Field(
        0.05, description="(search terms) a negative needs P(orders this low | account CVR) under this"
    )
    negative_max_cvr_share: Annotated[float, Field(ge=0, le=1)] = Field(
        0.5, description="(search terms) a negative converted at most this share of the account CVR"
    )
    negative_min_spend: Annotated[float, Field(ge=0)] = Field(
        5.0, description="(search terms) a negative spent at least this much (params currency)"
    )
    negative_min_dead_terms: Annotated[int, Field(ge=1)] = Field(
        3, description="(search terms) distinct unsold search terms a one-word phrase negative needs"
    )
    harvest_min_orders: Annotated[int, Field(ge=1)] = Field(
        2, description="(search terms) orders a term needs before it is harvested as an exact keyword"
    )
    harvest_max_bid: Annotated[float, Field(gt=0)] | None = Field(
        None, description="(search terms) ceiling of a harvested keyword's bid; null = 2x its CPC"
    )
    fba_fees: FrozenMap(Annotated[float, Field(ge=0)]) = Field(
        default_factory=lambda: FrozenDict(FBA_FEES),
        description="(launch) FBA fulfilment fee per unit by size tier, used when a launch gives size_tier",
    )
    referral_fee: Fraction = Field(
        0.15, description="(launch) referral fee as a share of price, with size_tier"
    )
