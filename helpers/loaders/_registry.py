"""The registry of report types: how each one is recognised from its headers and normalised.

A report type is one :class:`ReportSpec`: its canonical columns (each with the normalised header
aliases that feed it, in preference order, and optional regexes for windowed names such as
``7daytotalsales``), a fingerprint of canonical columns that must be present to recognise it,
columns that must be *absent*, the columns it cannot do without, a post-processing step and a
totals function. A new report type is a new module that builds a spec and calls :func:`register`.

Precedence is explicit: among specs whose fingerprint matches, the highest ``priority`` wins, and
two matching specs with the same priority are a bug caught by :func:`detect`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from helpers.loaders._values import canonical_header

if TYPE_CHECKING:
    import pandas as pd

    from helpers.loaders._core import FileContext

KINDS = ("text", "id", "number", "money", "percent", "date", "daterange")


@dataclass(frozen=True)
class Column:
    """One canonical column and the headers that feed it.

    ``keys`` are headers (normalised with :func:`canonical_header` on registration) in preference
    order, each optionally tagged with a language as ``"key@de"``. ``patterns`` are regexes over
    the normalised header, optionally language-tagged the same way; a named group ``window``
    records the attribution window (``7daytotalsales`` -> 7).
    """

    name: str
    kind: str
    display: str
    keys: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column kind must be one of {KINDS}; got {self.kind!r}")

    def lookup(self) -> dict[str, str]:
        """normalised key -> language ('' when untagged)."""
        return {canonical_header(text): lang for text, lang in map(_split_language, self.keys)}

    def compiled(self) -> list[tuple[re.Pattern[str], str]]:
        return [(re.compile(text), lang) for text, lang in map(_split_language, self.patterns)]


def _split_language(entry: str) -> tuple[str, str]:
    text, at, lang = entry.rpartition("@")
    if at and re.fullmatch(r"[a-z]{2}", lang):
        return text, lang
    return entry, ""


@dataclass(frozen=True)
class ReportSpec:
    """How to recognise and normalise one report type."""

    name: str
    family: str  # "ads", "business" or "listings": decides totals and combining
    columns: tuple[Column, ...]
    fingerprint: tuple[str, ...]  # canonical columns that must all be present
    required: tuple[str | tuple[str, ...], ...] = ()  # a tuple = any one of them
    excludes: tuple[str, ...] = ()  # canonical columns that must be absent
    priority: int = 0
    output: tuple[str, ...] = ()  # canonical columns of the frame, in order
    postprocess: Callable[[pd.DataFrame, FileContext], pd.DataFrame] | None = None
    layout: Callable[[FileContext], str] | None = None
    totals: Callable[[pd.DataFrame], dict[str, Any]] | None = None
    description: str = ""
    #: each tuple: at least one of these canonical columns must be present (fingerprints that
    #: differ between header generations, e.g. ``Cost type`` in the console, ``salesClicks`` in the API)
    any_of: tuple[tuple[str, ...], ...] = ()
    #: recognised, but no playbook reads it (``inspect`` and the load notes say so)
    unused: bool = False

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


@dataclass
class HeaderMatch:
    """Which header position feeds each canonical column of one spec."""

    spec: ReportSpec
    positions: dict[str, int] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)  # canonical -> normalised header matched
    languages: set[str] = field(default_factory=set)
    window: int | None = None
    windows_seen: set[int] = field(default_factory=set)

    @property
    def score(self) -> int:
        return len(self.positions)

    @property
    def recognised(self) -> bool:
        present = set(self.positions)
        return (
            set(self.spec.fingerprint) <= present
            and not (set(self.spec.excludes) & present)
            and all(present & set(group) for group in self.spec.any_of)
        )

    def missing(self) -> list[str]:
        """Display names of required columns that are absent."""
        out = []
        for need in self.spec.required:
            options = (need,) if isinstance(need, str) else need
            if not any(o in self.positions for o in options):
                out.append(self.spec.column(options[0]).display)
        return out


REGISTRY: dict[str, ReportSpec] = {}
_COMPILED: dict[str, list[tuple[Column, dict[str, str], list[tuple[re.Pattern[str], str]]]]] = {}

# preferred attribution window when a file carries several (API v3 exports sales1d..sales30d)
PREFERRED_WINDOWS = (7, 14, 1, 30)


def register(spec: ReportSpec) -> ReportSpec:
    """Add (or replace) a report type. Returns the spec so modules can ``SPEC = register(...)``."""
    names = [c.name for c in spec.columns]
    if len(names) != len(set(names)):
        raise ValueError(f"spec {spec.name!r} declares a column twice")
    for needed in (*spec.fingerprint, *spec.excludes, *(c for group in spec.any_of for c in group)):
        if needed not in names:
            raise ValueError(f"spec {spec.name!r} fingerprint names unknown column {needed!r}")
    REGISTRY[spec.name] = spec
    _COMPILED[spec.name] = [(c, c.lookup(), c.compiled()) for c in spec.columns]
    _known_header.cache_clear()
    _every_header.cache_clear()
    return spec


def match_headers(spec: ReportSpec, normalised: list[str]) -> HeaderMatch:
    """Map header positions to the spec's canonical columns.

    Exact aliases win over patterns; a header feeds at most one column (first declared wins);
    headers ending in ``b2b`` (Business Report B2B twins) never match.
    """
    result = HeaderMatch(spec)
    taken: set[int] = set()
    compiled = _COMPILED[spec.name]
    index: dict[str, int] = {}
    for position, key in enumerate(normalised):
        if key and not key.endswith("b2b"):
            index.setdefault(key, position)
    # pass 1: exact aliases
    for column, lookup, _ in compiled:
        for key, lang in lookup.items():
            position = index.get(key)
            if position is not None and position not in taken:
                result.positions[column.name] = position
                result.keys[column.name] = key
                if lang:
                    result.languages.add(lang)
                taken.add(position)
                break
    # pass 2: windowed patterns; choose one window for the whole file
    candidates: dict[str, list[tuple[int, int | None, str]]] = {}
    for column, _, patterns in compiled:
        if column.name in result.positions or not patterns:
            continue
        for position, key in enumerate(normalised):
            if position in taken or not key or key.endswith("b2b"):
                continue
            for pattern, lang in patterns:
                found = pattern.fullmatch(key)
                if found:
                    window = found.groupdict().get("window")
                    candidates.setdefault(column.name, []).append(
                        (position, int(window) if window else None, lang)
                    )
                    break
    windows = {w for options in candidates.values() for _, w, _ in options if w is not None}
    result.windows_seen = windows
    chosen = next((w for w in PREFERRED_WINDOWS if w in windows), min(windows) if windows else None)
    result.window = chosen
    for column, _, _ in compiled:
        for position, window, lang in candidates.get(column.name, []):
            if position in taken or (window is not None and window != chosen):
                continue
            result.positions[column.name] = position
            result.keys[column.name] = normalised[position]
            if lang:
                result.languages.add(lang)
            taken.add(position)
            break
    return result


def detect(headers: Iterable[object]) -> HeaderMatch | None:
    """The spec these headers belong to (highest priority among recognised ones), or None."""
    normalised = [canonical_header(h) for h in headers]
    matches = [match_headers(spec, normalised) for spec in REGISTRY.values()]
    recognised = [m for m in matches if m.recognised]
    if not recognised:
        return None
    recognised.sort(key=lambda m: (-m.spec.priority, -m.score))
    if len(recognised) > 1 and recognised[0].spec.priority == recognised[1].spec.priority:
        raise RuntimeError(
            f"report types {recognised[0].spec.name!r} and {recognised[1].spec.name!r} both match with "
            "the same priority; give one a higher priority"
        )
    return recognised[0]


@lru_cache(maxsize=1)
def _every_header() -> tuple[frozenset[str], re.Pattern[str] | None]:
    """Every registered exact alias, and one pattern matching what any registered pattern matches."""
    aliases = frozenset(key for compiled in _COMPILED.values() for _, lookup, _ in compiled for key in lookup)
    patterns = {p.pattern for compiled in _COMPILED.values() for _, _, pats in compiled for p, _ in pats}
    joined = "|".join(f"(?:{p})" for p in sorted(patterns))
    return aliases, (re.compile(re.sub(r"\(\?P<\w+>", "(?:", joined)) if joined else None)


@lru_cache(maxsize=1 << 16)
def _known_header(key: str) -> bool:
    """Whether some registered report's column can take this normalised header (an exact alias or a
    pattern); remembered per text, forgotten when a report type is registered."""
    if not key or key.endswith("b2b"):
        return False
    aliases, pattern = _every_header()
    return key in aliases or (pattern is not None and pattern.fullmatch(key) is not None)


def row_score(cells: Iterable[object]) -> int:
    """How much a row looks like a header row of any known report (used to find the header row).

    Cells no report's column can take are blanked first (they match nothing in
    :func:`match_headers` either, so the score is the same): a data row, made of such cells,
    scores 0 without trying every report type's patterns on each of them."""
    normalised = [canonical_header(c) for c in cells]
    if sum(1 for c in normalised if c) < 2:
        return 0
    normalised = [key if _known_header(key) else "" for key in normalised]
    if not any(normalised):
        return 0
    best = 0
    for spec in REGISTRY.values():
        match = match_headers(spec, normalised)
        score = match.score + (100 if match.recognised else 0)
        best = max(best, score)
    return best
