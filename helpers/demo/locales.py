"""How a demo seller's exports look in its marketplace: US, UK (GBP) and German (EUR) reports.

The writers (:mod:`helpers.demo.writers`) build every report in the US layout; a :class:`Locale`
turns headers, cell formats and Seller Central text values into the marketplace's own
(amazon-reports.md, section numbers below):

* ``en_US`` — what the writers always wrote: ``$1,234.56``, ``5/1/26`` (M/D/YY), xlsx money
  ``$ #,##0.00``, trailing spaces on ``7 Day Total Sales `` etc. (§1.1 variant 1a).
* ``en_GB`` — §1.1 variant 1c: **no** trailing space on ``7 Day Total Sales`` / ``7 Day Advertised
  SKU Sales`` / ``7 Day Other SKU Sales``, ``Total Advertising Cost of Sales (ACOS) `` keeps its
  space, money cells ``[$£]#,##0.00;([$£]#,##0.00)``; Business Reports with ``£1,234.56`` and
  day-first ``01/04/26`` (DD/MM/YY) dates (§3.2).
* ``de_DE`` — German console headers (§1.6) restricted to the spellings the loaders' German alias
  tables accept (``Suchbegriff des Kunden``, ``Kampagnen-Name``, ``7 Tage, Umsatz gesamt (€)``,
  ``Zugeschriebene Umsatzkosten (ACOS) gesamt `` with its trailing space...), German match types
  (``GENAU``/``WORTGRUPPE``/``WEITGEHEND``); German Business Reports (§3.1 Localised) with
  ``5.255,61 €`` values, and a by-date report as ``;``-delimited CSV with ``01.09.2026`` dates.
  Columns whose German spelling neither the reference nor the loaders know (advertised/other-SKU
  splits, the by-date report's device and B2B columns) are left out, as a German download with a
  column subset would be.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date


def _group(value: float, decimals: int, *, comma: bool) -> str:
    text = f"{value:,.{decimals}f}"
    return text.translate(str.maketrans(",.", ".,")) if comma else text


@dataclass(frozen=True)
class Locale:
    """Cell formats and header translations of one marketplace locale."""

    code: str
    symbol: str
    decimal_comma: bool = False
    symbol_after: bool = False
    br_day: Callable[[date], str] = lambda d: f"{d.month}/{d.day}/{d:%y}"
    br_date_delimiter: str = ","
    xlsx_money_format: str = "$ #,##0.00"
    xlsx_date_format: str = "MMM dd, yyyy"
    #: English legacy-console header -> the locale's header; None drops the column.
    ad_headers: dict[str, str | None] = field(default_factory=dict)
    match_types: dict[str, str] = field(default_factory=dict)
    #: by-child header (en-dash row shape) replacing both English generations; None keeps English
    br_child_header: tuple[str, ...] | None = None
    #: by-date (header, position in the English row) pairs; None keeps the English report
    br_date_columns: tuple[tuple[str, int], ...] | None = None

    def integer(self, n: float) -> str:
        return _group(int(n), 0, comma=self.decimal_comma)

    def decimal(self, x: float) -> str:
        return _group(x, 2, comma=self.decimal_comma)

    def money(self, cents: int) -> str:
        amount = _group(int(cents) / 100, 2, comma=self.decimal_comma)
        return f"{amount} {self.symbol}" if self.symbol_after else f"{self.symbol}{amount}"

    def pct(self, fraction: float) -> str:
        value = (fraction if fraction == fraction else 0.0) * 100
        return f"{_group(value, 2, comma=self.decimal_comma)}%"

    def columns(self, columns: Sequence[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
        """The legacy ad report's (header, field, kind) list in this locale (dropped ones removed)."""
        out = []
        for header, name, kind in columns:
            local = self.ad_headers.get(header, header)
            if local is not None:
                out.append((local, name, kind))
        return out


US = Locale("en_US", "$")

UK = Locale(
    "en_GB",
    "£",
    br_day=lambda d: f"{d:%d/%m/%y}",
    xlsx_money_format="[$£]#,##0.00;([$£]#,##0.00)",
    ad_headers={
        "7 Day Total Sales ": "7 Day Total Sales",
        "7 Day Advertised SKU Sales ": "7 Day Advertised SKU Sales",
        "7 Day Other SKU Sales ": "7 Day Other SKU Sales",
    },
)

#: Business Report by child item in German (§3.1 Localised; the share and rate columns follow the
#: same naming, "Empfohlenes Angebot (Buy Box) Prozentsatz" as the loaders' alias says).
DE_BR_CHILD_HEADER = (
    "(Übergeordnete) ASIN", "(Untergeordnete) ASIN", "Titel", "SKU", "Sitzungen – Summe",
    "Sitzungsanteil – Summe", "Seitenaufrufe – Summe", "Anteil der Seitenaufrufe – Summe",
    "Empfohlenes Angebot (Buy Box) Prozentsatz", "Bestellte Einheiten", "Prozentsatz Einheiten pro Sitzung",
    "Durch bestellte Produkte erzielter Umsatz", "Zahl der Bestellposten",
)  # fmt: skip

DE = Locale(
    "de_DE",
    "€",
    decimal_comma=True,
    symbol_after=True,
    br_day=lambda d: f"{d:%d.%m.%Y}",
    br_date_delimiter=";",
    xlsx_money_format="#,##0.00\\ [$€-407];\\-#,##0.00\\ [$€-407]",
    xlsx_date_format="dd.MM.yyyy",
    ad_headers={
        "Date": "Datum",
        "Portfolio name": "Portfolio-Name",
        "Currency": "Währung",
        "Campaign Name": "Kampagnen-Name",
        "Ad Group Name": "Anzeigengruppenname",
        "Targeting": "Targeting",
        "Match Type": "Übereinstimmungstyp",
        "Customer Search Term": "Suchbegriff des Kunden",
        "Advertised SKU": "Beworbene SKU",
        "Advertised ASIN": "Beworbene ASIN",
        "Impressions": "Impressionen",
        "Clicks": "Klicks",
        "Click-Thru Rate (CTR)": "Klickrate (CTR)",
        "Cost Per Click (CPC)": "Kosten pro Klick (CPC)",
        "Spend": "Ausgaben",
        "7 Day Total Sales ": "7 Tage, Umsatz gesamt (€)",
        "Total Advertising Cost of Sales (ACOS) ": "Zugeschriebene Umsatzkosten (ACOS) gesamt ",
        "Total Return on Advertising Spend (ROAS)": "Gesamte Rentabilität der Anzeigenkosten (ROAS)",
        "7 Day Total Orders (#)": "7 Tage, Bestellungen gesamt (#)",
        "7 Day Total Units (#)": "7 Tage, Einheiten gesamt (#)",
        "7 Day Conversion Rate": "7-Tage-Konversionsrate",
        "7 Day Advertised SKU Units (#)": None,
        "7 Day Other SKU Units (#)": None,
        "7 Day Advertised SKU Sales ": None,
        "7 Day Other SKU Sales ": None,
    },
    match_types={"EXACT": "GENAU", "PHRASE": "WORTGRUPPE", "BROAD": "WEITGEHEND"},
    br_child_header=DE_BR_CHILD_HEADER,
    # positions in writers.BR_DATE_HEADER's row: the German default download's subset
    br_date_columns=(
        ("Datum", 0),
        ("Durch bestellte Produkte erzielter Umsatz", 1),
        ("Bestellte Einheiten", 3),
        ("Zahl der Bestellposten", 5),
        ("Durchschnittlicher Umsatz pro Bestellposten", 7),
        ("Seitenaufrufe – Summe", 17),
        ("Sitzungen – Summe", 23),
        ("Empfohlenes Angebot (Buy Box) Prozentsatz", 25),
        ("Prozentsatz Einheiten pro Sitzung", 29),
    ),
)

LOCALES = {loc.code: loc for loc in (US, UK, DE)}


def locale_of(profile: str) -> Locale:
    from helpers.demo.brands import brand

    return LOCALES[brand(profile).locale]
