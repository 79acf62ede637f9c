"""Client params files (``params/<client>.yaml``): a strict, typed, immutable schema.

The schema is ``docs/params-schema.md``. Every key is checked: an unknown key or a wrong type is
refused with the dotted key and the file named, one line per problem::

    params key 'targets.acos' must be a fraction (0.25) or a percent string ('25%'); got 30 (in params/acme.yaml)

YAML is read by :class:`ParamsLoader`, a ``yaml.SafeLoader`` without YAML 1.1 guessing: dates stay
strings (sections that hold dates declare them :data:`IsoDate` or call :func:`parse_date`), only
``true``/``false`` are booleans (``NO`` is Norway), numbers are plain decimals (no octal ``010``, no
sexagesimal ``1:30``), merge keys are not supported and a repeated key is refused.

Adding a section for another playbook (``account_health:``, ``launches:`` ...): write one small model
deriving from :class:`Section` with a default for every field, and add one line to :class:`Params`
(``account_health: AccountHealth = AccountHealth()``). Sections given as an empty key (``targets:``
with every line commented out) read as their defaults.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    WrapSerializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from helpers import metrics
from helpers.errors import ParamsError
from helpers.paths import params_file, project_root
from helpers.periods import QUARTER_RE, Quarter

__all__ = [
    "MARKETPLACES",
    "AccountHealth",
    "HealthSnapshot",
    "Agency",
    "Economics",
    "IsoDate",
    "Params",
    "ParamsLoader",
    "Report",
    "Seasonal",
    "Section",
    "Settings",
    "Launch",
    "Targets",
    "UnitEconomics",
    "default_paper",
    "load_params",
    "load_params_file",
    "load_yaml",
    "parse_date",
    "parse_params",
]

MARKETPLACES = (
    "US", "CA", "MX", "BR", "UK", "DE", "FR", "IT", "ES", "NL", "SE",
    "PL", "BE", "JP", "IN", "AU", "AE", "SA", "SG", "TR", "EG",
)  # fmt: skip
LETTER_MARKETPLACES = ("US", "CA", "MX")
PAPERS = ("letter", "a4")
ACCOUNT_TYPES = ("seller", "vendor")
#: Default FBA fulfilment fee per unit by size tier (US, indicative; Amazon changes them: params
#: ``settings.fba_fees`` overrides the whole table).
FBA_FEES = {"small_standard": 3.32, "large_standard": 4.75, "large_bulky": 9.61}
DATE_FORMAT = "%Y-%m-%d"
EXAMPLE_PARAMS = "params/acme.yaml"

_FRACTION_HELP = "a fraction (0.25) or a percent string ('25%')"
_PERCENT_RE = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*%\s*$")
_CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
_HEX_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_ASIN_RE = re.compile(r"^[A-Z0-9]{10}$")


# -- YAML ---------------------------------------------------------------------------------------------


class _DuplicateKeyError(yaml.constructor.ConstructorError):
    def __init__(self, key: Any, first: yaml.Mark, again: yaml.Mark) -> None:
        super().__init__(None, None, f"duplicate key {key!r}", again)
        self.key = key
        self.first_line = first.line + 1
        self.line = again.line + 1


class ParamsLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` without YAML 1.1 type guessing, refusing repeated keys.

    Plain scalars resolve only to: null (``null``, ``~``, empty), booleans ``true``/``false`` (any
    case of those two words), decimal integers, decimal floats (``1.5``, ``1e3``, ``.inf``, ``.nan``)
    and strings — so ``NO``, ``yes``, ``2026-07-01``, ``010`` and ``1:30`` all stay strings.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, yaml.Mark] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.get(key)
                except TypeError:  # unhashable key: let PyYAML raise its own error
                    continue
                if first is not None:
                    raise _DuplicateKeyError(key, first, key_node.start_mark)
                seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)


_KEEP = {"tag:yaml.org,2002:null"}
ParamsLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag in _KEEP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
ParamsLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
ParamsLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
ParamsLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?[0-9]+[eE][-+]?[0-9]+"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


def load_yaml(text: str, *, source: str = "<string>") -> Any:
    """Parse YAML text with :class:`ParamsLoader`; any YAML problem becomes a one-line ParamsError.

    >>> load_yaml("marketplace: NO\\nstart: 2026-07-01\\nok: true")
    {'marketplace': 'NO', 'start': '2026-07-01', 'ok': True}
    """
    try:
        return yaml.load(text, Loader=ParamsLoader)  # noqa: S506 - ParamsLoader is a SafeLoader
    except _DuplicateKeyError as error:
        raise ParamsError(
            f"params key {error.key!r} must appear only once in its section; got it again on line "
            f"{error.line} (first on line {error.first_line}) (in {source})"
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = error.problem or error.context or "unreadable YAML"
        raise ParamsError(f"params file must be valid YAML; got {problem} (in {source}{where})") from None
    except yaml.YAMLError as error:
        raise ParamsError(f"params file must be valid YAML; got {error} (in {source})") from None


def parse_date(value: Any, *, key: str = "date", source: str = "<string>") -> dt.date:
    """A ``datetime.date`` from a string written ``YYYY-MM-DD`` (ISO 8601), else ParamsError.

    Params YAML never turns dates into objects by itself; a section that holds dates parses them
    here (or declares them :data:`IsoDate`), with one explicit format.

    >>> parse_date("2026-07-01")
    datetime.date(2026, 7, 1)
    """
    try:
        return _iso_date(value)
    except PydanticCustomError as error:
        ctx = error.context or {}
        raise ParamsError(
            f"params key {key!r} must be {ctx['allowed']}; got {ctx['got']} (in {source})"
        ) from None


# -- field types ----------------------------------------------------------------------------------------


def _show(value: Any) -> str:
    """How a received value is quoted in an error message (YAML spelling for null and booleans)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "a mapping" if value else "an empty mapping"
    if isinstance(value, list | tuple):
        return (
            f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
            if len(repr(value)) > 60
            else repr(value)
        )
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _refuse(allowed: str, got: Any = None, *, raw: str | None = None) -> NoReturn:
    """Raise the error our ValidationError converter turns into ``must be <allowed>; got <got>``."""
    raise PydanticCustomError(
        "shelfbook", "must be {allowed}", {"allowed": allowed, "got": raw or _show(got)}
    )


def _fraction(value: Any) -> Any:
    if isinstance(value, bool):
        _refuse(_FRACTION_HELP, value)
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and (match := _PERCENT_RE.fullmatch(value)):
        number = float(match.group(1)) / 100.0
    else:
        _refuse(_FRACTION_HELP, value)
    if not (math.isfinite(number) and 0.0 <= number <= 1.0):
        _refuse(_FRACTION_HELP, value)
    return number


def _text(value: Any) -> Any:
    if not isinstance(value, str) or not value.strip():
        _refuse("a non-empty string", value)
    return value.strip()


def _choice(allowed: tuple[str, ...]) -> Any:
    def check(value: Any) -> Any:
        if not isinstance(value, str) or value not in allowed:
            _refuse(f"one of {', '.join(allowed)}", value)
        return value

    return check


def _currency(value: Any) -> Any:
    if not isinstance(value, str) or not _CURRENCY_RE.fullmatch(value):
        _refuse("an ISO 4217 code of 3 upper-case letters (e.g. USD)", value)
    return value


def _period(value: Any) -> Any:
    if value is not None and (not isinstance(value, str) or not QUARTER_RE.fullmatch(value)):
        _refuse(
            "a quarter written YYYY-Qn with n 1-4 (e.g. '2026-Q3'), or null for the latest full quarter",
            value,
        )
    return value


def _hex_colour(value: Any) -> Any:
    if not isinstance(value, str) or not _HEX_RE.fullmatch(value):
        _refuse("a hex colour such as '#1f6f8b' (quote it in YAML)", value)
    return value.lower()


def _logo(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        _refuse("a .png or .svg path relative to the params folder, or null", value)
    path = Path(value.strip())
    if path.is_absolute() or path.suffix.lower() not in (".png", ".svg"):
        _refuse("a .png or .svg path relative to the params folder, or null", value)
    return value.strip()


def _terms(value: Any) -> Any:
    """A list of search terms: each stripped, lower-cased, inner spaces collapsed; repeats dropped."""
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        _refuse("a list of terms (e.g. [acme, acme trail])", value)
    terms: list[str] = []
    for position, term in enumerate(value, start=1):
        if not isinstance(term, str) or not term.strip():
            _refuse(
                "a list of non-empty text terms (quote numbers)",
                raw=f"{_show(term)} as item {position}",
            )
        normal = " ".join(term.split()).lower()
        if normal not in terms:
            terms.append(normal)
    return tuple(terms)


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.strptime(value.strip(), DATE_FORMAT).date()
        except ValueError:
            pass
    _refuse("a date written YYYY-MM-DD (e.g. '2026-07-01')", value)


def _asin_keys(value: Any) -> Any:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        _refuse("a mapping of ASIN to {price, cogs, fees} or {margin}", value)
    out: dict[str, Any] = {}
    for key, item in value.items():
        asin = key.strip().upper() if isinstance(key, str) else key
        if not isinstance(asin, str) or not _ASIN_RE.fullmatch(asin):
            _refuse("keyed by ASINs of 10 letters and digits (e.g. B0ACME0001)", raw=f"the key {_show(key)}")
        if asin in out:
            _refuse("keyed by distinct ASINs", raw=f"{asin} twice")
        out[asin] = item
    return out


Fraction = Annotated[float, BeforeValidator(_fraction)]
"""A share in [0, 1], written as a number (0.25) or a percent string ("25%")."""
Text = Annotated[str, BeforeValidator(_text)]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
"""A date written ``YYYY-MM-DD`` in the YAML (quoted or not: the loader never makes date objects)."""
Price = Annotated[float, Field(gt=0)]
Cost = Annotated[float, Field(ge=0)]
Count = Annotated[int, Field(ge=0)]
Terms = Annotated[tuple[str, ...], BeforeValidator(_terms)]


class FrozenDict(dict):
    """A read-only dict (per-ASIN overrides), so that frozen params stay unchanged all the way down."""

    def _refuse_change(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("params are read-only; build a new Params instead of changing one")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse_change  # type: ignore[assignment]
    __ior__ = _refuse_change  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (dict(self),))

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted(self.items())))


def _frozen_mapping(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return FrozenDict(value)


def FrozenMap(values: Any, check_keys: Any = None) -> Any:  # noqa: N802 (used like a type)
    """The field type of a params mapping: keys checked by ``check_keys`` (when given), values of
    type ``values``, frozen after validation and dumped as a plain dict."""
    checks = (BeforeValidator(check_keys),) if check_keys else ()
    return Annotated[
        Mapping[str, values],
        *checks,
        AfterValidator(_frozen_mapping),
        WrapSerializer(lambda value, handler: handler(dict(value))),
    ]


# -- sections -----------------------------------------------------------------------------------------


class Section(BaseModel):
    """Base of every params model: strict types, unknown keys refused, immutable; ``null`` = defaults."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _empty_section(cls, data: Any) -> Any:
        return {} if data is None else data


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
    referral_fee: Fraction = Field(0.15, description="(launch) referral fee as a share of price, with size_tier")


def _asin(value: Any) -> Any:
    if isinstance(value, str) and _ASIN_RE.fullmatch(value.strip().upper()):
        return value.strip().upper()
    _refuse("an ASIN of 10 letters and digits (e.g. B0ACME0001)", value)


def _asins(value: Any) -> Any:
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        _refuse("a list of ASINs (e.g. [B0ACME0001])", value)
    return tuple(dict.fromkeys(_asin(item) for item in value))


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


def _as_tuple(value: Any) -> Any:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else value


Asin = Annotated[str, BeforeValidator(_asin)]
Asins = Annotated[tuple[str, ...], BeforeValidator(_asins)]


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
    size_tier: Text | None = Field(None, description="FBA size tier (a key of settings.fba_fees), instead of fees")
    post_ad_margin: Fraction | None = Field(None, description="margin wanted after ads; default targets.post_ad_margin")
    launch_acos: Fraction | None = Field(None, description="ACoS allowed while ranking; default break-even ACoS")
    budget: Price | None = Field(None, description="total ad budget for the launch weeks; default from the ramp")
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
        if not isinstance(key, str) or not key.strip():
            _refuse("keyed by SKUs or ASINs (text)", raw=f"the key {_show(key)}")
    return dict(value)


class StockLine(Section):
    """Units of one ASIN at FBA (used by the seasonal plan when no FBA inventory report is loaded)."""

    available: Count = 0
    inbound: Count = 0


class Seasonal(Section):
    """(seasonal) Event planning settings; the event calendar itself is params/events.yaml."""

    transit_days: Count = Field(10, description="days from shipping to arrival at Amazon: ship-by = cutoff - this")
    production_days: Count = Field(30, description="days from purchase order to ready to ship: order-by = ship-by - this")
    warning_days: Count = Field(14, description="flag ASINs whose order must be placed within this many days")
    lead_in_days: Count = Field(7, description="days of budget ramp before the event")
    recovery_days: Count = Field(14, description="days after the event covered by stock and the budget tail")
    spread: Fraction = Field(0.25, description="conservative/stretch = expected uplift -/+ this share when history has one event")
    cutoff: Text | None = Field(None, description="inbound cutoff to plan against; default the earliest FBA one")
    stock: FrozenMap(StockLine, _asin_keys) = Field(default_factory=FrozenDict, description="units per ASIN when no FBA inventory report is loaded")


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


def _as_tuple(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _asin_list(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, list | tuple):
        _refuse("a list of ASINs (e.g. [B0ACME0001]) or null when not checked", value)
    out = []
    for position, item in enumerate(value, start=1):
        asin = item.strip().upper() if isinstance(item, str) else item
        if not isinstance(asin, str) or not _ASIN_RE.fullmatch(asin):
            _refuse("a list of ASINs of 10 letters and digits", raw=f"{_show(item)} as item {position}")
        out.append(asin)
    return tuple(out)


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


class Params(Section):
    """A client's validated params. Immutable; build with :func:`load_params` or :func:`parse_params`."""

    client_name: Text
    marketplace: Annotated[str, BeforeValidator(_choice(MARKETPLACES))]
    currency: Annotated[str, BeforeValidator(_currency)]
    account_type: Annotated[Literal["seller", "vendor"], BeforeValidator(_choice(ACCOUNT_TYPES))] = "seller"
    period: Annotated[str | None, BeforeValidator(_period)] = None
    brand_terms: Terms = ()
    competitor_terms: Terms = ()
    protected_terms: Terms = ()
    economics: Economics = Economics()
    targets: Targets = Targets()
    agency: Agency = Agency()
    report: Report = Report()
    settings: Settings = Settings()
    account_health: AccountHealth = AccountHealth()
    launches: FrozenMap(Launch, _launch_keys) = Field(default_factory=FrozenDict)
    seasonal: Seasonal = Seasonal()

    _source: str = PrivateAttr(default="<string>")
    _path: Path | None = PrivateAttr(default=None)

    @model_validator(mode="before")
    @classmethod
    def _default_paper(cls, data: Any) -> Any:
        if not isinstance(data, Mapping) or data.get("marketplace") not in MARKETPLACES:
            return data
        report = data.get("report")
        if report is None:
            report = {}
        if isinstance(report, Mapping) and report.get("paper") is None:
            data = {**data, "report": {**report, "paper": default_paper(data["marketplace"])}}
        return data

    # -- derived values ----------------------------------------------------------------------------
    @property
    def source(self) -> str:
        """Where these params came from, as named in error messages (e.g. ``params/acme.yaml``)."""
        return self._source

    @property
    def quarter(self) -> Quarter | None:
        """``period`` as a :class:`~helpers.periods.Quarter`; None = latest full quarter in the data."""
        return None if self.period is None else Quarter.parse(self.period, source=self._source)

    @property
    def paper(self) -> str:
        """Paper size of the PDF (``letter`` or ``a4``)."""
        return self.report.paper or default_paper(self.marketplace)

    @property
    def logo_path(self) -> Path | None:
        """The agency logo resolved against the params file's folder (None when not set)."""
        if self.agency.logo is None:
            return None
        folder = self._path.parent if self._path is not None else project_root() / "params"
        return (folder / self.agency.logo).resolve()

    def economics_for(self, asin: str | None = None) -> UnitEconomics:
        """Unit economics of ``asin`` (its override, else the default); ``.break_even_acos`` is NaN if unknown."""
        return self.economics.for_asin(asin)

    def break_even_acos(self, asin: str | None = None) -> float:
        """Break-even ACoS of ``asin`` (or the default), a fraction; NaN when economics are not given."""
        return self.economics_for(asin).break_even_acos

    def target_acos(self, asin: str | None = None) -> float:
        """``targets.acos`` if set, else break-even ACoS - ``targets.post_ad_margin``; NaN when either is unknown."""
        if self.targets.acos is not None:
            return self.targets.acos
        if self.targets.post_ad_margin is None:
            return math.nan
        return float(metrics.target_acos(self.break_even_acos(asin), self.targets.post_ad_margin))


# -- ValidationError -> ParamsError ---------------------------------------------------------------------

_TYPE_HELP = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "finite_number": "a finite number",
    "dict_type": "a mapping of keys",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
    "list_type": "a list",
    "tuple_type": "a list",
    "date_type": "a date written YYYY-MM-DD",
    "invalid_key": "a text key",
}


_BOUNDS = {"greater_than": ">", "greater_than_equal": ">=", "less_than": "<", "less_than_equal": "<="}


def _model_in(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The params model inside a field annotation, and whether it sits under a mapping key."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (dict, Mapping) and len(args) == 2:
        model, _ = _model_in(args[1])
        return model, model is not None
    if origin in (Annotated, typing.Union, types.UnionType):
        for arg in args[:1] if origin is Annotated else args:
            model, keyed = _model_in(arg)
            if model is not None:
                return model, keyed
    return None, False


def _model_holding(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The params model of the mapping that holds ``loc[-1]`` (None when not a model's key)."""
    model: type[BaseModel] = Params
    skip = False
    for part in loc[:-1]:
        if skip:
            skip = False
            continue
        field = model.model_fields.get(part) if isinstance(part, str) else None
        inner, skip = _model_in(field.annotation) if field is not None else (None, False)
        if inner is None:
            return None
        model = inner
    return model


def _known_keys(loc: tuple[Any, ...]) -> list[str]:
    """Keys allowed in the mapping that holds ``loc[-1]``."""
    model = _model_holding(loc)
    return [] if model is None else list(model.model_fields)


def _is_whole_number(loc: tuple[Any, ...]) -> bool:
    """Whether the field at ``loc`` holds an int (for "a whole number >= 0" rather than "a number")."""
    model = _model_holding(loc)
    field = model.model_fields.get(loc[-1]) if model is not None and loc else None
    annotation = field.annotation if field is not None else None
    while typing.get_origin(annotation) is Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation is int


def _dotted(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _problem(error: Mapping[str, Any]) -> tuple[str, str, str]:
    """(dotted key, allowed, received) for one pydantic error."""
    loc = tuple(error.get("loc", ()))
    kind = error["type"]
    ctx = error.get("ctx") or {}
    key = _dotted(loc)
    if kind == "shelfbook":
        return key, ctx["allowed"], ctx["got"]
    if kind == "missing":
        return key, "set", "nothing"
    if kind == "extra_forbidden":
        known = _known_keys(loc)
        hint = difflib.get_close_matches(str(loc[-1]), known, n=1)
        got = "an unknown key" + (f" (did you mean {hint[0]!r}?)" if hint else "")
        return key, f"one of the known keys ({', '.join(known)})", got
    if kind == "invalid_key":
        return str(loc[-1]) if loc else key, "a text key", _show(error.get("input"))
    if kind in _BOUNDS:
        value = error.get("input")
        number = "a whole number" if _is_whole_number(loc) else "a number"
        bound = next(iter(ctx.values()))
        return key, f"{number} {_BOUNDS[kind]} {bound:g}", _show(value)
    if kind in _TYPE_HELP:
        return key, _TYPE_HELP[kind], _show(error.get("input"))
    message = str(error.get("msg", kind))
    return key, message[:1].lower() + message[1:], _show(error.get("input"))


def _params_error(error: ValidationError, source: str) -> ParamsError:
    lines = []
    for item in error.errors(include_url=False):
        key, allowed, got = _problem(item)
        thing = f"params key {key!r}" if key else "params file"
        lines.append(f"{thing} must be {allowed}; got {got} (in {source})")
    if len(lines) == 1:
        result = ParamsError(lines[0])
    else:
        result = ParamsError(
            f"params file {source} has {len(lines)} problems:\n" + "\n".join(f"  {line}" for line in lines)
        )
    result.problems = lines  # type: ignore[attr-defined]
    return result


# -- loading ------------------------------------------------------------------------------------------


def _display(path: Path, root: str | Path | None = None) -> str:
    """``path`` relative to the project root when inside it (``params/acme.yaml``), else absolute."""
    try:
        return path.resolve().relative_to(project_root(root)).as_posix()
    except ValueError:
        return str(path)


def parse_params(mapping: Mapping[str, Any] | str, source: str = "<string>") -> Params:
    """Validate a params mapping (or YAML text) into :class:`Params`; ParamsError names key and ``source``.

    >>> p = parse_params({"client_name": "Acme", "marketplace": "US", "currency": "USD"})
    >>> p.paper, p.settings.attribution_lag_days
    ('letter', 3)
    """
    data = load_yaml(mapping, source=source) if isinstance(mapping, str) else mapping
    if not isinstance(data, Mapping):
        got = "an empty file" if data is None else _show(data)
        raise ParamsError(
            f"params file must be a mapping of keys (client_name: ..., marketplace: ...); got {got} (in {source})"
        )
    try:
        params = Params.model_validate(dict(data))
    except ValidationError as error:
        raise _params_error(error, source) from None
    params._source = source
    return params


def load_params_file(path: str | Path, *, root: str | Path | None = None) -> Params:
    """Read and validate one params file; a logo it names must exist next to it."""
    path = Path(path)
    source = _display(path, root)
    if not path.is_file():
        raise ParamsError(f"params file must exist; got no file at {path}")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ParamsError(
            f"params file must be UTF-8 text; got an undecodable byte at offset {error.start} (in {source})"
        ) from None
    params = parse_params(load_yaml(text, source=source), source=source)
    params._path = path.resolve()
    logo = params.logo_path
    if logo is not None and not logo.is_file():
        raise ParamsError(
            f"params key 'agency.logo' must name an existing file relative to the params folder; "
            f"got {params.agency.logo!r}, not found at {logo} (in {source})"
        )
    return params


def load_params(client: str, root: str | Path | None = None) -> Params:
    """The validated params of ``client`` from ``params/<client>.yaml`` under the project root.

    The slug is checked before any file is opened. A missing file says where it should be.
    """
    path = params_file(client, root)  # raises ParamsError on a bad slug
    if not path.is_file():
        where = _display(path, root)
        hint = (
            "write it with `python -m helpers demo --params`, or by hand following docs/params-schema.md"
            if where == EXAMPLE_PARAMS
            else f"copy the example {EXAMPLE_PARAMS} to {where} and edit it"
        )
        raise ParamsError(
            f"params file for client {client!r} must exist at {where}; got no such file ({hint})"
        )
    return load_params_file(path, root=root)
