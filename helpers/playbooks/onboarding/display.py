"""The tables the client sees and the records the runner and tests read."""

from __future__ import annotations

from typing import Any

import pandas as pd

from helpers import columns as c
from helpers.metrics import METRICS
from helpers.playbooks.onboarding.checks import account_snapshots
from helpers.playbooks.onboarding.context import AuditContext
from helpers.playbooks.onboarding.findings import UNITS, subject_text
from helpers.playbooks.onboarding.rules import AREA_LABELS


def record_scores(card: pd.DataFrame) -> dict[str, Any]:
    return {row.area: {"score": row.score, "status": row.status} for row in card.itertuples()}


def scorecard_display(card: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Area": card["area_label"], "Score": card["score"].map(lambda v: "—" if pd.isna(v) else f"{v:.0f} / 100"),
        "Status": card["status"].str.upper(), "Checks judged": card["checks"], "Red findings": card["red"],
        "Amber findings": card["amber"],
    })  # fmt: skip


def scorecard_classes(card: pd.DataFrame) -> dict[str, list[str | None]]:
    css = {"red": "bad", "amber": "warn", "green": "good"}
    return {"Status": [css.get(s) for s in card["status"]]}


def findings_display(found: pd.DataFrame) -> pd.DataFrame:
    """Findings for the client: number, severity, area, subject, what, evidence."""
    return pd.DataFrame({
        "#": range(1, len(found) + 1), "Severity": found["severity"].str.upper(),
        "Area": found["area"].map(AREA_LABELS), "Where": found["subject"].map(subject_text), "Finding": found["label"],
        "Evidence": found["evidence"],
    })  # fmt: skip


def record_findings(found: pd.DataFrame) -> list[dict[str, Any]]:
    """Findings as plain records (check, subject, metric, value, threshold, severity) for tests."""
    cols = ["check", "area", "subject", "metric", "value", "threshold_value", "severity"]
    return found[cols].to_dict("records")


def plan_display(plan: pd.DataFrame) -> pd.DataFrame:
    levels = {1: "Low", 2: "Medium", 3: "High"}
    return pd.DataFrame({
        "When": plan["when"], "Action": plan["action"], "Findings": plan["findings"],
        "Where": plan["where"], "Evidence": plan["evidence"], "Impact": plan["impact"].map(levels),
        "Effort": plan["effort"].map(levels),
    })  # fmt: skip


def record_plan(plan: pd.DataFrame) -> list[dict[str, Any]]:
    return plan[["phase", "start", "end", "check", "severity", "findings"]].to_dict("records")


# -- how the advertising tables are shown (metric columns take label and format from METRICS) ------
_ACOS = str(METRICS.at["acos", "label"])
#: ``tables.show`` arguments for :func:`account_ads`.
ACCOUNT_ADS_TABLE: dict[str, Any] = {
    "columns": ["ad_spend", "ad_sales", "total_sales", "acos", "tacos", "auto_spend_share"],
    "formats": {"ad_spend": "money", "ad_sales": "money", "auto_spend_share": "pct"},
    "labels": {"ad_spend": str(METRICS.at[c.SPEND, "label"]), "ad_sales": str(METRICS.at[c.SALES, "label"]),
               "auto_spend_share": "Auto share of spend"},
}  # fmt: skip
#: ``tables.show`` arguments for :func:`campaign_structure`.
CAMPAIGN_TABLE: dict[str, Any] = {
    "columns": ["campaign", "type", "keywords", "clicks", "spend", "sales", "acos", "spend_without_sales"],
    "formats": {"keywords": "count", "spend_without_sales": "money"},
    "labels": {"sales": str(METRICS.at[c.SALES, "label"]), "spend_without_sales": "Spend, no sales"},
}  # fmt: skip
#: ``tables.show`` arguments for :func:`asin_ads` (CTR with two decimals: ad CTRs are under 1 %).
ASIN_ADS_TABLE: dict[str, Any] = {
    "formats": {"ctr": "pct2", "break_even_acos": "pct", "acos_to_break_even": "ratio"},
    "labels": {"asin": "ASIN", "sales": str(METRICS.at[c.SALES, "label"]), "break_even_acos": "Break-even",
               "acos_to_break_even": f"{_ACOS} / break-even"},
}  # fmt: skip


def account_display(ctx: AuditContext) -> pd.DataFrame:
    """Account Health readings, one column per date, metrics as rows, formatted."""
    snaps = account_snapshots(ctx)
    if snaps.empty:
        return pd.DataFrame()
    rows = [("odr", "Order Defect Rate", "pct"), ("late_shipment_rate", "Late shipment rate", "pct"),
            ("pre_fulfillment_cancel_rate", "Pre-fulfilment cancel rate", "pct"),
            ("valid_tracking_rate", "Valid tracking rate", "pct"), ("on_time_delivery_rate", "On-time delivery", "pct"),
            ("ahr", "Account Health Rating", "score"), ("ipi", "IPI", "score"),
            ("policy_warnings", "Policy warnings", "count")]  # fmt: skip
    out = {"Metric": [label for _, label, _ in rows]}
    for snap in snaps.itertuples(index=False):
        out[f"{snap.date:%b %-d, %Y}"] = [
            "—" if pd.isna(getattr(snap, key)) else UNITS[unit](getattr(snap, key), ctx.currency)
            for key, _, unit in rows
        ]
    return pd.DataFrame(out)
