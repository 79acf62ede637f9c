"""Client and agency: white-label branding, document options, account health readings."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    model_validator,
)

from helpers.params._fields import (
    LETTER_MARKETPLACES,
    PAPERS,
    Count,
    Fraction,
    IsoDate,
    Section,
    Text,
    _as_tuple,
    _asin_list,
    _choice,
    _hex_colour,
    _refuse,
)


def _logo(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        _refuse("a .png or .svg path relative to the params folder, or null", value)
    path = Path(value.strip())
    if path.is_absolute() or path.suffix.lower() not in (".png", ".svg"):
        _refuse("a .png or .svg path relative to the params folder, or null", value)
    return value.strip()


class Agency(Section):
    """White-label branding on the cover and in charts."""

    name: Text | None = None
    logo: Annotated[str | None, BeforeValidator(_logo)] = Field(
        None, description="png/svg path relative to the params folder"
    )
    accent: Annotated[str, BeforeValidator(_hex_colour)] = "#1f6f8b"
    contact: Text | None = None


class Report(Section):
    """Document options. ``paper`` defaults by marketplace (US/CA/MX letter, else a4)."""

    paper: Annotated[
        Literal["letter", "a4"] | None, BeforeValidator(lambda v: v if v is None else _choice(PAPERS)(v))
    ] = None


class HealthSnapshot(Section):
    """One dated reading of the Account Health page (Performance → Account Health) and the IPI.

    Rates are fractions (``0.004``) or percent strings (``"0.4%"``); a metric not read that day is
    left out (null). ``ahr`` is the Account Health Rating (0–1,000), ``ipi`` the Inventory Performance
    Index, ``policy_warnings`` the count of policy violation warnings shown.
    """

    date: IsoDate
    odr: Fraction | None = Field(None, description="Order Defect Rate")
    late_shipment_rate: Fraction | None = None
    pre_fulfillment_cancel_rate: Fraction | None = None
    valid_tracking_rate: Fraction | None = None
    on_time_delivery_rate: Fraction | None = None
    ahr: Annotated[int, Field(ge=0, le=1000)] | None = Field(None, description="Account Health Rating")
    ipi: Annotated[int, Field(ge=0, le=1000)] | None = Field(None, description="Inventory Performance Index")
    policy_warnings: Count | None = None


class AccountHealth(Section):
    """What Amazon shows on pages, not in files: Account Health readings over time and A+ content.

    ``snapshots`` are dated readings (any order; sorted by date when read) so a trend such as ODR
    creeping up is visible. ``a_plus_asins`` lists the ASINs with A+ content; null = not checked.
    """

    snapshots: Annotated[tuple[HealthSnapshot, ...], BeforeValidator(_as_tuple)] = ()
    a_plus_asins: Annotated[tuple[str, ...] | None, BeforeValidator(_asin_list)] = None

    @model_validator(mode="after")
    def _distinct_dates(self) -> AccountHealth:
        days = [s.date for s in self.snapshots]
        if len(days) != len(set(days)):
            repeated = sorted({d for d in days if days.count(d) > 1})
            _refuse("snapshots on distinct dates", raw=f"{repeated[0].isoformat()} twice")
        return self


def default_paper(marketplace: str) -> str:
    """``letter`` for US/CA/MX, ``a4`` everywhere else.

    >>> default_paper("US"), default_paper("DE")
    ('letter', 'a4')
    """
    return "letter" if marketplace in LETTER_MARKETPLACES else "a4"
