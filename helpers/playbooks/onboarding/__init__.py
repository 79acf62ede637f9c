"""The onboarding audit: is the house in order before we drive a single click?

Four areas — account health, listings, inventory, advertising — are measured into one long frame
(:func:`measurements`: ``area, subject, metric, value``) and judged by ONE table of rules
(``helpers/data/checks.csv``, overridable per client in ``params/<client>.checks.csv``) in ONE
function (:func:`evaluate`): each rule says ``metric op threshold`` is a problem, with a severity,
why it matters and what to do. Every finding carries its evidence number. Area scores, the
red/amber/green scorecard and the 90-day plan are built from the findings.

Thresholds that Amazon moves are read from params: a rule's ``threshold`` may name a params value
(``settings.ipi_threshold``, ``settings.low_inventory_days``, ``targets.tacos``).
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers.errors import MissingDataError, ParamsError
from helpers.measures import listings as lq
from helpers.measures.search_terms import AUTO_TARGETS
from helpers.present.formatting import count, money, pct, pts

#: How a rule compares a measured value with its threshold (the value is a problem when True).
OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq}
RULE_COLUMNS = (
    "check", "area", "metric", "op", "threshold", "severity", "unit", "label", "why", "action", "phase",
    "impact", "effort", "enabled",
)  # fmt: skip
AREAS = ("account", "listings", "inventory", "advertising")
AREA_LABELS = {"account": "Account health", "listings": "Listings", "inventory": "Inventory",
               "advertising": "Advertising"}  # fmt: skip
PHASES = ("Foundation", "Optimization", "Amplification")
PHASE_DAYS = {"Foundation": "Days 1-30", "Optimization": "Days 31-60", "Amplification": "Days 61-90"}
#: Severity ranks and the score each distinct failing check costs its area (score = 100 - penalties).
SEVERITY = pd.DataFrame({"severity": ["red", "amber"], "rank": [2, 1], "penalty": [25, 10]})
#: Area score -> status (bins are right-open: [0, 50) red, [50, 80) amber, [80, 100] green).
SCORE_BINS = [0, 50, 80, 100.0001]
SCORE_LABELS = ["red", "amber", "green"]
#: Below this many impressions an ASIN's CTR is too noisy to judge.
MIN_IMPRESSIONS_FOR_CTR = 1000


# -- the rule table ------------------------------------------------------------------------------
def default_rules_path() -> Path:
    return Path(str(resources.files("helpers") / "data" / "checks.csv"))


def _read_rules_csv(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as error:
        raise ParamsError(f"checks file must be a readable CSV; got {error} (in {path})") from None


def load_rules(override: str | Path | None = None) -> pd.DataFrame:
    """The audit rules: the packaged defaults, with a client's overrides merged over them.

    ``override`` (``params/<client>.checks.csv``) has a ``check`` column naming default checks and
    any other rule columns; each non-empty cell replaces the default (e.g. ``check,threshold`` /
    ``title_too_long,150``, or ``enabled`` = ``false`` to switch a check off). Unknown checks or
    columns are refused with the file and row named.
    """
    rules = _read_rules_csv(default_rules_path()).set_index("check")
    if override is not None and Path(override).is_file():
        path = Path(override)
        extra = _read_rules_csv(path)
        if "check" not in extra.columns:
            raise ParamsError(f"checks file column 'check' must be present; got {list(extra.columns)} (in {path})")
        unknown = [col for col in extra.columns if col not in RULE_COLUMNS]
        if unknown:
            raise ParamsError(
                f"checks file column {unknown[0]!r} must be one of {', '.join(RULE_COLUMNS)}; got it (in {path})"
            )
        for row, record in enumerate(extra.to_dict("records"), start=2):
            name = record.pop("check").strip()
            if name not in rules.index:
                raise ParamsError(
                    f"checks file check must be one of the default checks ({', '.join(rules.index)}); "
                    f"got {name!r} (in {path}, row {row})"
                )
            for column, value in record.items():
                if str(value).strip():
                    rules.loc[name, column] = str(value).strip()
    rules = rules.reset_index()
    _validate_rules(rules, override)
    rules["impact"] = rules["impact"].astype(int)
    rules["effort"] = rules["effort"].astype(int)
    rules["enabled"] = rules["enabled"].str.lower().eq("true")
    return rules


def _validate_rules(rules: pd.DataFrame, source: Any) -> None:
    where = source or default_rules_path()
    allowed = {
        "op": tuple(OPS), "severity": tuple(SEVERITY["severity"]), "phase": PHASES, "area": AREAS,
        "enabled": ("true", "false"), "impact": ("1", "2", "3"), "effort": ("1", "2", "3"),
    }  # fmt: skip
    for column, values in allowed.items():
        bad = rules[~rules[column].str.lower().isin([v.lower() for v in values])]
        if not bad.empty:
            raise ParamsError(
                f"checks {column} must be one of {', '.join(values)}; got {bad[column].iloc[0]!r} "
                f"for check {bad['check'].iloc[0]!r} (in {where})"
            )


def resolve_thresholds(rules: pd.DataFrame, params: Any) -> pd.Series:
    """Numeric threshold per rule; a name such as ``settings.ipi_threshold`` is read from params
    (NaN when that params value is not set, so the rule is not evaluated)."""

    def one(text: str) -> float:
        try:
            return float(text)
        except ValueError:
            pass
        value: Any = params
        for part in text.split("."):
            if not hasattr(value, part):
                raise ParamsError(
                    f"checks threshold must be a number or a params value such as settings.ipi_threshold; "
                    f"got {text!r}"
                )
            value = getattr(value, part)
        return np.nan if value is None else float(value)

    return rules["threshold"].map(one).astype("float64")


# -- context ------------------------------------------------------------------------------------
@dataclass
class AuditContext:
    """Everything the audit sections need, loaded once."""

    params: Any
    data: Any  # helpers.loaders.ClientData
    rules: pd.DataFrame
    last_day: date
    first_day: date
    currency: str
    notes: list[str] = field(default_factory=list)

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


def prepare(client: str, days: int | str = 60, root: str | Path | None = None) -> AuditContext:
    """Load params, exports and rules; the audit window is the last ``days`` days of data."""
    from helpers.loaders import load_client
    from helpers.params import load_params
    from helpers.paths import params_file

    days = int(days) if str(days).strip() else 60
    if days < 7:
        raise ParamsError(f"audit days must be a whole number >= 7; got {days}")
    params = load_params(client, root or None)
    data = load_client(client, root or None, marketplace=params.marketplace)
    last = data.last_day("fba_inventory")
    if last is None and data.listings.empty and data.category_listings.empty:
        raise MissingDataError(
            f"data/{client}/ must contain listings, inventory, Business Report or advertising exports; found none "
            "(run `python -m helpers inspect data/<client>` to see what was recognised)"
        )
    last = last or date.today()
    override = params_file(client, root or None).with_suffix(".checks.csv")
    rules = load_rules(override)
    ctx = AuditContext(params, data, rules, last, last - timedelta(days=days - 1), params.currency)
    ctx.notes.extend(getattr(data, "notes", []))
    if override.is_file():
        ctx.notes.append(f"thresholds overridden by {override.name}")
    return ctx


def report_key(ctx: AuditContext) -> str:
    """Folder name of the report: ``audit-<last data day>`` (e.g. ``audit-2026-11-15``)."""
    return f"audit-{ctx.last_day.isoformat()}"


def _in_window(ctx: AuditContext, frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return frame
    start, end = pd.Timestamp(ctx.first_day), pd.Timestamp(ctx.last_day)
    return frame[(frame[c.START_DATE] >= start) & (frame[c.END_DATE] <= end)]


# -- measurements per area -------------------------------------------------------------------------
def _long(frame: pd.DataFrame, area: str, subject: str, metrics: list[str]) -> pd.DataFrame:
    present = [m for m in metrics if m in frame.columns]
    if frame.empty or not present:
        return pd.DataFrame(columns=["area", "subject", "metric", "value"])
    out = frame[[subject, *present]].melt(id_vars=subject, var_name="metric", value_name="value")
    out = out.rename(columns={subject: "subject"})
    out.insert(0, "area", area)
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype("float64")
    return out


def account_snapshots(ctx: AuditContext) -> pd.DataFrame:
    """The Account Health readings from params, oldest first: date and one column per metric."""
    rows = [s.model_dump() for s in ctx.params.account_health.snapshots]
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    return frame.sort_values("date").reset_index(drop=True)


def account_measures(ctx: AuditContext) -> pd.DataFrame:
    """Latest value of every Account Health metric, plus ``odr_change`` (latest − first ODR, in
    fraction points; NaN with fewer than two ODR readings)."""
    snaps = account_snapshots(ctx)
    if snaps.empty:
        return _long(pd.DataFrame(), "account", "subject", [])
    metrics = [col for col in snaps.columns if col != "date"]
    latest = snaps[metrics].ffill().iloc[[-1]].copy()
    odr = snaps["odr"].dropna()
    latest["odr_change"] = odr.iloc[-1] - odr.iloc[0] if len(odr) >= 2 else np.nan
    latest["subject"] = "account"
    out = _long(latest, "account", "subject", [*metrics, "odr_change"])
    out.loc[out["metric"] == "ipi", "area"] = "inventory"
    return out


def listing_qa(ctx: AuditContext) -> pd.DataFrame:
    """One row per SKU (see :func:`helpers.measures.listings.listing_qa`), A+ from params."""
    a_plus = ctx.params.account_health.a_plus_asins
    return lq.listing_qa(ctx.data.category_listings, ctx.data.listings, ctx.data.fba_inventory, a_plus)


def inventory_health(ctx: AuditContext) -> pd.DataFrame:
    """One row per SKU of the latest inventory snapshot (see :func:`helpers.measures.inventory.health`)."""
    from helpers.measures.inventory import health

    return health(ctx.data.fba_inventory, ctx.data.listings)


def campaign_structure(ctx: AuditContext) -> pd.DataFrame:
    """Per campaign over the audit window: type (auto/manual), keywords (distinct manual keyword
    targets), impressions, clicks, spend, sales, orders, ACoS (spend ÷ sales, NaN on no sales) and
    ``spend_without_sales`` (the spend when sales are 0 and clicks reach
    ``settings.wasted_spend_min_clicks``, else 0)."""
    frame = ctx.data.targeting if not ctx.data.targeting.empty else ctx.data.search_terms
    frame = _in_window(ctx, frame)
    cols = ["campaign", "type", "keywords", "impressions", "clicks", "spend", "sales", "orders", "acos",
            "spend_without_sales"]  # fmt: skip
    if frame.empty:
        return pd.DataFrame(columns=cols)
    rows = frame.assign(
        auto=frame[c.TARGETING].str.lower().isin(AUTO_TARGETS),
        keyword=frame[c.TARGETING].where(frame[c.MATCH_TYPE].notna()),
    )
    out = rows.groupby(c.CAMPAIGN).agg(
        auto=("auto", "any"),
        keywords=("keyword", "nunique"),
        impressions=(c.IMPRESSIONS, "sum"),
        clicks=(c.CLICKS, "sum"),
        spend=(c.SPEND, "sum"),
        sales=(c.SALES, "sum"),
        orders=(c.ORDERS, "sum"),
    )
    out["type"] = np.where(out["auto"], "auto", "manual")
    out["keywords"] = out["keywords"].where(out["type"] == "manual")
    out["acos"] = out["spend"] / out["sales"].where(out["sales"] > 0)
    wasted = (out["sales"] <= 0) & (out["clicks"] >= ctx.params.settings.wasted_spend_min_clicks)
    out["spend_without_sales"] = out["spend"].where(wasted, 0.0)
    out = out.rename_axis("campaign").reset_index()
    return out[cols].sort_values("spend", ascending=False, kind="stable").reset_index(drop=True)


def asin_ads(ctx: AuditContext) -> pd.DataFrame:
    """Per advertised ASIN over the window: impressions, clicks, spend, sales, CTR (clicks ÷
    impressions, NaN under :data:`MIN_IMPRESSIONS_FOR_CTR`), ACoS, break-even ACoS (params economics)
    and ``acos_to_break_even`` = ACoS ÷ break-even (above 1 loses money on every ad sale)."""
    frame = _in_window(ctx, ctx.data.advertised_products)
    cols = ["asin", "impressions", "clicks", "spend", "sales", "ctr", "acos", "break_even_acos",
            "acos_to_break_even"]  # fmt: skip
    if frame.empty:
        return pd.DataFrame(columns=cols)
    out = frame.groupby(c.ADVERTISED_ASIN)[[c.IMPRESSIONS, c.CLICKS, c.SPEND, c.SALES]].sum()
    out = out.rename_axis("asin").reset_index()
    out["ctr"] = (out["clicks"] / out["impressions"]).where(out["impressions"] >= MIN_IMPRESSIONS_FOR_CTR)
    out["acos"] = out["spend"] / out["sales"].where(out["sales"] > 0)
    out["break_even_acos"] = out["asin"].map(ctx.params.break_even_acos).astype("float64")
    out["acos_to_break_even"] = out["acos"] / out["break_even_acos"].where(out["break_even_acos"] > 0)
    return out[cols].sort_values("spend", ascending=False, kind="stable").reset_index(drop=True)


def account_ads(ctx: AuditContext) -> pd.DataFrame:
    """One row: ad spend and sales over the window, total sales (Business Report by date), TACoS
    (spend ÷ total sales), ACoS and the share of spend in auto campaigns."""
    camp = campaign_structure(ctx)
    br = _in_window(ctx, ctx.data.business_date)
    spend = camp["spend"].sum() if not camp.empty else np.nan
    sales = camp["sales"].sum() if not camp.empty else np.nan
    total = br[c.SALES].sum() if not br.empty else np.nan
    auto = camp.loc[camp["type"] == "auto", "spend"].sum() if not camp.empty else np.nan
    return pd.DataFrame(
        [{
            "subject": "account", "ad_spend": spend, "ad_sales": sales, "total_sales": total,
            "tacos": spend / total if total and total > 0 else np.nan,
            "acos": spend / sales if sales and sales > 0 else np.nan,
            "auto_spend_share": auto / spend if spend and spend > 0 else np.nan,
        }]
    )  # fmt: skip


#: listing measurements that belong to the ASIN, not the offer: SKUs sharing an ASIN (an FBA SKU
#: and its MFN twin) are one finding, named by all their SKUs
ASIN_METRICS = ("a_plus",)


def _per_asin(qa: pd.DataFrame, metrics: list[str]) -> pd.DataFrame:
    """One row per ASIN of the listing QA table: ``sku`` = its SKUs joined with " / ", the first
    SKU's value of each metric (they are the same ASIN's). Rows without an ASIN stay per SKU."""
    if qa.empty or "asin" not in qa.columns:
        return qa
    key = qa["asin"].where(qa["asin"].notna() & (qa["asin"].astype(str) != ""), "sku:" + qa["sku"].astype(str))
    grouped = qa.assign(_key=key).groupby("_key", sort=False)
    out = grouped[metrics].first()
    out["sku"] = grouped["sku"].agg(lambda skus: " / ".join(sorted(map(str, skus))))
    return out.reset_index(drop=True)


def measurements(ctx: AuditContext) -> pd.DataFrame:
    """Every measured value, long: ``area, subject, metric, value`` (NaN = not measurable)."""
    qa = listing_qa(ctx)
    health = inventory_health(ctx)
    parts = [
        account_measures(ctx),
        _long(qa, "listings", "sku", [m for m in lq.QA_METRICS if m not in ASIN_METRICS]),
        _long(_per_asin(qa, list(ASIN_METRICS)), "listings", "sku", list(ASIN_METRICS)),
        _long(health, "inventory", "sku", ["stranded_units", "aged_181_plus_units", "weeks_of_cover",
                                           "sell_through", "historical_dos_max"]),
        _long(account_ads(ctx), "advertising", "subject", ["tacos", "auto_spend_share"]),
        _campaign_long(ctx),
        _long(asin_ads(ctx), "advertising", "asin", ["ctr", "acos_to_break_even"]),
    ]
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=["area", "subject", "metric", "value"])
    return pd.concat(parts, ignore_index=True)


def _campaign_long(ctx: AuditContext) -> pd.DataFrame:
    camp = campaign_structure(ctx).rename(columns={"keywords": "keywords_per_campaign"})
    return _long(camp, "advertising", "campaign", ["keywords_per_campaign", "spend_without_sales"])


# -- the one evaluation --------------------------------------------------------------------------
def evaluate(measures: pd.DataFrame, rules: pd.DataFrame, params: Any) -> pd.DataFrame:
    """Judge every measurement by every enabled rule on its metric; return the findings.

    A finding is a (rule, subject) whose ``value op threshold`` holds. When several rules on one
    metric fire for one subject (AHR at risk and critical), only the most severe is kept. Columns:
    ``check, area, subject, metric, value`` (the evidence), ``threshold, op, severity, unit, label,
    why, action, phase, impact, effort``; sorted by severity, impact, area. NaN values are never findings.
    """
    table = rules[rules["enabled"]].assign(limit=resolve_thresholds(rules[rules["enabled"]], params))
    table = table.drop(columns=["area"])
    merged = measures.merge(table, on="metric", how="inner")
    merged = merged[merged["value"].notna() & merged["limit"].notna()]
    hit = [OPS[op](value, limit) for op, value, limit in zip(merged["op"], merged["value"], merged["limit"],
                                                                 strict=True)]
    found = merged[np.array(hit, dtype=bool)].merge(SEVERITY, on="severity")
    found = found.sort_values(["rank", "impact"], ascending=False, kind="stable")
    found = found.drop_duplicates(["area", "subject", "metric"], keep="first")
    found = found.rename(columns={"limit": "threshold_value"})
    cols = ["check", "area", "subject", "metric", "value", "op", "threshold_value", "severity", "unit", "label",
            "why", "action", "phase", "impact", "effort"]  # fmt: skip
    found["area_order"] = found["area"].map({a: i for i, a in enumerate(AREAS)})
    found = found.sort_values(["rank", "impact", "area_order", "check", "subject"],
                              ascending=[False, False, True, True, True], kind="stable")
    return found[cols].reset_index(drop=True)


def evaluated(measures: pd.DataFrame, rules: pd.DataFrame, params: Any) -> pd.DataFrame:
    """Which checks could be judged (a value and a threshold) and on how many subjects, per area."""
    table = rules[rules["enabled"]].assign(limit=resolve_thresholds(rules[rules["enabled"]], params))
    merged = measures.merge(table.drop(columns=["area"]), on="metric", how="inner")
    merged = merged[merged["value"].notna() & merged["limit"].notna()]
    return merged.groupby(["area", "check"]).size().rename("subjects").reset_index()


def findings(ctx: AuditContext) -> pd.DataFrame:
    """The audit's findings (see :func:`evaluate`) with a human-readable ``evidence`` column."""
    out = evaluate(measurements(ctx), ctx.rules, ctx.params)
    out["evidence"] = [
        _evidence(v, t, op, u, ctx.currency)
        for v, t, op, u in zip(out["value"], out["threshold_value"], out["op"], out["unit"], strict=True)
    ]
    return out


UNITS = {
    "pct": lambda v, cur: pct(v, 2), "pts": lambda v, cur: pts(v, 2), "units": lambda v, cur: f"{count(v)} units",
    "flag": lambda v, cur: "yes" if v >= 1 else "no", "money": lambda v, cur: money(v, cur),
    "count": lambda v, cur: count(v), "chars": lambda v, cur: f"{count(v)} characters",
    "bytes": lambda v, cur: f"{count(v)} bytes", "weeks": lambda v, cur: f"{v:.1f} weeks",
    "days": lambda v, cur: f"{v:.0f} days", "ratio": lambda v, cur: f"{v:.2f}", "score": lambda v, cur: count(v),
}  # fmt: skip


def _evidence(value: float, threshold: float, op: str, unit: str, currency: str) -> str:
    """``"214 characters (limit: > 200 characters)"`` style text for one finding."""
    fmt = UNITS.get(unit, UNITS["ratio"])
    if unit == "flag":
        return f"{fmt(value, currency)} (expected yes)"
    return f"{fmt(value, currency)} (flag when {op} {fmt(threshold, currency)})"


def scorecard(ctx: AuditContext, found: pd.DataFrame) -> pd.DataFrame:
    """Per area: score 0–100 (100 − penalty per distinct failing check: red 25, amber 10; floor 0),
    status red/amber/green (bins :data:`SCORE_BINS`), checks judged, red and amber findings.
    An area with nothing to judge has NaN score and status "no data"."""
    judged = evaluated(measurements(ctx), ctx.rules, ctx.params).groupby("area")["check"].nunique()
    distinct = found.drop_duplicates(["area", "check"]).merge(SEVERITY, on="severity")
    penalty = distinct.groupby("area")["penalty"].sum()
    reds = found[found["severity"] == "red"].groupby("area").size()
    ambers = found[found["severity"] == "amber"].groupby("area").size()
    out = pd.DataFrame({"area": list(AREAS)})
    out["area_label"] = out["area"].map(AREA_LABELS)
    out["checks"] = out["area"].map(judged).fillna(0).astype(int)
    out["score"] = (100 - out["area"].map(penalty).fillna(0)).clip(lower=0).where(out["checks"] > 0)
    out["status"] = pd.cut(out["score"], SCORE_BINS, labels=SCORE_LABELS, right=False).astype(object)
    out["status"] = out["status"].where(out["score"].notna(), "no data")
    out["red"] = out["area"].map(reds).fillna(0).astype(int)
    out["amber"] = out["area"].map(ambers).fillna(0).astype(int)
    return out


def overall_score(card: pd.DataFrame) -> float:
    """Mean of the area scores that could be judged (NaN when none)."""
    return float(card["score"].mean()) if card["score"].notna().any() else float("nan")


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
        "Area": found["area"].map(AREA_LABELS), "Where": found["subject"], "Finding": found["label"],
        "Evidence": found["evidence"],
    })  # fmt: skip


def record_findings(found: pd.DataFrame) -> list[dict[str, Any]]:
    """Findings as plain records (check, subject, metric, value, threshold, severity) for tests."""
    cols = ["check", "area", "subject", "metric", "value", "threshold_value", "severity"]
    return found[cols].to_dict("records")


def headlines(ctx: AuditContext, card: pd.DataFrame, found: pd.DataFrame) -> list[str]:
    """Executive-summary sentences: overall score, worst area, red findings count, first action."""
    overall = overall_score(card)
    lines = [
        f"Overall audit score {overall:.0f} / 100 across {int((card['checks'] > 0).sum())} areas, "
        f"data through {ctx.last_day:%B %-d, %Y}." if not np.isnan(overall) else "No area could be scored.",
    ]
    judged = card[card["score"].notna()]
    if not judged.empty:
        worst = judged.sort_values("score", kind="stable").iloc[0]
        lines.append(f"Weakest area: {worst['area_label']} ({worst['score']:.0f} / 100, {worst['status']}).")
    reds = found[found["severity"] == "red"]
    lines.append(
        f"{len(reds)} red and {int((found['severity'] == 'amber').sum())} amber findings; red ones are fixed in the "
        "first 30 days, before any budget is raised."
    )
    if not reds.empty:
        top = reds.iloc[0]
        lines.append(f"First fix: {top['label'].lower()} ({top['subject']}: {top['evidence']}).")
    return lines


def action_plan(found: pd.DataFrame) -> pd.DataFrame:
    """The 90-day plan: one action per failing check, ordered by phase (Foundation, Optimization,
    Amplification), then impact (high first), then effort (low first). Each action names the
    finding numbers (as in the findings table) and the worst evidence behind it."""
    cols = ["phase", "when", "action", "check", "findings", "where", "evidence", "impact", "effort"]
    if found.empty:
        return pd.DataFrame(columns=cols)
    numbered = found.assign(number=range(1, len(found) + 1))
    grouped = numbered.groupby("check", sort=False).agg(
        phase=("phase", "first"), action=("action", "first"), impact=("impact", "first"),
        effort=("effort", "first"), findings=("number", lambda n: ", ".join(f"#{i}" for i in n)),
        where=("subject", lambda s: ", ".join(map(str, s.iloc[:3])) + (f" +{len(s) - 3} more" if len(s) > 3 else "")),
        evidence=("evidence", "first"),
    ).reset_index()  # fmt: skip
    grouped["phase_order"] = grouped["phase"].map({p: i for i, p in enumerate(PHASES)})
    grouped = grouped.sort_values(["phase_order", "impact", "effort"], ascending=[True, False, True], kind="stable")
    grouped["when"] = grouped["phase"].map(PHASE_DAYS)
    return grouped[cols].reset_index(drop=True)


def plan_display(plan: pd.DataFrame) -> pd.DataFrame:
    levels = {1: "Low", 2: "Medium", 3: "High"}
    return pd.DataFrame({
        "Phase": plan["phase"] + " (" + plan["when"] + ")", "Action": plan["action"], "Findings": plan["findings"],
        "Where": plan["where"], "Evidence": plan["evidence"], "Impact": plan["impact"].map(levels),
        "Effort": plan["effort"].map(levels),
    })  # fmt: skip


def record_plan(plan: pd.DataFrame) -> list[dict[str, Any]]:
    return plan[["phase", "check", "findings"]].to_dict("records")


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


def no_sales_diagnostic(ctx: AuditContext, sku: str | None = None) -> pd.DataFrame:
    """Why a listing does not sell, step by step (see :func:`helpers.measures.listings.no_sales_steps`).

    ``sku`` defaults to :func:`no_sales_candidate`. Each step says what the data shows, or
    "needs a manual look" where no export answers it."""
    sku = sku or no_sales_candidate(ctx)
    return lq.no_sales_steps(
        sku,
        qa=listing_qa(ctx),
        inventory=ctx.data.fba_inventory,
        search_terms=_in_window(ctx, ctx.data.search_terms),
        advertised=_in_window(ctx, ctx.data.advertised_products),
        business=ctx.data.business_asin,
        window=(ctx.first_day, ctx.last_day),
        currency=ctx.currency,
    )


def no_sales_candidate(ctx: AuditContext) -> str | None:
    """The SKU the diagnostic looks at: a listed SKU with no units in the window (most stock first),
    else the listed SKU with the fewest units per session."""
    return lq.weakest_listing(listing_qa(ctx), ctx.data.business_asin, window=(ctx.first_day, ctx.last_day))
