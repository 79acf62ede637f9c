"""Economics and targets: per-unit economics (break-even ACoS), per-ASIN overrides, goals."""

from __future__ import annotations

import math

from pydantic import (
    Field,
    model_validator,
)

from helpers.params._fields import (
    Cost,
    Fraction,
    FrozenDict,
    FrozenMap,
    Price,
    Section,
    _asin_keys,
    _refuse,
)


class UnitEconomics(Section):
    """Per-unit economics: ``price``, ``cogs`` and ``fees`` together, or a pre-ad ``margin`` alone.

    Money is in the params' currency per unit; ``fees`` covers referral, FBA and other variable
    costs. Nothing given means break-even ACoS is unknown (NaN).
    """

    price: Price | None = Field(None, description="selling price per unit")
    cogs: Cost | None = Field(None, description="landed cost of goods per unit")
    fees: Cost | None = Field(None, description="referral + FBA + other variable costs per unit")
    margin: Fraction | None = Field(None, description="pre-ad margin, instead of price/cogs/fees")

    @model_validator(mode="after")
    def _one_way(self) -> UnitEconomics:
        given = [name for name in ("price", "cogs", "fees") if getattr(self, name) is not None]
        if self.margin is not None and given:
            _refuse("either price, cogs and fees, or margin alone", raw=f"margin with {' and '.join(given)}")
        if 0 < len(given) < 3:
            _refuse("price, cogs and fees together (or margin alone)", raw=f"only {' and '.join(given)}")
        return self

    @property
    def is_set(self) -> bool:
        """Whether break-even ACoS can be computed."""
        return self.margin is not None or self.price is not None

    @property
    def break_even_acos(self) -> float:
        """Pre-ad margin ``(price - cogs - fees) / price``, or ``margin`` (fraction; NaN when not set)."""
        if self.margin is not None:
            return self.margin
        if self.price is None:
            return math.nan
        from helpers import metrics  # here, not at import: the runner checks params without pandas

        return float(metrics.break_even_acos(self.price, self.cogs, self.fees))


class AsinEconomics(UnitEconomics):
    """A per-ASIN override: complete on its own (it does not inherit missing keys)."""

    @model_validator(mode="after")
    def _something(self) -> AsinEconomics:
        if not self.is_set:
            _refuse("price, cogs and fees, or margin", raw="nothing")
        return self


class Economics(UnitEconomics):
    """Default per-unit economics plus per-ASIN overrides under ``asins``."""

    asins: FrozenMap(AsinEconomics, _asin_keys) = Field(default_factory=FrozenDict)

    def for_asin(self, asin: str | None = None) -> UnitEconomics:
        """The ASIN's override if there is one, else the default economics (possibly empty)."""
        if asin is not None:
            override = self.asins.get(asin.strip().upper())
            if override is not None:
                return override
        return UnitEconomics(price=self.price, cogs=self.cogs, fees=self.fees, margin=self.margin)


class Targets(Section):
    """Goals the report measures against; all fractions."""

    acos: Fraction | None = Field(None, description="target ACoS; absent = break-even - post_ad_margin")
    tacos: Fraction | None = Field(None, description="target TACoS")
    post_ad_margin: Fraction | None = Field(None, description="margin wanted after ad spend")
