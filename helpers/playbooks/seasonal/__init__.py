"""The seasonal event playbook: plan before an event (uplift, stock, budget, deals), review after it.

Each function takes the :class:`SeasonalContext` (params, exports, the event, ``as_of``) or plain
frames and returns a DataFrame or sentences; the notebook shows them. Nothing here prints or draws.

Reproducibility: "now" is ``as_of`` — by default the last day in the exports, never the clock. A plan
only reads data up to ``as_of``. Once the exports cover the event (review mode), the plan is
recomputed as of the day before the event's budget lead-in, exactly as it would have been run then,
and compared with what happened.

Where the numbers come from:

* **Uplift multiples** — event days vs the 30 days before the event, per day on average, from the
  Business Report by date (sales, units, sessions, unit session %) and the Sponsored Products
  report (ad spend, ad sales, clicks, CPC). Ratio multiples (CPC, CVR) are ratios of summed bases.
* **Scenarios** — own history of events of the same kind before ``as_of`` (two or more: lowest,
  mean, highest; one: that multiple ∓ ``seasonal.spread`` of its uplift), else the benchmark priors
  of the event calendar.
* **Baseline** — the 30 days before ``as_of``, scaled by how the same-kind event's prior 30 days
  compared with the same 30 days one offset earlier (seasonality and growth); per ASIN by its share
  of units in the by-child Business Report month of that earlier event (else the latest month).
"""

from __future__ import annotations

from helpers.playbooks.seasonal.actions import (  # noqa: F401
    ACTION_COLUMNS,
    action_text,
    actions_display,
    next_actions,
    record_actions,
)
from helpers.playbooks.seasonal.actuals import (  # noqa: F401
    REVIEW_ROWS,
    actual_event,
    event_drivers,
    lost_sales,
    planned_event,
    review,
    stockouts,
    year_share,
)
from helpers.playbooks.seasonal.asins import (  # noqa: F401
    asin_plan,
)
from helpers.playbooks.seasonal.context import (  # noqa: F401
    SeasonalContext,
    choose_mode,
    prepare,
)
from helpers.playbooks.seasonal.daily import (  # noqa: F401
    MULTIPLE_LABELS,
    MULTIPLES,
    PRIOR_DAYS,
    account_daily,
    event_multiples,
    window,
)
from helpers.playbooks.seasonal.deals import (  # noqa: F401
    DEAL_BANDS,
    break_even_extra_units,
    deal_margin,
    deal_plan,
    without_event_stock,
)
from helpers.playbooks.seasonal.display import (  # noqa: F401
    ASIN_COLUMNS,
    ASIN_FORMATS,
    ASIN_LABELS,
    DEAL_COLUMNS,
    DEAL_FORMATS,
    DEAL_LABELS,
    HISTORY_NUMERIC,
    MODE_TEXT,
    RAMP_FORMATS,
    RAMP_LABELS,
    REVIEW_NUMERIC,
    STOCK_COLUMNS,
    STOCK_FORMATS,
    STOCK_LABELS,
    assumptions,
    history_display,
    lessons_section,
    record_drivers,
    record_plan,
    record_review,
    record_stock,
    record_table,
    review_display,
    review_section,
    scenario_display,
    stock_display,
    stock_warnings_section,
)
from helpers.playbooks.seasonal.findings import (  # noqa: F401
    FINDING_COLUMNS,
    plan_findings,
    record_findings,
    review_findings,
    seasonal_findings,
    stock_findings,
)
from helpers.playbooks.seasonal.ramp import (  # noqa: F401
    budget_ramp,
    ramp_phases,
)
from helpers.playbooks.seasonal.scenarios import (  # noqa: F401
    BASE_COLUMNS,
    SCENARIO_METRICS,
    baseline,
    history,
    same_kind_reference,
    scenarios,
)
from helpers.playbooks.seasonal.stock import (  # noqa: F401
    CUTOFF_LABELS,
    STOCK_STATUS,
    ShipDates,
    cutoff_label,
    days_between,
    inventory_plan,
    key_dates,
    ship_dates,
    stock,
    stock_source_text,
    stock_warnings,
)
from helpers.playbooks.seasonal.story import (  # noqa: F401
    asin_note,
    baseline_text,
    basis_text,
    calendar_note,
    cover_subtitle,
    deal_text,
    has_ad_baseline,
    headlines,
    lessons,
    no_ad_baseline,
    operator_notes,
    ramp_note,
    review_pending,
    round_range,
    stock_text,
    what_moved,
)
