"""The product launch plan, section by section: economics, keyword seeding, ad ramp, stock, timeline,
and — once the product is live — actual against plan.

One module per section (:mod:`.economics`, :mod:`.rates`, :mod:`.ramp`, :mod:`.keywords`, :mod:`.stock`,
:mod:`.timeline`, :mod:`.actuals`), :mod:`.findings`, :mod:`.story` (sentences) and :mod:`.display`
(labels, formats, ``record_*``); :func:`prepare` in :mod:`.context` is the only code that reads files.
Planning assumptions and Amazon's launch rules are tables (:mod:`.assumptions`), not constants in the
code. This module re-exports what the notebook calls.
"""

from __future__ import annotations

from helpers.playbooks.launch.actuals import (  # noqa: F401
    acos_drivers,
    actual_totals,
    actual_weekly,
    latest_reviews,
    plan_only,
    plan_vs_actual,
    ramp_with_actual,
)
from helpers.playbooks.launch.assumptions import (  # noqa: F401
    ASSUMPTIONS,
    BUDGET_SPLIT,
    RULES,
    TASKS,
    assumption,
    rule,
)
from helpers.playbooks.launch.context import (  # noqa: F401
    LaunchContext,
    find_launch,
    prepare,
)
from helpers.playbooks.launch.display import (  # noqa: F401
    ACTUAL_FORMATS,
    ACTUAL_LABELS,
    CLUSTER_COLUMNS,
    CLUSTER_FORMATS,
    CLUSTER_LABELS,
    ECONOMICS_ROWS,
    PROGRAM_LABELS,
    RAMP_COLUMNS,
    RAMP_FORMATS,
    RAMP_LABELS,
    SENSITIVITY_FORMATS,
    SENSITIVITY_LABELS,
    STRUCTURE_FORMATS,
    STRUCTURE_LABELS,
    actual_display,
    assumptions_table,
    comparison_classes,
    comparison_display,
    economics_display,
    inventory_table,
    ramp_display,
    record_comparison,
    record_drivers,
    record_plan,
    record_stock,
    record_timeline,
    rules_table,
    timeline_display,
)
from helpers.playbooks.launch.economics import (  # noqa: F401
    economics,
    fees_per_unit,
    unit_economics,
)
from helpers.playbooks.launch.findings import (  # noqa: F401
    ADVICE,
    FINDING_COLUMNS,
    KIND_ORDER,
    ON_TRACK,
    OTHER_ADVICE,
    SEVERITY_ORDER,
    economics_findings,
    findings,
    launch_findings,
    next_steps,
    plan_gap_findings,
    recommendations,
    record_findings,
    stock_findings,
)
from helpers.playbooks.launch.keywords import (  # noqa: F401
    Candidates,
    campaign_structure,
    campaign_summary,
    hero_terms,
    keyword_candidates,
    keyword_clusters,
    seed_terms,
)
from helpers.playbooks.launch.ramp import (  # noqa: F401
    budget_summary,
    plan,
    plan_sensitivity,
    ramp,
    sensitivity,
)
from helpers.playbooks.launch.rates import (  # noqa: F401
    BaseRates,
    base_rates,
    velocity_goal,
)
from helpers.playbooks.launch.stock import (  # noqa: F401
    inventory,
    inventory_plan,
    stock_position,
)
from helpers.playbooks.launch.story import (  # noqa: F401
    DRIVER_WORDS,
    METRIC_FORMATS,
    SUMMARY,
    acos_drivers_text,
    after_launch_text,
    candidates_text,
    cover_subtitle,
    finding_sentence,
    headlines,
    inventory_notes,
    operator_notes,
    period_label,
    rates_note,
    report_key,
    review_notes,
)
from helpers.playbooks.launch.timeline import (  # noqa: F401
    review_plan,
    timeline,
)
