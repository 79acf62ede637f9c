"""The audit's rule table (``helpers/data/checks.csv`` with per-client overrides), its vocabulary
(areas, severities, phases) and thresholds read from params."""

from __future__ import annotations

import operator
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers.errors import ParamsError

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
#: Each phase's days, counted from the day after the report's as-of date (first, last; inclusive).
PHASE_WINDOWS = {"Foundation": (1, 30), "Optimization": (31, 60), "Amplification": (61, 90)}
#: The phase every red finding's action is scheduled in, whatever its rule's usual phase: red means
#: fix before any budget is raised. The summary sentence and the plan both read this one value.
RED_PHASE = "Foundation"
#: Severity ranks and the score each distinct failing check costs its area (score = 100 - penalties).
SEVERITY = pd.DataFrame({"severity": ["red", "amber"], "rank": [2, 1], "penalty": [25, 10]})
#: Area score -> status (bins are right-open: [0, 50) red, [50, 80) amber, [80, 100] green).
SCORE_BINS = [0, 50, 80, 100.0001]
SCORE_LABELS = ["red", "amber", "green"]


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
