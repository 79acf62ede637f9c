"""Dated launch tasks and the review plan (Vine, Request a Review)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from helpers.playbooks.launch.assumptions import TASKS, assumption, rule
from helpers.playbooks.launch.context import LaunchContext


def timeline(launch_date: date, *, weeks: int, lead_time_days: int, delivery_days: int | None = None) -> pd.DataFrame:
    """Dated launch tasks from :data:`TASKS` and :data:`RULES` (start/end inclusive, ``milestone`` when one day).

    The purchase order starts ``lead_time_days`` before the stock must be at FBA; the ad ramp lasts
    ``weeks`` weeks; the Request a Review window opens ``min_days`` after the first deliveries
    (launch + ``delivery_days``) and closes ``max_days`` after them.
    """
    delivery = int(assumption("delivery_days")) if delivery_days is None else delivery_days
    rows = []
    for task in TASKS.itertuples(index=False):
        start, end = task.start_day, task.end_day
        if task.rule == "lead":
            start = end - lead_time_days + 1
        elif task.rule == "ramp":
            end = 7 * weeks - 1
        elif task.rule == "review":
            start = delivery + int(rule("request_review", "min_days"))
            end = delivery + int(rule("request_review", "max_days"))
        first = launch_date + timedelta(days=int(start))
        last = launch_date + timedelta(days=int(end))
        rows.append({"task": task.task, "phase": task.phase, "start": pd.Timestamp(first), "end": pd.Timestamp(last),
                     "milestone": first == last})
    return pd.DataFrame(rows)


def review_plan(ctx: LaunchContext, frame: pd.DataFrame) -> dict[str, Any]:
    """Vine units and fee, and planned cumulative reviews per ramp week.

    Vine: ``min(review_goal, vine max_units)`` units; reviews arrive over weeks 1–4
    (``vine_review_share`` of the units). Request a Review adds ``review_rate`` x orders delivered
    at least ``min_days`` before the week ends.
    """
    units = min(int(ctx.launch.review_goal), int(rule("vine", "max_units")))
    vine_reviews = units * assumption("vine_review_share")
    weeks = frame["week"].to_numpy()
    vine = vine_reviews * np.clip(weeks / 4.0, 0, 1)
    orders = (frame["ad_orders"] + frame["organic_units"]).to_numpy()
    lag_weeks = (assumption("delivery_days") + rule("request_review", "min_days")) / 7.0
    delivered = np.interp(weeks - lag_weeks, weeks, np.cumsum(orders), left=0.0)
    planned = np.minimum(vine + assumption("review_rate") * delivered, max(ctx.launch.review_goal, vine_reviews))
    goal_week = next((int(w) for w, r in zip(weeks, planned, strict=True) if r >= ctx.launch.review_goal), None)
    return {"vine_units": units, "vine_fee": float(rule("vine", "fee")), "vine_reviews": vine_reviews,
            "weekly": pd.DataFrame({"week": weeks, "end": frame["end"], "reviews": planned}), "goal_week": goal_week}
