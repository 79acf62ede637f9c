"""The quarterly business review, section by section.

``context`` loads (the only module reading files); ``scorecard``, ``products``, ``advertising``,
``terms`` and ``stock`` compute each section from the frames they are given; ``findings`` turns
the numbers into findings and recommendations; ``story`` makes sentences; ``display`` holds the
labels, formats and records. This module re-exports what the notebook, ``bulk`` and other
playbooks call.
"""

from __future__ import annotations

from helpers.playbooks.qbr.advertising import AUTO_TARGETS, campaigns, match_types, targeting_type
from helpers.playbooks.qbr.changes import Changes, next_events, what_moved
from helpers.playbooks.qbr.context import (
    SECTION_NEEDS,
    QbrContext,
    ad_daily,
    ad_source,
    ad_types,
    available,
    business_daily,
    day_rows,
    gap_sentence,
    has,
    health_snapshots,
    prepare,
    quarter_ads,
    within,
)
from helpers.playbooks.qbr.display import (
    AD_FORMATS,
    AD_LABELS,
    ASIN_FORMATS,
    ASIN_LABELS,
    CAMPAIGN_COLUMNS,
    CLASS_COLUMNS,
    SCORECARD_NUMERIC,
    TERM_COLUMNS,
    TERM_FORMATS,
    TYPE_COLUMNS,
    asin_display,
    definitions,
    first_asin,
    mover_labels,
    quarter_span,
    quarter_text,
    record_kpis,
    record_table,
    scorecard_classes,
    scorecard_display,
    short_titles,
    sources,
)
from helpers.playbooks.qbr.findings import (
    THRESHOLDS,
    Thresholds,
    findings_table,
    follow_up,
    recommendations,
    record_findings,
    record_recommendations,
)
from helpers.playbooks.qbr.products import asin_quarter, asin_table, buy_box_watch, top_movers
from helpers.playbooks.qbr.scorecard import (
    MIN_COVERAGE,
    SCORECARD,
    SCORECARD_TABLE,
    card_value,
    coverage,
    coverage_days,
    period_totals,
    sales_days,
    scorecard,
    weekly,
    year_ago_missing,
)
from helpers.playbooks.qbr.story import (
    NO_ARITHMETIC,
    WEEKLY_GAP,
    arithmetic_table,
    asin_intro,
    follow_up_table,
    gaps,
    headlines,
    operator_notes,
    recommendation_table,
    scorecard_note,
    stock_notes,
    wasted_text,
    wins_and_risks,
)
from helpers.playbooks.qbr.terms import quarter_terms, term_classes, top_terms, wasted_terms

__all__ = [
    "AD_FORMATS", "AD_LABELS", "ASIN_FORMATS", "ASIN_LABELS", "AUTO_TARGETS", "CAMPAIGN_COLUMNS",
    "CLASS_COLUMNS", "Changes", "MIN_COVERAGE", "NO_ARITHMETIC", "QbrContext", "SCORECARD", "SCORECARD_NUMERIC",
    "SCORECARD_TABLE", "SECTION_NEEDS", "TERM_COLUMNS", "TERM_FORMATS", "THRESHOLDS", "TYPE_COLUMNS",
    "Thresholds", "ad_daily", "ad_source", "ad_types", "available", "gaps", "arithmetic_table", "asin_display", "asin_intro", "asin_quarter", "asin_table",
    "business_daily", "buy_box_watch", "campaigns", "card_value", "coverage", "coverage_days", "day_rows", "definitions",
    "findings_table", "first_asin", "follow_up", "follow_up_table", "gap_sentence", "has", "headlines",
    "health_snapshots", "match_types", "mover_labels", "next_events", "operator_notes", "period_totals",
    "prepare", "quarter_ads", "quarter_span", "quarter_terms", "quarter_text", "recommendation_table",
    "recommendations", "record_findings", "record_kpis", "record_recommendations", "record_table",
    "sales_days", "scorecard", "scorecard_classes", "scorecard_display", "scorecard_note", "short_titles", "sources",
    "stock_notes", "targeting_type", "term_classes", "top_movers", "top_terms", "wasted_terms", "wasted_text",
    "WEEKLY_GAP", "weekly", "what_moved", "wins_and_risks", "within", "year_ago_missing",
]
