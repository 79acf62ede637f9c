"""The onboarding audit: is the house in order before we drive a single click?

Four areas — account health, listings, inventory, advertising — are measured into one long frame
(:func:`measurements`: ``area, subject, metric, value``) and judged by ONE table of rules
(``helpers/data/checks.csv``, overridable per client in ``params/<client>.checks.csv``) in ONE
function (:func:`evaluate`): each rule says ``metric op threshold`` is a problem, with a severity,
why it matters and what to do. Every finding carries its evidence number. Area scores, the
red/amber/green scorecard and the 90-day plan are built from the findings.

Thresholds that Amazon moves are read from params: a rule's ``threshold`` may name a params value
(``settings.ipi_threshold``, ``settings.low_inventory_days``, ``targets.tacos``).

Modules, in the order the data flows: :mod:`.rules` (the rule table), :mod:`.context` (what is
loaded once), :mod:`.checks` (the measurements), :mod:`.findings` (evaluation, scorecard, plan),
:mod:`.story` (sentences), :mod:`.display` (client tables and records). This package re-exports
what the notebook and tests call.
"""

from __future__ import annotations

from helpers.playbooks.onboarding.checks import (  # noqa: F401
    ASIN_METRICS,
    AUTO_TARGETS,
    MIN_IMPRESSIONS_FOR_CTR,
    _long,
    _per_asin,
    account_ads,
    account_measures,
    account_snapshots,
    asin_ads,
    campaign_structure,
    inventory_health,
    listing_qa,
    measurements,
    no_sales_candidate,
    no_sales_diagnostic,
)
from helpers.playbooks.onboarding.context import (  # noqa: F401
    AuditContext,
    cover_subtitle,
    operator_notes,
    period_name,
    prepare,
    report_key,
)
from helpers.playbooks.onboarding.display import (  # noqa: F401
    ACCOUNT_ADS_TABLE,
    ASIN_ADS_TABLE,
    CAMPAIGN_TABLE,
    account_display,
    findings_display,
    plan_display,
    record_findings,
    record_plan,
    record_scores,
    scorecard_classes,
    scorecard_display,
)
from helpers.playbooks.onboarding.findings import (  # noqa: F401
    UNITS,
    action_phase,
    action_plan,
    evaluate,
    evaluated,
    findings,
    judged,
    overall_score,
    phase_window,
    scorecard,
    subject_text,
)
from helpers.playbooks.onboarding.rules import (  # noqa: F401
    AREA_LABELS,
    AREAS,
    OPS,
    PHASE_WINDOWS,
    PHASES,
    RED_PHASE,
    RULE_COLUMNS,
    SCORE_BINS,
    SCORE_LABELS,
    SEVERITY,
    default_rules_path,
    load_rules,
    resolve_thresholds,
)
from helpers.playbooks.onboarding.story import (  # noqa: F401
    NO_DIAGNOSTIC,
    NO_READINGS,
    NOT_PROVIDED,
    QA_ROWS,
    empty_table,
    headlines,
    low_inventory_note,
)
