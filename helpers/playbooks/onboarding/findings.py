"""The one evaluation of measurements against the rules, the findings with their evidence, the
scorecard and the 90-day plan (its schedule follows severity)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from helpers.playbooks.onboarding.context import AuditContext
from helpers.playbooks.onboarding.rules import (
    AREA_LABELS,
    AREAS,
    OPS,
    PHASE_WINDOWS,
    PHASES,
    RED_PHASE,
    SCORE_BINS,
    SCORE_LABELS,
    SEVERITY,
    resolve_thresholds,
)
from helpers.present.formatting import count, money, number, pct, pts, ratio


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


def judged(ctx: AuditContext, measures: pd.DataFrame) -> pd.DataFrame:
    """Which checks could be judged on ``measures`` (see :func:`evaluated`)."""
    return evaluated(measures, ctx.rules, ctx.params)



def findings(ctx: AuditContext, measures: pd.DataFrame) -> pd.DataFrame:
    """The audit's findings on ``measures`` (see :func:`evaluate`) with a human-readable ``evidence``
    column, and each ``label``'s ``{threshold}`` filled with the threshold that was applied (a
    client's override or a params value included, so the label never states a stale limit)."""
    out = evaluate(measures, ctx.rules, ctx.params)
    out["evidence"] = [
        _evidence(v, t, op, u, ctx.currency)
        for v, t, op, u in zip(out["value"], out["threshold_value"], out["op"], out["unit"], strict=True)
    ]
    out["label"] = [
        label.replace("{threshold}", UNITS.get(unit, UNITS["ratio"])(limit, ctx.currency))
        for label, unit, limit in zip(out["label"], out["unit"], out["threshold_value"], strict=True)
    ]
    return out


UNITS = {
    "pct": lambda v, cur: pct(v, 2), "pts": lambda v, cur: pts(v, 2), "units": lambda v, cur: f"{count(v)} units",
    "flag": lambda v, cur: "yes" if v >= 1 else "no", "money": lambda v, cur: money(v, cur),
    "count": lambda v, cur: count(v), "chars": lambda v, cur: f"{count(v)} characters",
    "bytes": lambda v, cur: f"{count(v)} bytes", "weeks": lambda v, cur: f"{number(v, 1)} weeks",
    "days": lambda v, cur: f"{number(v)} days", "ratio": lambda v, cur: ratio(v), "score": lambda v, cur: count(v),
}  # fmt: skip


def _evidence(value: float, threshold: float, op: str, unit: str, currency: str) -> str:
    """``"234 characters (limit 200 characters)"`` / ``"0.33% (minimum 0.40%)"`` for one finding: the
    value and the line it crossed."""
    fmt = UNITS.get(unit, UNITS["ratio"])
    if unit == "flag":
        return f"{fmt(value, currency)} (expected yes)"
    bound = "minimum" if op in ("<", "<=") else "limit"
    return f"{fmt(value, currency)} ({bound} {fmt(threshold, currency)})"


def scorecard(checked: pd.DataFrame, found: pd.DataFrame) -> pd.DataFrame:
    """Per area: score 0–100 (100 − penalty per distinct failing check: red 25, amber 10; floor 0),
    status red/amber/green (bins :data:`SCORE_BINS`), checks judged (``checked``, from
    :func:`evaluated`), red and amber findings. An area with nothing to judge has NaN score and
    status "no data"."""
    judged = checked.groupby("area")["check"].nunique() if not checked.empty else pd.Series(dtype="int64")
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


def subject_text(subject: object) -> str:
    """How a finding's subject reads to the client ("account" is the whole account)."""
    return "whole account" if str(subject) == "account" else str(subject)


def action_phase(found: pd.DataFrame) -> pd.Series:
    """The phase each finding's action is scheduled in: :data:`RED_PHASE` for a red finding, else its
    rule's phase. The one place the schedule follows severity."""
    return found["phase"].where(found["severity"] != "red", RED_PHASE)


def phase_window(phase: str, as_of: date) -> tuple[date, date]:
    """First and last day of ``phase``, counted from the day after ``as_of`` (the report's as-of date)."""
    first, last = PHASE_WINDOWS[phase]
    return as_of + timedelta(days=first), as_of + timedelta(days=last)


def action_plan(found: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """The 90-day plan from ``as_of``: one action per failing check, in the phase of its most urgent
    finding (:func:`action_phase`: red ones in :data:`RED_PHASE`), ordered by phase, then severity,
    impact (high first) and effort (low first). Each action names the finding numbers (as in the
    findings table), where, the worst evidence, and its phase's first and last day."""
    cols = ["phase", "start", "end", "when", "action", "check", "severity", "findings", "where", "evidence",
            "impact", "effort"]  # fmt: skip
    if found.empty:
        return pd.DataFrame(columns=cols)
    order = {p: i for i, p in enumerate(PHASES)}
    numbered = found.assign(number=range(1, len(found) + 1), phase=action_phase(found),
                            phase_order=action_phase(found).map(order))
    numbered = numbered.merge(SEVERITY[["severity", "rank"]], on="severity", how="left")
    grouped = numbered.groupby("check", sort=False).agg(
        phase_order=("phase_order", "min"), rank=("rank", "max"), action=("action", "first"),
        impact=("impact", "first"), effort=("effort", "first"),
        findings=("number", lambda n: ", ".join(f"#{i}" for i in n)),
        where=("subject", lambda s: ", ".join(map(subject_text, s.iloc[:3])) + (f" +{len(s) - 3} more" if len(s) > 3 else "")),
        evidence=("evidence", "first"),
    ).reset_index()  # fmt: skip
    grouped["phase"] = grouped["phase_order"].map(dict(enumerate(PHASES)))
    grouped["severity"] = grouped["rank"].map(SEVERITY.set_index("rank")["severity"])
    grouped = grouped.sort_values(["phase_order", "rank", "impact", "effort"], ascending=[True, False, False, True],
                                  kind="stable")
    windows = grouped["phase"].map(lambda p: phase_window(p, as_of))
    grouped["start"] = windows.map(lambda w: w[0])
    grouped["end"] = windows.map(lambda w: w[1])
    grouped["when"] = [f"{p}: {a:%b %-d} – {b:%b %-d, %Y}"
                       for p, a, b in zip(grouped["phase"], grouped["start"], grouped["end"], strict=True)]
    return grouped[cols].reset_index(drop=True)
