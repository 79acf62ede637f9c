"""The portfolio review: every client side by side for one quarter, sorted by what needs attention.

Built from what the clients' runs recorded, never from their raw exports: the last good QBR of each
client (``reports/<client>/<period>/qbr.json``, written only by a successful run) and, when present,
its latest onboarding audit (``reports/<client>/*/onboarding.json``). The roll-up lives in the
reserved pseudo-client folder ``reports/_portfolio/<period>/`` (:data:`helpers.paths.PORTFOLIO`).

Flags and their weights are one table, :data:`FLAGS`; a client's *attention* is the sum of the
weights of its raised flags, and the table is sorted by attention, then by sales.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from helpers import paths
from helpers.errors import MissingDataError
from helpers.metrics import METRICS
from helpers.present.formatting import money

#: Attention flags: (key, label, column, comparison, threshold, weight). A flag is raised when
#: ``column <comparison> threshold``; a missing value never raises one (except ``no_qbr``).
#: The ACoS label, from :data:`helpers.metrics.METRICS` (its one source).
ACOS = str(METRICS.at["acos", "label"])

FLAGS = pd.DataFrame(
    [
        ("no_qbr", "no QBR for the period", "no_qbr", ">", 0.0, 20),  # outweighs all others: always first
        ("stockout", "stock-out: ads stopped on an ASIN", "stockout_asins", ">", 0.0, 3),
        ("acos", f"{ACOS} above target", "acos_vs_target", ">", 0.0, 3),
        ("tacos", "TACoS above target", "tacos_vs_target", ">", 0.0, 2),
        ("sales_qoq", "sales down more than 5 % QoQ", "sales_qoq", "<", -0.05, 2),
        ("sales_yoy", "sales down YoY", "sales_yoy", "<", 0.0, 2),
        ("buy_box", "Buy Box below 95 %", "buy_box", "<", 0.95, 2),
        ("wasted", "wasted spend above 5 % of ad spend", "wasted_share", ">", 0.05, 1),
    ],
    columns=["key", "label", "column", "op", "threshold", "weight"],
)


@dataclass(frozen=True)
class Portfolio:
    period: str
    clients: pd.DataFrame  # one row per client, see load_portfolio
    agency: str


# -- inputs ---------------------------------------------------------------------------------------
def _clients(root: Path) -> list[str]:
    from helpers.params.clients import discover_clients

    return discover_clients(root, valid_only=True)  # a client with broken params is left out


def portfolio_inputs(root: str | Path | None = None) -> list[Path]:
    """Files the roll-up depends on: every client's params and recorded QBR/onboarding JSON."""
    root = paths.project_root(root)
    files = []
    for client in _clients(root):
        files.append(root / "params" / f"{client}.yaml")
        reports = root / "reports" / client
        files += sorted(reports.glob("*/qbr.json")) + sorted(reports.glob("*/onboarding.json"))
    return [f for f in files if f.is_file()]


def portfolio_params(root: str | Path | None = None) -> Any:
    """Params for the roll-up's cover: the agency of the clients (the first client's params, with
    the client name replaced and no single marketplace)."""
    from helpers.params import load_params

    root = paths.project_root(root)
    clients = _clients(root)
    if not clients:
        raise MissingDataError(f"portfolio must have at least one client params file; got none in {root / 'params'}")
    first = load_params(clients[0], root)
    return first.model_copy(update={"client_name": f"All clients ({len(clients)})", "marketplace": ""})


def _latest_period(root: Path, clients: list[str]) -> str:
    periods = sorted({p.parent.name for c in clients for p in (root / "reports" / c).glob("*/qbr.json")})
    if not periods:
        raise MissingDataError(
            "portfolio review must have at least one client QBR; got none under reports/ "
            "(run `make all PLAYBOOK=qbr` first)"
        )
    return periods[-1]


def _num(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else math.nan


def _client_row(root: Path, client: str, period: str) -> dict[str, Any]:
    from helpers.params import load_params

    params = load_params(client, root)
    row: dict[str, Any] = {"client": client, "client_name": params.client_name, "marketplace": params.marketplace,
                           "currency": params.currency}
    path = root / "reports" / client / period / "qbr.json"
    records = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
    row["no_qbr"] = 0.0 if records else 1.0
    kpis = (records or {}).get("kpis", {})

    def kpi(name: str, part: str = "current") -> float:
        return _num(kpis.get(name, {}).get(part))

    row["sales"] = kpi("total_sales")
    row["sales_qoq"] = kpi("total_sales", "qoq")
    row["sales_yoy"] = kpi("total_sales", "yoy")
    row["ad_spend"] = kpi("ad_spend")
    row["tacos"] = kpi("tacos")
    row["acos"] = kpi("acos")
    row["buy_box"] = kpi("buy_box_pct")
    target_acos = params.target_acos()
    target_tacos = params.targets.tacos if params.targets.tacos is not None else math.nan
    row["acos_target"] = target_acos
    row["acos_vs_target"] = row["acos"] - target_acos
    row["tacos_target"] = target_tacos
    row["tacos_vs_target"] = row["tacos"] - target_tacos
    stockouts = (records or {}).get("stockouts") or {}
    row["stockout_asins"] = float(len(stockouts)) if records else math.nan
    row["stockout_days"] = max((_num(v.get("days")) for v in stockouts.values()), default=0.0) if records else math.nan
    wasted = _num((records or {}).get("wasted_spend"))
    row["wasted_spend"] = wasted
    row["wasted_share"] = wasted / row["ad_spend"] if row["ad_spend"] > 0 else math.nan
    onboarding = sorted((root / "reports" / client).glob("*/onboarding.json"), key=lambda p: p.parent.name)
    row["onboarding"] = onboarding[-1].parent.name if onboarding else None
    if onboarding:
        score = json.loads(onboarding[-1].read_text(encoding="utf-8")).get("score")
        row["onboarding_score"] = _num(score)
    return row


def load_portfolio(root: str | Path | None = None, period: str = "") -> Portfolio:
    """Every client's recorded numbers for ``period`` (blank: the latest quarter any client has).

    One row per client: ``client, client_name, marketplace, currency, sales, sales_qoq, sales_yoy``
    (fractions), ``ad_spend, tacos, tacos_target, tacos_vs_target, acos, acos_target,
    acos_vs_target`` (points as fractions; positive = over target), ``buy_box, stockout_asins,
    stockout_days, wasted_spend, wasted_share, no_qbr`` (1 when the client has no QBR for the
    period) and ``onboarding`` (key of the latest onboarding audit, if any).
    """
    root = paths.project_root(root)
    clients = _clients(root)
    period = period or _latest_period(root, clients)
    frame = pd.DataFrame([_client_row(root, c, period) for c in clients])
    agency = portfolio_params(root).agency.name or ""
    return Portfolio(period, attention(frame), agency)


# -- attention ------------------------------------------------------------------------------------
def raised_flags(clients: pd.DataFrame, flags: pd.DataFrame = FLAGS) -> pd.DataFrame:
    """Boolean frame (clients × flag keys): which flags each client raises. NaN raises nothing."""
    out = pd.DataFrame(index=clients.index)
    for flag in flags.itertuples(index=False):
        values = clients[flag.column].astype(float)
        out[flag.key] = values.gt(flag.threshold) if flag.op == ">" else values.lt(flag.threshold)
    return out


def attention(clients: pd.DataFrame, flags: pd.DataFrame = FLAGS) -> pd.DataFrame:
    """A copy with ``attention`` (sum of raised flags' weights) and ``flags`` (their labels, worst
    first), sorted by attention (high first), then sales (high first)."""
    raised = raised_flags(clients, flags)
    weights = flags.set_index("key")["weight"]
    labels = flags.set_index("key")["label"]
    order = list(flags.sort_values("weight", ascending=False, kind="stable")["key"])
    out = clients.copy()
    out["attention"] = raised.mul(weights, axis=1).sum(axis=1).astype(int)
    out["flags"] = [
        "; ".join(labels[k] for k in order if raised.at[i, k]) or "on track" for i in raised.index
    ]
    return out.sort_values(["attention", "sales"], ascending=[False, False], kind="stable").reset_index(drop=True)


# -- what the notebook shows ----------------------------------------------------------------------
OVERVIEW_COLUMNS = {
    "client_name": "Client", "marketplace": "Market", "sales_text": "Sales", "sales_qoq": "QoQ", "sales_yoy": "YoY",
    "tacos": "TACoS", "acos": ACOS, "acos_vs_target": f"{ACOS} vs target", "attention": "Attention",
}
OVERVIEW_FORMATS = {"sales_qoq": "pct_signed", "sales_yoy": "pct_signed", "tacos": "pct", "acos": str(METRICS.at["acos", "format"]),
                    "acos_vs_target": "pts", "attention": "count"}
HEALTH_COLUMNS = {
    "client_name": "Client", "buy_box": "Buy Box", "stockout_asins": "ASINs out", "stockout_days": "Longest (days)",
    "wasted_text": "Wasted spend", "wasted_share": "of ad spend", "flags": "Needs attention",
}
HEALTH_FORMATS = {"buy_box": "pct", "stockout_asins": "count", "stockout_days": "count", "wasted_share": "pct"}


def _money_column(frame: pd.DataFrame, column: str) -> pd.Series:
    return pd.Series([money(v, c) for v, c in zip(frame[column], frame["currency"], strict=True)], index=frame.index)


def overview(portfolio: Portfolio) -> pd.DataFrame:
    """Sales and advertising side by side, each client's money in its own currency (text)."""
    frame = portfolio.clients.assign(sales_text=_money_column(portfolio.clients, "sales"))
    return frame[list(OVERVIEW_COLUMNS)]


def health(portfolio: Portfolio) -> pd.DataFrame:
    """Account health and stock-out risk, with the flags that put the client where it is."""
    frame = portfolio.clients.assign(wasted_text=_money_column(portfolio.clients, "wasted_spend"))
    return frame[list(HEALTH_COLUMNS)]


def flag_counts(portfolio: Portfolio, flags: pd.DataFrame = FLAGS) -> pd.DataFrame:
    """How many clients raise each flag: ``flag, clients, names`` (flags raised by nobody left out)."""
    raised = raised_flags(portfolio.clients, flags)
    rows = []
    for flag in flags.itertuples(index=False):
        hit = portfolio.clients.loc[raised[flag.key], "client_name"]
        if len(hit):
            rows.append({"flag": flag.label, "clients": len(hit), "names": ", ".join(hit)})
    return pd.DataFrame(rows, columns=["flag", "clients", "names"])


def headlines(portfolio: Portfolio) -> list[str]:
    """Three sentences for leadership: how many clients, how many need attention, who first."""
    c = portfolio.clients
    need = c[c["attention"] > 0]
    lines = [f"{len(c)} clients in {portfolio.period}; {len(need)} need attention, "
             f"{len(c) - len(need)} are on track."]
    if len(need):
        top = need.iloc[0]
        lines.append(f"First: {top['client_name']} — {top['flags']}.")
    growing = c[c["sales_yoy"] > 0]
    lines.append(f"{len(growing)} of {len(c)} clients grew sales year on year.")
    return lines


def record(portfolio: Portfolio) -> dict[str, Any]:
    """{client: {attention, flags, sales, currency}} for the runner's JSON and the tests."""
    return {
        r["client"]: {"attention": int(r["attention"]), "flags": r["flags"], "sales": r["sales"],
                      "currency": r["currency"]}
        for _, r in portfolio.clients.iterrows()
    }
