"""The deterministic demo client: Acme Trail Co. outdoor gear, as a year and a half of Amazon exports.

``generate("acme")`` writes into ``data/acme/`` the files an account manager would have downloaded
month after month, in Amazon's real layouts and with their quirks (see
:mod:`helpers.demo.writers`). Everything is a pure function of the profile: fixed seed, fixed dates
(2025-01-01 .. 2026-11-15), fixed file timestamps — two runs give byte-identical files.

The generator's own truth is available for tests, so they compare loader output with it instead of
with literals::

    >>> from helpers import demo
    >>> truth = demo.ground_truth("tiny")
    >>> str(truth["date"].min().date()), str(truth["date"].max().date())
    ('2025-01-01', '2026-11-15')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers import paths
from helpers.demo import ads as _ads
from helpers.demo import business as _business
from helpers.demo import catalog
from helpers.demo import launch as _launch
from helpers.demo.catalog import PROFILES
from helpers.errors import ParamsError

#: Demo clients whose exports are generated on first use (client slug -> generator profile).
DEMO_CLIENTS: dict[str, str] = {"acme": "acme", "harbour": "harbour", "bergwerk": "bergwerk"}

__all__ = [
    "DEMO_CLIENTS",
    "PROFILES",
    "Simulation",
    "catalog",
    "generate",
    "ground_truth",
    "ground_truth_ads",
    "ground_truth_children",
    "manifest",
    "params_yaml",
    "simulate",
    "write_tiny_project",
]


@dataclass(frozen=True)
class Simulation:
    """Everything the generator knows. Frames are shared (cached): copy before mutating."""

    profile: str
    ads: pd.DataFrame  # day × campaign × ad group × targeting × match type × term × advertised SKU
    skus: pd.DataFrame  # day × child ASIN × SKU (units, order items, sales in cents, B2B parts)
    children: pd.DataFrame  # day × child ASIN (traffic, buy box, totals of the SKU rows)


def _check_profile(profile: str) -> str:
    if profile not in PROFILES:
        raise ParamsError(f"demo profile must be one of {', '.join(PROFILES)}; got {profile!r}")
    return profile


@lru_cache(maxsize=4)
def simulate(profile: str = "acme") -> Simulation:
    """Run (once per process, then cached) the simulation of a profile."""
    _check_profile(profile)
    ad_frame = _ads.simulate(profile)
    business = _business.simulate(ad_frame, profile)
    # the launched product's rows from its launch day on (see helpers.demo.launch)
    ad_frame, skus, children = _launch.extend(ad_frame, business["skus"], business["children"], profile)
    return Simulation(profile, ad_frame, skus, children)


def ground_truth_ads(profile: str = "acme") -> pd.DataFrame:
    """A copy of the atom-level ad activity (see :func:`helpers.demo.ads.simulate`)."""
    return simulate(profile).ads.copy()


def ground_truth_children(profile: str = "acme") -> pd.DataFrame:
    """Daily per child ASIN: ``date, parent_asin, child_asin, sessions, page_views, buy_box_pct,
    units, order_items, sales`` (USD) plus ``ad_clicks``, ``ad_spend``, ``ad_sales``, ``ad_units``
    (ad metrics by advertised ASIN)."""
    sim = simulate(profile)
    frame = sim.children.copy()
    frame["sales"] = frame.pop("sales_cents") / 100
    frame["sales_b2b"] = frame.pop("sales_b2b_cents") / 100
    ad = (
        sim.ads.groupby(["date", "advertised_asin"])[["clicks", "spend", "sales", "units", "orders"]]
        .sum()
        .rename(columns=lambda c: f"ad_{c}")
        .rename_axis(["date", "child_asin"])
        .reset_index()
    )
    frame = frame.merge(ad, on=["date", "child_asin"], how="left")
    cols = ["ad_clicks", "ad_spend", "ad_sales", "ad_units", "ad_orders"]
    frame[cols] = frame[cols].fillna(0)
    return frame


def ground_truth(profile: str = "acme") -> pd.DataFrame:
    """The account's daily totals, one row per day 2025-01-01 .. 2026-11-15.

    Columns (canonical names): ``date``; Business Report ``sessions``, ``page_views``, ``units``,
    ``order_items``, ``sales`` (USD); Sponsored Products ``impressions``, ``clicks``, ``spend``,
    ``ad_sales``, ``ad_orders``, ``ad_units``. TACoS = spend / sales.
    """
    sim = simulate(profile)
    br = sim.children.groupby("date")[["sessions", "page_views", "units", "order_items", "sales_cents"]].sum()
    br["sales"] = br.pop("sales_cents") / 100
    ad = sim.ads.groupby("date")[["impressions", "clicks", "spend", "sales", "orders", "units"]].sum()
    ad = ad.rename(columns={"sales": "ad_sales", "orders": "ad_orders", "units": "ad_units"})
    out = br.join(ad, how="left").fillna(0).rename_axis("date").reset_index()
    return out


def generate(
    client: str = "acme",
    out_dir: str | Path | None = None,
    *,
    root: str | Path | None = None,
    profile: str = "acme",
) -> list[Path]:
    """Write the demo exports of ``profile`` into ``out_dir`` (default ``data/<client>/`` under ``root``).

    Returns the written paths in download order (see :func:`manifest`). Existing files with the same
    names are overwritten; other files in the folder are left alone.
    """
    from helpers.demo import writers  # the writers are only needed here

    paths.check_slug(client)
    _check_profile(profile)
    target = Path(out_dir) if out_dir is not None else paths.data_dir(client, root)
    target.mkdir(parents=True, exist_ok=True)
    from helpers.demo import onboarding  # inventory and listings exports for the onboarding audit

    sim = simulate(profile)
    return writers.write_all(sim, target) + onboarding.write_all(sim, target)


def manifest() -> pd.DataFrame:
    """Which file holds which report and days: ``file, report, layout, start_date, end_date,
    downloaded`` (plus writer details), in download order. The same for every profile."""
    from helpers.demo.onboarding import plan as onboarding_plan
    from helpers.demo.writers import plan

    return pd.concat([plan(), onboarding_plan()], ignore_index=True)


def params_yaml(client: str = "acme", profile: str = "acme") -> str:
    """The params file text for a demo profile (``params/acme.yaml`` is this, committed)."""
    from helpers.demo.writers import params_text

    return params_text(client, profile)


def write_tiny_project(root: str | Path) -> Path:
    """Write a fixture project for tests: ``root/params/tiny.yaml`` and ``root/data/tiny/...``.

    Returns ``root`` (as a Path). Takes a few seconds; session-scoped fixtures should share it.
    """
    root = Path(root)
    (root / "params").mkdir(parents=True, exist_ok=True)
    (root / "params" / "tiny.yaml").write_text(params_yaml("tiny", "tiny"), encoding="utf-8")
    generate("tiny", root / "data" / "tiny", profile="tiny")
    return root
