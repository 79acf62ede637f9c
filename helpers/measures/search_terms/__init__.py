"""Search-term intelligence: what the search term report says and what to do about it.

One module per step, each working on the distinct terms rather than on every row:

- :mod:`.text`: normalisation, singular/plural keys, term classes, whole-word phrase matching;
- :mod:`.terms`: one row per distinct term (:func:`aggregate_terms`), the rules from params,
  mature rows, existing keywords;
- :mod:`.ngrams`: :func:`ngram_table`, each n-gram counted once per search term;
- :mod:`.negatives`: :func:`negative_candidates`, by a binomial test against the account's rate;
- :mod:`.harvest`: :func:`harvest_candidates`, with a bid from CPC and target ACoS;
- :mod:`.waste`: :func:`negative_reach` (what negatives block, each row once), :func:`waste_ngrams`;
- :mod:`.routing`: :func:`route_terms`, the exact ad group advertising the product a term sold;
- :mod:`.clusters`: :func:`cluster_terms`, :func:`cluster_summary` and :func:`cluster_label`;
- :mod:`._codes`: the engine under them (codes remembered per column, sums by code).

Search terms are text typed by strangers: nothing here ever turns them into markup or formulas;
display code escapes them (:mod:`helpers.present.tables`). Import the package (``from helpers import
search_terms as st``): everything public is here.
"""

from helpers.measures.search_terms.clusters import (
    CLUSTER_SUMMARY_COLUMNS,
    SILHOUETTE_SAMPLE,
    SVD_COMPONENTS,
    cluster_label,
    cluster_summary,
    cluster_terms,
)
from helpers.measures.search_terms.harvest import HARVEST_COLUMNS, MAX_BID_RAISE, harvest_candidates
from helpers.measures.search_terms.negatives import (
    NEGATIVE_COLUMNS,
    NEGATIVE_STOP_WORDS,
    acos_limit,
    binomial_cdf,
    keepers,
    kept_phrases,
    negative_candidates,
)
from helpers.measures.search_terms.ngrams import NGRAM_COLUMNS, ngram_table
from helpers.measures.search_terms.routing import (
    ROUTES,
    TARGETING_WORDS,
    ad_group_products,
    new_ad_group_name,
    product_line,
    route_terms,
)
from helpers.measures.search_terms.terms import (
    AUTO_TARGETS,
    BASES,
    PLACE_COLUMNS,
    Rules,
    account_cvr,
    add_ratios,
    aggregate_terms,
    mature_rows,
    positive_keywords,
    rules_from_params,
)
from helpers.measures.search_terms.text import (
    ASIN_RE,
    FORMULA_START,
    PLACEHOLDER,
    TERM_CLASSES,
    classify_terms,
    fold_key,
    fold_plural,
    formula_risk,
    normalize_term,
    other_size,
    protected_hit,
    sizes,
    term_kind,
)
from helpers.measures.search_terms.waste import campaign_words, negative_reach, waste_ngrams

__all__ = [
    "TERM_CLASSES",
    "ASIN_RE",
    "normalize_term",
    "other_size",
    "sizes",
    "classify_terms",
    "PLACEHOLDER",
    "FORMULA_START",
    "fold_plural",
    "fold_key",
    "term_kind",
    "protected_hit",
    "formula_risk",
    "BASES",
    "AUTO_TARGETS",
    "add_ratios",
    "aggregate_terms",
    "Rules",
    "rules_from_params",
    "mature_rows",
    "positive_keywords",
    "account_cvr",
    "PLACE_COLUMNS",
    "ngram_table",
    "NGRAM_COLUMNS",
    "NEGATIVE_COLUMNS",
    "NEGATIVE_STOP_WORDS",
    "binomial_cdf",
    "acos_limit",
    "keepers",
    "kept_phrases",
    "negative_candidates",
    "HARVEST_COLUMNS",
    "MAX_BID_RAISE",
    "harvest_candidates",
    "ROUTES",
    "TARGETING_WORDS",
    "ad_group_products",
    "new_ad_group_name",
    "product_line",
    "route_terms",
    "negative_reach",
    "waste_ngrams",
    "campaign_words",
    "SILHOUETTE_SAMPLE",
    "SVD_COMPONENTS",
    "CLUSTER_SUMMARY_COLUMNS",
    "cluster_terms",
    "cluster_summary",
    "cluster_label",
]
