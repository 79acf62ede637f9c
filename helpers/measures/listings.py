"""Listing quality: titles, bullets, backend search terms, images, A+, and why a listing doesn't sell.

Pure functions over the loaders' ``category_listings`` (flat file), ``listings`` (All Listings) and
``fba_inventory`` frames. Limits themselves live in the audit rule table (``helpers/data/checks.csv``);
this module only measures.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers.loaders import category_listings as cl
from helpers.loaders import inventory as inv
from helpers.present.formatting import count, money, pct

#: Characters Amazon bans in titles (domain.md §4.4).
BANNED_TITLE_CHARS = frozenset("!$?_{}^¬¦")
#: The per-SKU metrics :func:`listing_qa` measures (the audit judges them).
QA_METRICS = ("title_chars", "title_banned_chars", "bullet_count", "search_terms_bytes", "main_image",
              "other_images", "a_plus", "listing_active")  # fmt: skip
MANUAL = "needs a manual look"


def utf8_bytes(text: object) -> float:
    """Length of ``text`` in UTF-8 bytes — how Amazon counts backend search terms (NaN for missing).

    ASCII letters take 1 byte, umlauts and accents 2, CJK 3, emoji 4.

    >>> utf8_bytes("größe"), len("größe"), utf8_bytes("水筒")
    (7, 5, 6)
    """
    if not isinstance(text, str):
        return np.nan
    return len(text.encode("utf-8"))


def banned_characters(title: object) -> float:
    """How many characters of ``title`` are banned in titles (NaN for a missing title).

    >>> banned_characters("Best bottle ever!!"), banned_characters("Bottle 32 oz")
    (2, 0)
    """
    if not isinstance(title, str):
        return np.nan
    return sum(ch in BANNED_TITLE_CHARS for ch in title)


def _filled(frame: pd.DataFrame, columns: Iterable[str]) -> pd.Series:
    present = [col for col in columns if col in frame.columns]
    if not present:
        return pd.Series(np.nan, index=frame.index)
    cells = frame[present].apply(lambda col: col.map(lambda v: isinstance(v, str) and bool(v.strip())))
    return cells.sum(axis=1).astype("float64")


def listing_qa(
    category: pd.DataFrame,
    all_listings: pd.DataFrame,
    inventory: pd.DataFrame | None = None,
    a_plus_asins: Iterable[str] | None = None,
) -> pd.DataFrame:
    """One row per SKU listed (flat file child/standalone rows, plus All Listings SKUs).

    Columns: ``sku, asin, title, status``, then the measured :data:`QA_METRICS`:
    ``title_chars`` (characters incl. spaces), ``title_banned_chars``, ``bullet_count`` (non-empty of
    5), ``search_terms_bytes`` (UTF-8 bytes of ``generic_keywords``; ``search_terms_chars`` next to it),
    ``main_image`` (1/0), ``other_images`` (0–8), ``a_plus`` (1/0; NaN when ``a_plus_asins`` is None,
    i.e. not checked) and ``listing_active`` (1 when All Listings says Active, 0 otherwise, NaN when
    the file has no status column). Flat-file fields are NaN for a SKU found only in All Listings.
    """
    flat = category
    if not flat.empty and cl.PARENT_CHILD in flat.columns:
        flat = flat[flat[cl.PARENT_CHILD].fillna("").str.lower() != "parent"]
    rows = pd.DataFrame({"sku": flat[c.SKU]}) if not flat.empty else pd.DataFrame(columns=["sku"])
    if not flat.empty:
        rows["title"] = flat[c.TITLE].to_numpy()
        rows["bullet_count"] = _filled(flat, cl.BULLETS).to_numpy()
        keywords = flat[cl.SEARCH_TERMS]
        rows["search_terms_bytes"] = keywords.map(lambda t: utf8_bytes(t) if isinstance(t, str) else 0.0).to_numpy()
        rows["search_terms_chars"] = keywords.map(lambda t: len(t) if isinstance(t, str) else 0).to_numpy()
        rows["main_image"] = _filled(flat, [cl.MAIN_IMAGE]).to_numpy()
        rows["other_images"] = _filled(flat, cl.OTHER_IMAGES).to_numpy()
    listed = all_listings[[c.SKU, "asin", c.TITLE, "status"]].drop_duplicates(c.SKU) if not all_listings.empty \
        else pd.DataFrame(columns=[c.SKU, "asin", c.TITLE, "status"])
    listed = listed.rename(columns={c.TITLE: "listed_title"})
    out = rows.merge(listed, on="sku", how="outer")
    if inventory is not None and not inventory.empty:
        asins = inventory.dropna(subset=[inv.ASIN]).drop_duplicates(c.SKU, keep="last").set_index(c.SKU)[inv.ASIN]
        out["asin"] = out["asin"].fillna(out["sku"].map(asins))
    if "title" not in out.columns:
        out["title"] = np.nan
    out["title"] = out["title"].fillna(out["listed_title"])
    out["title_chars"] = out["title"].map(lambda t: len(t) if isinstance(t, str) else np.nan)
    out["title_banned_chars"] = out["title"].map(banned_characters)
    for col in ("bullet_count", "search_terms_bytes", "search_terms_chars", "main_image", "other_images"):
        if col not in out.columns:
            out[col] = np.nan
    known_status = out["status"].notna()
    out["listing_active"] = np.where(known_status, out["status"].astype(str).str.lower().eq("active"), np.nan)
    a_plus = None if a_plus_asins is None else set(a_plus_asins)
    out["a_plus"] = np.nan if a_plus is None else out["asin"].map(lambda a: float(a in a_plus) if isinstance(a, str)
                                                                    else np.nan)
    cols = ["sku", "asin", "title", "status", *QA_METRICS[:4], "search_terms_chars", *QA_METRICS[4:]]
    return out[cols].sort_values("sku", kind="stable").reset_index(drop=True)


def qa_display(qa: pd.DataFrame, findings: pd.DataFrame | None = None) -> pd.DataFrame:
    """The listing-by-listing QA table for the client (numbers as counts, NaN as —).

    With ``findings`` (the audit's: ``area``, ``subject``, ``severity``), the listings with most red,
    then most amber findings come first; the others keep their order. A column no listing has a
    value for (the exports read hold no bullets or images, say) is left out, not printed as a
    column of dashes."""
    yes_no = {1.0: "yes", 0.0: "no"}
    table = pd.DataFrame({
        "SKU": qa["sku"], "Title chars": qa["title_chars"], "Banned chars": qa["title_banned_chars"],
        "Bullets": qa["bullet_count"], "Terms bytes": qa["search_terms_bytes"],
        "Terms chars": qa["search_terms_chars"], "Main img": qa["main_image"].map(yes_no),
        "Images": qa["other_images"], "A+": qa["a_plus"].map(yes_no), "Status": qa["status"],
    })  # fmt: skip
    if findings is not None and len(findings) and len(table):
        mine = findings[findings["area"].eq("listings")]
        counts = {sev: mine[mine["severity"].eq(sev)]["subject"].value_counts() for sev in ("red", "amber")}
        order = pd.DataFrame({sev: table["SKU"].map(n).fillna(0).to_numpy() for sev, n in counts.items()})
        table = table.iloc[order.sort_values(["red", "amber"], ascending=False, kind="stable").index]
    blank = [col for col in table.columns[1:] if table[col].isna().all()]
    return table.drop(columns=blank).reset_index(drop=True)


QA_FORMATS = {"Title chars": "count", "Banned chars": "count", "Bullets": "count", "Terms bytes": "count",
              "Terms chars": "count", "Images": "count"}  # fmt: skip


def _sentence(parts: list[str]) -> str:
    """Clauses joined into one sentence; only the first letter is raised (ASINs and acronyms keep
    their case, which ``str.capitalize`` would lower)."""
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def _window(frame: pd.DataFrame, window: tuple[date, date]) -> pd.DataFrame:
    if frame.empty:
        return frame
    start, end = (pd.Timestamp(d) for d in window)
    dated = frame[c.START_DATE].notna()
    return frame[~dated | ((frame[c.START_DATE] >= start) & (frame[c.END_DATE] <= end))]


def weakest_listing(qa: pd.DataFrame, business: pd.DataFrame, *, window: tuple[date, date]) -> str | None:
    """The SKU to diagnose: the listed ASIN with no units in ``window``, else the one with the fewest
    units per session (Business Report by child item, summed over the window), and of its SKUs the
    one with flat-file data (else the first). None when nothing is listed with an ASIN or the
    Business Report has no rows in ``window``: with nothing to compare, no listing is the weakest."""
    if qa.empty:
        return None
    listed = qa[qa["asin"].notna()]
    br = _window(business, window)
    if listed.empty or br.empty:
        return None
    pages = br.drop_duplicates([c.START_DATE, c.END_DATE, c.CHILD_ASIN])
    sessions = pages.groupby(c.CHILD_ASIN)[c.SESSIONS].sum()
    units = br.groupby(c.CHILD_ASIN)[c.UNITS].sum()
    asins = pd.DataFrame({"asin": listed["asin"].unique()})
    asins["units"] = asins["asin"].map(units).fillna(0)
    asins["rate"] = asins["units"] / asins["asin"].map(sessions).where(lambda s: s > 0)
    asins = asins.sort_values(["units", "rate"], kind="stable") if (asins["units"] <= 0).any() else \
        asins.sort_values(["rate", "units"], kind="stable")
    asin = asins["asin"].iloc[0]
    skus = listed[listed["asin"] == asin].sort_values("search_terms_bytes", na_position="last", kind="stable")
    return str(skus["sku"].iloc[0])


def no_sales_steps(
    sku: str | None,
    *,
    qa: pd.DataFrame,
    inventory: pd.DataFrame,
    search_terms: pd.DataFrame,
    advertised: pd.DataFrame,
    business: pd.DataFrame,
    window: tuple[date, date],
    currency: str = "USD",
) -> pd.DataFrame:
    """The "no sales" diagnostic path for one SKU: ``step, question, answer, source``.

    1. Search-term coverage: backend terms (bytes) and ad search terms that drew impressions.
    2. Main image and price vs competitors: main image present; our price vs the lowest new offer
       (FBA Inventory planning report; 0.0 there means "none").
    3. Ad placement: impressions, CTR and spend of the SKU's ads; placement shares are not in any
       loaded export ("needs a manual look").
    4. Buy Box ownership: Featured Offer % weighted by page views (Business Report by child).
    """
    steps = ["Search-term coverage", "Main image and price vs competitors", "Ad placement", "Buy Box ownership"]
    if sku is None:
        return pd.DataFrame({"step": steps, "answer": [MANUAL] * 4, "source": ["—"] * 4})
    row = qa[qa["sku"] == sku]
    asin = row["asin"].iloc[0] if not row.empty else None
    answers, sources = [], []

    # 1 search terms
    parts = []
    if not row.empty and pd.notna(row["search_terms_bytes"].iloc[0]):
        parts.append(f"backend search terms use {row['search_terms_bytes'].iloc[0]:.0f} of 249 bytes")
    ads = _window(advertised, window)
    mine = ads[ads[c.ADVERTISED_SKU] == sku] if not ads.empty and c.ADVERTISED_SKU in ads.columns else ads.iloc[0:0]
    campaigns = set(mine[c.CAMPAIGN]) if not mine.empty else set()
    terms = search_terms[search_terms[c.CAMPAIGN].isin(campaigns)] if campaigns and not search_terms.empty else None
    if terms is not None and not terms.empty:
        seen = terms.groupby(c.SEARCH_TERM)[c.IMPRESSIONS].sum()
        parts.append(f"{int((seen > 0).sum())} ad search terms drew impressions in its campaigns")
    answers.append(_sentence(parts) if parts else MANUAL)
    sources.append("Category Listings Report, Sponsored Products Search term report" if parts else "—")

    # 2 image and price
    parts = []
    if not row.empty and pd.notna(row["main_image"].iloc[0]):
        parts.append("main image present" if row["main_image"].iloc[0] >= 1 else "NO main image")
    stock = inventory[inventory[c.SKU] == sku] if not inventory.empty else inventory
    if not stock.empty:
        last = stock.sort_values(inv.SNAPSHOT_DATE).iloc[-1]
        ours, lowest = last.get(inv.PRICE), last.get(inv.LOWEST_PRICE_NEW)
        if pd.notna(ours) and pd.notna(lowest) and lowest > 0:
            parts.append(f"our price {money(ours, currency, decimals=2)} vs lowest new offer "
                         f"{money(lowest, currency, decimals=2)} ({pct(ours / lowest - 1, 1, signed=True)})")
        else:
            parts.append(f"price vs competitors: {MANUAL}")
    else:
        parts.append(f"price vs competitors: {MANUAL}")
    answers.append(_sentence(parts))
    sources.append("Category Listings Report, FBA Inventory report")

    # 3 placement
    if not mine.empty:
        imp, clk, spend = mine[c.IMPRESSIONS].sum(), mine[c.CLICKS].sum(), mine[c.SPEND].sum()
        ctr = pct(clk / imp, 2) if imp > 0 else "—"
        answers.append(f"{count(imp)} impressions, CTR {ctr}, spend {money(spend, currency)}; "
                       f"top-of-search share: {MANUAL} (Sponsored Products Placement report).")
        sources.append("Sponsored Products Advertised product report")
    else:
        answers.append(f"Not advertised in the window; {MANUAL} at placements.")
        sources.append("Sponsored Products Advertised product report")

    # 4 buy box
    br = _window(business, window)
    mine_br = br[br[c.CHILD_ASIN] == asin] if asin is not None and not br.empty else br.iloc[0:0]
    if not mine_br.empty and c.BUY_BOX_PCT in mine_br and mine_br[c.PAGE_VIEWS].sum() > 0:
        pages = mine_br.drop_duplicates([c.START_DATE, c.CHILD_ASIN])
        share = (pages[c.BUY_BOX_PCT] * pages[c.PAGE_VIEWS]).sum() / pages[c.PAGE_VIEWS].sum()
        answers.append(f"Featured Offer (Buy Box) {pct(share, 1)} of {count(pages[c.PAGE_VIEWS].sum())} page views.")
        sources.append("Business Report by child item")
    else:
        answers.append(MANUAL)
        sources.append("—")
    return pd.DataFrame({"step": [f"{i}. {s}" for i, s in enumerate(steps, 1)], "answer": answers,
                         "source": sources})
