"""Two more demo brands for portfolio runs: a UK seller in GBP and a German seller in EUR.

* ``harbour`` — **Harbour & Hearth**, outdoor/home goods on amazon.co.uk (GBP, UK English exports,
  day-first dates). Growing fast, but advertising heavily: its TACoS sits over the 10 % target.
* ``bergwerk`` — **Bergwerk Outdoor**, winter hiking gear on amazon.de (EUR, German console and
  Business Report headers, decimal commas, ``01.09.2026`` dates). Shrinking year on year and out of
  stock on its best-selling flask from late July 2026, so the 2026-Q3 QBR shows a decline.

Both share acme's date span and event days (:mod:`helpers.demo.catalog`); they differ in
catalogue, price level, seasonality, growth and ad weight. :func:`brand` is the one accessor the
simulation uses; ``acme`` and ``tiny`` get the Acme Trail facts from the catalogue module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

PROFILES = ("harbour", "bergwerk")

# -- Acme Trail Co. (profiles ``acme`` and ``tiny``), the catalogue's own brand --------------------
BRAND = "Acme Trail Co."
MARKETPLACE = "US"
CURRENCY = "USD"
#: Yearly growth of demand (~+20 % YoY in sales once the Aug 2026 stock-out is counted).
YOY_GROWTH = 1.24
#: Ad weight per profile (how much of demand the ads carry).
AD_SCALE = {"acme": 2.5, "tiny": 1.0}
STOCKOUT_SKU = "AT-BTL-32-BLK"
STOCKOUT_START = date(2026, 8, 4)
STOCKOUT_END = date(2026, 8, 24)  # inclusive: 21 days with no units

# (key, title, price, weight, has an MFN SKU too)
Kid = tuple[str, str, float, float, bool]
# (campaign, portfolio, ad group, targeting, match type, [(term, kind, mean daily impressions)], sku key)
Line = tuple[str, str, str, str, str, list[tuple[str, str, float]], str]


@dataclass(frozen=True)
class Brand:
    """What makes a demo profile its own brand."""

    profile: str
    name: str  # legal/brand name on the cover and in brand_name
    short: str  # how titles start
    marketplace: str
    currency: str
    locale: str  # en_US, en_GB, de_DE: decides headers and number/date formats of the exports
    sku_prefix: str
    growth: float  # yearly demand multiplier
    ad_scale: float  # ad impressions multiplier (ad weight relative to organic demand)
    cpc_scale: float = 1.0  # CPC level relative to the US rates in helpers.demo.ads.KIND_RATES
    stockout: tuple[str, date, date] | None = None  # (sku, first day, last day) with no stock
    layout: tuple = ()  # (category, parent name, sku stem, kids, category daily organic units)
    seasonality: dict[str, tuple[float, ...]] = field(default_factory=dict)
    lines: tuple[Line, ...] = ()
    brand_terms: tuple[str, ...] = ()
    competitor_terms: tuple[str, ...] = ()
    economics: tuple[float, float, float] = (29.99, 8.40, 9.60)  # price, cogs, fees per unit
    targets: tuple[str, str] = ("30%", "12%")  # acos, tacos


_HARBOUR_LAYOUT = (
    ("flask", "Vacuum Flask", "FLK", [
        ("500", "Harbour & Hearth Vacuum Flask 500ml, Stainless Steel, Keeps Drinks Hot 12 Hours, Slate Grey",
         16.99, 1.3, False),
        ("750", "Harbour & Hearth Vacuum Flask 750ml with Cup Lid, Stainless Steel, Forest Green", 19.99, 1.0, True),
        ("1L", "Harbour & Hearth Vacuum Flask 1 Litre, Leak-Proof, Hot 24 Hours, Navy", 24.99, 0.8, False),
    ], 9.0),
    ("blanket", "Picnic Blanket", "PCB", [
        ("STD", "Harbour & Hearth Waterproof Picnic Blanket 150 x 180 cm, Foldable, Tartan", 27.99, 1.2, False),
        ("LRG", "Harbour & Hearth Large Picnic Blanket 200 x 200 cm, Waterproof Backing, Tartan", 34.99, 0.8, False),
    ], 5.0),
    ("lantern", "LED Lantern", "LTN", [
        ("WRM", "Harbour & Hearth LED Camping Lantern, Warm White, USB-C Rechargeable", 18.99, 1.1, False),
        ("SOL", "Harbour & Hearth Solar Garden Lantern, Rattan Effect, Dusk to Dawn Sensor", 29.99, 0.9, False),
    ], 4.0),
    ("mug", "Enamel Mug", "MUG", [
        ("2PK", "Harbour & Hearth Enamel Camping Mugs, Set of 2, 350ml, Cream with Blue Rim", 14.99, 1.2, False),
        ("4PK", "Harbour & Hearth Enamel Camping Mugs, Set of 4, 350ml, Cream with Blue Rim", 22.99, 0.8, False),
    ], 3.5),
    ("cushion", "Seat Cushion", "CSH", [
        ("STD", "Harbour & Hearth Outdoor Seat Cushion, Water-Resistant, 45 x 45 cm, Sage", 12.99, 1.0, False),
    ], 2.0),
)  # fmt: skip

_BERGWERK_LAYOUT = (
    ("thermos", "Thermoskanne", "THK", [
        ("500", "Bergwerk Thermoskanne 0,5 l, Edelstahl, doppelwandig, hält 12 Stunden heiß, Anthrazit",
         24.99, 1.0, False),
        ("750", "Bergwerk Thermoskanne 0,75 l mit Trinkbecher, Edelstahl, auslaufsicher, Waldgrün",
         29.99, 1.6, True),
        ("1L", "Bergwerk Thermoskanne 1 l, Edelstahl, BPA-frei, hält 24 Stunden heiß, Schwarz", 34.99, 0.9, False),
    ], 11.0),
    ("gloves", "Wanderhandschuhe", "HSH", [
        ("S", "Bergwerk Wanderhandschuhe Merino, Touchscreen-fähig, Größe S", 29.99, 0.7, False),
        ("M", "Bergwerk Wanderhandschuhe Merino, Touchscreen-fähig, Größe M", 29.99, 1.3, False),
        ("L", "Bergwerk Wanderhandschuhe Merino, Touchscreen-fähig, Größe L", 29.99, 1.0, False),
    ], 6.0),
    ("headlamp", "Stirnlampe", "STL", [
        ("400", "Bergwerk LED Stirnlampe 400 Lumen, wiederaufladbar über USB-C, wasserdicht IPX6", 27.99, 1.3, False),
        ("800", "Bergwerk LED Stirnlampe 800 Lumen, Rotlicht und Bewegungssensor, wiederaufladbar",
         44.99, 0.7, False),
    ], 5.0),
    ("backpack", "Wanderrucksack", "RCK", [
        ("20", "Bergwerk Wanderrucksack 20 l, leicht, mit Regenhülle, Petrol", 59.99, 1.1, False),
        ("30", "Bergwerk Wanderrucksack 30 l, Rückenbelüftung, mit Regenhülle, Grau", 79.99, 0.9, False),
    ], 2.5),
)  # fmt: skip

_HARBOUR_SEASONS = {
    "flask": (1.35, 1.20, 1.00, 0.85, 0.75, 0.70, 0.70, 0.75, 0.95, 1.20, 1.40, 1.55),
    "blanket": (0.45, 0.55, 0.80, 1.15, 1.55, 1.80, 1.85, 1.60, 1.00, 0.65, 0.55, 0.70),
    "lantern": (0.90, 0.80, 0.85, 0.95, 1.05, 1.10, 1.10, 1.00, 1.00, 1.15, 1.35, 1.45),
    "mug": (0.90, 0.85, 0.90, 0.95, 1.00, 1.00, 1.00, 0.95, 0.95, 1.05, 1.30, 1.60),
    "cushion": (0.40, 0.50, 0.85, 1.30, 1.65, 1.80, 1.70, 1.35, 0.90, 0.60, 0.55, 0.60),
}
_BERGWERK_SEASONS = {
    "thermos": (1.45, 1.30, 1.05, 0.85, 0.70, 0.62, 0.60, 0.65, 0.90, 1.20, 1.45, 1.65),
    "gloves": (1.60, 1.35, 0.95, 0.65, 0.45, 0.35, 0.35, 0.45, 0.80, 1.30, 1.80, 2.00),
    "headlamp": (1.20, 1.05, 0.95, 0.85, 0.75, 0.70, 0.70, 0.80, 1.00, 1.25, 1.45, 1.50),
    "backpack": (0.55, 0.65, 0.95, 1.25, 1.45, 1.50, 1.45, 1.35, 1.15, 0.85, 0.60, 0.75),
}

_HARBOUR_LINES: tuple[Line, ...] = (
    ("SP | Flasks | Auto", "Flasks", "Flasks - Auto", "close-match", "-", [
        ("vacuum flask", "auto", 1900), ("flask for hot drinks", "auto", 700), ("thermos flask 1 litre", "auto", 520),
    ], "FLK-750"),
    ("SP | Flasks | Auto", "Flasks", "Flasks - Auto", "loose-match", "-", [
        ("flask", "auto", 1300), ("baby bottle flask", "wasteful", 260),
    ], "FLK-500"),
    ("SP | Flasks | Auto", "Flasks", "Flasks - Auto", "substitutes", "-", [
        ("@stanley classic flask", "product", 650),
    ], "FLK-1L"),
    ("SP | Flasks | Manual - Exact", "Flasks", "Flasks - Exact", "vacuum flask 500ml", "EXACT", [
        ("vacuum flask 500ml", "exact", 900),
    ], "FLK-500"),
    ("SP | Flasks | Manual - Exact", "Flasks", "Flasks - Exact", "1 litre flask", "EXACT", [
        ("1 litre flask", "exact", 620),
    ], "FLK-1L"),
    ("SP | Picnic | Auto", "Picnic", "Picnic - Auto", "close-match", "-", [
        ("picnic blanket", "auto", 1500), ("waterproof picnic blanket", "auto", 650),
        ("picnic basket", "wasteful", 320),
    ], "PCB-STD"),
    ("SP | Picnic | Manual - Exact", "Picnic", "Picnic - Exact", "large picnic blanket", "EXACT", [
        ("large picnic blanket", "exact", 720),
    ], "PCB-LRG"),
    ("SP | Lanterns | Manual - Broad", "Not grouped", "Lanterns - Broad", "led lantern", "BROAD", [
        ("camping lantern rechargeable", "generic", 520), ("solar lantern outdoor", "generic", 610),
        ("garden lights solar", "generic", 420), ("lantern festival decorations", "wasteful", 230),
    ], "LTN-SOL"),
    ("SP | Lanterns | Manual - Exact", "Not grouped", "Lanterns - Exact", "rechargeable camping lantern", "EXACT", [
        ("rechargeable camping lantern", "exact", 560),
    ], "LTN-WRM"),
    ("SP | Mugs | Auto", "Not grouped", "Mugs - Auto", "close-match", "-", [
        ("enamel mug", "auto", 720), ("camping mug set", "auto", 420),
    ], "MUG-2PK"),
    ("SP | Cushions | Manual - Exact", "Not grouped", "Cushions - Exact", "outdoor seat cushion", "EXACT", [
        ("outdoor seat cushion", "exact", 480),
    ], "CSH-STD"),
    ("SP | Brand | Exact", "Brand Defence", "Brand", "harbour and hearth", "PHRASE", [
        ("harbour and hearth", "branded", 300), ("harbour and hearth flask", "branded", 160),
        ("harbour hearth picnic blanket", "branded", 90),
    ], "FLK-750"),
    ("SP | Competitor | Keywords", "Conquesting", "Competitor - Flasks", "stanley flask", "PHRASE", [
        ("stanley flask", "competitor", 1250), ("stanley flask 1l", "competitor", 380),
    ], "FLK-1L"),
    ("SP | Competitor | Keywords", "Conquesting", "Competitor - Flasks", "chillys bottle", "EXACT", [
        ("chillys bottle", "competitor", 640),
    ], "FLK-500"),
)  # fmt: skip

_BERGWERK_LINES: tuple[Line, ...] = (
    ("SP | Thermoskannen | Auto", "Thermoskannen", "Thermoskannen - Auto", "close-match", "-", [
        ("thermoskanne", "auto", 2300), ("thermosflasche 1 liter", "auto", 900), ("isolierkanne", "auto", 620),
    ], "THK-750"),
    ("SP | Thermoskannen | Auto", "Thermoskannen", "Thermoskannen - Auto", "loose-match", "-", [
        ("trinkflasche", "auto", 1200), ("trinkflasche kinder", "wasteful", 330),
    ], "THK-500"),
    ("SP | Thermoskannen | Auto", "Thermoskannen", "Thermoskannen - Auto", "substitutes", "-", [
        ("@stanley classic thermoskanne", "product", 600),
    ], "THK-1L"),
    ("SP | Thermoskannen | Exakt", "Thermoskannen", "Thermoskannen - Exakt", "thermoskanne edelstahl", "EXACT", [
        ("thermoskanne edelstahl", "exact", 1150),
    ], "THK-750"),
    ("SP | Thermoskannen | Exakt", "Thermoskannen", "Thermoskannen - Exakt", "thermosflasche 750 ml", "EXACT", [
        ("thermosflasche 750 ml", "exact", 620),
    ], "THK-500"),
    ("SP | Handschuhe | Auto", "Handschuhe", "Handschuhe - Auto", "close-match", "-", [
        ("wanderhandschuhe", "auto", 900), ("touchscreen handschuhe", "auto", 720),
        ("arbeitshandschuhe", "wasteful", 290),
    ], "HSH-M"),
    ("SP | Stirnlampen | Weitgehend", "Nicht gruppiert", "Stirnlampen - Weitgehend", "stirnlampe led", "BROAD", [
        ("stirnlampe led wiederaufladbar", "generic", 880), ("stirnlampe joggen", "generic", 410),
        ("stirnlampe kinder", "generic", 220),
    ], "STL-400"),
    ("SP | Rucksäcke | Exakt", "Nicht gruppiert", "Rucksäcke - Exakt", "wanderrucksack 30l", "EXACT", [
        ("wanderrucksack 30l", "exact", 520),
    ], "RCK-30"),
    ("SP | Rucksäcke | Exakt", "Nicht gruppiert", "Rucksäcke - Exakt", "tagesrucksack wandern", "EXACT", [
        ("tagesrucksack wandern", "exact", 430),
    ], "RCK-20"),
    ("SP | Marke | Exakt", "Markenschutz", "Marke", "bergwerk", "PHRASE", [
        ("bergwerk thermoskanne", "branded", 300), ("bergwerk", "branded", 240),
        ("bergwerk handschuhe", "branded", 90),
    ], "THK-750"),
    ("SP | Wettbewerb | Keywords", "Wettbewerb", "Wettbewerb - Marken", "stanley thermoskanne", "PHRASE", [
        ("stanley thermoskanne", "competitor", 950), ("petzl stirnlampe", "competitor", 700),
    ], "THK-1L"),
    ("SP | Wettbewerb | Keywords", "Wettbewerb", "Wettbewerb - Rucksack", "deuter rucksack", "EXACT", [
        ("deuter rucksack", "competitor", 520),
    ], "RCK-30"),
)  # fmt: skip

BRANDS: dict[str, Brand] = {
    "harbour": Brand(
        profile="harbour",
        name="Harbour & Hearth",
        short="Harbour & Hearth",
        marketplace="UK",
        currency="GBP",
        locale="en_GB",
        sku_prefix="HH",
        growth=1.38,
        ad_scale=3.6,
        cpc_scale=0.85,
        layout=_HARBOUR_LAYOUT,
        seasonality=_HARBOUR_SEASONS,
        lines=_HARBOUR_LINES,
        brand_terms=("harbour and hearth", "harbour hearth"),
        competitor_terms=("stanley", "chillys", "thermos", "lifeventure"),
        economics=(19.99, 5.10, 7.20),
        targets=("30%", "10%"),
    ),
    "bergwerk": Brand(
        profile="bergwerk",
        name="Bergwerk Outdoor",
        short="Bergwerk",
        marketplace="DE",
        currency="EUR",
        locale="de_DE",
        sku_prefix="BW",
        growth=0.82,
        ad_scale=1.8,
        cpc_scale=0.9,
        stockout=("BW-THK-750", date(2026, 7, 20), date(2026, 8, 31)),
        layout=_BERGWERK_LAYOUT,
        seasonality=_BERGWERK_SEASONS,
        lines=_BERGWERK_LINES,
        brand_terms=("bergwerk",),
        competitor_terms=("stanley", "petzl", "deuter", "ledlenser", "vaude"),
        economics=(32.99, 9.80, 10.40),
        targets=("28%", "12%"),
    ),
}


def brand(profile: str) -> Brand:
    """The brand facts of a profile (``acme``/``tiny``: Acme Trail Co., US, USD)."""
    if profile in BRANDS:
        return BRANDS[profile]
    return Brand(
        profile=profile, name=BRAND, short="Acme Trail", marketplace=MARKETPLACE, currency=CURRENCY,
        locale="en_US", sku_prefix="AT", growth=YOY_GROWTH, ad_scale=AD_SCALE[profile],
        stockout=(STOCKOUT_SKU, STOCKOUT_START, STOCKOUT_END),
    )  # fmt: skip


def competitor_asin_term(name: str) -> str:
    """``@stanley classic flask`` in a line spec = the product page of that competitor (lower-case ASIN)."""
    from helpers.demo.ids import make_id

    return make_id(f"competitor:{name}").lower()
