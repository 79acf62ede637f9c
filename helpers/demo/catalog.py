"""The demo brand: Acme Trail Co. outdoor gear — products, prices, seasonality and the calendar.

Everything here is a pure, deterministic function of the profile name (``"acme"`` or ``"tiny"``):
ASINs and IDs come from a SHA-256 of a fixed seed and a key, never from ``hash()`` or the clock, so
every run and every machine sees the same catalogue. Tests read the facts they assert on from this
module (brand, stock-out, wasteful terms, event dates) instead of hard-coding literals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd

from helpers.demo.brands import (  # noqa: F401  (acme's facts, read as cat.X across the generator)
    BRAND,
    CURRENCY,
    MARKETPLACE,
    STOCKOUT_END,
    STOCKOUT_SKU,
    STOCKOUT_START,
    YOY_GROWTH,
)
from helpers.demo.ids import SEED, make_id, make_numeric_id  # noqa: F401
from helpers.errors import ParamsError

PROFILES = ("acme", "tiny", "harbour", "bergwerk")  # the last two: see helpers.demo.brands

# The demo's whole world: fixed dates, never today's date.
START = date(2025, 1, 1)
END = date(2026, 11, 15)

#: Retail events as inclusive (first day, last day). Taken as the demo's truth.
EVENTS: dict[str, tuple[date, date]] = {
    "prime_day_2025": (date(2025, 7, 8), date(2025, 7, 11)),
    "prime_big_deal_days_2025": (date(2025, 10, 7), date(2025, 10, 8)),
    "bfcm_2025": (date(2025, 11, 28), date(2025, 12, 1)),
    "prime_day_2026": (date(2026, 7, 7), date(2026, 7, 10)),
    "prime_big_deal_days_2026": (date(2026, 10, 6), date(2026, 10, 7)),
}

#: Demand multiplier on event days (organic and ad impressions) and CPC multiplier.
EVENT_DEMAND = {"prime_day": 2.6, "prime_big_deal_days": 1.9, "bfcm": 2.3}
EVENT_CPC = {"prime_day": 1.45, "prime_big_deal_days": 1.3, "bfcm": 1.4}
#: Deal price during events (fraction of list price).
EVENT_PRICE = 0.85

#: Where the reports' QBR lands by default: the latest full quarter of the data.
LATEST_FULL_QUARTER = "2026-Q3"




# -- seasonality -----------------------------------------------------------------------------------
# Monthly demand index per category (Jan..Dec), interpolated day by day.
SEASONALITY: dict[str, tuple[float, ...]] = {
    "bottle": (0.70, 0.75, 0.90, 1.05, 1.25, 1.40, 1.45, 1.30, 1.00, 0.85, 0.95, 1.05),
    "socks": (1.00, 0.90, 0.95, 1.00, 1.00, 0.85, 0.80, 0.90, 1.10, 1.25, 1.40, 1.50),
    "poles": (0.60, 0.70, 1.00, 1.30, 1.45, 1.45, 1.30, 1.20, 1.05, 0.85, 0.75, 0.80),
    "hammock": (0.40, 0.50, 0.80, 1.20, 1.60, 1.80, 1.70, 1.40, 1.00, 0.70, 0.70, 0.90),
    "headlamp": (0.80, 0.75, 0.80, 0.85, 0.90, 0.90, 0.90, 0.95, 1.05, 1.25, 1.50, 1.60),
}


@dataclass(frozen=True)
class Child:
    """One child ASIN with its FBA SKU (and an MFN SKU for a few)."""

    asin: str
    parent_asin: str
    sku: str
    title: str
    category: str
    price: float
    weight: float  # share of the category's demand
    mfn_sku: str | None = None

    @property
    def skus(self) -> tuple[str, ...]:
        return (self.sku,) if self.mfn_sku is None else (self.sku, self.mfn_sku)


@dataclass(frozen=True)
class Parent:
    asin: str
    category: str
    name: str


# (category, parent name, sku stem, [(variant key, title suffix, price, weight, has_mfn)])
_BOTTLE_COLOURS = (("BLK", "Black"), ("SGE", "Sage"), ("SLT", "Slate"))
_BOTTLE_SIZES = ((20, 24.99), (32, 29.99), (40, 34.99))
_SOCK_SIZES = (("S", "Small"), ("M", "Medium"), ("L", "Large"), ("XL", "X-Large"))


def _bottle_children(sizes, colours) -> list[tuple[str, str, float, float, bool]]:
    rows = []
    for size, price in sizes:
        for code, colour in colours:
            weight = {20: 0.7, 32: 1.6, 40: 0.9}[size] * {"BLK": 1.5, "SGE": 1.0, "SLT": 0.8}[code]
            title = (
                f'Acme Trail Insulated Water Bottle {size} oz, Stainless Steel, {colour} – '
                f'Leak-Proof Lid, Keeps Drinks Cold 24 Hours, 3" Wide Mouth'
            )
            rows.append((f"{size}-{code}", title, price, weight, (size, code) in {(32, "BLK"), (20, "SGE")}))
    return rows


def _sock_children(sizes) -> list[tuple[str, str, float, float, bool]]:
    weights = {"S": 0.6, "M": 1.3, "L": 1.2, "XL": 0.5}
    return [
        (
            code,
            f"Acme Trail Merino Wool Hiking Socks, Cushioned Crew, 2 Pairs, {name} (Men 8-10 / Women 9-11)"
            if code == "M"
            else f"Acme Trail Merino Wool Hiking Socks, Cushioned Crew, 2 Pairs, {name}",
            22.99,
            weights[code],
            code == "M",
        )
        for code, name in sizes
    ]


def _layout(profile: str) -> list[tuple[str, str, str, list[tuple[str, str, float, float, bool]], float]]:
    """(category, parent name, sku stem, children, category daily organic units at the start)."""
    from helpers.demo.brands import BRANDS

    if profile in BRANDS:
        return [(c, name, stem, list(kids), units) for c, name, stem, kids, units in BRANDS[profile].layout]
    if profile == "acme":
        return [
            ("bottle", "Insulated Water Bottle", "BTL", _bottle_children(_BOTTLE_SIZES, _BOTTLE_COLOURS), 42.0),
            ("socks", "Merino Hiking Socks", "SCK", _sock_children(_SOCK_SIZES), 26.0),
            (
                "poles",
                "Trekking Poles",
                "POL",
                [
                    ("ALU", "Acme Trail Trekking Poles, Aluminum, Collapsible with Cork Grips (Pair)", 49.99, 1.4, False),
                    ("CRB", "Acme Trail Carbon Fiber Trekking Poles, Ultralight 7.6 oz, Quick Locks (Pair)", 89.99, 0.8, False),
                ],
                6.5,
            ),
            (
                "hammock",
                "Camping Hammock",
                "HMK",
                [
                    ("SGL", 'Acme Trail Camping Hammock, Single 118" x 78", Ripstop Nylon with Tree Straps', 39.99, 1.3, False),
                    ("DBL", 'Acme Trail Camping Hammock, Double 118" x 78", with Bug Net, 500 lb Capacity', 54.99, 0.9, False),
                ],
                5.5,
            ),
            (
                "headlamp",
                "Headlamp",
                "HLP",
                [
                    ("300", "Acme Trail LED Headlamp 300 Lumen, USB-C Rechargeable, Waterproof IPX6", 24.99, 1.4, False),
                    ("500", "Acme Trail LED Headlamp 500 Lumen, Red Light & Motion Sensor, Rechargeable", 34.99, 0.9, False),
                ],
                7.0,
            ),
        ]
    if profile == "tiny":
        return [
            (
                "bottle",
                "Insulated Water Bottle",
                "BTL",
                _bottle_children(((20, 24.99), (32, 29.99)), (("BLK", "Black"), ("SGE", "Sage")))[:3],
                8.0,
            ),
            ("socks", "Merino Hiking Socks", "SCK", _sock_children((("M", "Medium"), ("L", "Large"))), 4.0),
        ]
    raise ParamsError(f"demo profile must be one of {', '.join(PROFILES)}; got {profile!r}")


@dataclass(frozen=True)
class Catalog:
    profile: str
    parents: tuple[Parent, ...]
    children: tuple[Child, ...]
    category_units: dict[str, float]

    def child(self, sku_or_asin: str) -> Child:
        for c in self.children:
            if sku_or_asin in (c.asin, c.sku, c.mfn_sku):
                return c
        raise KeyError(sku_or_asin)

    def in_category(self, category: str) -> tuple[Child, ...]:
        return tuple(c for c in self.children if c.category == category)

    def frame(self) -> pd.DataFrame:
        """One row per (child ASIN, SKU): parent_asin, child_asin, sku, title, category, price, fulfilment."""
        rows = []
        for c in self.children:
            for sku in c.skus:
                rows.append(
                    {
                        "parent_asin": c.parent_asin,
                        "child_asin": c.asin,
                        "sku": sku,
                        "title": c.title,
                        "category": c.category,
                        "price": c.price,
                        "fulfilment": "MFN" if sku == c.mfn_sku else "FBA",
                    }
                )
        return pd.DataFrame(rows)


def catalog(profile: str = "acme") -> Catalog:
    """The catalogue of a demo profile (``"acme"``: 19 children under 5 parents; ``"tiny"``: 5 under 2)."""
    from helpers.demo.brands import brand

    prefix = brand(profile).sku_prefix
    parents, children, units = [], [], {}
    for category, name, stem, kids, cat_units in _layout(profile):
        parent = Parent(asin=make_id(f"parent:{category}"), category=category, name=name)
        parents.append(parent)
        units[category] = cat_units
        for key, title, price, weight, has_mfn in kids:
            sku = f"{prefix}-{stem}-{key}"
            children.append(
                Child(
                    asin=make_id(f"child:{sku}"),
                    parent_asin=parent.asin,
                    sku=sku,
                    title=title,
                    category=category,
                    price=price,
                    weight=weight,
                    mfn_sku=f"{sku}-MFN" if has_mfn else None,
                )
            )
    return Catalog(profile=profile, parents=tuple(parents), children=tuple(children), category_units=units)


# -- facts tests and notebooks may assert on --------------------------------------------------------
#: The best-selling child that runs out of stock for three weeks in August 2026 (in both profiles).
STOCKOUT_ASIN = make_id(f"child:{STOCKOUT_SKU}")

#: Search terms with many clicks and no orders, ever.
WASTEFUL_TERMS = ("water bottle for dogs", "kids water bottle", "hammock stand", "free socks")
BRANDED_TERMS = ("acme trail water bottle", "acme socks", "acme trail", "acme water bottle")
COMPETITOR_TERMS = ("hydro flask 32 oz", "yeti rambler", "darn tough socks", "black diamond trekking poles")
#: Competitor products targeted by ASIN (and seen as lower-case product-page search terms).
COMPETITOR_ASINS = {
    "hydro flask 32 oz wide mouth": make_id("competitor:hydroflask32"),
    "yeti rambler 36 oz": make_id("competitor:yeti36"),
    "darn tough hiker crew": make_id("competitor:darntough"),
    "smartwool hike crew": make_id("competitor:smartwool"),
    "black diamond trail poles": make_id("competitor:bdpoles"),
    "eno doublenest hammock": make_id("competitor:eno"),
    "black diamond spot headlamp": make_id("competitor:bdspot"),
}

#: Download timestamps are fixed too: the time of day Amazon's report server stamps into xlsx files.
DOWNLOAD_TIME = (15, 49, 14)


def download_datetime(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, *DOWNLOAD_TIME)


def days() -> pd.DatetimeIndex:
    """Every day of the demo, START..END inclusive."""
    return pd.date_range(START, END, freq="D")


def event_of(day: pd.Timestamp | date) -> str | None:
    """The event kind (``prime_day``, ``prime_big_deal_days``, ``bfcm``) a day belongs to, else None."""
    d = pd.Timestamp(day).date()
    for name, (first, last) in EVENTS.items():
        if first <= d <= last:
            return name.rsplit("_", 1)[0]
    return None


def seasonality(category: str, index: pd.DatetimeIndex) -> np.ndarray:
    """Daily demand index of a category: monthly curve, interpolated at mid-month, plus holidays."""
    from helpers.demo.brands import BRANDS

    table = SEASONALITY.get(category) or next(b.seasonality[category] for b in BRANDS.values() if category in b.seasonality)
    monthly = np.array(table)
    # position in months, 0 = mid-January
    pos = (index.day_of_year.to_numpy() - 15.5) / (365.25 / 12)
    lo = np.floor(pos).astype(int)
    frac = pos - lo
    value = monthly[lo % 12] * (1 - frac) + monthly[(lo + 1) % 12] * frac
    # gift season ramps up in December, then falls off a cliff after the last shipping day
    md = index.month * 100 + index.day
    value = np.where((md >= 1201) & (md <= 1220), value * 1.25, value)
    value = np.where((md >= 1223) & (md <= 1226), value * 0.6, value)
    return value


def demand_index(category: str, index: pd.DatetimeIndex, *, growth: float = YOY_GROWTH) -> np.ndarray:
    """Seasonality × growth × weekday × events (no noise) for one category, one value per day."""
    t = (index - pd.Timestamp(START)).days.to_numpy() / 365.25
    growth = growth**t
    weekday = np.array([1.04, 0.98, 0.97, 0.96, 0.95, 1.02, 1.08])[index.day_of_week.to_numpy()]
    events = np.array([EVENT_DEMAND.get(event_of(d) or "", 1.0) for d in index])
    # halo around events: lead-in dip (shoppers wait) and a short tail after
    for first, last in EVENTS.values():
        lead = (index >= pd.Timestamp(first) - pd.Timedelta(days=3)) & (index < pd.Timestamp(first))
        tail = (index > pd.Timestamp(last)) & (index <= pd.Timestamp(last) + pd.Timedelta(days=3))
        events = np.where(lead, 0.9, events)
        events = np.where(tail, 1.25, events)
    return seasonality(category, index) * growth * weekday * events


def cpc_index(index: pd.DatetimeIndex) -> np.ndarray:
    """CPC multiplier per day: higher on event days and through Q4."""
    events = np.array([EVENT_CPC.get(event_of(d) or "", 1.0) for d in index])
    q4 = np.where(index.month >= 11, 1.12, 1.0)
    t = (index - pd.Timestamp(START)).days.to_numpy() / 365.25
    return events * q4 * (1.06**t)  # CPC inflation ~6 % a year


def price_index(index: pd.DatetimeIndex) -> np.ndarray:
    """Fraction of list price charged per day (deal price on event days)."""
    return np.array([EVENT_PRICE if event_of(d) else 1.0 for d in index])


def stockout_mask(index: pd.DatetimeIndex, start: date = STOCKOUT_START, end: date = STOCKOUT_END) -> np.ndarray:
    return (index >= pd.Timestamp(start)) & (index <= pd.Timestamp(end))
